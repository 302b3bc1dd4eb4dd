import type { Context } from '../../../db/index.js';
import { findShippingProfile } from '../db/packing.js';
import { readShipment, type ShipmentRecord } from '../db/shipments.js';
import { renderParcelLabelsPdf } from '../documents/label-pdf.js';
import { type LabelAddress, type ParcelLabel, renderParcelLabelZpl } from '../documents/label-zpl.js';
import { type PackingSlip, renderPackingSlipPdf } from '../documents/packing-slip-pdf.js';
import { shipmentNotOpen, shipmentNotPacked, shippingProfileMissing } from '../errors.js';

/** The order's ship_to jsonb (the orders module's Address). */
interface Address {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
}

const LABELLED = new Set(['packed', 'shipped', 'delivered']);

interface OrderHead {
  shipTo: Address | null;
  placedAt: string;
}

async function orderHead(ctx: Context, orderId: string): Promise<OrderHead> {
  const { rows } = await ctx.db.query<{ ship_to: Address | null; placed_at: Date }>(
    'SELECT ship_to, placed_at FROM orders WHERE order_id = $1',
    [orderId],
  );
  return { shipTo: rows[0]?.ship_to ?? null, placedAt: rows[0]?.placed_at.toISOString() ?? '' };
}

function labelAddress(a: Address): LabelAddress {
  return {
    name: a.name,
    company: a.company ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    region: a.region ?? null,
    postalCode: a.postalCode ?? null,
    country: a.country,
    phone: a.phone ?? null,
  };
}

const NO_ADDRESS: LabelAddress = { name: '(no address on the order)', line1: '', city: '', country: '' };

async function documentInputs(ctx: Context, shipment: ShipmentRecord) {
  const profile = await findShippingProfile(ctx.db, shipment.warehouseId);
  if (!profile) throw shippingProfileMissing(shipment.warehouse);
  const order = await orderHead(ctx, shipment.orderId);
  return { profile, order };
}

/**
 * One label per parcel of a packed (or shipped) shipment: ZPL for a thermal printer, or a PDF.
 * Errors: shipment_not_found (404); shipment_not_packed, shipping_profile_missing (409).
 */
export async function getShipmentLabels(
  ctx: Context,
  id: string,
  format: 'pdf' | 'zpl',
): Promise<{ contentType: string; filename: string; body: Buffer | string }> {
  const shipment = await readShipment(ctx.db, id, ctx.warehouseScope);
  if (!LABELLED.has(shipment.status) || shipment.parcels.length === 0) {
    throw shipmentNotPacked(id, shipment.status);
  }
  const { profile, order } = await documentInputs(ctx, shipment);
  const labels: ParcelLabel[] = shipment.parcels.map((p) => ({
    sscc: p.sscc,
    parcelNo: p.parcelNo,
    parcelCount: shipment.parcels.length,
    weightGrams: p.weightGrams,
    shipFrom: labelAddress(profile.address),
    shipTo: order.shipTo ? labelAddress(order.shipTo) : NO_ADDRESS,
    carrier: shipment.carrier ?? 'not booked yet',
    service: shipment.service,
    trackingNumber: p.trackingNumber ?? shipment.trackingNumber,
    orderRef: shipment.externalId,
    shipmentId: shipment.id,
    cartonType: p.cartonType,
    shippedAt: shipment.shippedAt,
    ssccPrefixLength: profile.gs1CompanyPrefix.length,
  }));
  if (format === 'zpl') {
    return {
      contentType: 'text/plain; charset=utf-8',
      filename: `label-${id}.zpl`,
      body: labels.map(renderParcelLabelZpl).join('\n'),
    };
  }
  return {
    contentType: 'application/pdf',
    filename: `label-${id}.pdf`,
    body: await renderParcelLabelsPdf(labels),
  };
}

/**
 * The packing slip that goes in the parcel: what the order asked for in this shipment, and (once packed)
 * which parcel holds what. Errors: shipment_not_found (404); shipment_not_open (409, voided);
 * shipping_profile_missing (409).
 */
export async function getPackingSlip(
  ctx: Context,
  id: string,
): Promise<{ contentType: string; filename: string; body: Buffer }> {
  const shipment = await readShipment(ctx.db, id, ctx.warehouseScope);
  if (shipment.status === 'voided') throw shipmentNotOpen(id, shipment.status);
  const { profile, order } = await documentInputs(ctx, shipment);
  const { rows } = await ctx.db.query<{ code: string; name: string; gtin: string | null }>(
    'SELECT code, name, gtin FROM skus WHERE code = ANY($1::text[])',
    [shipment.lines.map((l) => l.sku)],
  );
  const skus = new Map(rows.map((r) => [r.code, r]));
  const slip: PackingSlip = {
    shipmentId: shipment.id,
    orderRef: shipment.externalId,
    orderId: shipment.orderId,
    channel: shipment.channel,
    placedAt: order.placedAt,
    shipFrom: labelAddress(profile.address),
    shipTo: order.shipTo ? labelAddress(order.shipTo) : null,
    carrier: shipment.carrier,
    service: shipment.service,
    trackingNumber: shipment.trackingNumber,
    lines: shipment.lines
      .filter((l) => l.qty > 0)
      .map((l) => {
        const sku = skus.get(l.sku);
        const parcelNos = shipment.parcels
          .filter((p) => p.items.some((i) => i.sku === l.sku || l.pieces.some((x) => x.sku === i.sku)))
          .map((p) => p.parcelNo);
        return {
          sku: l.sku,
          name: sku?.name ?? l.sku,
          qty: l.qty,
          ...(sku?.gtin ? { gtin: sku.gtin } : {}),
          ...(parcelNos.length > 0 ? { parcelNos } : {}),
        };
      }),
    parcels: shipment.parcels.map((p) => ({
      parcelNo: p.parcelNo,
      sscc: p.sscc,
      weightGrams: p.weightGrams,
      cartonType: p.cartonType,
    })),
  };
  return {
    contentType: 'application/pdf',
    filename: `packing-slip-${id}.pdf`,
    body: await renderPackingSlipPdf(slip),
  };
}
