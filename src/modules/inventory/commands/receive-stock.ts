import { type Context, runCommand } from '../../../db/index.js';
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
