import { type Context, runCommand } from '../../../db/index.js';
import { recordShipmentVoided } from '../../orders/index.js';
import { releaseShipmentTasks } from '../db/picking.js';
import { lockShipmentOrder, readShipment, type Shipment } from '../db/shipments.js';
import { shipmentNotOpen } from '../errors.js';

/**
 * Voids a shipment before it leaves (open or packed): its held units go back to the order lines, still
 * allocated at the same bins (nothing is released to other orders), and can be shipped again or cancelled.
 * Its open pick tasks are cancelled (what was picked is to be put back); its parcels stay as history and
 * their SSCCs are never issued again.
 * Errors: shipment_not_found (404); shipment_not_open (409).
 */
export async function voidShipment(ctx: Context, id: string, input: { reason: string }) {
  return runCommand(
    ctx,
    'fulfillment.void_shipment',
    { id, ...input },
    async (tx, audit): Promise<Shipment> => {
      const order = await lockShipmentOrder(tx, ctx, id);
      const before = await readShipment(tx, id, null);
      const { rows } = await tx.query<{ shipment_id: string }>(
        `UPDATE shipments SET status = 'voided', voided_at = now(), voided_by = $2, void_reason = $3
        WHERE shipment_id = $1 AND status IN ('open', 'packed') RETURNING shipment_id`,
        [id, ctx.actor.id, input.reason],
      );
      const shipment = await readShipment(tx, id, null);
      if (rows.length === 0) throw shipmentNotOpen(id, shipment.status);
      await releaseShipmentTasks(tx, id);
      const status = await recordShipmentVoided(
        tx,
        ctx,
        order,
        { shipmentId: id, warehouse: shipment.warehouse, lines: shipment.lines },
        input.reason,
      );
      audit.record({
        targetType: 'shipment',
        targetId: id,
        before: { status: before.status },
        after: { status: 'voided', orderStatus: status },
        reason: input.reason,
        warehouseIds: [shipment.warehouseId],
      });
      return shipment;
    },
  );
}
