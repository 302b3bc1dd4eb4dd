import type { Context } from '../../../db/index.js';
import { notFound } from '../../../kernel/errors.js';

/** Where a SKU's units are in their life, per warehouse, in base units. */
export interface SkuLifecycleRow {
  warehouse: string;
  /** Ordered from suppliers on sent or partly received purchase orders, not received yet. */
  onOrder: number;
  /** Left another warehouse for this one (or shipped by this one's transfers), not received yet. */
  inTransit: number;
  /** On hand at receiving docks (not checked or not put away yet). */
  inReceiving: number;
  /** On hand in quarantine (held back by QC, returns waiting for inspection). */
  inQuarantine: number;
  /** On hand in storage locations: what can be promised. */
  inStorage: number;
  /** Of the on hand (any usage), held by reservations: orders, shipments, put-away tasks. */
  reserved: number;
  /** Available to promise: storage on hand not reserved there. */
  available: number;
  /** Sent to customers (all time) and come back from them. */
  shipped: number;
  returned: number;
  /** Scrapped (all time), and written off / found by adjustments and counts (net, lost positive). */
  scrapped: number;
  adjustedOut: number;
}

export interface SkuLifecycle {
  sku: string;
  name: string;
  warehouses: SkuLifecycleRow[];
  totals: Omit<SkuLifecycleRow, 'warehouse'>;
}

const FIELDS = [
  'onOrder',
  'inTransit',
  'inReceiving',
  'inQuarantine',
  'inStorage',
  'reserved',
  'available',
  'shipped',
  'returned',
  'scrapped',
  'adjustedOut',
] as const;

/**
 * A SKU followed through its life in every warehouse the caller works in: on order from suppliers, in
 * transit between warehouses, at the dock, in quarantine, in storage (reserved or available), shipped to
 * customers, returned, scrapped, written off. Everything but "on order" is read from the ledger (balances of
 * physical locations by usage; moves to and from the virtual customer, scrap, adjustment and transit
 * locations), so it agrees with `coulisse check`. Errors: unknown_sku (404).
 */
export async function getSkuLifecycle(ctx: Context, code: string): Promise<SkuLifecycle> {
  const { rows: skus } = await ctx.db.query<{ sku_id: string; code: string; name: string }>(
    'SELECT sku_id, code, name FROM skus WHERE lower(code) = lower($1)',
    [code],
  );
  const sku = skus[0];
  if (!sku) throw notFound('unknown_sku', `No SKU ${code}.`, { sku: code });
  const { rows } = await ctx.db.query<{
    warehouse: string;
    on_order: string;
    in_transit: string;
    in_receiving: string;
    in_quarantine: string;
    in_storage: string;
    reserved: string;
    available: string;
    shipped: string;
    returned: string;
    scrapped: string;
    adjusted_out: string;
  }>(
    `WITH wh AS (
       SELECT location_id, code FROM locations
        WHERE kind = 'warehouse' AND ($2::text[] IS NULL OR location_id = ANY($2::text[]))
     ), stock AS (
       SELECT l.warehouse_id,
              sum(b.on_hand) FILTER (WHERE l.usage = 'receiving') AS in_receiving,
              sum(b.on_hand) FILTER (WHERE l.usage = 'quarantine') AS in_quarantine,
              sum(b.on_hand) FILTER (WHERE l.usage = 'storage') AS in_storage,
              sum(b.reserved) AS reserved,
              sum(b.on_hand - b.reserved) FILTER (WHERE l.usage = 'storage') AS available
         FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
        WHERE b.sku_id = $1 AND b.is_physical
        GROUP BY l.warehouse_id
     ), flows AS (
       SELECT coalesce(t.warehouse_id, f.warehouse_id) AS warehouse_id,
              sum(m.qty) FILTER (WHERE t.kind = 'customer') AS shipped,
              sum(m.qty) FILTER (WHERE f.kind = 'customer') AS returned,
              sum(m.qty) FILTER (WHERE t.kind = 'scrap') AS scrapped,
              coalesce(sum(m.qty) FILTER (WHERE t.kind = 'adjustment'), 0)
                - coalesce(sum(m.qty) FILTER (WHERE f.kind = 'adjustment'), 0) AS adjusted_out
         FROM stock_moves m
         JOIN locations f ON f.location_id = m.from_location_id
         JOIN locations t ON t.location_id = m.to_location_id
        WHERE m.sku_id = $1 AND (t.kind IN ('customer', 'scrap', 'adjustment') OR f.kind IN ('customer', 'adjustment'))
        GROUP BY 1
     ), transit AS (
       SELECT d.warehouse_id, sum(st.qty - st.received_qty - st.lost_qty) AS in_transit
         FROM stock_transfers st JOIN locations d ON d.location_id = st.to_location_id
        WHERE st.sku_id = $1 AND st.status = 'in_transit'
        GROUP BY d.warehouse_id
     ), ordered AS (
       SELECT po.warehouse_id, sum(greatest(pl.qty_ordered - pl.qty_received, 0)) AS on_order
         FROM purchase_order_lines pl JOIN purchase_orders po ON po.po_id = pl.po_id
        WHERE pl.sku_id = $1 AND po.status IN ('sent', 'partially_received')
        GROUP BY po.warehouse_id
     )
     SELECT wh.code AS warehouse, coalesce(o.on_order, 0) AS on_order, coalesce(tr.in_transit, 0) AS in_transit,
            coalesce(s.in_receiving, 0) AS in_receiving, coalesce(s.in_quarantine, 0) AS in_quarantine,
            coalesce(s.in_storage, 0) AS in_storage, coalesce(s.reserved, 0) AS reserved,
            coalesce(s.available, 0) AS available, coalesce(fl.shipped, 0) AS shipped,
            coalesce(fl.returned, 0) AS returned, coalesce(fl.scrapped, 0) AS scrapped,
            coalesce(fl.adjusted_out, 0) AS adjusted_out
       FROM wh
       LEFT JOIN stock s ON s.warehouse_id = wh.location_id
       LEFT JOIN flows fl ON fl.warehouse_id = wh.location_id
       LEFT JOIN transit tr ON tr.warehouse_id = wh.location_id
       LEFT JOIN ordered o ON o.warehouse_id = wh.location_id
      WHERE s.warehouse_id IS NOT NULL OR fl.warehouse_id IS NOT NULL OR tr.warehouse_id IS NOT NULL
         OR o.warehouse_id IS NOT NULL
      ORDER BY wh.code`,
    [sku.sku_id, ctx.warehouseScope],
  );
  const warehouses: SkuLifecycleRow[] = rows.map((r) => ({
    warehouse: r.warehouse,
    onOrder: Number(r.on_order),
    inTransit: Number(r.in_transit),
    inReceiving: Number(r.in_receiving),
    inQuarantine: Number(r.in_quarantine),
    inStorage: Number(r.in_storage),
    reserved: Number(r.reserved),
    available: Number(r.available),
    shipped: Number(r.shipped),
    returned: Number(r.returned),
    scrapped: Number(r.scrapped),
    adjustedOut: Number(r.adjusted_out),
  }));
  const totals = Object.fromEntries(
    FIELDS.map((f) => [f, warehouses.reduce((n, w) => n + w[f], 0)]),
  ) as SkuLifecycle['totals'];
  return { sku: sku.code, name: sku.name, warehouses, totals };
}
