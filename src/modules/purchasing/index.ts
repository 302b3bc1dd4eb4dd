/**
 * Purchasing: suppliers and what they sell us, purchase orders (draft → sent → partially received →
 * received → closed, or cancelled), their PDF and X12 850 in both directions, and quantities on order.
 * Receiving uses `lockPurchaseOrder`, `recordPoReceipt` and `recordPoRejection` inside its own transaction.
 */
import './errors.js';

export { registerPurchasingCommands } from './cli/purchasing.js';
export { registerReceivingCommands } from './cli/receiving.js';
export { cancelPurchaseOrder } from './commands/cancel-purchase-order.js';
export { closePurchaseOrder } from './commands/close-purchase-order.js';
export { type CreatePurchaseOrderInput, createPurchaseOrder } from './commands/create-purchase-order.js';
export { type CreateSupplierInput, createSupplier } from './commands/create-supplier.js';
export { decideReceiptQc } from './commands/decide-receipt-qc.js';
export { importAsn } from './commands/import-asn.js';
export { importPurchaseOrders } from './commands/import-purchase-orders.js';
export { receiveAsn } from './commands/receive-asn.js';
export { receiveBlind } from './commands/receive-blind.js';
export { receivePurchaseOrder } from './commands/receive-purchase-order.js';
export { sendPurchaseOrder } from './commands/send-purchase-order.js';
export { setSupplierSku } from './commands/set-supplier-sku.js';
export { updatePurchaseOrder } from './commands/update-purchase-order.js';
export { updateSupplier } from './commands/update-supplier.js';
export {
  lockPurchaseOrder,
  type PoStatus,
  type PurchaseOrder,
  type PurchaseOrderLine,
  recordPoReceipt,
  recordPoRejection,
} from './db/purchase-orders.js';
export type { Supplier } from './db/suppliers.js';
export { maxReceivable } from './domain/ordering.js';
export { purchaseOrderNotFound, supplierNotFound } from './errors.js';
export { receivingRoutes } from './http/receiving-routes.js';
export { purchasingRoutes } from './http/routes.js';
export { getPurchaseOrder, listIncoming, listPurchaseOrders } from './queries/purchase-orders.js';
export { getAsn, getReceipt, getReceivingDiscrepancies, listReceipts } from './queries/receipts.js';
export { getSupplier, listSuppliers } from './queries/suppliers.js';
