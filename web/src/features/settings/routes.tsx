import type { ReactNode } from 'react';
import { Route } from 'react-router';
import { RequirePermission } from '../../app/guards';
import { AuditPage } from '../reports/AuditPage';
import { REPORT_TABS, ReportsLayout } from '../reports/ReportsLayout';
import { ShrinkagePage } from '../reports/ShrinkagePage';
import { ApiKeysPage } from './ApiKeysPage';
import { ChannelsPage } from './ChannelsPage';
import { HoldRulesPage } from './HoldRulesPage';
import { FirstTab, SETTINGS_TABS, SettingsLayout } from './SettingsLayout';
import { UsersPage } from './UsersPage';
import { WebhookDeliveriesPage, WebhooksPage } from './WebhooksPage';

/**
 * The settings and reports routes, as a fragment of <Route>s for the signed-in layout (called, not
 * rendered, so React Router sees the routes themselves).
 */
export function settingsRoutes() {
  const guarded = (permission: string, element: ReactNode) => (
    <RequirePermission permission={permission}>{element}</RequirePermission>
  );
  return (
    <>
      <Route path="settings" element={<SettingsLayout />}>
        <Route index element={<FirstTab tabs={SETTINGS_TABS} />} />
        <Route path="users" element={guarded('users.read', <UsersPage />)} />
        <Route path="api-keys" element={guarded('api_keys.read', <ApiKeysPage />)} />
        <Route path="channels" element={guarded('channels.read', <ChannelsPage />)} />
        <Route path="hold-rules" element={guarded('channels.read', <HoldRulesPage />)} />
        <Route path="webhooks" element={guarded('webhooks.read', <WebhooksPage />)} />
        <Route path="webhooks/:id" element={guarded('webhooks.read', <WebhookDeliveriesPage />)} />
      </Route>
      <Route path="reports" element={<ReportsLayout />}>
        <Route index element={<FirstTab tabs={REPORT_TABS} />} />
        <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
        <Route path="shrinkage" element={guarded('reports.shrinkage', <ShrinkagePage />)} />
      </Route>
    </>
  );
}
