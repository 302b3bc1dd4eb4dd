import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { nonNegativeQty } from '../../../kernel/quantity.js';
import type { SkuRef } from '../../catalog/index.js';
import type { BalanceView } from '../db/balances.js';
import { writeLedger } from '../db/ledger.js';
import type { LocationRef } from '../db/locations.js';
import type { Move } from '../db/moves.js';
import { resolveStockRefs } from '../db/refs.js';

export interface CountStockInput {
  sku: string;
  location: string;
  countedQty: number;
  /** Compare-and-set: the on-hand quantity the counter saw; if it changed since, nothing is written. */
  expectedQty?: number | undefined;
  note?: string | undefined;
}

export interface CountResult {
  count: {
    id: string;
    sku: string;
    location: string;
    countedQty: number;
    expectedQty: number | null;
    previousQty: number;
    delta: number;
  };
  move: Move | null;
  balance: BalanceView;
}

/**
 * Records a physical count: sets on hand at a physical location to countedQty through one move with
 * reason `count` (none when nothing changed), and keeps the count itself; the bin's open count tasks for the
 * SKU are done. With expectedQty, the count
 * applies only if on hand still equals it; otherwise 409 expected_quantity_mismatch with the current
 * quantity, so two counters never silently overwrite each other.
 * Errors: expected_quantity_mismatch, count_below_reserved (409); unknown_sku, unknown_location,
 * location_not_physical, invalid_quantity (422).
 */
export async function countStock(ctx: Context, input: CountStockInput) {
  const counted = nonNegativeQty(input.countedQty, 'countedQty');
  const expected = input.expectedQty === undefined ? null : nonNegativeQty(input.expectedQty, 'expectedQty');
  return runCommand(ctx, 'inventory.count_stock', input, async (tx, audit): Promise<CountResult> => {
    const { result, warehouseId } = await countInTransaction(tx, ctx, {
      ...input,
      countedQty: counted,
      expectedQty: expected ?? undefined,
    });
    audit.record({
      targetType: 'stock',
      targetId: `${result.count.sku}@${result.count.location}`,
      before: { onHand: result.count.previousQty },
      after: { onHand: counted, countId: result.count.id, expectedQty: expected },
      reason: 'count',
      warehouseId,
    });
    return result;
  });
}

/** The balance a count is about, locked (see lockCountBalance). */
export interface LockedCountBalance {
  sku: SkuRef;
  location: LocationRef;
  adjustment: LocationRef;
  onHand: number;
  reserved: number;
}

/**
 * Resolves a physical location and SKU and locks their balance (created at zero if the SKU was never
 * there) with the warehouse's adjustment balance, in the ledger's lock order, until the transaction ends:
 * what a counter compares against cannot change under them. Used by countInTransaction and by cycle
 * counts, which snapshot the expected quantity under this lock.
 * Errors: unknown_sku, unknown_location, location_not_physical (422).
 */
export async function lockCountBalance(
  tx: Queryable,
  ctx: Context,
  input: { sku: string; location: string },
): Promise<LockedCountBalance> {
  const refs = await resolveStockRefs(tx, {
    skus: [input.sku],
    locations: [input.location],
    virtualKind: 'adjustment',
    lock: true,
    scope: ctx.warehouseScope,
  });
  const sku = refs.sku(input.sku, { active: false });
  const loc = refs.location({ code: input.location, field: 'location', physical: true });
  const adjustment = refs.virtual(loc.warehouseId);
  // Lock both balance rows the count may change (creating them at zero if this SKU was never there)
  // in the ledger's lock order, then compare: the same order as every other stock statement, so a
  // count racing an adjustment of the same SKU cannot deadlock with it.
  await tx.query(
    `INSERT INTO stock_balances (location_id, sku_id, is_physical)
     VALUES ($1, $3, true), ($2, $3, false) ON CONFLICT (location_id, sku_id) DO NOTHING`,
    [loc.id, adjustment.id, sku.id],
  );
  const { rows } = await tx.query<{ location_id: string; on_hand: number; reserved: number }>(
    `SELECT location_id, on_hand, reserved FROM stock_balances
      WHERE location_id IN ($1, $2) AND sku_id = $3
      ORDER BY location_id COLLATE "C" FOR UPDATE`,
    [loc.id, adjustment.id, sku.id],
  );
  const current = rows.find((r) => r.location_id === loc.id)!;
  return { sku, location: loc, adjustment, onHand: current.on_hand, reserved: current.reserved };
}

