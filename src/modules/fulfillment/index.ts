/**
 * Fulfillment: shipments — the units of an order that leave one warehouse together — from being set aside
 * to shipped (stock posted to the customer) and delivered, or voided. The order side (line buckets,
 * status, timeline, `order.shipped`) is the orders module's, called in the same transaction.
 */
import './errors.js';

export { registerShipmentCommands } from './cli/shipments.js';
export { type CreateShipmentInput, createShipment } from './commands/create-shipment.js';
export { deliverShipment } from './commands/deliver-shipment.js';
export { shipShipment } from './commands/ship-shipment.js';
export { voidShipment } from './commands/void-shipment.js';
export type { Shipment } from './db/shipments.js';
export { planShipment } from './domain/plan-shipment.js';
export { fulfillmentRoutes } from './http/routes.js';
export { getShipment, listShipments } from './queries/shipments.js';
