import { type AuditRecorder, type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import type { BalanceChange } from '../db/balances.js';
import { writeLedger } from '../db/ledger.js';
import type { LocationRef } from '../db/locations.js';
import type { Move, NewMove } from '../db/moves.js';
import { requireLocations } from '../db/refs.js';
import { endReservation, type Reservation } from '../db/reservations.js';
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
  return runCommand(ctx, 'inventory.post_reservation', { id, ...input }, (tx, audit) =>
    postInTransaction(tx, ctx, id, input, audit),
  );
}

/**
 * The post inside a caller's transaction (shipping a shipment posts its holds). The audit recorder is the
 * caller's, or none: the caller's command describes the change.
 */
export async function postInTransaction(
  tx: Queryable,
  ctx: Context,
  id: string,
  input: PostReservationInput,
  audit: AuditRecorder | null = null,
): Promise<PostResult> {
  const { reservation, lines } = await endReservation(tx, ctx, id, 'posted');
  // What to post per line: the request's quantities (summed per line), or every line in full.
  const wanted = new Map<number, number>();
  for (const l of input.lines ?? []) {
    const line = lines.find(
      (x) =>
        x.sku.code.toLowerCase() === l.sku.toLowerCase() &&
        x.location.code.toLowerCase() === l.location.toLowerCase(),
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
    const total = (wanted.get(line.lineNo) ?? 0) + l.qty;
    if (total > line.qty) {
      throw unprocessable(
        'post_exceeds_reservation',
        `Reservation ${id} holds ${line.qty} of ${line.sku.code} at ${line.location.code}; ${total} cannot be posted.`,
        { sku: line.sku.code, location: line.location.code, reserved: line.qty, requested: total },
      );
    }
    wanted.set(line.lineNo, total);
  }
  let fixedTo: LocationRef | null = null;
  if (input.to !== undefined)
    [fixedTo = null] = await requireLocations(tx, [{ code: input.to, field: 'to', receiving: true }], {
      lock: true,
      scope: ctx.warehouseScope,
    });

  const moves: NewMove[] = [];
  const released: BalanceChange[] = [];
  const posted = lines.map((line) => ({
    line,
    qty: input.lines ? (wanted.get(line.lineNo) ?? 0) : line.qty,
  }));
  for (const { line, qty } of posted) {
    // The move consumes `qty` reserved units; the rest of the line's hold is released.
    if (qty < line.qty)
      released.push({ location: line.location, sku: line.sku, onHand: 0, reserved: -(line.qty - qty) });
    if (qty === 0) continue;
    const to = fixedTo ?? line.customer;
    if (to.id === line.location.id) {
      throw unprocessable(
        'same_location',
        `Cannot post ${line.sku.code} from ${line.location.code} to itself.`,
        {
          location: line.location.code,
        },
      );
    }
    moves.push({
      sku: line.sku,
      from: line.location,
      to,
      qty,
      fromReserved: qty,
      type: 'post',
      reason: input.reason ?? 'shipment',
      reservationId: id,
      reference: input.reference,
      note: input.note,
    });
  }
  const postedLines = posted.filter((p) => p.qty > 0);
  if (postedLines.length > 0) {
    await tx.query(RECORD_POSTED, [id, postedLines.map((p) => p.line.lineNo), postedLines.map((p) => p.qty)]);
  }
  const written = await writeLedger(tx, ctx, { moves, reserved: released });
  audit?.record({
    targetType: 'reservation',
    targetId: id,
    before: { status: 'open' },
    after: {
      status: 'posted',
      lines: posted.map(({ line, qty }) => ({
        sku: line.sku.code,
        location: line.location.code,
        qty: line.qty,
        postedQty: qty,
      })),
    },
    reason: input.reason ?? 'shipment',
    warehouseIds: lines.map((l) => l.location.warehouseId),
  });
  return {
    reservation: {
      ...reservation,
      lines: posted.map(({ line, qty }) => ({
        sku: line.sku.code,
        location: line.location.code,
        qty: line.qty,
        postedQty: qty,
      })),
    },
    moves: written.moves,
  };
}

const RECORD_POSTED = {
  name: 'inv_record_posted',
  text: `UPDATE reservation_lines rl SET posted_qty = p.qty
           FROM unnest($2::int[], $3::bigint[]) AS p(line_no, qty)
          WHERE rl.reservation_id = $1 AND rl.line_no = p.line_no`,
};
