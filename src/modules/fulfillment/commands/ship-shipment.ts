import { type Context, runCommand } from '../../../db/index.js';
import { assertNotOnHold, recordShipped } from '../../orders/index.js';
import { lockShipmentOrder, readShipment, type Shipment } from '../db/shipments.js';
import { shipmentNotOpen } from '../errors.js';

export interface ShipShipmentInput {
  carrier: string;
  service?: string | undefined;
  trackingNumber?: string | undefined;
}

/**
 * Confirms that a shipment left: once, guarded by its status. Its held units are posted from their bins
 * to the warehouse's customer location, the order lines' units move from allocated to shipped, the order
 * becomes partially shipped or shipped, and `order.shipped` carries the tracking to the channel.
 * Errors: shipment_not_found (404); shipment_not_open, order_on_hold (409).
 */
export async function shipShipment(ctx: Context, id: string, input: ShipShipmentInput) {
  return runCommand(
    ctx,
    'fulfillment.ship_shipment',
    { id, ...input },
    async (tx, audit): Promise<Shipment> => {
      const order = await lockShipmentOrder(tx, ctx, id);
      const { rows } = await tx.query<{ shipment_id: string }>(
        `UPDATE shipments SET status = 'shipped', carrier = $2, service = $3, tracking_number = $4, shipped_at = now(),
              shipped_by = $5
        WHERE shipment_id = $1 AND status = 'open' RETURNING shipment_id`,
        [id, input.carrier, input.service ?? null, input.trackingNumber ?? null, ctx.actor.id],
      );
      if (rows.length === 0) {
        const current = await readShipment(tx, id, null);
        throw shipmentNotOpen(id, current.status);
      }
      assertNotOnHold(order);
      const shipment = await readShipment(tx, id, null);
      const status = await recordShipped(tx, ctx, order, {
        shipmentId: id,
        warehouse: shipment.warehouse,
        lines: shipment.lines,
        carrier: input.carrier,
        service: input.service ?? null,
        trackingNumber: input.trackingNumber ?? null,
      });
      audit.record({
        targetType: 'shipment',
        targetId: id,
        before: { status: 'open' },
        after: {
          status: 'shipped',
          carrier: input.carrier,
          service: input.service ?? null,
          trackingNumber: input.trackingNumber ?? null,
          orderStatus: status,
        },
        reason: 'shipment',
        warehouseIds: [shipment.warehouseId],
      });
      return shipment;
    },
  );
}
