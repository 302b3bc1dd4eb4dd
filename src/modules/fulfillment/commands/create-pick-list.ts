import { type Context, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { createPickLists } from '../db/picking.js';
import { lockShipmentOrder, readShipment } from '../db/shipments.js';
import { shipmentNotOpen } from '../errors.js';
import { getPickListInTransaction, type PickList } from '../queries/picking.js';

export interface CreatePickListInput {
  /** Open shipments of one warehouse, not yet on a pick list. */
  shipments: string[];
  /** single: one order (the default for one shipment); batch: the orders together, each in its tote. */
  kind?: 'single' | 'batch' | undefined;
}

/**
 * A pick list outside waves: for one shipment (single-order picking) or several picked together into totes
 * (batch), its tasks in walking order. Errors: shipment_not_found (404); shipment_not_open,
 * shipment_already_on_pick_list (409); mixed_warehouses, invalid_request (422).
 */
export async function createPickList(ctx: Context, input: CreatePickListInput) {
  const ids = [...new Set(input.shipments)];
  if (ids.length === 0 || ids.length > 50) {
    throw unprocessable('invalid_request', 'Name 1 to 50 shipments.', { field: 'shipments' });
  }
  const kind = input.kind ?? (ids.length === 1 ? 'single' : 'batch');
  if (kind === 'single' && ids.length > 1) {
    throw unprocessable('invalid_request', 'A single-order pick list takes one shipment; use kind "batch".', {
      field: 'kind',
    });
  }
  return runCommand(ctx, 'fulfillment.create_pick_list', input, async (tx, audit): Promise<PickList> => {
    // Orders are locked in one fixed order (by shipment id) so that two such lists cannot deadlock.
    const warehouses = new Set<string>();
    let warehouseId = '';
    for (const id of [...ids].sort()) {
      await lockShipmentOrder(tx, ctx, id);
      const s = await readShipment(tx, id, null);
      if (s.status !== 'open') throw shipmentNotOpen(id, s.status);
      warehouses.add(s.warehouse);
      warehouseId = s.warehouseId;
    }
    if (warehouses.size > 1) {
      throw unprocessable(
        'mixed_warehouses',
        'A pick list covers one warehouse; these shipments leave from several.',
        {
          warehouses: [...warehouses].sort(),
        },
      );
    }
    const { rows: listed } = await tx.query<{ shipment_id: string }>(
      `SELECT DISTINCT shipment_id FROM pick_tasks WHERE shipment_id = ANY($1::text[]) AND status <> 'cancelled'`,
      [ids],
    );
    if (listed.length > 0) {
      throw conflict(
        'shipment_already_on_pick_list',
        `Shipment(s) ${listed.map((r) => r.shipment_id).join(', ')} are already on a pick list.`,
        { shipments: listed.map((r) => r.shipment_id) },
      );
    }
    const [list] = await createPickLists(tx, ctx, {
      warehouseId,
      waveId: null,
      kind,
      ordersPerList: ids.length,
      shipmentIds: ids,
    });
    audit.record({
      targetType: 'pick_list',
      targetId: list!.id,
      after: { status: 'open', kind, shipments: ids, tasks: list!.tasks },
      warehouseIds: [warehouseId],
    });
    return getPickListInTransaction(tx, list!.id, null);
  });
}
