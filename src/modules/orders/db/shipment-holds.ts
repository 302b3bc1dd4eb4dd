import type { Context, Queryable } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict } from '../../../kernel/errors.js';
import { postInTransaction, reserveInTransaction, voidInTransaction } from '../../inventory/index.js';
import type { AllocationDecision } from '../domain/allocate.js';
import type { OrderStatus } from '../domain/order-status.js';
import { readChannel } from './channels.js';
import { allocatePending, lockLines, refreshStatus } from './lines.js';
import { type Order, readOrder, recordOrderEvent } from './orders.js';

/**
 * The order side of shipments (the fulfillment module owns the shipment rows): which units of an order are
 * held where, setting units aside for a shipment, and what shipping, voiding and delivering a shipment do
 * to the order's lines, status, timeline and events. Each runs inside the caller's transaction, after
 * `lockOrderForShipment`.
 */

/** Units held for an order line at a location by an open reservation that no open shipment holds. */
export interface FreeHolding {
  lineNo: number;
  reservationId: string;
  sku: string;
  location: string;
  warehouse: string;
  warehouseId: string;
  qty: number;
}

export interface ShipmentLineInfo {
  lineNo: number;
  sku: string;
  /** A kit's components (per kit), or the SKU itself once. */
  parts: { sku: string; perUnit: number }[];
}

/**
 * Locks the order (every change of an order takes this lock first) and its lines; the order must be in
 * the caller's warehouses. Errors: order_not_found (404).
 */
export async function lockOrderForShipment(tx: Queryable, ctx: Context, orderId: string): Promise<Order> {
  await tx.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]);
  const order = await readOrder(tx, orderId, ctx.warehouseScope);
  // The lines next, in the order every change of an order takes its locks (order, lines, balances).
  await lockLines(tx, orderId);
  return order;
}

/** Refuses work on an order that is on hold: a hold stops the parcel (fraud, address check). */
export function assertNotOnHold(order: Order): void {
  if (order.onHold) {
    throw conflict(
      'order_on_hold',
      `Order ${order.id} is on hold (${order.holdReason ?? 'manual'}); release it first.`,
      {
        holdReason: order.holdReason,
      },
    );
  }
}

/** The order's lines with what each unit is made of. */
export async function shipmentLineInfo(tx: Queryable, orderId: string): Promise<ShipmentLineInfo[]> {
  const { rows } = await tx.query<{
    line_no: number;
    sku: string;
    parts: { sku: string; perUnit: number }[] | null;
  }>(
    `SELECT ol.line_no, s.code AS sku,
            (SELECT json_agg(json_build_object('sku', c.code, 'perUnit', sc.qty) ORDER BY c.code)
               FROM sku_components sc JOIN skus c ON c.sku_id = sc.component_sku_id
              WHERE sc.kit_sku_id = ol.sku_id) AS parts
       FROM order_lines ol JOIN skus s ON s.sku_id = ol.sku_id
      WHERE ol.order_id = $1 ORDER BY ol.line_no`,
    [orderId],
  );
  return rows.map((r) => ({
    lineNo: r.line_no,
    sku: r.sku,
    parts:
      r.parts && r.parts.length > 0
        ? r.parts.map((p) => ({ sku: p.sku, perUnit: Number(p.perUnit) }))
        : [{ sku: r.sku, perUnit: 1 }],
  }));
}

/** What the order's open reservations hold outside open shipments, line by line. */
export async function freeHoldings(tx: Queryable, orderId: string): Promise<FreeHolding[]> {
  const { rows } = await tx.query<{
    line_no: number;
    reservation_id: string;
    sku: string;
    location: string;
    warehouse: string;
    warehouse_id: string;
    qty: number;
  }>(
    `SELECT olr.line_no, r.reservation_id, s.code AS sku, l.code AS location, w.code AS warehouse,
            w.location_id AS warehouse_id, (rl.qty - rl.posted_qty)::bigint AS qty
       FROM order_line_reservations olr
       JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
       JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
       JOIN skus s ON s.sku_id = rl.sku_id
       JOIN locations l ON l.location_id = rl.location_id
       JOIN locations w ON w.location_id = l.warehouse_id
      WHERE olr.order_id = $1 AND olr.shipment_id IS NULL
      ORDER BY olr.line_no, l.code, s.code`,
    [orderId],
  );
  return rows.map((r) => ({
    lineNo: r.line_no,
    reservationId: r.reservation_id,
    sku: r.sku,
    location: r.location,
    warehouse: r.warehouse,
    warehouseId: r.warehouse_id,
    qty: r.qty,
  }));
}

export interface SetAsideLine {
  lineNo: number;
  qty: number;
  /** What the shipment holds for the line, per (SKU, location). */
  pieces: { sku: string; location: string; qty: number }[];
  /** What stays held for the line outside the shipment. */
  remainder: { sku: string; location: string; qty: number }[];
}

