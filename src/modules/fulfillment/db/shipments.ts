import type { Context, Queryable } from '../../../db/index.js';
import { lockOrderForShipment, type Order } from '../../orders/index.js';
import { shipmentNotFound } from '../errors.js';

export type ShipmentStatus = 'open' | 'packed' | 'shipped' | 'delivered' | 'voided';

/** A parcel of a packed shipment: its SSCC, carton, weight, content, and (once shipped) tracking and price. */
export interface ShipmentParcel {
  parcelNo: number;
  sscc: string;
  cartonType: string | null;
  weightGrams: number;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  trackingNumber: string | null;
  priceMinor: number | null;
  items: { sku: string; qty: number }[];
}

export interface Shipment {
  id: string;
  orderId: string;
  channel: string;
  externalId: string;
  warehouse: string;
  status: ShipmentStatus;
  carrier: string | null;
  service: string | null;
  trackingNumber: string | null;
  waveId: string | null;
  tote: string | null;
  /** Who claimed the shipment at a pack station (first scan), and which station. */
  packingBy: string | null;
  packingStation: string | null;
  packedAt: string | null;
  packedBy: string | null;
  shippingPriceMinor: number | null;
  shippingCurrency: string | null;
  parcels: ShipmentParcel[];
  /** Each order line's units in the parcel and the bins they are held at (kits: their components). */
  lines: {
    lineNo: number;
    sku: string;
    qty: number;
    /** Null when a short pick emptied the line (qty 0, no hold left). */
    reservationId: string | null;
    pieces: { sku: string; location: string; qty: number }[];
  }[];
  createdAt: string;
  createdBy: string;
  shippedAt: string | null;
  shippedBy: string | null;
  deliveredAt: string | null;
  deliveredBy: string | null;
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export interface ShipmentRow {
  shipment_id: string;
  order_id: string;
  channel: string;
  external_id: string;
  warehouse: string;
  warehouse_id: string;
  status: ShipmentStatus;
  carrier: string | null;
  service: string | null;
  tracking_number: string | null;
  wave_id: string | null;
  tote: string | null;
  packing_by: string | null;
  packing_station: string | null;
  packed_at: Date | null;
  packed_by: string | null;
  shipping_price_minor: number | null;
  shipping_currency: string | null;
  parcels: ShipmentParcel[] | null;
  created_at: Date;
  created_by: string;
  shipped_at: Date | null;
  shipped_by: string | null;
  delivered_at: Date | null;
  delivered_by: string | null;
  voided_at: Date | null;
  voided_by: string | null;
  void_reason: string | null;
  lines: Shipment['lines'] | null;
}

export const SHIPMENT_SELECT = `
  SELECT sh.shipment_id, sh.order_id, c.code AS channel, o.external_id, w.code AS warehouse, sh.warehouse_id, sh.status,
         sh.carrier, sh.service, sh.tracking_number, sh.created_at, sh.created_by, sh.shipped_at, sh.shipped_by,
         sh.delivered_at, sh.delivered_by, sh.voided_at, sh.voided_by, sh.void_reason,
         sh.wave_id, sh.tote, sh.packing_by, sh.packing_station, sh.packed_at, sh.packed_by,
         sh.shipping_price_minor, sh.shipping_currency,
         (SELECT json_agg(json_build_object(
                   'parcelNo', p.parcel_no, 'sscc', p.sscc, 'cartonType', p.carton_type,
                   'weightGrams', p.weight_grams, 'lengthMm', p.length_mm, 'widthMm', p.width_mm,
                   'heightMm', p.height_mm, 'trackingNumber', p.tracking_number, 'priceMinor', p.price_minor,
                   'items', p.items) ORDER BY p.parcel_no)
            FROM shipment_parcels p WHERE p.shipment_id = sh.shipment_id) AS parcels,
         (SELECT json_agg(json_build_object(
                   'lineNo', sl.line_no, 'sku', s.code, 'qty', sl.qty, 'reservationId', sl.reservation_id,
                   'pieces', (SELECT json_agg(json_build_object('sku', ps.code, 'location', pl.code, 'qty', rl.qty)
                                              ORDER BY pl.code, ps.code)
                                FROM reservation_lines rl JOIN skus ps ON ps.sku_id = rl.sku_id
                                JOIN locations pl ON pl.location_id = rl.location_id
                               WHERE rl.reservation_id = sl.reservation_id)) ORDER BY sl.line_no)
            FROM shipment_lines sl JOIN order_lines ol ON ol.order_id = sl.order_id AND ol.line_no = sl.line_no
            JOIN skus s ON s.sku_id = ol.sku_id
           WHERE sl.shipment_id = sh.shipment_id) AS lines
    FROM shipments sh
    JOIN orders o ON o.order_id = sh.order_id
    JOIN channels c ON c.channel_id = o.channel_id
    JOIN locations w ON w.location_id = sh.warehouse_id`;

/** A shipment is visible to a principal scoped to warehouses when it leaves one of them. */
export const shipmentInScope = (param: string) =>
  `(${param}::text[] IS NULL OR sh.warehouse_id = ANY(${param}::text[]))`;

export function toShipment(r: ShipmentRow): Shipment {
  return {
    id: r.shipment_id,
    orderId: r.order_id,
    channel: r.channel,
    externalId: r.external_id,
    warehouse: r.warehouse,
    status: r.status,
    carrier: r.carrier,
    service: r.service,
    trackingNumber: r.tracking_number,
    waveId: r.wave_id,
    tote: r.tote,
    packingBy: r.packing_by,
    packingStation: r.packing_station,
    packedAt: r.packed_at?.toISOString() ?? null,
    packedBy: r.packed_by,
    shippingPriceMinor: r.shipping_price_minor === null ? null : Number(r.shipping_price_minor),
    shippingCurrency: r.shipping_currency,
    parcels: (r.parcels ?? []).map((p) => ({
      ...p,
      priceMinor: p.priceMinor === null ? null : Number(p.priceMinor),
      items: p.items.map((i) => ({ sku: i.sku, qty: Number(i.qty) })),
    })),
    lines: (r.lines ?? []).map((l) => ({ ...l, qty: Number(l.qty), pieces: l.pieces ?? [] })),
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    shippedAt: r.shipped_at?.toISOString() ?? null,
    shippedBy: r.shipped_by,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    deliveredBy: r.delivered_by,
    voidedAt: r.voided_at?.toISOString() ?? null,
    voidedBy: r.voided_by,
    voidReason: r.void_reason,
  };
}

/** A shipment with its warehouse's id (for audit records; not part of the API's shape). */
export type ShipmentRecord = Shipment & { warehouseId: string };

/** Errors: shipment_not_found (404), also outside the caller's warehouses. */
export async function readShipment(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<ShipmentRecord> {
  const { rows } = await tx.query<ShipmentRow>(
    `${SHIPMENT_SELECT} WHERE sh.shipment_id = $1 AND ${shipmentInScope('$2')}`,
    [id, scope],
  );
  if (!rows[0]) throw shipmentNotFound(id);
  return { ...toShipment(rows[0]), warehouseId: rows[0].warehouse_id };
}

/** The order a shipment belongs to, for taking the order's lock first (404 outside the caller's scope). */
async function shipmentOrderId(tx: Queryable, id: string, scope: readonly string[] | null): Promise<string> {
  const { rows } = await tx.query<{ order_id: string }>(
    `SELECT sh.order_id FROM shipments sh WHERE sh.shipment_id = $1 AND ${shipmentInScope('$2')}`,
    [id, scope],
  );
  if (!rows[0]) throw shipmentNotFound(id);
  return rows[0].order_id;
}

/**
 * Locks the order a shipment belongs to, the order's lock first like every change of the order. The
 * shipment's warehouse is the scope check (404 outside the caller's warehouses); the order is then read
 * whole. Errors: shipment_not_found (404).
 */
export async function lockShipmentOrder(tx: Queryable, ctx: Context, id: string): Promise<Order> {
  const orderId = await shipmentOrderId(tx, id, ctx.warehouseScope);
  return lockOrderForShipment(tx, { ...ctx, warehouseScope: null }, orderId);
}
