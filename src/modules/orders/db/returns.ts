import type { Context, Queryable } from '../../../db/index.js';
import type { Order } from './orders.js';
import { recordOrderEvent } from './orders.js';

/**
 * The order side of customer returns (the returns module owns the return rows): units that came back are
 * counted on their order lines (`qty_returned`, which a CHECK keeps at or below `qty_shipped`) and the
 * timeline says which return brought them. The order's status does not change: a returned unit stays
 * shipped. Runs inside the caller's transaction, after `lockOrderForShipment` (order, then lines).
 * Errors: a line would count more returned than shipped → the CHECK order_lines_returned_check (409
 * constraint_violation; the returns module checks first and never gets there).
 */
export async function recordReturned(
  tx: Queryable,
  ctx: Context,
  order: Order,
  received: {
    returnId: string;
    number: string;
    warehouse: string;
    lines: readonly { orderLineNo: number; sku: string; qty: number }[];
  },
): Promise<void> {
  await tx.query(
    `UPDATE order_lines ol SET qty_returned = ol.qty_returned + s.qty
       FROM unnest($2::int[], $3::bigint[]) AS s(line_no, qty)
      WHERE ol.order_id = $1 AND ol.line_no = s.line_no`,
    [order.id, received.lines.map((l) => l.orderLineNo), received.lines.map((l) => l.qty)],
  );
  await tx.query(
    'UPDATE orders SET version = version + 1, updated_at = now(), updated_by = $2 WHERE order_id = $1',
    [order.id, ctx.actor.id],
  );
  await recordOrderEvent(tx, ctx, order.id, {
    event: 'return_received',
    fromStatus: order.status,
    toStatus: order.status,
    details: {
      returnId: received.returnId,
      number: received.number,
      warehouse: received.warehouse,
      lines: received.lines.map((l) => ({ lineNo: l.orderLineNo, sku: l.sku, qty: l.qty })),
    },
  });
}
