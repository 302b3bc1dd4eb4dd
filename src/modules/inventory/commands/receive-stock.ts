import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { stockAudit } from '../db/audit.js';
import type { BalanceView } from '../db/balances.js';
import { writeLedger } from '../db/ledger.js';
import type { Move } from '../db/moves.js';
import { resolveStockRefs } from '../db/refs.js';
import { checkOccurredAt } from '../domain/time.js';

export interface ReceiveStockInput {
  sku: string;
  location: string;
  qty: number;
  reference?: string | undefined;
  note?: string | undefined;
  occurredAt?: string | undefined;
}

export interface StockChangeResult {
  moves: Move[];
  balances: BalanceView[];
}

/**
 * Receives qty units into a physical location: one move from the warehouse's supplier location.
 * Errors: unknown_sku, sku_archived, unknown_location, location_not_physical, location_archived,
 * invalid_quantity, occurred_in_future (422).
 */
export async function receiveStock(ctx: Context, input: ReceiveStockInput) {
  const qty = positiveQty(input.qty);
  const occurredAt = checkOccurredAt(input.occurredAt, ctx.clock.now());
  return runCommand(ctx, 'inventory.receive_stock', input, async (tx, audit): Promise<StockChangeResult> => {
    const refs = await resolveStockRefs(tx, {
      skus: [input.sku],
      locations: [input.location],
      virtualKind: 'supplier',
      lock: true,
      scope: ctx.warehouseScope,
    });
    const sku = refs.sku(input.sku, { active: true });
    const to = refs.location({ code: input.location, field: 'location', physical: true, receiving: true });
    const from = refs.virtual(to.warehouseId);
    const { moves, balances } = await writeLedger(tx, ctx, {
      moves: [
        {
          sku,
          from,
          to: to,
          qty,
          type: 'receipt',
          reason: 'receipt',
          reference: input.reference,
          note: input.note,
          occurredAt,
        },
      ],
    });
    audit.record(
      stockAudit(moves, balances, { locations: [to.code], reason: 'receipt', warehouseId: to.warehouseId }),
    );
    return { moves, balances: balances.filter((b) => b.location === to.code) };
  });
}

export interface SupplierMovesInput {
  lines: readonly { sku: string; location: string; qty: number; field?: string | undefined }[];
  reference?: string | undefined;
  note?: string | undefined;
  occurredAt?: string | null | undefined;
}

/**
 * Goods receipts inside the caller's transaction (purchasing's receiving): one move per line from the
 * warehouse's supplier location into the line's physical location, type and reason `receipt`, in one ledger
 * write. The caller validated the quantities (> 0) and chose the locations. Returns the moves in line order
 * and every balance they touched.
 * Errors: unknown_sku, sku_archived, unknown_location, location_not_physical, location_archived (422).
 */
export async function receiveInTransaction(
  tx: Queryable,
  ctx: Context,
  input: SupplierMovesInput,
): Promise<{ moves: Move[]; balances: BalanceView[] }> {
  return supplierMoves(tx, ctx, input, 'in');
}

/**
 * Units sent back to the supplier (rejected at QC) inside the caller's transaction: one move per line from
 * the physical location to its warehouse's supplier location, type `receipt`, reason `rejected` — a receipt
 * undone, so that what @supplier holds stays minus what was kept. Reserved units never leave.
 * Errors: insufficient_stock (409); unknown_sku, unknown_location, location_not_physical (422).
 */
export async function returnToSupplierInTransaction(
  tx: Queryable,
  ctx: Context,
  input: SupplierMovesInput,
): Promise<{ moves: Move[]; balances: BalanceView[] }> {
  return supplierMoves(tx, ctx, input, 'out');
}

async function supplierMoves(
  tx: Queryable,
  ctx: Context,
  input: SupplierMovesInput,
  direction: 'in' | 'out',
) {
  const refs = await resolveStockRefs(tx, {
    skus: input.lines.map((l) => l.sku),
    locations: input.lines.map((l) => l.location),
    virtualKind: 'supplier',
    lock: true,
    scope: ctx.warehouseScope,
  });
  return writeLedger(tx, ctx, {
    moves: input.lines.map((l) => {
      const sku = refs.sku(l.sku, { active: direction === 'in' });
      const location = refs.location({
        code: l.location,
        field: l.field ?? 'location',
        physical: true,
        receiving: direction === 'in',
      });
      const supplier = refs.virtual(location.warehouseId);
      return {
        sku,
        from: direction === 'in' ? supplier : location,
        to: direction === 'in' ? location : supplier,
        qty: l.qty,
        type: 'receipt' as const,
        reason: direction === 'in' ? 'receipt' : 'rejected',
        reference: input.reference,
        note: input.note,
        occurredAt: input.occurredAt,
      };
    }),
  });
}
