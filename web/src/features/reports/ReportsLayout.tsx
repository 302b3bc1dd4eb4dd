import { Outlet } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { type Tab, Tabs } from '../settings/common';
import { FirstTab } from '../settings/SettingsLayout';

export const REPORT_TABS: readonly Tab[] = [
  { to: '/reports/audit', label: 'reports.tabs.audit', permission: 'audit.read' },
  { to: '/reports/shrinkage', label: 'reports.tabs.shrinkage', permission: 'reports.shrinkage' },
];

/** The reports: the audit log and the shrinkage report, each behind its own permission. */
export function ReportsLayout() {
  const { t } = useI18n();
  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('reports.title')}</h1>
      </div>
      <Tabs tabs={REPORT_TABS} label={t('reports.title')} />
      <Outlet />
    </div>
  );
}

/** /reports: the first report the role may read. */
export function ReportsFirstTab() {
  return <FirstTab tabs={REPORT_TABS} />;
}
