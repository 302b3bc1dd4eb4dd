import type { Context, Queryable } from '../../../db/index.js';
import { notFound } from '../../../kernel/errors.js';
import { resolveWarehouses } from '../../inventory/index.js';
import {
  type CarrierView,
  type CartonType,
  carrierView,
  findShippingProfile,
  listCarrierRecords,
  listCartonRecords,
  readPackItems,
  type ShippingProfile,
  scannedParcels,
} from '../db/packing.js';
import { readShipment, type ShipmentRecord } from '../db/shipments.js';
import type { Quote } from '../domain/carriers.js';
import { shipmentNotPacked } from '../errors.js';

export interface PackProgress {
  shipment: string;
  status: string;
  packingBy: string | null;
  station: string | null;
  items: { sku: string; name: string; required: number; scanned: number }[];
  /** Every unit scanned (and at least one unit to pack). */
  complete: boolean;
  parcels: { parcelNo: number; items: { sku: string; qty: number }[] }[];
}

/** What a pack station shows: per SKU required and scanned, and each parcel's content so far. */
export async function packProgress(tx: Queryable, shipment: ShipmentRecord): Promise<PackProgress> {
  const items = await readPackItems(tx, shipment.id);
  return {
    shipment: shipment.id,
    status: shipment.status,
    packingBy: shipment.packingBy,
    station: shipment.packingStation,
    items: items.map((i) => ({ sku: i.sku, name: i.name, required: i.required, scanned: i.scanned })),
    complete: items.length > 0 && items.every((i) => i.scanned === i.required),
    parcels:
      shipment.status === 'open'
        ? await scannedParcels(tx, shipment.id, items)
        : shipment.parcels.map((p) => ({ parcelNo: p.parcelNo, items: p.items })),
  };
}

/** Errors: shipment_not_found (404). */
export async function getPackProgress(ctx: Context, id: string): Promise<PackProgress> {
  return packProgress(ctx.db, await readShipment(ctx.db, id, ctx.warehouseScope));
}

/** Errors: unknown_warehouse (422), shipping_profile_not_found (404). */
export async function getShippingProfile(ctx: Context, warehouse: string): Promise<ShippingProfile> {
  const [wh] = await resolveWarehouses(ctx.db, [warehouse], {
    field: 'warehouse',
    scope: ctx.warehouseScope,
  });
  const profile = await findShippingProfile(ctx.db, wh!.id);
  if (!profile) {
    throw notFound(
      'shipping_profile_not_found',
      `Warehouse ${wh!.code} has no shipping profile yet; set it with PUT /v1/warehouses/${wh!.code}/shipping-profile.`,
      { warehouse: wh!.code },
    );
  }
  return profile;
}

export async function listCarriers(ctx: Context): Promise<{ items: CarrierView[] }> {
  return { items: (await listCarrierRecords(ctx.db)).map(carrierView) };
}

export async function listCartonTypes(ctx: Context): Promise<{ items: CartonType[] }> {
  return { items: await listCartonRecords(ctx.db) };
}

/**
 * What every rate-table carrier's services would charge for a packed shipment's parcels; a service that
 * cannot take a parcel (too heavy) is left out with its reason. Errors: shipment_not_found (404),
 * shipment_not_packed (409).
 */
export async function getShipmentRates(
  ctx: Context,
  id: string,
): Promise<{
  shipment: string;
  quotes: Quote[];
  unavailable: { carrier: string; service: string; code: string }[];
}> {
  const shipment = await readShipment(ctx.db, id, ctx.warehouseScope);
  if (shipment.status !== 'packed') throw shipmentNotPacked(id, shipment.status);
  const parcels = shipment.parcels.map((p) => ({
    weightGrams: p.weightGrams,
    ...(p.lengthMm !== null && p.widthMm !== null && p.heightMm !== null
      ? { lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm }
      : {}),
  }));
  const quotes: Quote[] = [];
  const unavailable: { carrier: string; service: string; code: string }[] = [];
  for (const carrier of await listCarrierRecords(ctx.db)) {
    if (carrier.kind !== 'rate_table') continue;
    for (const service of carrier.adapter.services()) {
      try {
        const quote = carrier.adapter.quote(service.code, parcels);
        if (quote) quotes.push(quote);
      } catch (e) {
        unavailable.push({
          carrier: carrier.code,
          service: service.code,
          code: (e as { code?: string }).code ?? 'error',
        });
      }
    }
  }
  quotes.sort((a, b) => a.priceMinor - b.priceMinor || a.carrier.localeCompare(b.carrier));
  return { shipment: id, quotes, unavailable };
}