/**
 * Splits the lines' holds: each line's free reservations are voided and held again as two reservations in
 * the same transaction (so no one else can take the units in between) — the shipment's pieces, and the
 * rest. The units move into the lines' in-fulfilment bucket. Returns each line's shipment reservation.
 */
export async function setAsideForShipment(
  tx: Queryable,
  ctx: Context,
  input: {
    order: Order;
    shipmentId: string;
    warehouse: string;
    lines: SetAsideLine[];
    holdings: FreeHolding[];
  },
): Promise<{ lineNo: number; qty: number; reservationId: string }[]> {
  // The order's own holds are rearranged wherever they are; the caller checked the shipment's warehouse.
  const inner: Context = { ...ctx, warehouseScope: null };
  const out: { lineNo: number; qty: number; reservationId: string }[] = [];
  for (const line of input.lines) {
    const ids = new Set(input.holdings.filter((h) => h.lineNo === line.lineNo).map((h) => h.reservationId));
    for (const id of ids) await voidInTransaction(tx, inner, id);
    const held = await reserveInTransaction(tx, inner, {
      lines: line.pieces,
      reference: `shipment ${input.shipmentId} order ${input.order.id} line ${line.lineNo}`,
    });
    await tx.query(
      'INSERT INTO order_line_reservations (order_id, line_no, reservation_id, shipment_id) VALUES ($1, $2, $3, $4)',
      [input.order.id, line.lineNo, held.id, input.shipmentId],
    );
    if (line.remainder.length > 0) {
      const rest = await reserveInTransaction(tx, inner, {
        lines: line.remainder,
        reference: `order ${input.order.id} line ${line.lineNo}`,
      });
      await tx.query(
        'INSERT INTO order_line_reservations (order_id, line_no, reservation_id) VALUES ($1, $2, $3)',
        [input.order.id, line.lineNo, rest.id],
      );
    }
    await tx.query(
      'UPDATE order_lines SET qty_in_fulfilment = qty_in_fulfilment + $3 WHERE order_id = $1 AND line_no = $2',
      [input.order.id, line.lineNo, line.qty],
    );
    out.push({ lineNo: line.lineNo, qty: line.qty, reservationId: held.id });
  }
  const status = await refreshStatus(tx, ctx, input.order.id);
  await recordOrderEvent(tx, ctx, input.order.id, {
    event: 'shipment_created',
    fromStatus: input.order.status,
    toStatus: status,
    details: {
      shipmentId: input.shipmentId,
      warehouse: input.warehouse,
      lines: input.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty })),
    },
  });
  return out;
}

export interface ShipmentUnits {
  shipmentId: string;
  warehouse: string;
  /** A line a short pick emptied has qty 0 and no hold (reservationId null): nothing to post or give back. */
  lines: { lineNo: number; qty: number; reservationId: string | null }[];
}

/**
 * A shipment left: its holds are posted to the warehouse's customer location (stock leaves the ledger's
 * bins), its units move from allocated to shipped, and `order.shipped` is written with the tracking.
 */
export async function recordShipped(
  tx: Queryable,
  ctx: Context,
  order: Order,
  shipment: ShipmentUnits & {
    carrier: string;
    service: string | null;
    trackingNumber: string | null;
    /** The parcels it left in (packed shipments), each with its SSCC and tracking number. */
    parcels?: { parcelNo: number; sscc: string; trackingNumber: string | null }[] | undefined;
  },
): Promise<OrderStatus> {
  const inner: Context = { ...ctx, warehouseScope: null };
  for (const line of shipment.lines) {
    if (line.reservationId === null) continue;
    await postInTransaction(tx, inner, line.reservationId, {
      reason: 'shipment',
      reference: `shipment ${shipment.shipmentId}`,
    });
  }
  await tx.query(
    `UPDATE order_lines ol
        SET qty_shipped = ol.qty_shipped + s.qty, qty_allocated = ol.qty_allocated - s.qty,
            qty_in_fulfilment = ol.qty_in_fulfilment - s.qty
       FROM unnest($2::int[], $3::bigint[]) AS s(line_no, qty)
      WHERE ol.order_id = $1 AND ol.line_no = s.line_no`,
    [order.id, shipment.lines.map((l) => l.lineNo), shipment.lines.map((l) => l.qty)],
  );
  const status = await refreshStatus(tx, ctx, order.id);
  const lines = shipment.lines.map((l) => ({
    lineNo: l.lineNo,
    sku: order.lines.find((x) => x.lineNo === l.lineNo)?.sku ?? null,
    qty: l.qty,
  }));
  const tracking = {
    carrier: shipment.carrier,
    service: shipment.service,
    trackingNumber: shipment.trackingNumber,
  };
  await recordOrderEvent(tx, ctx, order.id, {
    event: 'shipped',
    fromStatus: order.status,
    toStatus: status,
    details: { shipmentId: shipment.shipmentId, warehouse: shipment.warehouse, ...tracking, lines },
  });
  await emitEvents(tx, [
    {
      type: 'order.shipped',
      aggregateType: 'order',
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        channel: order.channel,
        externalId: order.externalId,
        status,
        shipmentId: shipment.shipmentId,
        warehouse: shipment.warehouse,
        ...tracking,
        lines,
        parcels: shipment.parcels ?? [],
      },
    },
  ]);
  return status;
}

