import { Navigate, Outlet } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState } from '../../ui';
import { type Tab, Tabs } from './common';

/** The settings tabs; each needs its own read permission (the screen's actions need the write one). */
export const SETTINGS_TABS: readonly Tab[] = [
  { to: '/settings/users', label: 'settings.tabs.users', permission: 'users.read' },
  { to: '/settings/api-keys', label: 'settings.tabs.apiKeys', permission: 'api_keys.read' },
  { to: '/settings/channels', label: 'settings.tabs.channels', permission: 'channels.read' },
  { to: '/settings/hold-rules', label: 'settings.tabs.holdRules', permission: 'channels.read' },
  { to: '/settings/webhooks', label: 'settings.tabs.webhooks', permission: 'webhooks.read' },
];

export function SettingsLayout() {
  const { t } = useI18n();
  useDocumentTitle(t('settings.title'));
  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('settings.title')}</h1>
      </div>
      <Tabs tabs={SETTINGS_TABS} label={t('settings.title')} />
      <Outlet />
    </div>
  );
}

/** /settings and /reports open on the first tab the role may use. */
export function FirstTab({ tabs }: { tabs: readonly Tab[] }) {
  const { can } = useSession();
  const { t } = useI18n();
  const first = tabs.find((tab) => can(tab.permission));
  if (first) return <Navigate to={first.to} replace />;
  return (
    <EmptyState title={t('errors.forbiddenTitle')}>
      <p>{t('errors.forbidden')}</p>
    </EmptyState>
  );
}

/** /settings: the first settings tab the role may use. */
export function SettingsFirstTab() {
  return <FirstTab tabs={SETTINGS_TABS} />;
}
