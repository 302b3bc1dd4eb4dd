import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { lockOrderForShipment } from '../../orders/index.js';
import { type ReturnRecord, readReturn } from '../db/returns.js';
import { claimedUnits, type ReturnReason, type ReturnStatus } from '../domain/grading.js';
import { duplicateLine, type ExcessLine, returnExceedsShipped } from '../errors.js';

export interface AuthoriseReturnInput {
  order: string;
  /** Order lines and how many of their shipped units come back, and why. */
  lines: { lineNo: number; qty: number; reason: ReturnReason }[];
  /** Where the units come back to; by default the warehouse that shipped them. */
  warehouse?: string | undefined;
  /** The return's reason; by default the first line's. */
  reason?: ReturnReason | undefined;
  /** What the customer said. */
  note?: string | undefined;
  /** Refund the order's shipping too once the return is closed (one return per order at most). */
  refundShipping?: boolean | undefined;
}

/**
 * Authorises a customer return (RMA): shipped units of an order's lines that the customer may send back to
 * a warehouse. Only shipped units not already on another return (all authorised units of a return still
 * receiving, the received units of one that is not, none of a cancelled one) can be authorised; the
 * order's lock serialises authorisations, receipts and closes of its returns, so two returns can never
 * claim the same unit. Writes `return.authorised`. Errors: order_not_found (404); shipping_already_refunded
 * (409); return_exceeds_shipped, unknown_line, duplicate_line, warehouse_required, unknown_warehouse,
 * kit_not_returnable, invalid_quantity (422).
 */
