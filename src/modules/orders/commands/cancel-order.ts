import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { lockLines, refreshStatus, releasableOf, takeOpenUnits } from '../db/lines.js';
import { type Order, readOrder, recordOrderEvent } from '../db/orders.js';
import { CANCELLABLE } from '../domain/order-status.js';
import { unitsInFulfilment } from '../errors.js';

export interface CancelOrderInput {
  reason: string;
  /** Only these lines (and quantities); the whole order when omitted. */
  lines?: { lineNo: number; qty?: number | undefined }[] | undefined;
}

/**
 * Cancels a whole order or some quantities of some lines. Shipped units cannot be cancelled (that is a
 * return). A cancelled quantity comes off the backorder first, then off what is undecided, then off what
 * is allocated, whose reservation is released (voided, and what stays allocated is held again at the same
 * locations), all in one transaction: stock is free the moment the cancel commits.
 * Units in an open shipment cannot be cancelled until the shipment is voided.
 * Errors: order_not_found (404); order_not_open, units_in_fulfilment (409); unknown_line,
 * cancel_exceeds_open (422).
 */
export async function cancelOrder(ctx: Context, id: string, input: CancelOrderInput) {
  return runCommand(ctx, 'orders.cancel_order', { id, ...input }, async (tx, audit): Promise<Order> => {
    // The order row first: every change of an order takes this lock, so they run one after the other.
    await tx.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [id]);
    const before = await readOrder(tx, id, ctx.warehouseScope);
    const lines = await lockLines(tx, id);
    if (!CANCELLABLE.has(before.status)) {
      throw conflict('order_not_open', `Order ${id} is ${before.status}; nothing of it can be cancelled.`, {
        status: before.status,
      });
    }
    const open = (l: (typeof lines)[number]) => l.qty_ordered - l.qty_shipped - l.qty_cancelled;
    const wanted = new Map<number, number>();
    if (input.lines === undefined) {
      const held = lines.filter((l) => l.qty_in_fulfilment > 0);
      if (held.length > 0) throw unitsInFulfilment(id, held);
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
        if (qty > releasableOf(line)) throw unitsInFulfilment(id, [line]);
        wanted.set(w.lineNo, qty);
      }
    }
    if (wanted.size === 0) {
      throw conflict('order_not_open', `Order ${id} has nothing left to cancel.`, { status: before.status });
    }
    for (const line of lines) {
      const qty = wanted.get(line.line_no);
      if (!qty) continue;
      await takeOpenUnits(tx, ctx, id, line, qty);
      await tx.query(
        'UPDATE order_lines SET qty_cancelled = qty_cancelled + $3 WHERE order_id = $1 AND line_no = $2',
        [id, line.line_no, qty],
      );
    }
    const status = await refreshStatus(tx, ctx, id);
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
