import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { stockAudit } from '../db/audit.js';
import { writeLedger } from '../db/ledger.js';
import { resolveStockRefs } from '../db/refs.js';
import type { ScrapReason } from '../domain/reasons.js';
import { checkOccurredAt } from '../domain/time.js';
import type { StockChangeResult } from './receive-stock.js';

export interface ScrapStockInput {
  sku: string;
  location: string;
  qty: number;
  reason: ScrapReason;
  note?: string | undefined;
  reference?: string | undefined;
  occurredAt?: string | undefined;
}

/**
 * Scraps qty units from a physical location: one move to the warehouse's scrap location. Reserved units
 * cannot be scrapped (void the reservation first).
 * Errors: insufficient_stock (409); unknown_sku, unknown_location, location_not_physical, invalid_quantity,
 * note_required (422).
 */
export async function scrapStock(ctx: Context, input: ScrapStockInput) {
  const qty = positiveQty(input.qty);
  if (input.reason === 'other' && !input.note?.trim()) {
    throw unprocessable('note_required', 'Scrapping with reason "other" needs a note saying why.', {
      field: 'note',
    });
  }
  const occurredAt = checkOccurredAt(input.occurredAt, ctx.clock.now());
  return runCommand(ctx, 'inventory.scrap_stock', input, async (tx, audit): Promise<StockChangeResult> => {
    const { from, moves, balances } = await scrapInTransaction(tx, ctx, { ...input, qty, occurredAt });
    audit.record(
      stockAudit(moves, balances, {
        locations: [from.code],
        reason: input.reason,
        warehouseId: from.warehouseId,
      }),
    );
    return { moves, balances: balances.filter((b) => b.location === from.code) };
  });
}

/**
 * The scrap's ledger work inside the caller's transaction (also used by other modules, e.g. a returned unit
 * graded scrap): one move from the physical location to its warehouse's scrap location. The caller
 * validated qty, reason and note. Returns the source location and every balance the move touched.
 * Errors: insufficient_stock (409); unknown_sku, unknown_location, location_not_physical (422).
 */
/** Reasons only the system records (QC rejecting received goods to scrap). */
export type SystemScrapReason = 'rejected';

export async function scrapInTransaction(
  tx: Queryable,
  ctx: Context,
  input: Omit<ScrapStockInput, 'occurredAt' | 'reason'> & {
    reason: ScrapReason | SystemScrapReason;
    occurredAt?: string | null | undefined;
  },
) {
  const refs = await resolveStockRefs(tx, {
    skus: [input.sku],
    locations: [input.location],
    virtualKind: 'scrap',
    lock: true,
    scope: ctx.warehouseScope,
  });
  const sku = refs.sku(input.sku, { active: false });
  const from = refs.location({ code: input.location, field: 'location', physical: true });
  const scrap = refs.virtual(from.warehouseId);
  const { moves, balances } = await writeLedger(tx, ctx, {
    moves: [
      {
        sku,
        from: from,
        to: scrap,
        qty: input.qty,
        type: 'scrap',
        reason: input.reason,
        note: input.note,
        reference: input.reference,
        occurredAt: input.occurredAt,
      },
    ],
  });
  return { from, moves, balances };
}
