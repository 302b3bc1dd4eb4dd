import type { Context, Queryable } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import type { SkuRef } from '../../catalog/index.js';
import type { LocationKind, LocationUsage } from '../domain/locations.js';
import { reservationNotFound } from '../errors.js';
import type { LocationRef } from './locations.js';

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

/**
 * A reservation is visible to a principal when every line is in one of its warehouses ($n: text[] of
 * warehouse ids, NULL = all). `r` is the reservations row.
 */
export const reservationInScope = (param: string, alias = 'r') =>
  `(${param}::text[] IS NULL OR NOT EXISTS (
      SELECT 1 FROM reservation_lines sl JOIN locations sloc ON sloc.location_id = sl.location_id
       WHERE sl.reservation_id = ${alias}.reservation_id AND NOT (sloc.warehouse_id = ANY(${param}::text[]))))`;

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

export async function findReservation(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<Reservation | null> {
  const { rows } = await tx.query<ReservationRow>(
    `${RESERVATION_SELECT} WHERE r.reservation_id = $1 AND ${reservationInScope('$2')}`,
    [id, scope],
  );
  return rows[0] ? toReservation(rows[0]) : null;
}

export interface EndedLine {
  lineNo: number;
  sku: SkuRef;
  location: LocationRef;
  qty: number;
  /** The customer location of the line's warehouse (where a post sends it by default). */
  customer: LocationRef;
}

export interface EndedReservation {
  reservation: Omit<Reservation, 'lines'>;
  lines: EndedLine[];
}

const END_RESERVATION = {
  name: 'inv_end_reservation',
  text: `WITH ended AS (
           UPDATE reservations SET status = $2, ended_at = now(), ended_by_kind = $3, ended_by = $4
            WHERE reservation_id = $1 AND status = 'open'
              AND ($2 = 'voided' OR expires_at IS NULL OR expires_at > now())
              AND ${reservationInScope('$5', 'reservations')}
           RETURNING reservation_id, status, reference, expires_at, created_at, created_by, ended_at, ended_by)
         SELECT e.*, rl.line_no, rl.qty, rl.sku_id, s.code AS sku_code, s.is_archived AS sku_archived,
                rl.location_id, l.code AS location_code, l.kind AS location_kind, l.is_archived AS location_archived,
                l.usage AS location_usage,
                l.warehouse_id, w.code AS warehouse_code, c.location_id AS customer_id, c.code AS customer_code,
                c.is_archived AS customer_archived
           FROM ended e
           JOIN reservation_lines rl ON rl.reservation_id = e.reservation_id
           JOIN skus s ON s.sku_id = rl.sku_id
           JOIN locations l ON l.location_id = rl.location_id
           JOIN locations w ON w.location_id = l.warehouse_id
           JOIN locations c ON c.warehouse_id = l.warehouse_id AND c.kind = 'customer'
          ORDER BY rl.line_no`,
};

interface EndedRow {
  reservation_id: string;
  status: ReservationStatus;
  reference: string;
  expires_at: Date | null;
  created_at: Date;
  created_by: string;
  ended_at: Date;
  ended_by: string;
  line_no: number;
  qty: number;
  sku_id: string;
  sku_code: string;
  sku_archived: boolean;
  location_id: string;
  location_code: string;
  location_kind: LocationKind;
  location_archived: boolean;
  location_usage: LocationUsage;
  warehouse_id: string;
  warehouse_code: string;
  customer_id: string;
  customer_code: string;
  customer_archived: boolean;
}

/**
 * Moves an open reservation to its end state in one guarded statement that also returns its lines (and
 * each line's customer location), or says precisely why not. Shared by post and void; expiry has its
 * own statement. Errors: reservation_not_found (404); reservation_not_open, reservation_expired (409).
 */
export async function endReservation(
  tx: Queryable,
  ctx: Context,
  id: string,
  status: 'posted' | 'voided',
): Promise<EndedReservation> {
  const { rows } = await tx.query<EndedRow>(END_RESERVATION, [
    id,
    status,
    ctx.actor.kind,
    ctx.actor.id,
    ctx.warehouseScope,
  ]);
  const first = rows[0];
  if (first) {
    return {
      reservation: {
        id: first.reservation_id,
        status: first.status,
        reference: first.reference,
        expiresAt: first.expires_at?.toISOString() ?? null,
        createdAt: first.created_at.toISOString(),
        createdBy: first.created_by,
        endedAt: first.ended_at.toISOString(),
        endedBy: first.ended_by,
      },
      lines: rows.map((r) => {
        const warehouse = { warehouseId: r.warehouse_id, warehouseCode: r.warehouse_code };
        return {
          lineNo: r.line_no,
          qty: r.qty,
          sku: { id: r.sku_id, code: r.sku_code, isArchived: r.sku_archived },
          location: {
            id: r.location_id,
            code: r.location_code,
            kind: r.location_kind,
            isPhysical: true,
            isArchived: r.location_archived,
            usage: r.location_usage,
            ...warehouse,
          },
          customer: {
            id: r.customer_id,
            code: r.customer_code,
            kind: 'customer',
            isPhysical: false,
            isArchived: r.customer_archived,
            usage: 'storage',
            ...warehouse,
          },
        };
      }),
    };
  }
  const { rows: found } = await tx.query<{ status: string; expires_at: Date | null }>(
    `SELECT status, expires_at FROM reservations r WHERE reservation_id = $1 AND ${reservationInScope('$2')}`,
    [id, ctx.warehouseScope],
  );
  const current = found[0];
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
