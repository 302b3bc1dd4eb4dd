import type { Context, Queryable } from '../../../db/index.js';
import { reserveInTransaction, voidInTransaction } from '../../inventory/index.js';
import type { AllocationDecision, Destination } from '../domain/allocate.js';
import { deriveStatus, type OrderStatus, pendingOf } from '../domain/order-status.js';
import { allocateLines } from './allocation.js';
import type { Channel } from './channels.js';

export interface LineState {
  line_no: number;
  sku_id: string;
  sku: string;
  qty_ordered: number;
  qty_allocated: number;
  qty_backordered: number;
  qty_shipped: number;
  qty_cancelled: number;
  /** Allocated units an open shipment holds: not the line's to release. */
  qty_in_fulfilment: number;
}

/** An order's lines, locked for the rest of the transaction. */
export async function lockLines(tx: Queryable, orderId: string): Promise<LineState[]> {
  const { rows } = await tx.query<LineState>(
    `SELECT ol.line_no, ol.sku_id, s.code AS sku, ol.qty_ordered, ol.qty_allocated, ol.qty_backordered, ol.qty_shipped,
            ol.qty_cancelled, ol.qty_in_fulfilment
       FROM order_lines ol JOIN skus s ON s.sku_id = ol.sku_id
      WHERE ol.order_id = $1 ORDER BY ol.line_no FOR UPDATE OF ol`,
    [orderId],
  );
  return rows;
}

export const bucketsOf = (l: LineState) => ({
  ordered: l.qty_ordered,
  allocated: l.qty_allocated,
  backordered: l.qty_backordered,
  shipped: l.qty_shipped,
  cancelled: l.qty_cancelled,
  inFulfilment: l.qty_in_fulfilment,
});

/** Units of a line that can still be cancelled, edited away or decided again: not shipped, cancelled or in an open shipment. */
export const releasableOf = (l: LineState) =>
  l.qty_ordered - l.qty_shipped - l.qty_cancelled - l.qty_in_fulfilment;

/**
 * Releases `qty` allocated units of a line: its open reservations (not those an open shipment holds) are
 * voided and what stays allocated is held again at the same locations (the locations taken last are given
 * up first). For a kit line the units are kits: each component keeps (kits still allocated × its quantity
 * per kit). The caller moves the units out of the allocated bucket.
 */
export async function releaseAllocated(
  tx: Queryable,
  ctx: Context,
  orderId: string,
  line: LineState,
  qty: number,
): Promise<void> {
  const { rows } = await tx.query<{ reservation_id: string; sku: string; location: string; qty: number }>(
    `SELECT r.reservation_id, s.code AS sku, l.code AS location, (rl.qty - rl.posted_qty)::bigint AS qty
       FROM order_line_reservations olr
       JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
       JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
       JOIN skus s ON s.sku_id = rl.sku_id
       JOIN locations l ON l.location_id = rl.location_id
      WHERE olr.order_id = $1 AND olr.line_no = $2 AND olr.shipment_id IS NULL
      ORDER BY r.reservation_id, rl.line_no`,
    [orderId, line.line_no],
  );
  for (const id of new Set(rows.map((r) => r.reservation_id))) await voidInTransaction(tx, ctx, id);
  const { rows: parts } = await tx.query<{ sku: string; qty: number }>(
    `SELECT c.code AS sku, sc.qty FROM sku_components sc JOIN skus c ON c.sku_id = sc.component_sku_id
      WHERE sc.kit_sku_id = $1`,
    [line.sku_id],
  );
  const kitsLeft = line.qty_allocated - line.qty_in_fulfilment - qty;
  const perUnit = new Map(
    parts.length > 0 ? parts.map((p) => [p.sku.toLowerCase(), p.qty]) : [[line.sku.toLowerCase(), 1]],
  );
  const keepOf = new Map([...perUnit].map(([sku, per]) => [sku, kitsLeft * per]));
  const remaining: { sku: string; location: string; qty: number }[] = [];
  for (const r of rows) {
    const key = r.sku.toLowerCase();
    const take = Math.min(keepOf.get(key) ?? 0, r.qty);
    if (take > 0) remaining.push({ sku: r.sku, location: r.location, qty: take });
    keepOf.set(key, (keepOf.get(key) ?? 0) - take);
  }
  if (remaining.length > 0) {
    const again = await reserveInTransaction(tx, ctx, {
      lines: remaining,
      reference: `order ${orderId} line ${line.line_no}`,
    });
    await tx.query(
      'INSERT INTO order_line_reservations (order_id, line_no, reservation_id) VALUES ($1, $2, $3)',
      [orderId, line.line_no, again.id],
    );
  }
}

