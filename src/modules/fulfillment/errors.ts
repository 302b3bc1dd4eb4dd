import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the fulfillment module.
 * 404: shipment_not_found.
 * 409: shipment_not_open, shipment_not_shipped, nothing_to_ship, order_on_hold, order_not_open.
 * 422: warehouse_required, unknown_warehouse, unknown_line, shipment_exceeds_allocated,
 *      delivered_before_shipped.
 */
export const shipmentNotFound = (id: string) =>
  notFound('shipment_not_found', `No shipment ${id}.`, { shipment: id });

export const shipmentNotOpen = (id: string, status: string) =>
  conflict(
    'shipment_not_open',
    `Shipment ${id} is ${status}; only an open shipment can be shipped or voided.`,
    {
      shipment: id,
      status,
    },
  );

export const nothingToShip = (orderId: string, warehouse?: string) =>
  conflict(
    'nothing_to_ship',
    warehouse
      ? `Order ${orderId} has no allocated units at ${warehouse} outside other shipments.`
      : `Order ${orderId} has no allocated units outside other shipments.`,
    { order: orderId, ...(warehouse ? { warehouse } : {}) },
  );

export const warehouseRequired = (orderId: string, warehouses: string[]) =>
  unprocessable(
    'warehouse_required',
    `Order ${orderId} is allocated in several warehouses (${warehouses.join(', ')}); say which one ships.`,
    { field: 'warehouse', warehouses },
  );
