/**
 * Reports: read models across modules for people deciding what to do next (the dashboard). They read the
 * other modules' tables in SQL and reuse their public queries; they never change anything.
 */

export { registerReportCommands } from './cli/lifecycle.js';
export { reportRoutes } from './http/routes.js';
export { type Dashboard, getDashboard, OPEN_STATUSES } from './queries/dashboard.js';
export { getSkuLifecycle, type SkuLifecycle } from './queries/sku-lifecycle.js';
