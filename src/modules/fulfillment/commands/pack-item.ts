import { type Context, runCommand } from '../../../db/index.js';
import { isDomainError } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { recordWarehouseException } from '../db/exceptions.js';
import { claimForPacking, ensurePackItems, identifyScan, packingClaim } from '../db/packing.js';
import { assertPickingDone } from '../db/picking.js';
import { lockShipmentOrder, readShipment } from '../db/shipments.js';
import { itemNotInShipment, overScan, shipmentBeingPacked, shipmentNotOpen, unknownItem } from '../errors.js';
import { type PackProgress, packProgress } from '../queries/packing.js';

export interface PackItemInput {
  /** What the scanner read: a SKU code, a GTIN, or a GS1 (01) element string. */
  code: string;
  qty?: number | undefined;
  parcel?: number | undefined;
  station?: string | undefined;
}

/** Mistakes a station records in warehouse_exceptions after refusing the scan. */
const RECORDED = new Set(['item_not_in_shipment', 'unknown_item', 'over_scan']);

/**
 * One scan at a pack station: the item goes into a parcel of the shipment. The first scan claims the
 * shipment for the packer and station (nobody else packs it until they finish or reset); a scan never
 * takes a SKU above what the shipment holds (guarded increment, backed by the table's CHECK). A refused
 * scan changes nothing; the mistake is then recorded on its own for the warehouse's dashboard.
 * Errors: shipment_not_found (404); shipment_not_open, picking_incomplete, shipment_being_packed,
 * over_scan (409); item_not_in_shipment, unknown_item (422).
 */
export async function packItem(ctx: Context, id: string, input: PackItemInput) {
  const qty = positiveQty(input.qty ?? 1, 'qty');
  const parcel = input.parcel ?? 1;
  const station = input.station ?? null;
  let warehouseId: string | null = null;
  try {
    return await runCommand(
      ctx,
      'fulfillment.pack_item',
      { id, ...input },
      async (tx, audit): Promise<PackProgress> => {
        await lockShipmentOrder(tx, ctx, id);
        const shipment = await readShipment(tx, id, null);
        warehouseId = shipment.warehouseId;
        if (shipment.status !== 'open') throw shipmentNotOpen(id, shipment.status);
        await assertPickingDone(tx, id);
        if (!(await claimForPacking(tx, id, ctx.actor.id, station))) {
          const claim = await packingClaim(tx, id);
          throw shipmentBeingPacked(id, claim.packingBy, claim.station);
        }
        const items = await ensurePackItems(tx, id);
        const { item, catalogSku } = await identifyScan(tx, input.code, items);
        if (!item) {
          throw catalogSku ? itemNotInShipment(id, input.code, catalogSku) : unknownItem(id, input.code);
        }
        const { rowCount } = await tx.query(
          `UPDATE shipment_pack_items SET qty_scanned = qty_scanned + $3
            WHERE shipment_id = $1 AND sku_id = $2 AND qty_scanned + $3 <= qty_required`,
          [id, item.skuId, qty],
        );
        if (rowCount === 0) throw overScan(id, item.sku, item.required, item.scanned, qty);
        const { rows } = await tx.query<{ scan_seq: number }>(
          `INSERT INTO shipment_pack_scans (shipment_id, scan_seq, sku_id, parcel_no, qty, code, scanned_by_kind, scanned_by)
           SELECT $1, coalesce(max(scan_seq), 0) + 1, $2, $3, $4, $5, $6, $7
             FROM shipment_pack_scans WHERE shipment_id = $1
           RETURNING scan_seq`,
          [id, item.skuId, parcel, qty, input.code, ctx.actor.kind, ctx.actor.id],
        );
        audit.record({
          targetType: 'shipment',
          targetId: id,
          after: { scanSeq: rows[0]!.scan_seq, sku: item.sku, qty, parcel, station, code: input.code },
          warehouseIds: [shipment.warehouseId],
        });
        return packProgress(tx, await readShipment(tx, id, null));
      },
    );
  } catch (e) {
    if (isDomainError(e) && RECORDED.has(e.code) && warehouseId !== null) {
      await recordWarehouseException(ctx.db, ctx, {
        kind: 'pack',
        warehouseId,
        code: e.code,
        shipmentId: id,
        scanned: input.code,
      });
    }
    throw e;
  }
}
