import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { nonZeroDelta } from '../../../kernel/quantity.js';
import { stockAudit } from '../db/audit.js';
import { writeLedger } from '../db/ledger.js';
import { announceNegativeAdjustment } from '../db/negative-adjustments.js';
import { resolveStockRefs } from '../db/refs.js';
import { type AdjustmentReason, adjustmentSignProblem } from '../domain/reasons.js';
import { checkOccurredAt } from '../domain/time.js';
import type { StockChangeResult } from './receive-stock.js';

export interface AdjustStockInput {
  sku: string;
  location: string;
  delta: number;
  reason: AdjustmentReason;
  note?: string | undefined;
  reference?: string | undefined;
  occurredAt?: string | undefined;
}

/**
 * Adjusts the stock of a physical location by delta (negative removes) with a reason code: one move to or
 * from the warehouse's adjustment location. Losses (damage, theft, loss) must be negative, finds positive;
 * `other` needs a note. A removal cannot touch reserved units.
 * Errors: insufficient_stock (409); unknown_sku, unknown_location, location_not_physical,
 * location_archived, invalid_quantity, reason_sign_mismatch, note_required (422).
 */
export async function adjustStock(ctx: Context, input: AdjustStockInput) {
  const delta = nonZeroDelta(input.delta);
  const signProblem = adjustmentSignProblem(input.reason, delta);
  if (signProblem)
    throw unprocessable('reason_sign_mismatch', `Invalid adjustment: ${signProblem}.`, {
      reason: input.reason,
      delta,
    });
  if (input.reason === 'other' && !input.note?.trim()) {
    throw unprocessable('note_required', 'An adjustment with reason "other" needs a note saying why.', {
      field: 'note',
    });
  }
  const occurredAt = checkOccurredAt(input.occurredAt, ctx.clock.now());
  return runCommand(ctx, 'inventory.adjust_stock', input, async (tx, audit): Promise<StockChangeResult> => {
    const { result, location, sku } = await adjustInTransaction(tx, ctx, { ...input, delta, occurredAt });
    // A loss says the ledger was wrong at this bin: whoever registered (cycle counts) may ask for a count.
    if (delta < 0) {
      await announceNegativeAdjustment(tx, ctx, {
        skuId: sku.id,
        locationId: location.id,
        warehouseId: location.warehouseId,
        qty: -delta,
      });
    }
    audit.record(
      stockAudit(result.moves, result.allBalances, {
        locations: [location.code],
        reason: input.reason,
        warehouseId: location.warehouseId,
      }),
    );
    return { moves: result.moves, balances: result.balances };
  });
}

/** Reasons only the system records (a short pick writes off what a picker did not find). */
export type SystemAdjustmentReason = 'short_pick';

/**
 * The adjustment's ledger work inside the caller's transaction (also used by other modules, e.g. a short
 * pick writing off the missing units). The caller validated delta and reason.
 */
export async function adjustInTransaction(
  tx: Queryable,
  ctx: Context,
  input: Omit<AdjustStockInput, 'reason' | 'occurredAt'> & {
    reason: AdjustmentReason | SystemAdjustmentReason;
    occurredAt?: string | null | undefined;
  },
) {
  const delta = input.delta;
  const occurredAt = input.occurredAt;
  const refs = await resolveStockRefs(tx, {
    skus: [input.sku],
    locations: [input.location],
    virtualKind: 'adjustment',
    lock: true,
    scope: ctx.warehouseScope,
  });
  const sku = refs.sku(input.sku, { active: delta > 0 });
  const location = refs.location({
    code: input.location,
    field: 'location',
    physical: true,
    receiving: delta > 0,
  });
  const adjustment = refs.virtual(location.warehouseId);
  const qty = Math.abs(delta);
  const [from, to] = delta > 0 ? [adjustment, location] : [location, adjustment];
  const { moves, balances } = await writeLedger(tx, ctx, {
    moves: [
      {
        sku,
        from,
        to,
        qty,
        type: 'adjustment',
        reason: input.reason,
        note: input.note,
        reference: input.reference,
        occurredAt,
      },
    ],
  });
  return {
    location,
    sku,
    result: {
      moves,
      allBalances: balances,
      balances: balances.filter((b) => b.location === location.code),
    },
  };
}
