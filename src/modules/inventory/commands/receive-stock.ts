import { type Context, runCommand } from '../../../db/index.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { applyBalanceChanges, type BalanceView } from '../db/balances.js';
import { insertMoves, type Move } from '../db/moves.js';
import { requireLocationWithVirtual, requireSku } from '../db/refs.js';
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
  return runCommand(ctx, 'inventory.receive_stock', input, async (tx): Promise<StockChangeResult> => {
    const sku = await requireSku(tx, input.sku, { active: true });
    const [to, from] = await requireLocationWithVirtual(
      tx,
      { code: input.location, field: 'location', receiving: true },
      'supplier',
    );
    const moves = await insertMoves(tx, ctx, [
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
    ]);
    const balances = await applyBalanceChanges(
      tx,
      [
        { location: from, sku, onHand: -qty, reserved: 0 },
        { location: to, sku, onHand: qty, reserved: 0 },
      ],
      { unsafeDisableGuard: ctx.unsafeDisableStockGuard },
    );
    return { moves, balances: balances.filter((b) => b.location === to.code) };
  });
}
