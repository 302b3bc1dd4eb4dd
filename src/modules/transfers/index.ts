/**
 * Transfers: transfer orders, documents moving several SKUs from one warehouse to another — requested,
 * shipped (units leave source bins for transit through inventory's stock transfers, one per line and
 * bin), received at the destination (damaged units into quarantine), closed short (the rest written off as
 * lost in transit), or cancelled before shipping. Stock moves only through inventory's in-transaction
 * functions, in the command's transaction.
 */
import './errors.js';

export { registerTransferCommands } from './cli/transfers.js';
export { cancelTransferOrder } from './commands/cancel-transfer-order.js';
export { type CreateTransferOrderInput, createTransferOrder } from './commands/create-transfer-order.js';
export { receiveTransferOrder } from './commands/receive-transfer-order.js';
export { shipTransferOrder } from './commands/ship-transfer-order.js';
export type { TransferOrder } from './db/transfer-orders.js';
export { planPicks } from './domain/plan-picks.js';
export { planReceipt } from './domain/plan-receipt.js';
export { transferRoutes } from './http/routes.js';
export { getTransferOrder, listIncoming, listTransferOrders } from './queries/transfer-orders.js';
