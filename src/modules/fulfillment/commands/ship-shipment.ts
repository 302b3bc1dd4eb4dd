import { type Context, runCommand } from '../../../db/index.js';
import { assertNotOnHold, recordShipped } from '../../orders/index.js';
import { findCarrier, readPackItems } from '../db/packing.js';
import { assertPickingDone } from '../db/picking.js';
import { lockShipmentOrder, readShipment, type Shipment } from '../db/shipments.js';
import { packingIncomplete, shipmentNotOpen, shipmentNotPacked } from '../errors.js';

export interface ShipShipmentInput {
  carrier: string;
  service?: string | undefined;
  trackingNumber?: string | undefined;
}

/**
 * Confirms that a shipment left: once, guarded by its status (open, or packed into parcels). Its held
 * units are posted from their bins to the warehouse's customer location, the order lines' units move from
 * allocated to shipped, the order becomes partially shipped or shipped, and `order.shipped` carries the
 * tracking (and the parcels) to the channel. A carrier known by its code with a rate table prices the
 * parcels and numbers them from their SSCCs; any other carrier is free text with the tracking as typed.
 * Errors: shipment_not_found (404); shipment_not_open, order_on_hold, picking_incomplete,
 * packing_incomplete (scanning started, not packed), shipment_not_packed (a rate-table carrier needs
 * parcels) (409); unknown_service, parcel_too_heavy (422).
 */
export async function shipShipment(ctx: Context, id: string, input: ShipShipmentInput) {
  return runCommand(
    ctx,
    'fulfillment.ship_shipment',
    { id, ...input },
    async (tx, audit): Promise<Shipment> => {
      const order = await lockShipmentOrder(tx, ctx, id);
      const before = await readShipment(tx, id, null);
      if (before.status !== 'open' && before.status !== 'packed') throw shipmentNotOpen(id, before.status);
      await assertPickingDone(tx, id);
      if (before.status === 'open') {
        const items = await readPackItems(tx, id);
        if (items.some((i) => i.scanned > 0)) {
          throw packingIncomplete(
            id,
            items
              .filter((i) => i.scanned < i.required)
              .map((i) => ({ sku: i.sku, required: i.required, scanned: i.scanned })),
          );
        }
      }
      const known = await findCarrier(tx, input.carrier);
      let carrier = input.carrier;
      let tracking = input.trackingNumber ?? null;
      let price: { minor: number; currency: string } | null = null;
      let parcels = before.parcels.map((p) => ({
        parcelNo: p.parcelNo,
        sscc: p.sscc,
        trackingNumber: tracking,
        priceMinor: null as number | null,
      }));
      if (known?.kind === 'rate_table') {
        if (before.parcels.length === 0) throw shipmentNotPacked(id, before.status);
        const service = input.service ?? '';
        const quote = known.adapter.quote(
          service,
          before.parcels.map((p) => ({
            weightGrams: p.weightGrams,
            ...(p.lengthMm !== null && p.widthMm !== null && p.heightMm !== null
              ? { lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm }
              : {}),
          })),
        )!;
        carrier = known.code;
        price = { minor: quote.priceMinor, currency: quote.currency };
        parcels = before.parcels.map((p, i) => ({
          parcelNo: p.parcelNo,
          sscc: p.sscc,
          trackingNumber: known.adapter.trackingNumber({ service, sscc: p.sscc, parcelNo: p.parcelNo }),
          priceMinor: quote.parcels[i]!.priceMinor,
        }));
        tracking = input.trackingNumber ?? parcels[0]!.trackingNumber;
      }
      const { rows } = await tx.query<{ shipment_id: string }>(
        `UPDATE shipments SET status = 'shipped', carrier = $2, service = $3, tracking_number = $4, shipped_at = now(),
              shipped_by = $5, shipping_price_minor = $6, shipping_currency = $7
        WHERE shipment_id = $1 AND status IN ('open', 'packed') RETURNING shipment_id`,
        [
          id,
          carrier,
          input.service ?? null,
          tracking,
          ctx.actor.id,
          price?.minor ?? null,
          price?.currency ?? null,
        ],
      );
      if (rows.length === 0) throw shipmentNotOpen(id, (await readShipment(tx, id, null)).status);
      if (parcels.length > 0) {
        await tx.query(
          `UPDATE shipment_parcels sp SET tracking_number = p.tracking_number, price_minor = p.price_minor
             FROM unnest($2::int[], $3::text[], $4::bigint[]) AS p(parcel_no, tracking_number, price_minor)
            WHERE sp.shipment_id = $1 AND sp.parcel_no = p.parcel_no`,
          [
            id,
            parcels.map((p) => p.parcelNo),
            parcels.map((p) => p.trackingNumber),
            parcels.map((p) => p.priceMinor),
          ],
        );
      }
      assertNotOnHold(order);
      const shipment = await readShipment(tx, id, null);
      const status = await recordShipped(tx, ctx, order, {
        shipmentId: id,
        warehouse: shipment.warehouse,
        lines: shipment.lines,
        carrier,
        service: input.service ?? null,
        trackingNumber: tracking,
        parcels: parcels.map((p) => ({
          parcelNo: p.parcelNo,
          sscc: p.sscc,
          trackingNumber: p.trackingNumber,
        })),
      });
      audit.record({
        targetType: 'shipment',
        targetId: id,
        before: { status: before.status },
        after: {
          status: 'shipped',
          carrier,
          service: input.service ?? null,
          trackingNumber: tracking,
          ...(price ? { shippingPriceMinor: price.minor, shippingCurrency: price.currency } : {}),
          ...(parcels.length > 0
            ? { parcels: parcels.map((p) => ({ parcelNo: p.parcelNo, trackingNumber: p.trackingNumber })) }
            : {}),
          orderStatus: status,
        },
        reason: 'shipment',
        warehouseIds: [shipment.warehouseId],
      });
      return shipment;
    },
  );
}
