import type { Context, Queryable } from '../../../db/index.js';

/**
 * Stock arriving at a warehouse (a receipt, a count or adjustment upwards, a transfer from another
 * warehouse or from transit), announced inside the transaction that brought it, so that other modules can
 * act on it atomically: orders fill their backorders from it. Inventory knows nothing of orders; they
 * register here.
 */
export interface StockArrival {
  readonly skuId: string;
  readonly sku: string;
  readonly warehouseId: string;
}

export type StockArrivalHandler = (
  tx: Queryable,
  ctx: Context,
  arrivals: readonly StockArrival[],
) => Promise<void>;

const handlers: StockArrivalHandler[] = [];

/** Registers a handler run in the transaction of every stock arrival. */
export function onStockArrival(handler: StockArrivalHandler): void {
  if (!handlers.includes(handler)) handlers.push(handler);
}

export async function announceArrivals(
  tx: Queryable,
  ctx: Context,
  arrivals: readonly StockArrival[],
): Promise<void> {
  if (arrivals.length === 0) return;
  const unique = [...new Map(arrivals.map((a) => [`${a.skuId}@${a.warehouseId}`, a])).values()];
  for (const handler of handlers) await handler(tx, ctx, unique);
}