/** A shipment was voided before it left: its holds go back to the order lines, still allocated. */
export async function recordShipmentVoided(
  tx: Queryable,
  ctx: Context,
  order: Order,
  shipment: ShipmentUnits,
  reason: string,
): Promise<OrderStatus> {
  await tx.query(
    'UPDATE order_line_reservations SET shipment_id = NULL WHERE order_id = $1 AND shipment_id = $2',
    [order.id, shipment.shipmentId],
  );
  await tx.query(
    `UPDATE order_lines ol SET qty_in_fulfilment = ol.qty_in_fulfilment - s.qty
       FROM unnest($2::int[], $3::bigint[]) AS s(line_no, qty)
      WHERE ol.order_id = $1 AND ol.line_no = s.line_no`,
    [order.id, shipment.lines.map((l) => l.lineNo), shipment.lines.map((l) => l.qty)],
  );
  const status = await refreshStatus(tx, ctx, order.id);
  await recordOrderEvent(tx, ctx, order.id, {
    event: 'shipment_voided',
    fromStatus: order.status,
    toStatus: status,
    reason,
    details: {
      shipmentId: shipment.shipmentId,
      lines: shipment.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty })),
    },
  });
  return status;
}

/** A carrier delivered a shipment; the order is delivered once everything shipped is. */
export async function recordDelivered(
  tx: Queryable,
  ctx: Context,
  order: Order,
  shipment: { shipmentId: string; deliveredAt: string },
): Promise<OrderStatus> {
  const status = await refreshStatus(tx, ctx, order.id);
  await recordOrderEvent(tx, ctx, order.id, {
    event: 'delivered',
    fromStatus: order.status,
    toStatus: status,
    details: shipment,
  });
  await emitEvents(tx, [
    {
      type: 'order.delivered',
      aggregateType: 'order',
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        channel: order.channel,
        externalId: order.externalId,
        status,
        shipmentId: shipment.shipmentId,
        deliveredAt: shipment.deliveredAt,
      },
    },
  ]);
  return status;
}

/**
 * A short pick took units off a shipment line for good (the bin did not have them and no other bin of the
 * warehouse could make up for them): they leave the line's in-fulfilment and allocated buckets and are
 * decided again for the order — allocated at another warehouse of the channel, or backordered — in one
 * decision, whatever warehouses the picker may see. The order's timeline says what happened.
 */
export async function recordShortPick(
  tx: Queryable,
  ctx: Context,
  order: Order,
  short: { shipmentId: string; lineNo: number; qty: number; sku: string; bin: string; pickTaskId: string },
): Promise<{ status: OrderStatus; allocation: AllocationDecision | null }> {
  await tx.query(
    `UPDATE order_lines SET qty_in_fulfilment = qty_in_fulfilment - $3, qty_allocated = qty_allocated - $3
      WHERE order_id = $1 AND line_no = $2`,
    [order.id, short.lineNo, short.qty],
  );
  const channel = await readChannel(tx, order.channel);
  const lines = await lockLines(tx, order.id);
  const shipTo = order.shipTo;
  const decision = await allocatePending(
    tx,
    { ...ctx, warehouseScope: null },
    {
      id: order.id,
      channel,
      destination: shipTo?.country ? { country: shipTo.country, region: shipTo.region } : null,
    },
    lines,
  );
  if (decision) {
    await tx.query('UPDATE orders SET allocation = $2::jsonb WHERE order_id = $1', [
      order.id,
      JSON.stringify({
        status: decision.status,
        warehouses: decision.warehouses,
        explanation: decision.explanation,
      }),
    ]);
  }
  const status = await refreshStatus(tx, ctx, order.id);
  await recordOrderEvent(tx, ctx, order.id, {
    event: 'short_pick',
    fromStatus: order.status,
    toStatus: status,
    reason: 'short_pick',
    details: {
      ...short,
      reallocated: decision
        ? { status: decision.status, warehouses: decision.warehouses, explanation: decision.explanation }
        : null,
    },
  });
  return { status, allocation: decision };
}
