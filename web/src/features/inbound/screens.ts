// The inbound area's screens, one chunk loaded on first use (see app/lazy-screens.tsx).
export { AccuracyPage, ApprovalsPage, CountPlansPage, CountTasksPage } from './CountsPages';
export { InboundFirstTab, InboundLayout } from './InboundLayout';
export { PurchaseOrderPage } from './PurchaseOrderPage';
export { PurchaseOrdersPage } from './PurchaseOrdersPage';
export { PutawayPage } from './PutawayPage';
export { PutawaySetupPage } from './PutawaySetupPage';
export { AsnPage, BlindReceiptPage } from './ReceivingExtras';
export { ReceivePoPage, ReceivingHome } from './ReceivingPages';
export { ReturnPage, ReturnsPage } from './ReturnsPages';
export { SuppliersPage } from './SuppliersPage';
export { TransferOrderPage, TransferOrdersPage } from './TransferPages';
