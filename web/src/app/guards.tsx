import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { EmptyState, ErrorState, Loading } from '../ui';
import { NAV_ITEMS } from './routes';
import { useSession } from './session';

/** Signed-in screens: while /v1/me is on its way, a loading state; signed out, the sign-in screen. */
export function RequireAuth() {
  const { me, isLoading, error, retry } = useSession();
  const location = useLocation();
  if (isLoading) {
    return (
      <div className="page-center">
        <Loading />
      </div>
    );
  }
  if (me === undefined || (me === null && error)) {
    return (
      <div className="page-center">
        <ErrorState error={error} onRetry={retry} />
      </div>
    );
  }
  if (me === null) return <Navigate to="/login" replace state={{ from: location }} />;
  return <Outlet />;
}

/**
 * A screen the role may lack. The server refuses the calls anyway; this says so in words instead of
 * showing a broken screen.
 */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useSession();
  const { t } = useI18n();
  if (!can(permission)) {
    return (
      <div className="page">
        <EmptyState title={t('errors.forbiddenTitle')}>
          <p>{t('errors.forbidden')}</p>
        </EmptyState>
      </div>
    );
  }
  return <>{children}</>;
}

/**
 * The home page of a role that may not see the dashboard (which is itself at `/`): the first other
 * screen the role may use.
 */
export function Home() {
  const { can } = useSession();
  const { t } = useI18n();
  const first = NAV_ITEMS.find((item) => item.to !== '/' && can(item.permission));
  if (first) return <Navigate to={first.to} replace />;
  return (
    <div className="page">
      <EmptyState title={t('errors.forbiddenTitle')}>
        <p>{t('errors.nothingForRole')}</p>
      </EmptyState>
    </div>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <EmptyState title={t('errors.notFoundTitle')}>
        <p>{t('errors.notFound')}</p>
        <Link to="/">{t('errors.goHome')}</Link>
      </EmptyState>
    </div>
  );
}
