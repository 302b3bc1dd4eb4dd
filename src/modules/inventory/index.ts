/**
 * Inventory: locations, the stock ledger (immutable moves and the balances kept beside them) and
 * two-phase reservations. Every quantity change is a move between two locations; balances change in the
 * same transaction through one guarded statement; `checkLedger` re-derives everything from the moves.
 */
import './errors.js';

export { registerInventoryCommands } from './cli/stock.js';
export { adjustInTransaction, adjustStock } from './commands/adjust-stock.js';
export { archiveLocation } from './commands/archive-location.js';
export {
  type CountResult,
  countInTransaction,
  countStock,
  type LockedCountBalance,
  lockCountBalance,
} from './commands/count-stock.js';
export { type CreateLocationInput, createLocation } from './commands/create-location.js';
export { deleteLocation } from './commands/delete-location.js';
export { expireReservations } from './commands/expire-reservations.js';
export { postInTransaction, postReservation } from './commands/post-reservation.js';
export { receiveReturnInTransaction } from './commands/receive-return.js';
export {
  receiveInTransaction,
  receiveStock,
  returnToSupplierInTransaction,
} from './commands/receive-stock.js';
export { receiveTransfer, receiveTransferInTransaction } from './commands/receive-transfer.js';
export {
  type ReserveStockInput,
  reserveInTransaction,
  reserveManyInTransaction,
  reserveStock,
} from './commands/reserve-stock.js';
export { scrapInTransaction, scrapStock } from './commands/scrap-stock.js';
export { setLocationUsage } from './commands/set-location-usage.js';
export { setReorderPoints } from './commands/set-reorder-points.js';
export { transferInTransaction, transferStock } from './commands/transfer-stock.js';
export { voidInTransaction, voidReservation } from './commands/void-reservation.js';
export { onStockArrival, type StockArrival } from './db/arrivals.js';
export type { Move } from './db/moves.js';
export { type NegativeAdjustment, onNegativeAdjustment } from './db/negative-adjustments.js';
export { resolveWarehouses } from './db/refs.js';
export { ADJUSTMENT_REASONS, type AdjustmentReason } from './domain/reasons.js';
export { inventoryRoutes } from './http/routes.js';
export { checkLedger, type LedgerProblem, type LedgerReport } from './queries/check-ledger.js';
export { getReservation, listReservations } from './queries/get-reservation.js';
export { getStock, type StockItem } from './queries/get-stock.js';
export { getLocation, listLocations } from './queries/list-locations.js';
export { listMoves } from './queries/list-moves.js';
export { getLowStockReport, getReorderPoints } from './queries/low-stock.js';
export { getShrinkageReport, type ShrinkageReport } from './queries/shrinkage-report.js';
