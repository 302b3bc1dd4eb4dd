import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

/** The dashboard's data: one call, polled so that the figures move without a reload. */

export type Dashboard = components['schemas']['Dashboard'];

/** How often the dashboard asks again while it is on screen (and the tab visible). */
export const DASHBOARD_REFRESH_MS = 30_000;

export const dashboardKey = (days: number) => ['reports', 'dashboard', days] as const;

export function useDashboard(days: number) {
  return useQuery({
    queryKey: dashboardKey(days),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/reports/dashboard', { params: { query: { days } }, signal })),
    refetchInterval: DASHBOARD_REFRESH_MS,
    // A new period keeps the previous figures on screen (dimmed) until its own arrive.
    placeholderData: keepPreviousData,
  });
}
