import { Outlet } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { type Tab, Tabs } from '../settings/common';
import { FirstTab } from '../settings/SettingsLayout';
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

/** /inbound: the first tab the role may use. */
export function InboundFirstTab() {
  return <FirstTab tabs={INBOUND_TABS} />;
}
