import type { ReactNode } from 'react';
import { Route } from 'react-router';
import { RequirePermission } from '../../app/guards';
import { lazyScreens } from '../../app/lazy-screens';

// Settings and reports each arrive in their own chunk when first opened; these routes stay in the main one.
const settings = lazyScreens(() => import('./screens'));
const SettingsLayout = settings('SettingsLayout');
const SettingsFirstTab = settings('SettingsFirstTab');
const UsersPage = settings('UsersPage');
const ApiKeysPage = settings('ApiKeysPage');
const ChannelsPage = settings('ChannelsPage');
const HoldRulesPage = settings('HoldRulesPage');
const WebhooksPage = settings('WebhooksPage');
const WebhookDeliveriesPage = settings('WebhookDeliveriesPage');
const reports = lazyScreens(() => import('../reports/screens'));
const ReportsLayout = reports('ReportsLayout');
const ReportsFirstTab = reports('ReportsFirstTab');
const AuditPage = reports('AuditPage');
const ShrinkagePage = reports('ShrinkagePage');

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
        <Route index element={<SettingsFirstTab />} />
        <Route path="users" element={guarded('users.read', <UsersPage />)} />
        <Route path="api-keys" element={guarded('api_keys.read', <ApiKeysPage />)} />
        <Route path="channels" element={guarded('channels.read', <ChannelsPage />)} />
        <Route path="hold-rules" element={guarded('channels.read', <HoldRulesPage />)} />
        <Route path="webhooks" element={guarded('webhooks.read', <WebhooksPage />)} />
        <Route path="webhooks/:id" element={guarded('webhooks.read', <WebhookDeliveriesPage />)} />
      </Route>
      <Route path="reports" element={<ReportsLayout />}>
        <Route index element={<ReportsFirstTab />} />
        <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
        <Route path="shrinkage" element={guarded('reports.shrinkage', <ShrinkagePage />)} />
      </Route>
    </>
  );
}