export async function authoriseReturn(ctx: Context, input: AuthoriseReturnInput) {
  const seen = new Set<number>();
  for (const [i, l] of input.lines.entries()) {
    positiveQty(l.qty, `lines[${i}].qty`);
    if (seen.has(l.lineNo)) throw duplicateLine(l.lineNo, `lines[${i}].lineNo`);
    seen.add(l.lineNo);
  }
  return runCommand(ctx, 'returns.authorise_return', input, async (tx, audit): Promise<ReturnRecord> => {
    const order = await lockOrderForShipment(tx, ctx, input.order);
    const byLine = new Map(order.lines.map((l) => [l.lineNo, l]));
    for (const [i, l] of input.lines.entries()) {
      if (!byLine.has(l.lineNo)) {
        throw unprocessable('unknown_line', `Order ${order.id} has no line ${l.lineNo}.`, {
          lineNo: l.lineNo,
          field: `lines[${i}].lineNo`,
        });
      }
    }
    // A kit shipped as its components (the ledger moved those): which of them come back is not said here.
    const { rows: kits } = await tx.query<{ line_no: number; sku: string }>(
      `SELECT ol.line_no, s.code AS sku FROM order_lines ol JOIN skus s ON s.sku_id = ol.sku_id
        WHERE ol.order_id = $1 AND ol.line_no = ANY($2::int[])
          AND EXISTS (SELECT 1 FROM sku_components sc WHERE sc.kit_sku_id = ol.sku_id)
        ORDER BY ol.line_no`,
      [order.id, input.lines.map((l) => l.lineNo)],
    );
    if (kits[0]) {
      throw unprocessable(
        'kit_not_returnable',
        `Line ${kits[0].line_no} is a kit (${kits[0].sku}); kits cannot be returned yet. Receive its components as stock instead.`,
        { lineNo: kits[0].line_no, sku: kits[0].sku },
      );
    }
    const { rows: claims } = await tx.query<{
      order_line_no: number;
      status: ReturnStatus;
      qty_authorised: number;
      qty_received: number;
    }>(
      `SELECT rl.order_line_no, r.status, rl.qty_authorised, rl.qty_received
         FROM return_lines rl JOIN returns r ON r.return_id = rl.return_id
        WHERE r.order_id = $1 AND r.status <> 'cancelled'`,
      [order.id],
    );
    const excess: ExcessLine[] = [];
    for (const l of input.lines) {
      const line = byLine.get(l.lineNo)!;
      const claimed = claimedUnits(
        claims
          .filter((c) => c.order_line_no === l.lineNo)
          .map((c) => ({ status: c.status, qtyAuthorised: c.qty_authorised, qtyReceived: c.qty_received })),
      );
      const returnable = Math.max(0, line.qtyShipped - claimed);
      if (l.qty > returnable) {
        excess.push({
          lineNo: l.lineNo,
          sku: line.sku,
          requested: l.qty,
          shipped: line.qtyShipped,
          onReturns: claimed,
          returnable,
        });
      }
    }
    if (excess.length > 0) throw returnExceedsShipped(order.id, excess);

    let warehouse: { id: string; code: string };
    if (input.warehouse) {
      [warehouse] = (await resolveWarehouses(tx, [input.warehouse], {
        field: 'warehouse',
        scope: ctx.warehouseScope,
      })) as [{ id: string; code: string }];
    } else {
      const { rows } = await tx.query<{ id: string; code: string }>(
        `SELECT DISTINCT w.location_id AS id, w.code
           FROM shipments sh
           JOIN shipment_lines sl ON sl.shipment_id = sh.shipment_id
           JOIN locations w ON w.location_id = sh.warehouse_id
          WHERE sh.order_id = $1 AND sh.status IN ('shipped', 'delivered') AND sl.qty > 0
            AND sl.line_no = ANY($2::int[])
          ORDER BY w.code`,
        [order.id, input.lines.map((l) => l.lineNo)],
      );
      if (rows.length !== 1) {
        throw unprocessable(
          'warehouse_required',
          rows.length === 0
            ? `No shipment of order ${order.id} says where these units left from; say which warehouse they come back to.`
            : `Order ${order.id} shipped these lines from several warehouses (${rows
                .map((r) => r.code)
                .join(', ')}); say which one they come back to.`,
          { field: 'warehouse', warehouses: rows.map((r) => r.code) },
        );
      }
      warehouse = rows[0]!;
      const scope = ctx.warehouseScope;
      if (scope && !scope.includes(warehouse.id)) {
        throw unprocessable(
          'warehouse_required',
          `Order ${order.id} shipped these lines from a warehouse you do not work in; say which of yours they come back to.`,
          { field: 'warehouse', warehouses: [] },
        );
      }
    }

    const returnId = newId('customerReturn');
    await tx.query(
      `INSERT INTO returns (return_id, order_id, warehouse_id, reason, customer_note, currency, refund_shipping,
                            authorised_by_kind, authorised_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        returnId,
        order.id,
        warehouse.id,
        input.reason ?? input.lines[0]!.reason,
        input.note ?? null,
        order.currency,
        input.refundShipping ?? false,
        ctx.actor.kind,
        ctx.actor.id,
      ],
    );
    await tx.query(
      `INSERT INTO return_lines (return_id, line_no, order_id, order_line_no, sku_id, reason, qty_authorised)
       SELECT $1, l.n, $2, l.order_line_no, ol.sku_id, l.reason, l.qty
         FROM unnest($3::int[], $4::int[], $5::text[], $6::bigint[]) AS l(n, order_line_no, reason, qty)
         JOIN order_lines ol ON ol.order_id = $2 AND ol.line_no = l.order_line_no`,
      [
        returnId,
        order.id,
        input.lines.map((_, i) => i + 1),
        input.lines.map((l) => l.lineNo),
        input.lines.map((l) => l.reason),
        input.lines.map((l) => l.qty),
      ],
    );
    const created = await readReturn(tx, returnId, null);
    await emitEvents(tx, [
      {
        type: 'return.authorised',
        aggregateType: 'return',
        aggregateId: returnId,
        payload: {
          returnId,
          number: created.number,
          orderId: order.id,
          channel: order.channel,
          externalId: order.externalId,
          warehouse: created.warehouse,
          reason: created.reason,
          lines: created.lines.map((l) => ({
            lineNo: l.lineNo,
            orderLineNo: l.orderLineNo,
            sku: l.sku,
            qty: l.qtyAuthorised,
            reason: l.reason,
          })),
        },
      },
    ]);
    audit.record({
      targetType: 'return',
      targetId: returnId,
      after: {
        status: 'authorised',
        number: created.number,
        orderId: order.id,
        warehouse: created.warehouse,
        lines: created.lines.map((l) => ({
          lineNo: l.lineNo,
          orderLineNo: l.orderLineNo,
          qty: l.qtyAuthorised,
          reason: l.reason,
        })),
      },
      reason: created.reason,
      warehouseId: created.warehouseId,
    });
    return created;
  });
}
