import type { Context } from '../../../db/index.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { classifySales } from '../db/sales.js';
import { ABC_CLASSES, type AbcClass } from '../domain/abc.js';

export interface AbcReport {
  warehouse: string;
  days: number;
  since: string;
  until: string;
  currency: string | null;
  totalValueMinor: number;
  classes: { abcClass: AbcClass; skus: number; valueMinor: number }[];
  items: { sku: string; valueMinor: number; abcClass: AbcClass; rank: number; cumulativeBps: number }[];
}

const DAY_MS = 86_400_000;

/**
 * The ABC classes of a warehouse's SKUs over the last `days` days of shipments (see db/sales.ts).
 * Errors: unknown_warehouse, currency_required (422).
 */
export async function getAbcReport(
  ctx: Context,
  input: { warehouse: string; days: number; currency?: string | undefined },
): Promise<AbcReport> {
  const [warehouse] = await resolveWarehouses(ctx.db, [input.warehouse], {
    field: 'warehouse',
    scope: ctx.warehouseScope,
  });
  const until = ctx.clock.now();
  const since = new Date(until.getTime() - input.days * DAY_MS);
  const r = await classifySales(ctx.db, {
    warehouseId: warehouse!.id,
    since,
    until,
    currency: input.currency ?? null,
  });
  const items = r.items.map(({ skuId: _skuId, ...i }) => i);
  return {
    warehouse: warehouse!.code,
    days: input.days,
    since: since.toISOString(),
    until: until.toISOString(),
    currency: r.currency,
    totalValueMinor: items.reduce((s, i) => s + i.valueMinor, 0),
    classes: ABC_CLASSES.map((c) => ({
      abcClass: c,
      skus: items.filter((i) => i.abcClass === c).length,
      valueMinor: items.filter((i) => i.abcClass === c).reduce((s, i) => s + i.valueMinor, 0),
    })),
    items,
  };
}
