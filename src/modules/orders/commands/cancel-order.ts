import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { reserveInTransaction, voidInTransaction } from '../../inventory/index.js';
import { type Order, readOrder, recordOrderEvent } from '../db/orders.js';
import { CANCELLABLE, deriveStatus, type OrderStatus } from '../domain/order-status.js';

export interface CancelOrderInput {
  reason: string;
  /** Only these lines (and quantities); the whole order when omitted. */
  lines?: { lineNo: number; qty?: number | undefined }[] | undefined;
}

interface LineState {
  line_no: number;
  qty_ordered: number;
  qty_allocated: number;
  qty_backordered: number;
  qty_shipped: number;
  qty_cancelled: number;
}

/**
 * Cancels a whole order or some quantities of some lines. Shipped units cannot be cancelled (that is a
 * return). A cancelled quantity comes off the backorder first, then off what is allocated, whose
 * reservation is released (voided, and what stays allocated is held again at the same locations), all in
 * one transaction: stock is free the moment the cancel commits.
 * Errors: order_not_found (404); order_not_open (409); unknown_line, cancel_exceeds_open (422).
 */
export async function cancelOrder(ctx: Context, id: string, input: CancelOrderInput) {
  return runCommand(ctx, 'orders.cancel_order', { id, ...input }, async (tx, audit): Promise<Order> => {
    // The order row first: every change of an order takes this lock, so they run one after the other.
    await tx.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [id]);
    const before = await readOrder(tx, id, ctx.warehouseScope);
    const { rows: lines } = await tx.query<LineState>(
      `SELECT line_no, qty_ordered, qty_allocated, qty_backordered, qty_shipped, qty_cancelled
         FROM order_lines WHERE order_id = $1 ORDER BY line_no FOR UPDATE`,
      [id],
    );
    if (!CANCELLABLE.has(before.status)) {
      throw conflict('order_not_open', `Order ${id} is ${before.status}; nothing of it can be cancelled.`, {
        status: before.status,
      });
    }
    const open = (l: LineState) => l.qty_ordered - l.qty_shipped - l.qty_cancelled;
    const wanted = new Map<number, number>();
    if (input.lines === undefined) {
      for (const l of lines) if (open(l) > 0) wanted.set(l.line_no, open(l));
    } else {
      for (const [i, w] of input.lines.entries()) {
        const line = lines.find((l) => l.line_no === w.lineNo);
        if (!line) {
          throw unprocessable('unknown_line', `Order ${id} has no line ${w.lineNo}.`, {
            field: `lines[${i}].lineNo`,
          });
        }
        const qty = (wanted.get(w.lineNo) ?? 0) + (w.qty ?? open(line));
        if (qty > open(line) || qty <= 0) {
          throw unprocessable(
            'cancel_exceeds_open',
            `Line ${w.lineNo} has ${open(line)} unit(s) not shipped or cancelled; ${qty} cannot be cancelled.`,
            { field: `lines[${i}].qty`, lineNo: w.lineNo, open: open(line), requested: qty },
          );
        }
        wanted.set(w.lineNo, qty);
      }
    }
    if (wanted.size === 0) {
      throw conflict('order_not_open', `Order ${id} has nothing left to cancel.`, { status: before.status });
    }
    for (const line of lines) {
      const qty = wanted.get(line.line_no);
      if (!qty) continue;
      const fromBackorder = Math.min(qty, line.qty_backordered);
      const pending =
        line.qty_ordered - line.qty_allocated - line.qty_backordered - line.qty_shipped - line.qty_cancelled;
      const fromPending = Math.min(qty - fromBackorder, pending);
      const fromAllocated = qty - fromBackorder - fromPending;
      if (fromAllocated > 0) await shrinkAllocation(tx, ctx, id, line.line_no, fromAllocated);
      await tx.query(
        `UPDATE order_lines SET qty_backordered = qty_backordered - $3, qty_allocated = qty_allocated - $4,
                                qty_cancelled = qty_cancelled + $5
          WHERE order_id = $1 AND line_no = $2`,
        [id, line.line_no, fromBackorder, fromAllocated, qty],
      );
      line.qty_backordered -= fromBackorder;
      line.qty_allocated -= fromAllocated;
      line.qty_cancelled += qty;
    }
    const status: OrderStatus = deriveStatus(
      lines.map((l) => ({
        ordered: l.qty_ordered,
        allocated: l.qty_allocated,
        backordered: l.qty_backordered,
        shipped: l.qty_shipped,
        cancelled: l.qty_cancelled,
      })),
    );
    await tx.query(
      `UPDATE orders SET status = $2, on_hold = CASE WHEN $2 = 'cancelled' THEN false ELSE on_hold END,
              hold_reason = CASE WHEN $2 = 'cancelled' THEN NULL ELSE hold_reason END,
              version = version + 1, updated_at = now(), updated_by = $3
        WHERE order_id = $1`,
      [id, status, ctx.actor.id],
    );
    const cancelled = [...wanted.entries()].map(([lineNo, qty]) => ({ lineNo, qty }));
    await recordOrderEvent(tx, ctx, id, {
      event: 'cancelled',
      fromStatus: before.status,
      toStatus: status,
      reason: input.reason,
      details: { lines: cancelled },
    });
    await emitEvents(tx, [
      {
        type: 'order.cancelled',
        aggregateType: 'order',
        aggregateId: id,
        payload: {
          orderId: id,
          channel: before.channel,
          externalId: before.externalId,
          status,
          lines: cancelled,
          reason: input.reason,
        },
      },
    ]);
    audit.record({
      targetType: 'order',
      targetId: id,
      before: { status: before.status },
      after: { status, cancelled },
      reason: input.reason,
    });
    return readOrder(tx, id, null);
  });
}

/**
 * Releases `qty` allocated units of a line: its open reservations are voided and what stays allocated is
 * held again at the same locations (the locations given up last are released first).
 */
async function shrinkAllocation(tx: Queryable, ctx: Context, orderId: string, lineNo: number, qty: number) {
  const { rows } = await tx.query<{ reservation_id: string; sku: string; location: string; qty: number }>(
    `SELECT r.reservation_id, s.code AS sku, l.code AS location, (rl.qty - rl.posted_qty)::bigint AS qty
       FROM order_line_reservations olr
       JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
       JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
       JOIN skus s ON s.sku_id = rl.sku_id
       JOIN locations l ON l.location_id = rl.location_id
      WHERE olr.order_id = $1 AND olr.line_no = $2
      ORDER BY r.reservation_id, rl.line_no`,
    [orderId, lineNo],
  );
  for (const id of new Set(rows.map((r) => r.reservation_id))) await voidInTransaction(tx, ctx, id);
  let release = qty;
  const keep = rows.map((r) => ({ sku: r.sku, location: r.location, qty: r.qty }));
  for (let i = keep.length - 1; i >= 0 && release > 0; i--) {
    const take = Math.min(release, keep[i]!.qty);
    keep[i]!.qty -= take;
    release -= take;
  }
  const remaining = keep.filter((k) => k.qty > 0);
  if (remaining.length > 0) {
    const again = await reserveInTransaction(tx, ctx, {
      lines: remaining,
      reference: `order ${orderId} line ${lineNo}`,
    });
    await tx.query(
      'INSERT INTO order_line_reservations (order_id, line_no, reservation_id) VALUES ($1, $2, $3)',
      [orderId, lineNo, again.id],
    );
  }
}
