import type { Context } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import {
  PO_SELECT,
  type PurchaseOrder,
  type PurchaseOrderRow,
  poInScope,
  readPurchaseOrder,
  toPurchaseOrder,
} from '../db/purchase-orders.js';

export interface ListPurchaseOrdersInput {
  supplier?: string | undefined;
  warehouse?: string | undefined;
  status?: string | undefined;
  sku?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Purchase orders, newest first, in the caller's warehouses. */
export async function listPurchaseOrders(
  ctx: Context,
  input: ListPurchaseOrdersInput,
): Promise<{ items: PurchaseOrder[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<PurchaseOrderRow>(
    `${PO_SELECT}
      WHERE ($1::text IS NULL OR lower(s.code) = lower($1))
        AND ($2::text IS NULL OR lower(w.code) = lower($2))
        AND ($3::text IS NULL OR po.status = $3)
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM purchase_order_lines l JOIN skus k ON k.sku_id = l.sku_id
                                          WHERE l.po_id = po.po_id AND lower(k.code) = lower($4)))
        AND ($5::text IS NULL OR po.po_id < $5)
        AND ${poInScope('$7')}
      ORDER BY po.po_id DESC LIMIT $6`,
    [
      input.supplier ?? null,
      input.warehouse ?? null,
      input.status ?? null,
      input.sku ?? null,
      after?.[0] ?? null,
      input.limit + 1,
      ctx.warehouseScope,
    ],
  );
  const more = rows.length > input.limit;
  const page = (more ? rows.slice(0, input.limit) : rows).map(toPurchaseOrder);
  const last = page[page.length - 1];
  return { items: page, nextCursor: more && last ? encodeCursor([last.id]) : null };
}

/** Errors: purchase_order_not_found (404). */
export async function getPurchaseOrder(ctx: Context, id: string): Promise<PurchaseOrder> {
  return readPurchaseOrder(ctx.db, id, ctx.warehouseScope);
}

export interface IncomingItem {
  sku: string;
  warehouse: string;
  qtyOnOrder: number;
  nextExpectedAt: string | null;
  purchaseOrders: number;
}

/**
 * Units on order per SKU and warehouse: ordered minus received on sent and partially received orders
 * (drafts are not on order; closed orders will bring nothing more), with the next expected date.
 */
export async function listIncoming(
  ctx: Context,
  input: { sku?: string | undefined; warehouse?: string | undefined },
): Promise<{ items: IncomingItem[] }> {
  const { rows } = await ctx.db.query<{
    sku: string;
    warehouse: string;
    qty: number;
    next_expected_at: string | null;
    pos: number;
  }>(
    `SELECT k.code AS sku, w.code AS warehouse, sum(l.qty_ordered - l.qty_received)::bigint AS qty,
            min(po.expected_at) AS next_expected_at, count(DISTINCT po.po_id)::bigint AS pos
       FROM purchase_order_lines l
       JOIN purchase_orders po ON po.po_id = l.po_id
       JOIN skus k ON k.sku_id = l.sku_id
       JOIN locations w ON w.location_id = po.warehouse_id
      WHERE po.status IN ('sent', 'partially_received') AND l.qty_received < l.qty_ordered
        AND ($1::text IS NULL OR lower(k.code) = lower($1))
        AND ($2::text IS NULL OR lower(w.code) = lower($2))
        AND ${poInScope('$3')}
      GROUP BY k.code, w.code ORDER BY k.code, w.code`,
    [input.sku ?? null, input.warehouse ?? null, ctx.warehouseScope],
  );
  return {
    items: rows.map((r) => ({
      sku: r.sku,
      warehouse: r.warehouse,
      qtyOnOrder: Number(r.qty),
      nextExpectedAt: r.next_expected_at,
      purchaseOrders: Number(r.pos),
    })),
  };
}
