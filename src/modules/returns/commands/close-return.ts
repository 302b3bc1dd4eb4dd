import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict } from '../../../kernel/errors.js';
import type { Order } from '../../orders/index.js';
import { type LockedReturn, lockReturn, type ReturnRecord, readReturn } from '../db/returns.js';
import { isComplete } from '../domain/grading.js';
import { returnNotOpen } from '../errors.js';

export interface CloseReturnInput {
  /** Refund the order's shipping too (one return per order at most). */
  refundShipping?: boolean | undefined;
}

/**
 * Closes a return when it is done — nothing more will come and every received unit is graded — inside the
 * caller's transaction, after lockReturn. The order's shipping joins the refund when the return asks for
 * it. Writes `return.closed`. Returns whether it closed.
 */
export async function closeIfComplete(
  tx: Queryable,
  ctx: Context,
  order: Order,
  ret: LockedReturn,
): Promise<boolean> {
  const { rows: state } = await tx.query<{
    status: string;
    qty_authorised: number;
    qty_received: number;
    qty_graded: number;
  }>(
    `SELECT r.status, rl.qty_authorised, rl.qty_received, rl.qty_graded
       FROM returns r JOIN return_lines rl ON rl.return_id = r.return_id WHERE r.return_id = $1`,
    [ret.id],
  );
  const receivingClosed = state[0]?.status === 'received';
  const lines = state.map((s) => ({
    qtyAuthorised: s.qty_authorised,
    qtyReceived: s.qty_received,
    qtyGraded: s.qty_graded,
  }));
  if (!isComplete(receivingClosed, lines)) return false;
  const shipping = Math.max(0, order.totals.shippingMinor ?? 0);
  const { rows } = await tx.query(
    `UPDATE returns
        SET status = 'closed', closed_at = now(), closed_by = $2,
            shipping_refund_minor = CASE WHEN refund_shipping THEN $3::bigint ELSE 0 END,
            refund_minor = refund_minor + CASE WHEN refund_shipping THEN $3::bigint ELSE 0 END
      WHERE return_id = $1 AND status IN ('authorised', 'received') RETURNING return_id`,
    [ret.id, ctx.actor.id, shipping],
  );
  if (rows.length === 0) return false;
  const closed = await readReturn(tx, ret.id, null);
  await emitEvents(tx, [
    {
      type: 'return.closed',
      aggregateType: 'return',
      aggregateId: ret.id,
      payload: {
        returnId: ret.id,
        number: closed.number,
        orderId: order.id,
        channel: order.channel,
        externalId: order.externalId,
        warehouse: closed.warehouse,
        currency: closed.currency,
        refundMinor: closed.refundMinor,
        shippingRefundMinor: closed.shippingRefundMinor,
        lines: closed.lines.map((l) => ({
          lineNo: l.lineNo,
          orderLineNo: l.orderLineNo,
          sku: l.sku,
          qtyAuthorised: l.qtyAuthorised,
          qtyReceived: l.qtyReceived,
          graded: l.graded,
        })),
      },
    },
  ]);
  return true;
}

/**
 * Closes a return for receipts: the units not received yet are not coming (they become returnable again
 * on a new return). It is closed outright when every received unit is graded; otherwise it waits for the
 * inspection of the rest (status received) and closes with the last grade. `refundShipping` adds the
 * order's shipping to the refund. Posting the refund to the books is the finance module's, later.
 * Errors: return_not_found (404); return_not_open, return_nothing_received (cancel it instead),
 * shipping_already_refunded (409).
 */
export async function closeReturn(ctx: Context, id: string, input: CloseReturnInput) {
  return runCommand(
    ctx,
    'returns.close_return',
    { id, ...input },
    async (tx, audit): Promise<ReturnRecord> => {
      const { order, ret } = await lockReturn(tx, ctx, id);
      if (ret.status !== 'authorised' && ret.status !== 'received') throw returnNotOpen(ret, 'closed');
      if (ret.lines.every((l) => l.qtyReceived === 0)) {
        throw conflict(
          'return_nothing_received',
          `Nothing of return ${ret.number} was received; cancel it instead (POST /v1/returns/${id}/cancel).`,
          { return: id },
        );
      }
      if (input.refundShipping) {
        await tx.query('UPDATE returns SET refund_shipping = true WHERE return_id = $1', [id]);
      }
      await tx.query(
        `UPDATE returns SET status = 'received' WHERE return_id = $1 AND status = 'authorised'`,
        [id],
      );
      const closed = await closeIfComplete(tx, ctx, order, ret);
      const after = await readReturn(tx, id, null);
      audit.record({
        targetType: 'return',
        targetId: id,
        before: { status: ret.status },
        after: {
          status: after.status,
          refundMinor: after.refundMinor,
          refundShipping: after.refundShipping,
          notComing: ret.lines
            .filter((l) => l.qtyReceived < l.qtyAuthorised)
            .map((l) => ({ lineNo: l.lineNo, qty: l.qtyAuthorised - l.qtyReceived })),
          closed,
        },
        warehouseId: after.warehouseId,
      });
      return after;
    },
  );
}
