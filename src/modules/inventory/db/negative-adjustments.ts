import type { Context, Queryable } from '../../../db/index.js';

/**
 * Stock a person took off a bin by adjustment (damage, theft, loss, ...), announced inside the adjustment's
 * transaction so that other modules can act on it atomically: cycle counts open a count task for the bin
 * and SKU, since a loss says the ledger was wrong there. Inventory knows nothing of counting; it registers
 * here (like stock arrivals, db/arrivals.ts).
 */
export interface NegativeAdjustment {
  readonly skuId: string;
  readonly locationId: string;
  readonly warehouseId: string;
  readonly qty: number;
}

export type NegativeAdjustmentHandler = (
  tx: Queryable,
  ctx: Context,
  adjustment: NegativeAdjustment,
) => Promise<void>;

const handlers: NegativeAdjustmentHandler[] = [];

/** Registers a handler run in the transaction of every negative adjustment made through adjustStock. */
export function onNegativeAdjustment(handler: NegativeAdjustmentHandler): void {
  if (!handlers.includes(handler)) handlers.push(handler);
}

export async function announceNegativeAdjustment(
  tx: Queryable,
  ctx: Context,
  adjustment: NegativeAdjustment,
): Promise<void> {
  for (const handler of handlers) await handler(tx, ctx, adjustment);
}
