import type { Queryable } from '../../../db/index.js';
import { type AbcItem, classifyAbc } from '../domain/abc.js';
import { currencyRequired } from '../errors.js';

export interface AbcClassification {
  currency: string | null;
  since: Date;
  until: Date;
  items: (AbcItem & { skuId: string })[];
}

/**
 * The ABC classes of a warehouse's SKUs from what it shipped in [since, until): units on shipped (or
 * delivered) shipments × the order line's unit price, in one currency (the one given, or the only one
 * sold in; several without a choice is 422 currency_required). SKUs held in the warehouse that sold
 * nothing are in the ranking with value 0 (class C).
 */
export async function classifySales(
  tx: Queryable,
  input: { warehouseId: string; since: Date; until: Date; currency: string | null },
): Promise<AbcClassification> {
  const { rows } = await tx.query<{ sku_id: string; sku: string; currency: string; value_minor: number }>(
    `SELECT ol.sku_id, s.code AS sku, o.currency, sum(sl.qty * ol.unit_price_minor)::bigint AS value_minor
       FROM shipment_lines sl
       JOIN shipments sh ON sh.shipment_id = sl.shipment_id
       JOIN order_lines ol ON ol.order_id = sl.order_id AND ol.line_no = sl.line_no
       JOIN orders o ON o.order_id = sl.order_id
       JOIN skus s ON s.sku_id = ol.sku_id
      WHERE sh.warehouse_id = $1 AND sh.status IN ('shipped', 'delivered')
        AND sh.shipped_at >= $2 AND sh.shipped_at < $3
      GROUP BY ol.sku_id, s.code, o.currency`,
    [input.warehouseId, input.since, input.until],
  );
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  let currency = input.currency;
  if (currency === null) {
    if (currencies.length > 1) throw currencyRequired(currencies);
    currency = currencies[0] ?? null;
  }
  const held = await tx.query<{ sku_id: string; sku: string }>(
    `SELECT DISTINCT b.sku_id, s.code AS sku FROM stock_balances b
       JOIN locations l ON l.location_id = b.location_id JOIN skus s ON s.sku_id = b.sku_id
      WHERE l.warehouse_id = $1 AND b.is_physical AND b.on_hand > 0`,
    [input.warehouseId],
  );
  const values = new Map<string, { skuId: string; sku: string; valueMinor: number }>();
  for (const h of held.rows) values.set(h.sku_id, { skuId: h.sku_id, sku: h.sku, valueMinor: 0 });
  for (const r of rows) {
    if (r.currency !== currency) continue;
    values.set(r.sku_id, { skuId: r.sku_id, sku: r.sku, valueMinor: Number(r.value_minor) });
  }
  const skuIds = new Map([...values.values()].map((v) => [v.sku, v.skuId]));
  const items = classifyAbc([...values.values()].map((v) => ({ sku: v.sku, valueMinor: v.valueMinor }))).map(
    (i) => ({ ...i, skuId: skuIds.get(i.sku)! }),
  );
  return { currency, since: input.since, until: input.until, items };
}
