import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { type Order, recordShipmentVoided } from '../../orders/index.js';
import { releaseShipmentTasks } from '../db/picking.js';
import { lockShipmentOrder, readShipment } from '../db/shipments.js';
import { waveNotFound, waveNotOpen } from '../errors.js';
import { getWaveInTransaction, type Wave } from '../queries/picking.js';

/** Shipments that have left the warehouse: a cancelled wave keeps them as they are. */
const GONE = new Set(['shipped', 'delivered']);

/**
 * Cancels a wave released by mistake: every shipment of it still open or packed is voided with the reason
 * (its units go back to the order lines, still allocated at the same bins), its open pick tasks are
 * cancelled and what was already picked is marked to be put back. Shipments already shipped stay shipped
 * and are listed in `kept`; the wave then keeps its picking status, otherwise it ends cancelled.
 *
 * The orders are locked first, all of them, in shipment-id order, before anything is written: two cancels
 * of one wave, or a cancel and a pick of one of its orders (order lock, then the wave's row when the list is
 * settled), take their locks in one order and cannot deadlock. Each shipment is voided by a guarded update,
 * so it is voided once however many cancels race.
 * Errors: wave_not_found (404, also outside the caller's warehouses); wave_not_open (409: already
 * cancelled, or no shipment left open or packed).
 */
export async function cancelWave(ctx: Context, id: string, input: { reason: string }) {
  return runCommand(ctx, 'fulfillment.cancel_wave', { id, ...input }, async (tx, audit): Promise<Wave> => {
    const wave = await readWave(tx, id, ctx.warehouseScope);
    if (wave.status === 'cancelled') throw waveNotOpen(id, wave.status, []);
    const { rows: shipments } = await tx.query<{ shipment_id: string }>(
      'SELECT shipment_id FROM shipments WHERE wave_id = $1 ORDER BY shipment_id',
      [id],
    );
    const orders = new Map<string, Order>();
    for (const s of shipments) orders.set(s.shipment_id, await lockShipmentOrder(tx, ctx, s.shipment_id));

    const voided: string[] = [];
    const left: { id: string; status: string }[] = [];
    const seen = new Set<string>();
    for (const { shipment_id: shipmentId } of shipments) {
      let order = orders.get(shipmentId)!;
      // A second shipment of an order already changed here: its status moved on, read it again.
      if (seen.has(order.id)) order = await lockShipmentOrder(tx, ctx, shipmentId);
      const { rows } = await tx.query<{ shipment_id: string }>(
        `UPDATE shipments SET status = 'voided', voided_at = now(), voided_by = $2, void_reason = $3
            WHERE shipment_id = $1 AND status IN ('open', 'packed') RETURNING shipment_id`,
        [shipmentId, ctx.actor.id, input.reason],
      );
      const shipment = await readShipment(tx, shipmentId, null);
      if (rows.length === 0) {
        left.push({ id: shipmentId, status: shipment.status });
        continue;
      }
      await releaseShipmentTasks(tx, shipmentId);
      await recordShipmentVoided(
        tx,
        ctx,
        order,
        { shipmentId, warehouse: shipment.warehouse, lines: shipment.lines },
        input.reason,
      );
      seen.add(order.id);
      voided.push(shipmentId);
    }
    if (voided.length === 0) throw waveNotOpen(id, wave.status, left);

    const kept = left.filter((s) => GONE.has(s.status));
    if (kept.length === 0) {
      // Settling the lists may have called the wave picked (tasks picked, then to be put back): a
      // cancelled wave says cancelled, and settlePickLists leaves a cancelled wave alone from now on.
      await tx.query(
        `UPDATE waves SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, completed_at = NULL
            WHERE wave_id = $1 AND status <> 'cancelled'`,
        [id, ctx.actor.id],
      );
    }
    const after = await getWaveInTransaction(tx, id, null);
    audit.record({
      targetType: 'wave',
      targetId: id,
      before: { status: wave.status },
      after: { status: after.status, voided, kept: kept.map((s) => s.id) },
      reason: input.reason,
      warehouseIds: [wave.warehouseId],
    });
    const byId = new Map(after.shipments.map((s) => [s.id, s]));
    return {
      ...after,
      voided,
      kept: kept.map((s) => {
        const shipment = byId.get(s.id)!;
        return { id: s.id, orderId: shipment.orderId, status: shipment.status };
      }),
    };
  });
}

/** The wave's status and warehouse, within the caller's warehouses. Errors: wave_not_found (404). */
async function readWave(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<{ status: string; warehouseId: string }> {
  const { rows } = await tx.query<{ status: string; warehouse_id: string }>(
    `SELECT status, warehouse_id FROM waves
      WHERE wave_id = $1 AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
    [id, scope],
  );
  if (!rows[0]) throw waveNotFound(id);
  return { status: rows[0].status, warehouseId: rows[0].warehouse_id };
}