/**
 * Takes `qty` open units off a line, backorder first, then undecided units, then allocation (releasing its
 * stock). Units in an open shipment are not open: the caller checks `qty <= releasableOf(line)` (and the
 * database's fulfilment CHECK refuses anything else). Returns where the units came from; the caller
 * decides whether they are cancelled or no longer ordered.
 */
export async function takeOpenUnits(
  tx: Queryable,
  ctx: Context,
  orderId: string,
  line: LineState,
  qty: number,
): Promise<{ fromBackorder: number; fromPending: number; fromAllocated: number }> {
  const fromBackorder = Math.min(qty, line.qty_backordered);
  const fromPending = Math.min(qty - fromBackorder, pendingOf(bucketsOf(line)));
  const fromAllocated = qty - fromBackorder - fromPending;
  if (fromAllocated > 0) await releaseAllocated(tx, ctx, orderId, line, fromAllocated);
  line.qty_backordered -= fromBackorder;
  line.qty_allocated -= fromAllocated;
  await tx.query(
    `UPDATE order_lines SET qty_backordered = qty_backordered - $3, qty_allocated = qty_allocated - $4
      WHERE order_id = $1 AND line_no = $2`,
    [orderId, line.line_no, fromBackorder, fromAllocated],
  );
  return { fromBackorder, fromPending, fromAllocated };
}

/**
 * Releases everything allocated (outside open shipments) or backordered on the lines, so that it can be
 * decided again.
 */
export async function releaseOpenUnits(tx: Queryable, ctx: Context, orderId: string, lines: LineState[]) {
  for (const line of lines) {
    const open = line.qty_allocated - line.qty_in_fulfilment + line.qty_backordered;
    if (open > 0) await takeOpenUnits(tx, ctx, orderId, line, open);
  }
}

/** Allocates every undecided unit of the order's lines in one decision (so the order stays together). */
export async function allocatePending(
  tx: Queryable,
  ctx: Context,
  order: { id: string; channel: Channel; destination: Destination | null },
  lines: readonly LineState[],
): Promise<AllocationDecision | null> {
  const pending = lines
    .map((l) => ({ lineNo: l.line_no, skuId: l.sku_id, sku: l.sku, qty: pendingOf(bucketsOf(l)) }))
    .filter((l) => l.qty > 0);
  if (pending.length === 0) return null;
  return allocateLines(tx, ctx, order, pending);
}

/** Recomputes the order's status from its lines (read again) and stores it. */
export async function refreshStatus(
  tx: Queryable,
  ctx: Context,
  orderId: string,
  options: { bumpVersion: boolean } = { bumpVersion: true },
): Promise<OrderStatus> {
  const lines = await tx.query<LineState>(
    `SELECT line_no, sku_id, '' AS sku, qty_ordered, qty_allocated, qty_backordered, qty_shipped, qty_cancelled,
            qty_in_fulfilment
       FROM order_lines WHERE order_id = $1`,
    [orderId],
  );
  let status = deriveStatus(lines.rows.map(bucketsOf));
  if (status === 'shipped') {
    // Everything left: delivered once every shipment that carried it is.
    const { rows } = await tx.query<{ undelivered: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM shipments WHERE order_id = $1 AND status = 'shipped') AS undelivered`,
      [orderId],
    );
    if (!rows[0]?.undelivered) status = deriveStatus(lines.rows.map(bucketsOf), { delivered: true });
  }
  await tx.query(
    `UPDATE orders SET status = $2, on_hold = CASE WHEN $2 = 'cancelled' THEN false ELSE on_hold END,
            hold_reason = CASE WHEN $2 = 'cancelled' THEN NULL ELSE hold_reason END,
            version = version + $4, updated_at = now(), updated_by = $3
      WHERE order_id = $1`,
    [orderId, status, ctx.actor.id, options.bumpVersion ? 1 : 0],
  );
  return status;
}
