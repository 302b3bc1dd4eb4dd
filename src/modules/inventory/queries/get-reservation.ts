import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import {
  findReservation,
  RESERVATION_SELECT,
  type Reservation,
  reservationInScope,
  toReservation,
} from '../db/reservations.js';
import { reservationNotFound } from '../errors.js';

/** Errors: reservation_not_found (404). */
export async function getReservation(ctx: Context, id: string): Promise<Reservation> {
  const found = await findReservation(ctx.db, id, ctx.warehouseScope);
  if (!found) throw reservationNotFound(id);
  return found;
}

export interface ListReservationsInput {
  status?: string | undefined;
  reference?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Reservations, newest first. */
export async function listReservations(
  ctx: Context,
  input: ListReservationsInput,
): Promise<{ items: Reservation[]; nextCursor: string | null }> {
  const before = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<Parameters<typeof toReservation>[0]>(
    `${RESERVATION_SELECT}
      WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.reference = $2)
        AND ($3::text IS NULL OR r.reservation_id < $3) AND ${reservationInScope('$5')}
      ORDER BY r.reservation_id DESC LIMIT $4`,
    [input.status ?? null, input.reference ?? null, before?.[0] ?? null, input.limit + 1, ctx.warehouseScope],
  );
  const page = pageOf(rows, input.limit, (r) => [r.reservation_id]);
  return { items: page.rows.map(toReservation), nextCursor: page.nextCursor };
}
