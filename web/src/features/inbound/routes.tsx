import type { ReactNode } from 'react';
import { Route } from 'react-router';
import { RequirePermission } from '../../app/guards';
import { lazyScreens } from '../../app/lazy-screens';

// The inbound screens arrive in one chunk when the area is first opened; these routes stay in the main one.
const screen = lazyScreens(() => import('./screens'));
const InboundLayout = screen('InboundLayout');
const InboundFirstTab = screen('InboundFirstTab');
const PurchaseOrdersPage = screen('PurchaseOrdersPage');
const PurchaseOrderPage = screen('PurchaseOrderPage');
const SuppliersPage = screen('SuppliersPage');
const ReceivingHome = screen('ReceivingHome');
const ReceivePoPage = screen('ReceivePoPage');
const AsnPage = screen('AsnPage');
const BlindReceiptPage = screen('BlindReceiptPage');
const PutawayPage = screen('PutawayPage');
const PutawaySetupPage = screen('PutawaySetupPage');
const TransferOrdersPage = screen('TransferOrdersPage');
const TransferOrderPage = screen('TransferOrderPage');
const CountTasksPage = screen('CountTasksPage');
const ApprovalsPage = screen('ApprovalsPage');
const CountPlansPage = screen('CountPlansPage');
const AccuracyPage = screen('AccuracyPage');
const ReturnsPage = screen('ReturnsPage');
const ReturnPage = screen('ReturnPage');

/** The inbound routes, as a fragment of <Route>s for the signed-in layout (called, not rendered). */
export function inboundRoutes() {
  const guarded = (permission: string, element: ReactNode) => (
    <RequirePermission permission={permission}>{element}</RequirePermission>
  );
  return (
    <Route path="inbound" element={<InboundLayout />}>
      <Route index element={<InboundFirstTab />} />
      <Route path="purchase-orders" element={guarded('purchasing.read', <PurchaseOrdersPage />)} />
      <Route path="purchase-orders/:id" element={guarded('purchasing.read', <PurchaseOrderPage />)} />
      <Route path="suppliers" element={guarded('purchasing.read', <SuppliersPage />)} />
      <Route path="receiving" element={guarded('stock.receive', <ReceivingHome />)} />
      <Route path="receiving/asn" element={guarded('stock.receive', <AsnPage />)} />
      <Route path="receiving/blind" element={guarded('stock.receive', <BlindReceiptPage />)} />
      <Route path="receiving/:id" element={guarded('stock.receive', <ReceivePoPage />)} />
      <Route path="putaway" element={guarded('stock.read', <PutawayPage />)} />
      <Route path="putaway/setup" element={guarded('stock.read', <PutawaySetupPage />)} />
      <Route path="transfers" element={guarded('stock.read', <TransferOrdersPage />)} />
      <Route path="transfers/:id" element={guarded('stock.read', <TransferOrderPage />)} />
      <Route path="counts" element={guarded('stock.count', <CountTasksPage />)} />
      <Route path="counts/approvals" element={guarded('counts.approve', <ApprovalsPage />)} />
      <Route path="counts/plans" element={guarded('stock.count', <CountPlansPage />)} />
      <Route path="counts/accuracy" element={guarded('stock.count', <AccuracyPage />)} />
      <Route path="returns" element={guarded('returns.read', <ReturnsPage />)} />
      <Route path="returns/:id" element={guarded('returns.read', <ReturnPage />)} />
    </Route>
  );
}
