import type { Context, Queryable } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import type { SkuRef } from '../../catalog/index.js';
import type { MoveType } from '../domain/reasons.js';
import type { LocationRef } from './locations.js';

export interface Move {
  id: string;
  seq: number;
  sku: string;
  from: string;
  to: string;
  qty: number;
  type: MoveType;
  reason: string;
  reference: string | null;
  note: string | null;
  reservationId: string | null;
  transferId: string | null;
  actor: { kind: string; id: string };
  requestId: string | null;
  occurredAt: string;
  recordedAt: string;
}

export interface NewMove {
  readonly sku: SkuRef;
  readonly from: LocationRef;
  readonly to: LocationRef;
  readonly qty: number;
  readonly type: MoveType;
  readonly reason: string;
  readonly reference?: string | null | undefined;
  readonly note?: string | null | undefined;
  readonly reservationId?: string | null | undefined;
  readonly transferId?: string | null | undefined;
  readonly occurredAt?: string | null | undefined;
}

const INSERT_MOVES = {
  name: 'inv_insert_moves',
  text: `INSERT INTO stock_moves (move_id, sku_id, from_location_id, to_location_id, qty, move_type, reason, reference,
                                 note, reservation_id, transfer_id, actor_kind, actor_id, request_id, occurred_at)
         SELECT m.id, m.sku, m.src, m.dst, m.qty, m.type, m.reason, m.reference, m.note, m.reservation, m.transfer,
                $12, $13, $14, coalesce(m.occurred, now())
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $15::timestamptz[])
                AS m(id, sku, src, dst, qty, type, reason, reference, note, reservation, transfer, occurred)
         RETURNING move_id, move_seq, occurred_at, recorded_at`,
};

/** Appends moves to the ledger, attributed to the context's actor and request. */
export async function insertMoves(tx: Queryable, ctx: Context, moves: readonly NewMove[]): Promise<Move[]> {
  if (moves.length === 0) return [];
  const ids = moves.map(() => newId('move'));
  const { rows } = await tx.query<{
    move_id: string;
    move_seq: number;
    occurred_at: Date;
    recorded_at: Date;
  }>(INSERT_MOVES, [
    ids,
    moves.map((m) => m.sku.id),
    moves.map((m) => m.from.id),
    moves.map((m) => m.to.id),
    moves.map((m) => m.qty),
    moves.map((m) => m.type),
    moves.map((m) => m.reason),
    moves.map((m) => m.reference ?? null),
    moves.map((m) => m.note ?? null),
    moves.map((m) => m.reservationId ?? null),
    moves.map((m) => m.transferId ?? null),
    ctx.actor.kind,
    ctx.actor.id,
    ctx.requestId,
    moves.map((m) => m.occurredAt ?? null),
  ]);
  const byId = new Map(rows.map((r) => [r.move_id, r]));
  return moves.map((m, i) => {
    const row = byId.get(ids[i]!)!;
    return {
      id: ids[i]!,
      seq: row.move_seq,
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
      occurredAt: row.occurred_at.toISOString(),
      recordedAt: row.recorded_at.toISOString(),
    };
  });
}

export interface MoveRow {
  move_id: string;
  move_seq: number;
  sku_code: string;
  from_code: string;
  to_code: string;
  qty: number;
  move_type: MoveType;
  reason: string;
  reference: string | null;
  note: string | null;
  reservation_id: string | null;
  transfer_id: string | null;
  actor_kind: string;
  actor_id: string;
  request_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
}

export const MOVE_SELECT = `
  SELECT m.move_id, m.move_seq, s.code AS sku_code, f.code AS from_code, t.code AS to_code, m.qty, m.move_type,
         m.reason, m.reference, m.note, m.reservation_id, m.transfer_id, m.actor_kind, m.actor_id, m.request_id,
         m.occurred_at, m.recorded_at
    FROM stock_moves m
    JOIN skus s ON s.sku_id = m.sku_id
    JOIN locations f ON f.location_id = m.from_location_id
    JOIN locations t ON t.location_id = m.to_location_id`;

export function toMove(r: MoveRow): Move {
  return {
    id: r.move_id,
    seq: r.move_seq,
    sku: r.sku_code,
    from: r.from_code,
    to: r.to_code,
    qty: r.qty,
    type: r.move_type,
    reason: r.reason,
    reference: r.reference,
    note: r.note,
    reservationId: r.reservation_id,
    transferId: r.transfer_id,
    actor: { kind: r.actor_kind, id: r.actor_id },
    requestId: r.request_id,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
  };
}
