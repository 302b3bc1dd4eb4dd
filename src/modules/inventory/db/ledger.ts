import type { Context, Queryable } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { announceArrivals } from './arrivals.js';
import {
  applyBalanceChanges,
  type BalanceChange,
  type BalanceView,
  emitStockChanged,
  guardedApply,
  isSafeChange,
  mergeChanges,
  needsRow,
  toViews,
} from './balances.js';
import type { Move, NewMove } from './moves.js';

/**
 * Writing to the ledger: append moves and change the balances they touch, in as few statements as the
 * rules allow. When nothing can go below its reservations (stock arriving, virtual locations), the moves
 * and the balance upserts are one statement. Otherwise the moves go in with any missing balance rows, and
 * then the guarded statement (db/balances.ts) checks and applies every balance change at once, or none.
 */
export interface LedgerWrite {
  readonly moves: readonly NewMove[];
  /** Holds (+) and releases (−) of reserved units that are not part of a move. */
  readonly reserved?: readonly BalanceChange[];
}

const MOVES_CTE = `ins AS (
  INSERT INTO stock_moves (move_id, sku_id, from_location_id, to_location_id, qty, move_type, reason, reference, note,
                           reservation_id, transfer_id, actor_kind, actor_id, request_id, occurred_at)
  SELECT m.id, m.sku, m.src, m.dst, m.qty, m.type, m.reason, m.reference, m.note, m.reservation, m.transfer,
         $12, $13, $14, coalesce(m.occurred, now())
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $15::timestamptz[])
         AS m(id, sku, src, dst, qty, type, reason, reference, note, reservation, transfer, occurred)
  RETURNING move_id, move_seq, occurred_at, recorded_at)`;

const MOVES_JSON = `(SELECT json_agg(json_build_object(
    'id', move_id, 'seq', move_seq,
    'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) FROM ins) AS moves`;

/** Moves and balance upserts in one statement (every change safe). */
const WRITE_SAFE = {
  name: 'inv_write_safe',
  text: `WITH ${MOVES_CTE},
         up AS (
           INSERT INTO stock_balances (location_id, sku_id, is_physical, on_hand)
           SELECT k.location_id, k.sku_id, k.is_physical, k.on_hand_delta
             FROM unnest($16::text[], $17::text[], $18::boolean[], $19::bigint[]) AS k(location_id, sku_id, is_physical, on_hand_delta)
            ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
           ON CONFLICT (location_id, sku_id) DO UPDATE
              SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand, updated_at = now()
           RETURNING location_id, sku_id, on_hand, reserved)
         SELECT ${MOVES_JSON},
                (SELECT json_agg(json_build_object('location_id', location_id, 'sku_id', sku_id, 'on_hand', on_hand,
                                                   'reserved', reserved)) FROM up) AS balances`,
};

/** Moves, and the balance rows that may not exist yet, before the guarded statement. */
const WRITE_MOVES_ENSURE_ROWS = {
  name: 'inv_write_moves_ensure',
  text: `WITH ${MOVES_CTE},
         ens AS (
           INSERT INTO stock_balances (location_id, sku_id, is_physical)
           SELECT k.location_id, k.sku_id, k.is_physical
             FROM unnest($16::text[], $17::text[], $18::boolean[]) AS k(location_id, sku_id, is_physical)
            ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
           ON CONFLICT (location_id, sku_id) DO NOTHING)
         SELECT ${MOVES_JSON}`,
};

interface MoveStamp {
  id: string;
  seq: number;
  occurredAt: string;
  recordedAt: string;
}

/**
 * Appends the moves (attributed to the context's actor and request) and applies their balance changes,
 * all or nothing. Errors: insufficient_stock (409) when a physical location would hold less than it has
 * reserved; the moves are then rolled back with the transaction.
 */
