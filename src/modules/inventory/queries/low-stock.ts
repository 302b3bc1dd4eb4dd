import type { Context } from '../../../db/index.js';
import { readReorderPoints } from '../commands/set-reorder-points.js';

export interface LowStockItem {
  sku: string;
  skuName: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
  lowAt: number;
  reorderQty: number | null;
  /** Units needed to be back at the reorder point. */
  shortBy: number;
}

/** A SKU's reorder points with what is available now. Errors: sku_not_found (404). */
export function getReorderPoints(ctx: Context, code: string) {
  return readReorderPoints(ctx.db, code, ctx.warehouseScope);
}

/** SKUs below their reorder point, per warehouse in the caller's scope, the furthest below first. */
export async function getLowStockReport(
  ctx: Context,
  input: { warehouse?: string | undefined; limit: number },
): Promise<{ items: LowStockItem[] }> {
  const { rows } = await ctx.db.query<{
    sku: string;
    name: string;
    warehouse: string;
    on_hand: number;
    reserved: number;
    low_at: number;
    reorder_qty: number | null;
  }>(
    `SELECT s.code AS sku, s.name, w.code AS warehouse, rp.low_at, rp.reorder_qty,
            coalesce(t.on_hand, 0)::bigint AS on_hand, coalesce(t.reserved, 0)::bigint AS reserved
       FROM reorder_points rp
       JOIN skus s ON s.sku_id = rp.sku_id
       JOIN locations w ON w.location_id = rp.warehouse_id
       LEFT JOIN LATERAL (
         SELECT sum(b.on_hand) AS on_hand, sum(b.reserved) AS reserved FROM stock_balances b
           JOIN locations l ON l.location_id = b.location_id
          WHERE b.sku_id = rp.sku_id AND l.warehouse_id = rp.warehouse_id AND b.is_physical) t ON true
      WHERE coalesce(t.on_hand, 0) - coalesce(t.reserved, 0) < rp.low_at
        AND ($1::text IS NULL OR lower(w.code) = lower($1))
        AND ($2::text[] IS NULL OR rp.warehouse_id = ANY($2::text[]))
      ORDER BY (coalesce(t.on_hand, 0) - coalesce(t.reserved, 0))::numeric / rp.low_at, s.code, w.code
      LIMIT $3`,
    [input.warehouse ?? null, ctx.warehouseScope, input.limit],
  );
  return {
    items: rows.map((r) => {
      const available = r.on_hand - r.reserved;
      return {
        sku: r.sku,
        skuName: r.name,
        warehouse: r.warehouse,
        onHand: r.on_hand,
        reserved: r.reserved,
        available,
        lowAt: r.low_at,
        reorderQty: r.reorder_qty,
        shortBy: r.low_at - available,
      };
    }),
  };
}
