/**
 * Put-away: goods received at a dock (a receiving location) go to storage bins. Rules (a SKU's fixed bin,
 * zones, overflow zones) and bin capacity decide where (domain/plan-putaway.ts, pure); each task holds its
 * units at the dock with an inventory reservation and is confirmed by scanning the bin, which moves the
 * units through inventory in the same transaction.
 */
import './errors.js';

export { registerPutawayCommands } from './cli/putaway.js';
export { cancelPutawayTask } from './commands/cancel-putaway-task.js';
export { confirmPutawayTask } from './commands/confirm-putaway-task.js';
export { createPutawayTasks } from './commands/create-putaway-tasks.js';
export { createPutawayRule, updatePutawayRule } from './commands/putaway-rules.js';
export { setLocationCapacity } from './commands/set-location-capacity.js';
export type { PutawayRule } from './db/rules.js';
export type { PutawayTask } from './db/tasks.js';
export { planPutaway } from './domain/plan-putaway.js';
export { putawayRoutes } from './http/routes.js';
export { getPutawayTask, listPutawayRules, listPutawayTasks } from './queries/putaway.js';