export async function writeLedger(
  tx: Queryable,
  ctx: Context,
  write: LedgerWrite,
): Promise<{ moves: Move[]; balances: BalanceView[] }> {
  const options = { unsafeDisableGuard: ctx.unsafeDisableStockGuard };
  const changes: BalanceChange[] = [
    ...write.moves.flatMap((m) => [
      { location: m.from, sku: m.sku, onHand: -m.qty, reserved: -(m.fromReserved ?? 0) },
      { location: m.to, sku: m.sku, onHand: m.qty, reserved: 0 },
    ]),
    ...(write.reserved ?? []),
  ];
  if (write.moves.length === 0)
    return { moves: [], balances: await applyBalanceChanges(tx, changes, options) };
  const keys = mergeChanges(changes);
  const ids = write.moves.map(() => newId('move'));
  const moveParams = [
    ids,
    write.moves.map((m) => m.sku.id),
    write.moves.map((m) => m.from.id),
    write.moves.map((m) => m.to.id),
    write.moves.map((m) => m.qty),
    write.moves.map((m) => m.type),
    write.moves.map((m) => m.reason),
    write.moves.map((m) => m.reference ?? null),
    write.moves.map((m) => m.note ?? null),
    write.moves.map((m) => m.reservationId ?? null),
    write.moves.map((m) => m.transferId ?? null),
    ctx.actor.kind,
    ctx.actor.id,
    ctx.requestId,
    write.moves.map((m) => m.occurredAt ?? null),
  ];
  let stamps: MoveStamp[];
  let balances: BalanceView[];
  if (!options.unsafeDisableGuard && keys.every(isSafeChange)) {
    const { rows } = await tx.query<{
      moves: MoveStamp[];
      balances: { location_id: string; sku_id: string; on_hand: number; reserved: number }[];
    }>(WRITE_SAFE, [
      ...moveParams,
      keys.map((k) => k.locationId),
      keys.map((k) => k.skuId),
      keys.map((k) => k.location.isPhysical),
      keys.map((k) => k.onHand),
    ]);
    stamps = rows[0]!.moves;
    balances = toViews(keys, rows[0]!.balances);
  } else {
    const create = keys.filter(needsRow);
    const { rows } = await tx.query<{ moves: MoveStamp[] }>(WRITE_MOVES_ENSURE_ROWS, [
      ...moveParams,
      create.map((k) => k.locationId),
      create.map((k) => k.skuId),
      create.map((k) => k.location.isPhysical),
    ]);
    stamps = rows[0]!.moves;
    balances = await guardedApply(tx, keys, options);
  }
  const byId = new Map(stamps.map((s) => [s.id, s]));
  const moves = write.moves.map((m, i): Move => {
    const stamp = byId.get(ids[i]!)!;
    return {
      id: stamp.id,
      seq: stamp.seq,
      sku: m.sku.code,
      from: m.from.code,
      to: m.to.code,
      qty: m.qty,
      type: m.type,
      reason: m.reason,
      reference: m.reference ?? null,
      note: m.note ?? null,
      reservationId: m.reservationId ?? null,
      transferId: m.transferId ?? null,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id },
      requestId: ctx.requestId,
      occurredAt: stamp.occurredAt,
      recordedAt: stamp.recordedAt,
    };
  });
  await emitStockChanged(tx, keys, balances);
  await announceArrivals(
    tx,
    ctx,
    write.moves
      // Stock arrives where it can be promised: into a storage location, from outside the warehouse or
      // from its dock or quarantine (a put-away, a QC release, a restocked return).
      .filter(
        (m) =>
          m.to.isPhysical &&
          m.to.usage === 'storage' &&
          (!m.from.isPhysical || m.from.warehouseId !== m.to.warehouseId || m.from.usage !== 'storage'),
      )
      .filter((m) => m.type !== 'post')
      .map((m) => ({ skuId: m.sku.id, sku: m.sku.code, warehouseId: m.to.warehouseId })),
  );
  return { moves, balances };
}
