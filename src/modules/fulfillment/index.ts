/**
 * Fulfillment: shipments — the units of an order that leave one warehouse together — from being set aside
 * to shipped (stock posted to the customer) and delivered, or voided. The order side (line buckets,
 * status, timeline, `order.shipped`) is the orders module's, called in the same transaction.
 */
import './errors.js';

export { registerPackingCommands } from './cli/packing.js';
export { registerPickingCommands } from './cli/picking.js';
export { registerShipmentCommands } from './cli/shipments.js';
export { confirmPickTask } from './commands/confirm-pick-task.js';
export { createPickList } from './commands/create-pick-list.js';
export { type CreateShipmentInput, createShipment } from './commands/create-shipment.js';
export { type CreateWaveInput, createWave } from './commands/create-wave.js';
export { deliverShipment } from './commands/deliver-shipment.js';
export { shipShipment } from './commands/ship-shipment.js';
export { voidShipment } from './commands/void-shipment.js';
export type { Shipment } from './db/shipments.js';
export { planShipment } from './domain/plan-shipment.js';
export { packingRoutes } from './http/packing-routes.js';
export { pickingRoutes } from './http/picking-routes.js';
export { fulfillmentRoutes } from './http/routes.js';
export { getPickList, getWave, listPickLists, listWaves } from './queries/picking.js';
export { getShipment, listShipments } from './queries/shipments.js';
export { getWarehouseDashboard } from './queries/warehouse-dashboard.js';
