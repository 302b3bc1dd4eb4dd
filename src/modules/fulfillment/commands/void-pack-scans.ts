import { type Context, runCommand } from '../../../db/index.js';
import { lockShipmentOrder, readShipment } from '../db/shipments.js';
import { shipmentNotOpen } from '../errors.js';
import { type PackProgress, packProgress } from '../queries/packing.js';

/**
 * Starts the packing of an open shipment again (a dropped parcel, a mix-up): the counters go back to zero
 * and the station's claim is released. The scans themselves stay as history; the audit record says how
 * many units were set back. Errors: shipment_not_found (404); shipment_not_open (409).
 */
export async function voidPackScans(ctx: Context, id: string, input: { reason?: string | undefined }) {
  return runCommand(
    ctx,
    'fulfillment.void_pack_scans',
    { id, ...input },
    async (tx, audit): Promise<PackProgress> => {
      await lockShipmentOrder(tx, ctx, id);
      const before = await readShipment(tx, id, null);
      if (before.status !== 'open') throw shipmentNotOpen(id, before.status);
      const { rows } = await tx.query<{ n: number }>(
        `WITH reset AS (
           UPDATE shipment_pack_items SET qty_scanned = 0 WHERE shipment_id = $1 AND qty_scanned > 0
           RETURNING qty_scanned)
         SELECT (SELECT coalesce(sum(qty_scanned), 0) FROM shipment_pack_items WHERE shipment_id = $1)::bigint AS n`,
        [id],
      );
      await tx.query(
        `UPDATE shipments SET packing_by = NULL, packing_station = NULL WHERE shipment_id = $1 AND status = 'open'`,
        [id],
      );
      audit.record({
        targetType: 'shipment',
        targetId: id,
        before: {
          packingBy: before.packingBy,
          station: before.packingStation,
          unitsScanned: Number(rows[0]?.n ?? 0),
        },
        after: { packingBy: null, station: null, unitsScanned: 0 },
        reason: input.reason ?? null,
        warehouseIds: [before.warehouseId],
      });
      return packProgress(tx, await readShipment(tx, id, null));
    },
  );
}
