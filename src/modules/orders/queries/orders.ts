import type { Context } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import {
  ORDER_SELECT,
  type Order,
  type OrderEvent,
  type OrderRow,
  orderInScope,
  readOrder,
  readTimeline,
  toOrder,
} from '../db/orders.js';

export interface ListOrdersInput {
  status?: string | undefined;
  channel?: string | undefined;
  sku?: string | undefined;
  /** Customer id, external id, or email. */
  customer?: string | undefined;
  /** The channel's order number (external id), exact. */
  externalId?: string | undefined;
  onHold?: boolean | undefined;
  placedSince?: string | undefined;
  placedUntil?: string | undefined;
  /**
   * Warehouse code or id: orders with units allocated or shipped from it — an open or posted reservation
   * of one of their lines at a location of that warehouse. Not "whose channel ships from it": a channel
   * may ship from several warehouses, and the question asked of this filter is where the parcels leave.
   */
  warehouse?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Orders, newest placed first, filtered; within the caller's warehouses' channels.
 *
 * The WHERE clause holds only the filters the request uses, so each combination of filters is its own
 * prepared statement with its own plan. One text for every combination (`$1 IS NULL OR ...`) left
 * PostgreSQL one plan for all of them: on 100,000 orders its generic plan took over a minute for a
 * warehouse filter, and even the per-call plan hashed every reservation of the warehouse (0.4–1 s) or
 * walked the whole order book for a SKU or a customer (docs/benchmarks.md, "Orders list on 100,000 orders").
 */
export async function listOrders(
  ctx: Context,
  input: ListOrdersInput,
): Promise<{ items: Order[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string', 'string']);
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (input.status != null) where.push(`o.status = ${param(input.status)}::text`);
  if (input.channel != null) {
    const channel = param(input.channel);
    where.push(`(lower(c.code) = lower(${channel}::text) OR c.channel_id = ${channel}::text)`);
  }
  if (input.sku != null)
    where.push(`EXISTS (SELECT 1 FROM order_lines fl JOIN skus fs ON fs.sku_id = fl.sku_id
                         WHERE fl.order_id = o.order_id AND lower(fs.code) = lower(${param(input.sku)}::text))`);
  if (input.customer != null) {
    // The order's customer matched by id, external id or email: the same rows as testing the joined
    // customer, but written so that the customers' indexes find the few candidates first.
    const customer = param(input.customer);
    where.push(`o.customer_id IN (SELECT fcu.customer_id FROM customers fcu
                                   WHERE fcu.customer_id = ${customer}::text OR fcu.external_id = ${customer}::text
                                      OR lower(fcu.email) = lower(${customer}::text))`);
  }
  if (input.externalId != null) where.push(`o.external_id = ${param(input.externalId)}::text`);
  if (input.onHold != null) where.push(`o.on_hold = ${param(input.onHold)}::boolean`);
  if (input.placedSince != null) where.push(`o.placed_at >= ${param(input.placedSince)}::timestamptz`);
  if (input.placedUntil != null) where.push(`o.placed_at < ${param(input.placedUntil)}::timestamptz`);
  if (after)
    where.push(`(o.placed_at, o.order_id) < (${param(after[0])}::timestamptz, ${param(after[1])}::text)`);
  if (ctx.warehouseScope !== null) where.push(orderInScope(param(ctx.warehouseScope)));
  if (input.warehouse != null) {
    const warehouse = param(input.warehouse);
    where.push(`EXISTS (
              SELECT 1 FROM order_line_reservations wolr
                JOIN reservations wr ON wr.reservation_id = wolr.reservation_id
                                    AND wr.status IN ('open', 'posted')
                JOIN reservation_lines wrl ON wrl.reservation_id = wr.reservation_id
                JOIN locations wl ON wl.location_id = wrl.location_id
                JOIN locations ww ON ww.location_id = wl.warehouse_id
               WHERE wolr.order_id = o.order_id
                 AND (wr.status = 'open' OR wrl.posted_qty > 0)
                 AND (lower(ww.code) = lower(${warehouse}::text) OR ww.location_id = ${warehouse}::text))`);
  }
  const { rows } = await ctx.db.query<OrderRow>(
    `${ORDER_SELECT}
      ${where.length > 0 ? `WHERE ${where.join('\n        AND ')}` : ''}
      ORDER BY o.placed_at DESC, o.order_id DESC LIMIT ${param(input.limit + 1)}`,
    params,
  );
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toOrder),
    nextCursor: more && last ? encodeCursor([last.placed_at.toISOString(), last.order_id]) : null,
  };
}

/** An order with its timeline. Errors: order_not_found (404). */
export async function getOrder(ctx: Context, id: string): Promise<Order & { timeline: OrderEvent[] }> {
  const order = await readOrder(ctx.db, id, ctx.warehouseScope);
  return { ...order, timeline: await readTimeline(ctx.db, id) };
}
