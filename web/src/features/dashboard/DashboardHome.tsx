import { lazy, Suspense } from 'react';
import { Home } from '../../app/guards';
import { useSession } from '../../app/session';
import { Loading } from '../../ui';

// The charts library is the largest part of the app: it is loaded with the dashboard, in its own chunk,
// so the other screens do not wait for it.
const DashboardPage = lazy(() => import('./DashboardPage').then((m) => ({ default: m.DashboardPage })));

/** `/`: the dashboard for those who read orders; anyone else goes to the first screen they may use. */
export function DashboardHome() {
  const { can } = useSession();
  if (!can('orders.read')) return <Home />;
  return (
    <Suspense fallback={<Loading />}>
      <DashboardPage />
    </Suspense>
  );
}
