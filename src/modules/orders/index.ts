/**
 * Orders: sales channels, customers, order intake keyed by (channel, external id), allocation and routing
 * across warehouses (a pure decision in domain/allocate.ts applied with guarded reservations), the order
 * lifecycle with its timeline, and the events each change writes to the outbox.
 */
import './errors.js';
import { onStockArrival } from '../inventory/index.js';
import { fillBackorders } from './commands/fill-backorders.js';

export { registerOrderCommands } from './cli/orders.js';
export { cancelOrder } from './commands/cancel-order.js';
export { createChannel } from './commands/create-channel.js';
export { type CreateOrderInput, createOrder } from './commands/create-order.js';
export { editOrder, reallocateOrder } from './commands/edit-order.js';
export { holdOrder, releaseOrder } from './commands/hold-order.js';
export { createHoldRule, listHoldRules, updateHoldRule } from './commands/hold-rules.js';
export { importOrders } from './commands/import-orders.js';
export { updateChannel } from './commands/update-channel.js';
export { type Channel, findChannel } from './db/channels.js';
export type { Order } from './db/orders.js';
export { recordReturned } from './db/returns.js';
export {
  assertNotOnHold,
  type FreeHolding,
  freeHoldings,
  lockOrderForShipment,
  recordDelivered,
  recordShipmentVoided,
  recordShipped,
  recordShortPick,
  type SetAsideLine,
  type ShipmentLineInfo,
  setAsideForShipment,
  shipmentLineInfo,
} from './db/shipment-holds.js';
export { allocate } from './domain/allocate.js';
export { orderRoutes } from './http/routes.js';
export { getChannelAvailability } from './queries/availability.js';
export { getChannel, listChannels } from './queries/channels.js';
export { getOrder, listOrders } from './queries/orders.js';

// Backorders are served in the transaction of the stock that arrives for them.
onStockArrival(fillBackorders);
