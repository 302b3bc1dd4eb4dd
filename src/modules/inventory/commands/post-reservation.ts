import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { applyBalanceChanges, type BalanceChange } from '../db/balances.js';
import { type LocationRef, virtualLocationsOf } from '../db/locations.js';
import { insertMoves, type Move, type NewMove } from '../db/moves.js';
import { requireLocations } from '../db/refs.js';
import { endReservation, findReservation, type Reservation, reservationLines } from '../db/reservations.js';
import type { PostReason } from '../domain/reasons.js';

export interface PostReservationInput {
  /** Quantities to post per (sku, location); omitted means every line in full. Unlisted lines post nothing. */
  lines?: { sku: string; location: string; qty: number }[] | undefined;
  /** Destination (default: the customer location of each line's warehouse). */
  to?: string | undefined;
  reason?: PostReason | undefined;
  reference?: string | undefined;
  note?: string | undefined;
}

export interface PostResult {
  reservation: Reservation;
  moves: Move[];
}

/**
 * Ends an open reservation by turning it into moves: the posted quantities leave their locations (by
 * default for the warehouse's customer location) and the rest of the hold is released. It happens exactly
 * once: the status changes from open in a guarded statement, so a second post or a void finds it ended.
 * Errors: reservation_not_found (404); reservation_not_open, reservation_expired (409);
 * line_not_in_reservation, post_exceeds_reservation, unknown_location, location_archived, same_location,
 * invalid_quantity (422).
 */
export async function postReservation(ctx: Context, id: string, input: PostReservationInput) {
  for (const [i, l] of (input.lines ?? []).entries()) positiveQty(l.qty, `lines[${i}].qty`);
  return runCommand(ctx, 'inventory.post_reservation', { id, ...input }, async (tx): Promise<PostResult> => {
    await endReservation(tx, ctx, id, 'posted');
    const lines = await reservationLines(tx, id);
    const wanted = new Map<string, number>();
    if (input.lines) {
      for (const l of input.lines) {
        const line = lines.find(
          (x) =>
            x.sku_code.toLowerCase() === l.sku.toLowerCase() &&
            x.location_code.toLowerCase() === l.location.toLowerCase(),
        );
        if (!line) {
          throw unprocessable(
            'line_not_in_reservation',
            `Reservation ${id} holds no ${l.sku} at ${l.location}.`,
            {
              sku: l.sku,
              location: l.location,
            },
          );
        }
        const total = (wanted.get(line.location_id + line.sku_id) ?? 0) + l.qty;
        if (total > line.qty) {
          throw unprocessable(
            'post_exceeds_reservation',
            `Reservation ${id} holds ${line.qty} of ${line.sku_code} at ${line.location_code}; ${total} cannot be posted.`,
            { sku: line.sku_code, location: line.location_code, reserved: line.qty, requested: total },
          );
        }
        wanted.set(line.location_id + line.sku_id, total);
      }
    }
    let fixedTo: LocationRef | null = null;
    if (input.to !== undefined)
      [fixedTo = null] = await requireLocations(tx, [{ code: input.to, field: 'to', receiving: true }]);
    const customers = fixedTo
      ? new Map<string, LocationRef>()
      : await virtualLocationsOf(tx, [...new Set(lines.map((l) => l.warehouse_id))], 'customer');

    const changes: BalanceChange[] = [];
    const moves: NewMove[] = [];
    const posted: { lineNo: number; qty: number }[] = [];
    for (const line of lines) {
      const qty = input.lines ? (wanted.get(line.location_id + line.sku_id) ?? 0) : line.qty;
      const sku = { id: line.sku_id, code: line.sku_code, isArchived: line.sku_archived };
      const from: LocationRef = {
        id: line.location_id,
        code: line.location_code,
        kind: 'bin',
        isPhysical: true,
        isArchived: false,
        warehouseId: line.warehouse_id,
        warehouseCode: line.warehouse_code,
      };
      changes.push({ location: from, sku, onHand: -qty, reserved: -line.qty });
      if (qty === 0) continue;
      const to = fixedTo ?? customers.get(line.warehouse_id)!;
      if (to.id === from.id) {
        throw unprocessable('same_location', `Cannot post ${line.sku_code} from ${from.code} to itself.`, {
          location: from.code,
        });
      }
      changes.push({ location: to, sku, onHand: qty, reserved: 0 });
      moves.push({
        sku,
        from,
        to,
        qty,
        type: 'post',
        reason: input.reason ?? 'shipment',
        reservationId: id,
        reference: input.reference,
        note: input.note,
      });
      posted.push({ lineNo: line.line_no, qty });
    }
    const written = await insertMoves(tx, ctx, moves);
    if (posted.length > 0) {
      await tx.query(
        `UPDATE reservation_lines rl SET posted_qty = p.qty
           FROM unnest($2::int[], $3::bigint[]) AS p(line_no, qty)
          WHERE rl.reservation_id = $1 AND rl.line_no = p.line_no`,
        [id, posted.map((p) => p.lineNo), posted.map((p) => p.qty)],
      );
    }
    await applyBalanceChanges(tx, changes, { unsafeDisableGuard: ctx.unsafeDisableStockGuard });
    return { reservation: (await findReservation(tx, id))!, moves: written };
  });
}
