/**
 * Counting: cycle counts. Count plans (by location, or by ABC class from shipped sales value) make count
 * tasks; short picks (fulfillment) and negative adjustments (inventory, through onNegativeAdjustment) open
 * them too. A task is counted blind for operators; a variance within the plan's threshold posts at once
 * through inventory's count (same transaction), a larger one waits for a manager's approval or rejection.
 * The accuracy report reads the counted tasks.
 */
import './errors.js';
import { onNegativeAdjustment } from '../inventory/index.js';
import { openTaskAfterLoss } from './db/triggers.js';

export { registerCountCommands } from './cli/counts.js';
export { approveCountTask } from './commands/approve-count-task.js';
export { countCountTask } from './commands/count-count-task.js';
export { type CreateCountPlanInput, createCountPlan } from './commands/create-count-plan.js';
export { generateCountTasks } from './commands/generate-count-tasks.js';
export { rejectCountTask } from './commands/reject-count-task.js';
export type { CountTask } from './db/tasks.js';
export { type AbcClass, classifyAbc } from './domain/abc.js';
export { countingRoutes } from './http/routes.js';
export { getAbcReport } from './queries/abc-report.js';
export { getAccuracyReport } from './queries/accuracy-report.js';
export { getCountPlan, listCountPlans } from './queries/count-plans.js';
export { getCountTask, listCountTasks } from './queries/count-tasks.js';

onNegativeAdjustment(openTaskAfterLoss);
