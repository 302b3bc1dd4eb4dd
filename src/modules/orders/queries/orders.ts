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

/** Orders, newest placed first, filtered; within the caller's warehouses' channels. */
export async function listOrders(
  ctx: Context,
  input: ListOrdersInput,
): Promise<{ items: Order[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string', 'string']);
  const { rows } = await ctx.db.query<OrderRow>(
    `${ORDER_SELECT}
      WHERE ($1::text IS NULL OR o.status = $1)
        AND ($2::text IS NULL OR lower(c.code) = lower($2) OR c.channel_id = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM order_lines fl JOIN skus fs ON fs.sku_id = fl.sku_id
                                          WHERE fl.order_id = o.order_id AND lower(fs.code) = lower($3)))
        AND ($4::text IS NULL OR cu.customer_id = $4 OR cu.external_id = $4 OR lower(cu.email) = lower($4))
        AND ($5::text IS NULL OR o.external_id = $5)
        AND ($6::boolean IS NULL OR o.on_hold = $6)
        AND ($7::timestamptz IS NULL OR o.placed_at >= $7)
        AND ($8::timestamptz IS NULL OR o.placed_at < $8)
        AND ($9::timestamptz IS NULL OR (o.placed_at, o.order_id) < ($9::timestamptz, $10::text))
        AND ${orderInScope('$12')}
        AND ($13::text IS NULL OR EXISTS (
              SELECT 1 FROM order_line_reservations wolr
                JOIN reservations wr ON wr.reservation_id = wolr.reservation_id
                                    AND wr.status IN ('open', 'posted')
                JOIN reservation_lines wrl ON wrl.reservation_id = wr.reservation_id
                JOIN locations wl ON wl.location_id = wrl.location_id
                JOIN locations ww ON ww.location_id = wl.warehouse_id
               WHERE wolr.order_id = o.order_id
                 AND (wr.status = 'open' OR wrl.posted_qty > 0)
                 AND (lower(ww.code) = lower($13) OR ww.location_id = $13)))
      ORDER BY o.placed_at DESC, o.order_id DESC LIMIT $11`,
    [
      input.status ?? null,
      input.channel ?? null,
      input.sku ?? null,
      input.customer ?? null,
      input.externalId ?? null,
      input.onHold ?? null,
      input.placedSince ?? null,
      input.placedUntil ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      input.limit + 1,
      ctx.warehouseScope,
      input.warehouse ?? null,
    ],
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
