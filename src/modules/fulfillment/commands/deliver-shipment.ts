import { type Context, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { recordDelivered } from '../../orders/index.js';
import { lockShipmentOrder, readShipment, type Shipment } from '../db/shipments.js';

/**
 * Records that a carrier delivered a shipment (from a tracking update, or by hand). The order is delivered
 * once everything it shipped is. Errors: shipment_not_found (404); shipment_not_shipped (409);
 * delivered_before_shipped, delivered_in_future (422).
 */
export async function deliverShipment(ctx: Context, id: string, input: { deliveredAt?: string | undefined }) {
  return runCommand(
    ctx,
    'fulfillment.deliver_shipment',
    { id, ...input },
    async (tx, audit): Promise<Shipment> => {
      const order = await lockShipmentOrder(tx, ctx, id);
      const { rows } = await tx.query<{ delivered_at: Date }>(
        `UPDATE shipments SET status = 'delivered', delivered_at = coalesce($2::timestamptz, now()), delivered_by = $3
        WHERE shipment_id = $1 AND status = 'shipped'
          AND coalesce($2::timestamptz, now()) BETWEEN shipped_at AND now()
        RETURNING delivered_at`,
        [id, input.deliveredAt ?? null, ctx.actor.id],
      );
      const shipment = await readShipment(tx, id, null);
      const deliveredAt = rows[0]?.delivered_at;
      if (!deliveredAt) {
        if (shipment.status !== 'shipped') {
          throw conflict(
            'shipment_not_shipped',
            `Shipment ${id} is ${shipment.status}; only a shipped one can be delivered.`,
            {
              status: shipment.status,
            },
          );
        }
        const at = new Date(input.deliveredAt ?? Date.now());
        if (at.getTime() < new Date(shipment.shippedAt!).getTime()) {
          throw unprocessable(
            'delivered_before_shipped',
            `Shipment ${id} left at ${shipment.shippedAt}; it cannot arrive before.`,
            {
              field: 'deliveredAt',
              shippedAt: shipment.shippedAt,
            },
          );
        }
        throw unprocessable('delivered_in_future', 'The delivery time is in the future.', {
          field: 'deliveredAt',
        });
      }
      const status = await recordDelivered(tx, ctx, order, {
        shipmentId: id,
        deliveredAt: deliveredAt.toISOString(),
      });
      audit.record({
        targetType: 'shipment',
        targetId: id,
        before: { status: 'shipped' },
        after: { status: 'delivered', deliveredAt: deliveredAt.toISOString(), orderStatus: status },
        warehouseIds: [shipment.warehouseId],
      });
      return shipment;
    },
  );
}
