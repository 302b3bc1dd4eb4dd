import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the transfers module (transfer orders between warehouses).
 * 404: transfer_order_not_found (also for an order outside the caller's warehouses).
 * 409: transfer_order_not_requested (ship, cancel), transfer_order_not_in_transit (receive);
 *      insufficient_stock from inventory.
 * 422: same_warehouse, unknown_warehouse, duplicate_sku, unknown_line, duplicate_line, ship_exceeds_request,
 *      nothing_to_ship, nothing_to_receive, over_receipt, damaged_exceeds_qty, wrong_warehouse,
 *      no_quarantine_location, location_not_quarantine, no_destination_location; unknown_sku,
 *      unknown_location, location_not_physical, location_archived from inventory and catalog.
 */
export const transferOrderNotFound = (id: string) =>
  notFound('transfer_order_not_found', `No transfer order ${id}.`, { transferOrder: id });

export const transferOrderNotRequested = (id: string, status: string, action: string) =>
  conflict(
    'transfer_order_not_requested',
    `Transfer order ${id} is ${status}; only a requested transfer order can be ${action}.`,
    { transferOrder: id, status },
  );

export const transferOrderNotInTransit = (id: string, status: string) =>
  conflict(
    'transfer_order_not_in_transit',
    status === 'requested'
      ? `Transfer order ${id} has not been shipped yet; ship it before receiving.`
      : `Transfer order ${id} is ${status}; nothing of it is in transit any more.`,
    { transferOrder: id, status },
  );

export const sameWarehouse = (code: string) =>
  unprocessable(
    'same_warehouse',
    `A transfer order goes between two warehouses; from and to are both ${code}.`,
    {
      from: code,
      to: code,
    },
  );

export const unknownLine = (id: string, lineNo: number, field: string) =>
  unprocessable('unknown_line', `Transfer order ${id} has no line ${lineNo}.`, {
    transferOrder: id,
    lineNo,
    field,
  });

export const duplicateLine = (lineNo: number, field: string) =>
  unprocessable('duplicate_line', `Line ${lineNo} is named twice; give each line once.`, { lineNo, field });

export const wrongWarehouse = (location: string, warehouse: string, field: string) =>
  unprocessable('wrong_warehouse', `${location} is not in ${warehouse}; name a location of ${warehouse}.`, {
    location,
    warehouse,
    field,
  });

registerConstraintErrors({
  transfer_orders_warehouses_check: () =>
    unprocessable('same_warehouse', 'A transfer order goes between two different warehouses.'),
  transfer_order_lines_sku_key: () =>
    unprocessable('duplicate_sku', 'Each SKU may appear on one line of a transfer order only.'),
  transfer_order_lines_progress_check: () =>
    unprocessable(
      'over_receipt',
      'A transfer order line cannot receive or lose more than was shipped, nor ship more than was requested.',
    ),
});
