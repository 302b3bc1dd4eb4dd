/**
 * Returns: customer returns (RMA) — shipped units of an order authorised to come back to a warehouse,
 * received into quarantine (moves from its @customer location), inspected and graded unit by unit
 * (restock, quarantine, scrap, each a move through inventory's functions in the same transaction), and
 * closed, with the amount the returned units were paid (domain/refund.ts). The order side (returned
 * units on its lines, the timeline) is the orders module's, called in the same transaction. Posting the
 * refund to the books is the finance module's, later.
 */
import './errors.js';

export { registerReturnCommands } from './cli/returns.js';
export { type AuthoriseReturnInput, authoriseReturn } from './commands/authorise-return.js';
export { cancelReturn } from './commands/cancel-return.js';
export { closeReturn } from './commands/close-return.js';
export { inspectReturn } from './commands/inspect-return.js';
export { receiveReturn } from './commands/receive-return.js';
export type { CustomerReturn } from './db/returns.js';
export { linePaidAmounts, refundBasisOf, refundOfUnits } from './domain/refund.js';
export { returnRoutes } from './http/routes.js';
export { getReturn, listReturns } from './queries/returns.js';
