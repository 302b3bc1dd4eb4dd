import { type Context, runCommand } from '../../../db/index.js';
import { applyBalanceChanges } from '../db/balances.js';
import { endReservation, findReservation, type Reservation, reservationLines } from '../db/reservations.js';

/**
 * Voids an open reservation and releases everything it held. Exactly once, like post.
 * Errors: reservation_not_found (404); reservation_not_open (409).
 */
export async function voidReservation(ctx: Context, id: string) {
  return runCommand(ctx, 'inventory.void_reservation', { id }, async (tx): Promise<Reservation> => {
    await endReservation(tx, ctx, id, 'voided');
    const lines = await reservationLines(tx, id);
    await applyBalanceChanges(
      tx,
      lines.map((l) => ({
        location: {
          id: l.location_id,
          code: l.location_code,
          kind: 'bin',
          isPhysical: true,
          isArchived: false,
          warehouseId: l.warehouse_id,
          warehouseCode: l.warehouse_code,
        },
        sku: { id: l.sku_id, code: l.sku_code, isArchived: l.sku_archived },
        onHand: 0,
        reserved: -l.qty,
      })),
      { unsafeDisableGuard: ctx.unsafeDisableStockGuard },
    );
    return (await findReservation(tx, id))!;
  });
}