/**
 * The count's work inside the caller's transaction (also used by cycle counts, which post a counted or
 * approved count task through it). The caller validated the quantities. Same guarantees and errors as
 * countStock, without the audit record, which is the caller's.
 */
export async function countInTransaction(
  tx: Queryable,
  ctx: Context,
  input: CountStockInput,
): Promise<{ result: CountResult; warehouseId: string }> {
  const counted = input.countedQty;
  const expected = input.expectedQty ?? null;
  const locked = await lockCountBalance(tx, ctx, input);
  const { sku, adjustment } = locked;
  const loc = locked.location;
  const current = { on_hand: locked.onHand, reserved: locked.reserved };
  if (expected !== null && current.on_hand !== expected) {
    throw conflict(
      'expected_quantity_mismatch',
      `On hand of ${sku.code} at ${loc.code} is ${current.on_hand}, not ${expected}: it changed since it was read. ` +
        'Recount or confirm against the current quantity.',
      { sku: sku.code, location: loc.code, expectedQty: expected, currentQty: current.on_hand },
    );
  }
  if (counted < current.reserved) {
    throw conflict(
      'count_below_reserved',
      `${current.reserved} unit(s) of ${sku.code} at ${loc.code} are reserved, more than the ${counted} counted. ` +
        'Void or move those reservations first.',
      { sku: sku.code, location: loc.code, countedQty: counted, reserved: current.reserved },
    );
  }
  const delta = counted - current.on_hand;
  let move: Move | null = null;
  let balance: BalanceView = {
    sku: sku.code,
    location: loc.code,
    onHand: current.on_hand,
    reserved: current.reserved,
    available: current.on_hand - current.reserved,
  };
  if (delta !== 0) {
    const [from, to] = delta > 0 ? [adjustment, loc] : [loc, adjustment];
    const written = await writeLedger(tx, ctx, {
      moves: [{ sku, from, to, qty: Math.abs(delta), type: 'count', reason: 'count', note: input.note }],
    });
    move = written.moves[0] ?? null;
    balance = written.balances.find((b) => b.location === loc.code)!;
  }
  const countId = newId('count');
  await tx.query(
    `INSERT INTO stock_counts (count_id, sku_id, location_id, counted_qty, expected_qty, previous_qty, move_id, note,
                               actor_kind, actor_id, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      countId,
      sku.id,
      loc.id,
      counted,
      expected,
      current.on_hand,
      move?.id ?? null,
      input.note ?? null,
      ctx.actor.kind,
      ctx.actor.id,
      ctx.requestId,
    ],
  );
  // A count settles the bin's open count tasks (e.g. one a short pick left), recording what it found.
  await tx.query(
    `UPDATE count_tasks SET status = 'done', done_at = now(), done_by = $3,
            counted_qty = $4::bigint, expected_qty = $5::bigint, variance = $4::bigint - $5::bigint,
            counted_at = now(), counted_by = $3
      WHERE location_id = $1 AND sku_id = $2 AND status = 'open'`,
    [loc.id, sku.id, ctx.actor.id, counted, current.on_hand],
  );
  return {
    warehouseId: loc.warehouseId,
    result: {
      count: {
        id: countId,
        sku: sku.code,
        location: loc.code,
        countedQty: counted,
        expectedQty: expected,
        previousQty: current.on_hand,
        delta,
      },
      move: move ?? null,
      balance,
    },
  };
}
