import type { Queryable } from '../../../db/index.js';
import type { Address, OrderStatus } from '../domain/order-status.js';
import { orderNotFound } from '../errors.js';

export interface OrderLine {
  lineNo: number;
  sku: string;
  title: string | null;
  externalLineId: string | null;
  qtyOrdered: number;
  qtyAllocated: number;
  qtyBackordered: number;
  qtyShipped: number;
  qtyCancelled: number;
  qtyReturned: number;
  /** Allocated units an open shipment holds. */
  qtyInFulfilment: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  /** Where the allocated units are held: open reservations of this line. */
  allocations: {
    warehouse: string;
    location: string;
    qty: number;
    reservationId: string;
    /** The open shipment holding these units, if any. */
    shipmentId: string | null;
  }[];
}

export interface Order {
  id: string;
  channel: string;
  externalId: string;
  status: OrderStatus;
  onHold: boolean;
  holdReason: string | null;
  placedAt: string;
  promisedAt: string | null;
  currency: string;
  customer: { id: string; externalId: string | null; name: string | null; email: string | null } | null;
  shipTo: Address | null;
  billTo: Address | null;
  shippingMethod: string | null;
  paymentStatus: string;
  totals: {
    subtotalMinor: number | null;
    discountMinor: number | null;
    shippingMinor: number | null;
    taxMinor: number | null;
    totalMinor: number | null;
  };
  flags: string[];
  notes: string | null;
  tags: string[];
  lines: OrderLine[];
  allocation: { status: string; warehouses: string[]; explanation: string[] } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrderEvent {
  seq: number;
  occurredAt: string;
  event: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  details: unknown;
  actor: { kind: string; id: string };
}

const LINES_JSON = `(
  SELECT json_agg(json_build_object(
           'lineNo', ol.line_no, 'sku', s.code, 'title', ol.title, 'externalLineId', ol.external_line_id,
           'qtyOrdered', ol.qty_ordered, 'qtyAllocated', ol.qty_allocated, 'qtyBackordered', ol.qty_backordered,
           'qtyShipped', ol.qty_shipped, 'qtyCancelled', ol.qty_cancelled, 'qtyReturned', ol.qty_returned,
           'qtyInFulfilment', ol.qty_in_fulfilment,
           'unitPriceMinor', ol.unit_price_minor, 'discountMinor', ol.discount_minor, 'taxMinor', ol.tax_minor,
           'allocations', coalesce((
             SELECT json_agg(json_build_object('warehouse', w.code, 'location', l.code, 'qty', rl.qty - rl.posted_qty,
                                               'reservationId', r.reservation_id, 'shipmentId', olr.shipment_id)
                              ORDER BY l.code)
               FROM order_line_reservations olr
               JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
               JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
               JOIN locations l ON l.location_id = rl.location_id
               JOIN locations w ON w.location_id = l.warehouse_id
              WHERE olr.order_id = ol.order_id AND olr.line_no = ol.line_no), '[]'::json))
         ORDER BY ol.line_no)
    FROM order_lines ol JOIN skus s ON s.sku_id = ol.sku_id
   WHERE ol.order_id = o.order_id)`;

export const ORDER_SELECT = `
  SELECT o.order_id, c.code AS channel_code, o.external_id, o.status, o.on_hold, o.hold_reason, o.placed_at,
         o.promised_at, o.currency, o.customer_id, cu.external_id AS customer_external_id, cu.name AS customer_name,
         cu.email AS customer_email, o.ship_to, o.bill_to, o.shipping_method, o.payment_status, o.subtotal_minor,
         o.discount_minor, o.shipping_minor, o.tax_minor, o.total_minor, o.flags, o.notes, o.tags, o.allocation,
         o.version, o.created_at, o.updated_at, ${LINES_JSON} AS lines
    FROM orders o
    JOIN channels c ON c.channel_id = o.channel_id
    LEFT JOIN customers cu ON cu.customer_id = o.customer_id`;

export interface OrderRow {
  order_id: string;
  channel_code: string;
  external_id: string;
  status: OrderStatus;
  on_hold: boolean;
  hold_reason: string | null;
  placed_at: Date;
  promised_at: Date | null;
  currency: string;
  customer_id: string | null;
  customer_external_id: string | null;
  customer_name: string | null;
  customer_email: string | null;
  ship_to: Address | null;
  bill_to: Address | null;
  shipping_method: string | null;
  payment_status: string;
  subtotal_minor: number | null;
  discount_minor: number | null;
  shipping_minor: number | null;
  tax_minor: number | null;
  total_minor: number | null;
  flags: string[];
  notes: string | null;
  tags: string[];
  allocation: Order['allocation'];
  version: number;
  created_at: Date;
  updated_at: Date;
  lines: OrderLine[] | null;
}

export function toOrder(r: OrderRow): Order {
  return {
    id: r.order_id,
    channel: r.channel_code,
    externalId: r.external_id,
    status: r.status,
    onHold: r.on_hold,
    holdReason: r.hold_reason,
    placedAt: r.placed_at.toISOString(),
    promisedAt: r.promised_at?.toISOString() ?? null,
    currency: r.currency,
    customer:
      r.customer_id === null
        ? null
        : {
            id: r.customer_id,
            externalId: r.customer_external_id,
            name: r.customer_name,
            email: r.customer_email,
          },
    shipTo: r.ship_to,
    billTo: r.bill_to,
    shippingMethod: r.shipping_method,
    paymentStatus: r.payment_status,
    totals: {
      subtotalMinor: r.subtotal_minor,
      discountMinor: r.discount_minor,
      shippingMinor: r.shipping_minor,
      taxMinor: r.tax_minor,
      totalMinor: r.total_minor,
    },
    flags: r.flags,
    notes: r.notes,
    tags: r.tags,
    lines: (r.lines ?? []).map((l) => ({ ...l, allocations: l.allocations ?? [] })),
    allocation: r.allocation,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * An order is visible to a principal scoped to some warehouses when its channel ships from one of them
 * ($n: warehouse ids, NULL = all).
 */
export const orderInScope = (param: string) =>
  `(${param}::text[] IS NULL OR EXISTS (
      SELECT 1 FROM channel_warehouses scw WHERE scw.channel_id = o.channel_id AND scw.warehouse_id = ANY(${param}::text[])))`;

/** Errors: order_not_found (404), also for an order outside the caller's warehouses. */
export async function readOrder(tx: Queryable, id: string, scope: readonly string[] | null): Promise<Order> {
  const { rows } = await tx.query<OrderRow>(
    `${ORDER_SELECT} WHERE o.order_id = $1 AND ${orderInScope('$2')}`,
    [id, scope],
  );
  if (!rows[0]) throw orderNotFound(id);
  return toOrder(rows[0]);
}

export async function readTimeline(tx: Queryable, id: string): Promise<OrderEvent[]> {
  const { rows } = await tx.query<{
    seq: number;
    occurred_at: Date;
    event: string;
    from_status: string | null;
    to_status: string | null;
    reason: string | null;
    details: unknown;
    actor_kind: string;
    actor_id: string;
  }>(
    `SELECT seq, occurred_at, event, from_status, to_status, reason, details, actor_kind, actor_id
       FROM order_events WHERE order_id = $1 ORDER BY seq`,
    [id],
  );
  return rows.map((r) => ({
    seq: r.seq,
    occurredAt: r.occurred_at.toISOString(),
    event: r.event,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    reason: r.reason,
    details: r.details,
    actor: { kind: r.actor_kind, id: r.actor_id },
  }));
}

/** Appends to the order timeline. */
export async function recordOrderEvent(
  tx: Queryable,
  ctx: { actor: { kind: string; id: string }; requestId: string | null },
  orderId: string,
  event: {
    event: string;
    fromStatus?: string | null;
    toStatus?: string | null;
    reason?: string | null;
    details?: unknown;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO order_events (order_id, event, from_status, to_status, reason, details, actor_kind, actor_id, request_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
    [
      orderId,
      event.event,
      event.fromStatus ?? null,
      event.toStatus ?? null,
      event.reason ?? null,
      event.details === undefined ? null : JSON.stringify(event.details),
      ctx.actor.kind,
      ctx.actor.id,
      ctx.requestId,
    ],
  );
}
