import type { ReactNode } from 'react';
import { Outlet, Route } from 'react-router';
import { RequirePermission } from '../../app/guards';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { type Tab, Tabs } from '../settings/common';
import { FirstTab } from '../settings/SettingsLayout';
import { AccuracyPage, ApprovalsPage, CountPlansPage, CountTasksPage } from './CountsPages';
import { PurchaseOrderPage } from './PurchaseOrderPage';
import { PurchaseOrdersPage } from './PurchaseOrdersPage';
import { PutawayPage } from './PutawayPage';
import { ReceivePoPage, ReceivingHome } from './ReceivingPages';
import { ReturnPage, ReturnsPage } from './ReturnsPages';
import { SuppliersPage } from './SuppliersPage';
import { TransferOrderPage, TransferOrdersPage } from './TransferPages';
import './inbound.css';

/**
 * Everything that comes into a warehouse or checks what is in it, under one entry of the top bar (which is
 * full): purchase orders and suppliers, receiving, put-away, transfer orders, cycle counts and returns.
 * Each tab shows only to roles holding its read permission; each action checks its write permission.
 */
export const INBOUND_TABS: readonly Tab[] = [
  { to: '/inbound/purchase-orders', label: 'inbound.tabs.purchaseOrders', permission: 'purchasing.read' },
  { to: '/inbound/receiving', label: 'inbound.tabs.receiving', permission: 'stock.receive' },
  { to: '/inbound/putaway', label: 'inbound.tabs.putaway', permission: 'stock.read' },
  { to: '/inbound/transfers', label: 'inbound.tabs.transfers', permission: 'stock.read' },
  { to: '/inbound/counts', label: 'inbound.tabs.counts', permission: 'stock.count' },
  { to: '/inbound/returns', label: 'inbound.tabs.returns', permission: 'returns.read' },
  { to: '/inbound/suppliers', label: 'inbound.tabs.suppliers', permission: 'purchasing.read' },
];

export function InboundLayout() {
  const { t } = useI18n();
  useDocumentTitle(t('inbound.title'));
  return (
    <div className="page inbound-page">
      <Tabs tabs={INBOUND_TABS} label={t('inbound.title')} />
      <Outlet />
    </div>
  );
}

/** The inbound routes, as a fragment of <Route>s for the signed-in layout (called, not rendered). */
export function inboundRoutes() {
  const guarded = (permission: string, element: ReactNode) => (
    <RequirePermission permission={permission}>{element}</RequirePermission>
  );
  return (
    <Route path="inbound" element={<InboundLayout />}>
      <Route index element={<FirstTab tabs={INBOUND_TABS} />} />
      <Route path="purchase-orders" element={guarded('purchasing.read', <PurchaseOrdersPage />)} />
      <Route path="purchase-orders/:id" element={guarded('purchasing.read', <PurchaseOrderPage />)} />
      <Route path="suppliers" element={guarded('purchasing.read', <SuppliersPage />)} />
      <Route path="receiving" element={guarded('stock.receive', <ReceivingHome />)} />
      <Route path="receiving/:id" element={guarded('stock.receive', <ReceivePoPage />)} />
      <Route path="putaway" element={guarded('stock.read', <PutawayPage />)} />
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
