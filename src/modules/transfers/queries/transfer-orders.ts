import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { findHead, isVisible, loadTransferOrders, type TransferOrder } from '../db/transfer-orders.js';
import { transferOrderNotFound } from '../errors.js';

/** A transfer order; one outside both of the caller's warehouses is not found. Errors: transfer_order_not_found (404). */
export async function getTransferOrder(ctx: Context, id: string): Promise<TransferOrder> {
  const head = await findHead(ctx.db, id);
  if (!head || !isVisible(head, ctx.warehouseScope)) throw transferOrderNotFound(id);
  return (await loadTransferOrders(ctx.db, [id]))[0]!;
}

export interface ListTransferOrdersInput {
  from?: string | undefined;
  to?: string | undefined;
  status?: string | undefined;
  sku?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Transfer orders the caller sees (either warehouse in scope), newest first, filtered. Errors: invalid_cursor (400). */
export async function listTransferOrders(
  ctx: Context,
  input: ListTransferOrdersInput,
): Promise<{ items: TransferOrder[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<{ transfer_order_id: string }>(
    `SELECT o.transfer_order_id
       FROM transfer_orders o
       JOIN locations fw ON fw.location_id = o.from_warehouse_id
       JOIN locations tw ON tw.location_id = o.to_warehouse_id
      WHERE ($1::text IS NULL OR lower(fw.code) = lower($1))
        AND ($2::text IS NULL OR lower(tw.code) = lower($2))
        AND ($3::text IS NULL OR o.status = $3)
        AND ($4::text IS NULL OR EXISTS (
              SELECT 1 FROM transfer_order_lines l JOIN skus s ON s.sku_id = l.sku_id
               WHERE l.transfer_order_id = o.transfer_order_id AND lower(s.code) = lower($4)))
        AND ($5::text[] IS NULL OR o.from_warehouse_id = ANY($5::text[]) OR o.to_warehouse_id = ANY($5::text[]))
        AND ($6::text IS NULL OR o.transfer_order_id < $6)
      ORDER BY o.transfer_order_id DESC
      LIMIT $7`,
    [
      input.from ?? null,
      input.to ?? null,
      input.status ?? null,
      input.sku ?? null,
      ctx.warehouseScope,
      (after?.[0] as string | undefined) ?? null,
      input.limit + 1,
    ],
  );
  const page = pageOf(rows, input.limit, (r) => [r.transfer_order_id]);
  return {
    items: await loadTransferOrders(
      ctx.db,
      page.rows.map((r) => r.transfer_order_id),
    ),
    nextCursor: page.nextCursor,
  };
}

export interface IncomingItem {
  warehouse: string;
  sku: string;
  qtyInTransit: number;
  nextExpectedAt: string | null;
  transferOrders: {
    id: string;
    number: string;
    from: string;
    qtyInTransit: number;
    expectedAt: string | null;
    shippedAt: string;
  }[];
}

/**
 * Units shipped to a warehouse and not yet received or written off, per warehouse and SKU, with the
 * transfer orders bringing them (soonest expected first). Only the caller's warehouses.
 */
export async function listIncoming(
  ctx: Context,
  input: { warehouse?: string | undefined; sku?: string | undefined },
): Promise<{ items: IncomingItem[] }> {
  const { rows } = await ctx.db.query<{
    warehouse: string;
    sku: string;
    transfer_order_id: string;
    number: string;
    from_code: string;
    qty: number;
    expected_at: Date | null;
    shipped_at: Date;
  }>(
    `SELECT tw.code AS warehouse, s.code AS sku, o.transfer_order_id, o.number, fw.code AS from_code,
            l.qty_shipped - l.qty_received - l.qty_lost AS qty, o.expected_at, o.shipped_at
       FROM transfer_orders o
       JOIN transfer_order_lines l ON l.transfer_order_id = o.transfer_order_id
       JOIN skus s ON s.sku_id = l.sku_id
       JOIN locations fw ON fw.location_id = o.from_warehouse_id
       JOIN locations tw ON tw.location_id = o.to_warehouse_id
      WHERE o.status IN ('shipped', 'partially_received')
        AND l.qty_shipped > l.qty_received + l.qty_lost
        AND ($1::text IS NULL OR lower(tw.code) = lower($1))
        AND ($2::text IS NULL OR lower(s.code) = lower($2))
        AND ($3::text[] IS NULL OR o.to_warehouse_id = ANY($3::text[]))
      ORDER BY tw.code, s.code, o.expected_at NULLS LAST, o.number`,
    [input.warehouse ?? null, input.sku ?? null, ctx.warehouseScope],
  );
  const items: IncomingItem[] = [];
  for (const r of rows) {
    let item = items.at(-1);
    if (!item || item.warehouse !== r.warehouse || item.sku !== r.sku) {
      item = {
        warehouse: r.warehouse,
        sku: r.sku,
        qtyInTransit: 0,
        nextExpectedAt: null,
        transferOrders: [],
      };
      items.push(item);
    }
    const expectedAt = r.expected_at?.toISOString() ?? null;
    item.qtyInTransit += r.qty;
    if (expectedAt !== null && (item.nextExpectedAt === null || expectedAt < item.nextExpectedAt)) {
      item.nextExpectedAt = expectedAt;
    }
    item.transferOrders.push({
      id: r.transfer_order_id,
      number: r.number,
      from: r.from_code,
      qtyInTransit: r.qty,
      expectedAt,
      shippedAt: r.shipped_at.toISOString(),
    });
  }
  return { items };
}
