import { type AuditRecorder, type Context, type Queryable, runCommand } from '../../../db/index.js';
import { applyBalanceChanges } from '../db/balances.js';
import { endReservation, type Reservation } from '../db/reservations.js';

/**
 * Voids an open reservation and releases everything it held. Exactly once, like post.
 * Errors: reservation_not_found (404); reservation_not_open (409).
 */
export async function voidReservation(ctx: Context, id: string) {
  return runCommand(ctx, 'inventory.void_reservation', { id }, (tx, audit) =>
    voidInTransaction(tx, ctx, id, audit),
  );
}

/** The void inside a caller's transaction (cancelling an order line voids its reservation). */
export async function voidInTransaction(
  tx: Queryable,
  ctx: Context,
  id: string,
  audit: AuditRecorder | null = null,
): Promise<Reservation> {
  const ended = await endReservation(tx, ctx, id, 'voided');
  await applyBalanceChanges(
    tx,
    ended.lines.map((l) => ({ location: l.location, sku: l.sku, onHand: 0, reserved: -l.qty })),
    { unsafeDisableGuard: ctx.unsafeDisableStockGuard },
  );
  audit?.record({
    targetType: 'reservation',
    targetId: id,
    before: { status: 'open' },
    after: { status: 'voided' },
    warehouseIds: ended.lines.map((l) => l.location.warehouseId),
  });
  return {
    ...ended.reservation,
    lines: ended.lines.map((l) => ({
      sku: l.sku.code,
      location: l.location.code,
      qty: l.qty,
      postedQty: 0,
    })),
  };
}
