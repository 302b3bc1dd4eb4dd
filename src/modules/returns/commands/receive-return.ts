import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { receiveReturnInTransaction } from '../../inventory/index.js';
import { recordReturned } from '../../orders/index.js';
import { findLocations, lockReturn, type ReturnRecord, readReturn } from '../db/returns.js';
import { linePaidAmounts, refundBasisOf, refundOfUnits } from '../domain/refund.js';
import {
  duplicateLine,
  type ExcessLine,
  receiptExceedsAuthorised,
  returnNotOpen,
  unknownLine,
} from '../errors.js';

export interface ReceiveReturnInput {
  /** Return lines and how many of their units arrived. */
  lines: { lineNo: number; qty: number }[];
  /** A quarantine location of the return's warehouse; by default its first one (by code). */
  location?: string | undefined;
  note?: string | undefined;
}

/**
 * Receives returned units at the return's warehouse: they move from its customer location into a
 * quarantine location (reason `return`) to wait for inspection, the order lines count them returned, and
 * the refund grows by what they were paid (domain/refund.ts). Receipts may be partial; once every
 * authorised unit is in, the return is received. Guarded: only an authorised return, never more than
 * authorised (checked under the order's and the return's locks, and by return_lines_received_check).
 * Writes `return.received` with the refund so far.
 * Errors: return_not_found (404); return_not_open (409); receipt_exceeds_authorised, unknown_line,
 * duplicate_line, returns_location_required, unknown_location, location_not_quarantine,
 * location_archived, invalid_quantity (422).
 */
export async function receiveReturn(ctx: Context, id: string, input: ReceiveReturnInput) {
  const seen = new Set<number>();
  for (const [i, l] of input.lines.entries()) {
    positiveQty(l.qty, `lines[${i}].qty`);
    if (seen.has(l.lineNo)) throw duplicateLine(l.lineNo, `lines[${i}].lineNo`);
    seen.add(l.lineNo);
  }
  return runCommand(
    ctx,
    'returns.receive_return',
    { id, ...input },
    async (tx, audit): Promise<ReturnRecord> => {
      const { order, ret } = await lockReturn(tx, ctx, id);
      if (ret.status !== 'authorised') throw returnNotOpen(ret, 'received');
      const lines = input.lines.map((l, i) => {
        const line = ret.lines.find((x) => x.lineNo === l.lineNo);
        if (!line) throw unknownLine(ret.number, l.lineNo, `lines[${i}].lineNo`);
        return { ...line, qty: l.qty };
      });
      const excess: ExcessLine[] = lines
        .filter((l) => l.qty > l.qtyAuthorised - l.qtyReceived)
        .map((l) => ({
          lineNo: l.lineNo,
          sku: l.sku,
          requested: l.qty,
          authorised: l.qtyAuthorised,
          received: l.qtyReceived,
          expected: l.qtyAuthorised - l.qtyReceived,
        }));
      if (excess.length > 0) throw receiptExceedsAuthorised(ret.number, excess);

      const location = await quarantineLocation(tx, ret, input.location);
      const received = await receiveReturnInTransaction(tx, ctx, {
        location,
        lines: lines.map((l) => ({ sku: l.sku, qty: l.qty })),
        reference: `return ${ret.number}`,
        note: input.note,
      });

      const paid = linePaidAmounts(
        refundBasisOf({
          lines: order.lines.map((l) => ({
            lineNo: l.lineNo,
            qty: l.qtyOrdered,
            unitPriceMinor: l.unitPriceMinor,
            discountMinor: l.discountMinor,
            taxMinor: l.taxMinor,
          })),
          ...order.totals,
        }),
      );
      const refunds = lines.map((l) => {
        const orderLine = order.lines.find((x) => x.lineNo === l.orderLineNo)!;
        return refundOfUnits(
          paid.get(l.orderLineNo) ?? 0,
          orderLine.qtyOrdered,
          orderLine.qtyReturned,
          l.qty,
        );
      });
      const { rows: updated } = await tx.query(
        `UPDATE return_lines rl
            SET qty_received = rl.qty_received + s.qty, refund_minor = rl.refund_minor + s.refund
           FROM unnest($2::int[], $3::bigint[], $4::bigint[]) AS s(line_no, qty, refund)
          WHERE rl.return_id = $1 AND rl.line_no = s.line_no AND rl.qty_received + s.qty <= rl.qty_authorised
          RETURNING rl.line_no`,
        [id, lines.map((l) => l.lineNo), lines.map((l) => l.qty), refunds],
      );
      if (updated.length !== lines.length) throw receiptExceedsAuthorised(ret.number, []);
      await tx.query(
        `INSERT INTO return_receipts (return_id, line_no, qty, location_id, move_id, received_by_kind, received_by)
         SELECT $1, s.line_no, s.qty, $2, s.move_id, $3, $4
           FROM unnest($5::int[], $6::bigint[], $7::text[]) AS s(line_no, qty, move_id)`,
        [
          id,
          received.location.id,
          ctx.actor.kind,
          ctx.actor.id,
          lines.map((l) => l.lineNo),
          lines.map((l) => l.qty),
          received.moves.map((m) => m.id),
        ],
      );
      await recordReturned(tx, ctx, order, {
        returnId: id,
        number: ret.number,
        warehouse: ret.warehouse,
        lines: lines.map((l) => ({ orderLineNo: l.orderLineNo, sku: l.sku, qty: l.qty })),
      });
      const refund = refunds.reduce((a, b) => a + b, 0);
      await tx.query(
        `UPDATE returns
            SET refund_minor = refund_minor + $2, received_at = now(), received_by = $3,
                status = CASE WHEN EXISTS (SELECT 1 FROM return_lines
                                            WHERE return_id = $1 AND qty_received < qty_authorised)
                              THEN status ELSE 'received' END
          WHERE return_id = $1 AND status = 'authorised'`,
        [id, refund, ctx.actor.id],
      );
      const after = await readReturn(tx, id, null);
      await emitEvents(tx, [
        {
          type: 'return.received',
          aggregateType: 'return',
          aggregateId: id,
          payload: {
            returnId: id,
            number: ret.number,
            orderId: order.id,
            channel: order.channel,
            externalId: order.externalId,
            warehouse: ret.warehouse,
            location: received.location.code,
            status: after.status,
            lines: lines.map((l, i) => ({
              lineNo: l.lineNo,
              orderLineNo: l.orderLineNo,
              sku: l.sku,
              qty: l.qty,
              refundMinor: refunds[i]!,
            })),
            currency: after.currency,
            refundMinor: after.refundMinor,
          },
        },
      ]);
      audit.record({
        targetType: 'return',
        targetId: id,
        before: { status: ret.status },
        after: {
          status: after.status,
          location: received.location.code,
          lines: lines.map((l, i) => ({ lineNo: l.lineNo, qty: l.qty, refundMinor: refunds[i]! })),
          refundMinor: after.refundMinor,
        },
        reason: 'return',
        warehouseId: ret.warehouseId,
      });
      return after;
    },
  );
}

