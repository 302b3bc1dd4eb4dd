import type { Context, Queryable } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { reservationNotFound } from '../errors.js';

export type ReservationStatus = 'open' | 'posted' | 'voided' | 'expired';

export interface Reservation {
  id: string;
  status: ReservationStatus;
  reference: string;
  expiresAt: string | null;
  lines: { sku: string; location: string; qty: number; postedQty: number }[];
  createdAt: string;
  createdBy: string;
  endedAt: string | null;
  endedBy: string | null;
}

interface ReservationRow {
  reservation_id: string;
  status: ReservationStatus;
  reference: string;
  expires_at: Date | null;
  created_at: Date;
  created_by: string;
  ended_at: Date | null;
  ended_by: string | null;
  lines: { sku: string; location: string; qty: number; posted_qty: number; line_no: number }[];
}

/** Reservations with their lines (codes, not ids), in one statement. */
export const RESERVATION_SELECT = `
  SELECT r.reservation_id, r.status, r.reference, r.expires_at, r.created_at, r.created_by, r.ended_at, r.ended_by,
         (SELECT json_agg(json_build_object('sku', s.code, 'location', l.code, 'qty', rl.qty, 'posted_qty', rl.posted_qty,
                                            'line_no', rl.line_no) ORDER BY rl.line_no)
            FROM reservation_lines rl JOIN skus s ON s.sku_id = rl.sku_id JOIN locations l ON l.location_id = rl.location_id
           WHERE rl.reservation_id = r.reservation_id) AS lines
    FROM reservations r`;

export function toReservation(r: ReservationRow): Reservation {
  return {
    id: r.reservation_id,
    status: r.status,
    reference: r.reference,
    expiresAt: r.expires_at?.toISOString() ?? null,
    lines: (r.lines ?? []).map((l) => ({
      sku: l.sku,
      location: l.location,
      qty: Number(l.qty),
      postedQty: Number(l.posted_qty),
    })),
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    endedAt: r.ended_at?.toISOString() ?? null,
    endedBy: r.ended_by,
  };
}

export async function findReservation(tx: Queryable, id: string): Promise<Reservation | null> {
  const { rows } = await tx.query<ReservationRow>(`${RESERVATION_SELECT} WHERE r.reservation_id = $1`, [id]);
  return rows[0] ? toReservation(rows[0]) : null;
}

export interface ReservationLineRow {
  line_no: number;
  sku_id: string;
  sku_code: string;
  sku_archived: boolean;
  location_id: string;
  location_code: string;
  warehouse_id: string;
  warehouse_code: string;
  qty: number;
}

export async function reservationLines(tx: Queryable, id: string): Promise<ReservationLineRow[]> {
  const { rows } = await tx.query<ReservationLineRow>(
    {
      name: 'inv_reservation_lines',
      text: `SELECT rl.line_no, rl.sku_id, s.code AS sku_code, s.is_archived AS sku_archived, rl.location_id,
                    l.code AS location_code, l.warehouse_id, w.code AS warehouse_code, rl.qty
               FROM reservation_lines rl
               JOIN skus s ON s.sku_id = rl.sku_id
               JOIN locations l ON l.location_id = rl.location_id
               JOIN locations w ON w.location_id = l.warehouse_id
              WHERE rl.reservation_id = $1 ORDER BY rl.line_no`,
    },
    [id],
  );
  return rows;
}

/**
 * Moves an open reservation to its end state in one guarded statement, or says precisely why not.
 * Shared by post and void; expiry has its own statement.
 */
export async function endReservation(
  tx: Queryable,
  ctx: Context,
  id: string,
  status: 'posted' | 'voided',
): Promise<void> {
  const { rowCount } = await tx.query(
    {
      name: 'inv_end_reservation',
      text: `UPDATE reservations SET status = $2, ended_at = now(), ended_by_kind = $3, ended_by = $4
              WHERE reservation_id = $1 AND status = 'open'
                AND ($2 = 'voided' OR expires_at IS NULL OR expires_at > now())`,
    },
    [id, status, ctx.actor.kind, ctx.actor.id],
  );
  if (rowCount === 1) return;
  const { rows } = await tx.query<{ status: string; expires_at: Date | null }>(
    'SELECT status, expires_at FROM reservations WHERE reservation_id = $1',
    [id],
  );
  const current = rows[0];
  if (!current) throw reservationNotFound(id);
  if (current.status === 'open') {
    throw conflict(
      'reservation_expired',
      `Reservation ${id} expired at ${current.expires_at?.toISOString()}; it can only be voided.`,
      {
        reservationId: id,
        expiresAt: current.expires_at?.toISOString() ?? null,
      },
    );
  }
  throw conflict('reservation_not_open', `Reservation ${id} is already ${current.status}.`, {
    reservationId: id,
    status: current.status,
  });
}