/** The quarantine location returned units land in: the one named, or the warehouse's first. */
async function quarantineLocation(
  tx: Parameters<typeof findLocations>[0],
  ret: { warehouseId: string; warehouse: string },
  code: string | undefined,
): Promise<string> {
  if (code === undefined) {
    const { rows } = await tx.query<{ code: string }>(
      `SELECT code FROM locations
        WHERE warehouse_id = $1 AND usage = 'quarantine' AND NOT is_archived ORDER BY code LIMIT 1`,
      [ret.warehouseId],
    );
    if (!rows[0]) {
      throw unprocessable(
        'returns_location_required',
        `Warehouse ${ret.warehouse} has no quarantine location for returned goods; create one (a zone or bin with usage quarantine) or name the location.`,
        { warehouse: ret.warehouse, field: 'location' },
      );
    }
    return rows[0].code;
  }
  const found = (await findLocations(tx, [code])).get(code.toLowerCase());
  // A location of another warehouse is as unknown here as one that does not exist (it may be outside the
  // caller's warehouses).
  if (!found || found.warehouseId !== ret.warehouseId || !found.isPhysical) {
    throw unprocessable('unknown_location', `There is no location with code ${code} in ${ret.warehouse}.`, {
      location: code,
      field: 'location',
    });
  }
  if (found.usage !== 'quarantine') {
    throw unprocessable(
      'location_not_quarantine',
      `${found.code} is a ${found.usage} location; returned goods wait for inspection in a quarantine location.`,
      { location: found.code, usage: found.usage, field: 'location' },
    );
  }
  return found.code;
}
