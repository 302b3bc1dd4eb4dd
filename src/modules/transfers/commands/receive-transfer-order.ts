import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { unprocessable } from '../../../kernel/errors.js';
import { nonNegativeQty, positiveQty } from '../../../kernel/quantity.js';
import { receiveTransferInTransaction } from '../../inventory/index.js';
import {
  defaultQuarantineLocation,
  findLocations,
  HEAD_SELECT,
  loadTransferOrders,
  readLines,
  readPicks,
  type TransferOrder,
  type TransferOrderHead,
} from '../db/transfer-orders.js';
import { inTransit, planReceipt } from '../domain/plan-receipt.js';
import {
  duplicateLine,
  transferOrderNotFound,
  transferOrderNotInTransit,
  unknownLine,
  wrongWarehouse,
} from '../errors.js';

export interface ReceiveTransferOrderInput {
  /** Where the good units go (a dock or bin of the destination); default: where each pick was sent. */
  location?: string | undefined;
  /** Units arrived per line; `damaged` of them go to a quarantine location. */
  lines?: { lineNo: number; qty: number; damaged?: number | undefined }[] | undefined;
  /** Quarantine location for damaged units (default: the destination's first quarantine location). */
  quarantine?: string | undefined;
  /** After this receipt, whatever is still in transit is written off as lost in transit. */
  close?: boolean | undefined;
  note?: string | undefined;
}

/**
 * Receives units of a shipped transfer order at its destination: each line's units leave transit for the
 * receiving location (good) or a quarantine location (damaged), oldest stock transfer first. With close,
 * what is still in transit moves to the destination's adjustment location as a loss (lost in transit).
 * The order is received when every shipped unit is received or lost, else partially_received. Needs the
 * destination warehouse in scope.
 * Errors: transfer_order_not_found (404); transfer_order_not_in_transit (409); unknown_line,
 * duplicate_line, over_receipt, damaged_exceeds_qty, nothing_to_receive, wrong_warehouse,
 * no_quarantine_location, location_not_quarantine, unknown_location, location_not_physical,
 * location_archived, invalid_quantity (422).
 */
export async function receiveTransferOrder(ctx: Context, id: string, input: ReceiveTransferOrderInput) {
  const named = (input.lines ?? []).map((l, i) => {
    const qty = positiveQty(l.qty, `lines[${i}].qty`);
    const damaged = l.damaged === undefined ? 0 : nonNegativeQty(l.damaged, `lines[${i}].damaged`);
    if (damaged > qty) {
      throw unprocessable(
        'damaged_exceeds_qty',
        `Line ${l.lineNo}: ${damaged} damaged unit(s) out of ${qty} received; damaged units are part of qty.`,
        { lineNo: l.lineNo, qty, damaged, field: `lines[${i}].damaged` },
      );
    }
    return { lineNo: l.lineNo, qty, damaged, field: `lines[${i}]` };
  });
  const seen = new Set<number>();
  for (const l of named) {
    if (seen.has(l.lineNo)) throw duplicateLine(l.lineNo, `${l.field}.lineNo`);
    seen.add(l.lineNo);
  }
  if (named.length === 0 && !input.close) {
    throw unprocessable('nothing_to_receive', 'Name the lines that arrived, or close the transfer order.', {
      field: 'lines',
    });
  }
  return runCommand(
    ctx,
    'transfers.receive_transfer_order',
    { id, ...input },
    async (tx, audit): Promise<TransferOrder> => {
      const { rows } = await tx.query<TransferOrderHead>(
        `${HEAD_SELECT} WHERE o.transfer_order_id = $1 FOR UPDATE OF o`,
        [id],
      );
      const head = rows[0];
      if (!head) throw transferOrderNotFound(id);
      // Receiving is the destination's business: seen from elsewhere, the order does not exist.
      if (ctx.warehouseScope !== null && !ctx.warehouseScope.includes(head.to_warehouse_id)) {
        throw transferOrderNotFound(id);
      }
      if (head.status !== 'shipped' && head.status !== 'partially_received') {
        throw transferOrderNotInTransit(id, head.status);
      }
      const lines = await readLines(tx, [id]);
      const byNo = new Map(lines.map((l) => [l.line_no, l]));
      for (const n of named) {
        const line = byNo.get(n.lineNo);
        if (!line) throw unknownLine(id, n.lineNo, `${n.field}.lineNo`);
        const open = inTransit({
          shipped: line.qty_shipped,
          received: line.qty_received,
          lost: line.qty_lost,
        });
        if (n.qty > open) {
          throw unprocessable(
            'over_receipt',
            `Line ${n.lineNo} (${line.sku_code}) has ${open} unit(s) in transit; ${n.qty} cannot be received. Count again, or receive the extra units as a separate receipt.`,
            { lineNo: n.lineNo, sku: line.sku_code, inTransit: open, qty: n.qty, field: `${n.field}.qty` },
          );
        }
      }
      const codes = [input.location, input.quarantine].filter((c): c is string => c !== undefined);
      const places = await findLocations(tx, codes);
      const place = (code: string, field: string) => {
        const p = places.get(code.toLowerCase());
        if (!p) {
          throw unprocessable('unknown_location', `There is no location with code ${code}.`, {
            location: code,
            field,
          });
        }
        if (p.warehouse_id !== head.to_warehouse_id) throw wrongWarehouse(p.code, head.to_code, field);
        if (!p.is_physical) {
          throw unprocessable(
            'location_not_physical',
            `${p.code} is a virtual location; name a dock or bin.`,
            {
              location: p.code,
              field,
            },
          );
        }
        return p;
      };
      const location = input.location ? place(input.location, 'location').code : undefined;
      let quarantine: string | undefined;
      if (named.some((n) => n.damaged > 0)) {
        if (input.quarantine) {
          const q = place(input.quarantine, 'quarantine');
          if (q.usage !== 'quarantine') {
            throw unprocessable(
              'location_not_quarantine',
              `${q.code} is a ${q.usage} location; damaged units go to a quarantine location.`,
              { location: q.code, usage: q.usage, field: 'quarantine' },
            );
          }
          quarantine = q.code;
        } else {
          const q = await defaultQuarantineLocation(tx, head.to_warehouse_id);
          if (q === null) {
            throw unprocessable(
              'no_quarantine_location',
              `${head.to_code} has no quarantine location for damaged units; set a zone or bin's usage to quarantine first.`,
              { warehouse: head.to_code, field: 'lines' },
            );
          }
          quarantine = q;
        }
      }
      const picks = await readPicks(tx, [id]);
      const openOf = new Map(picks.map((p) => [p.stock_transfer_id, p.qty - p.received_qty - p.lost_qty]));
      const done = new Map<number, { received: number; damaged: number; lost: number }>();
      const tally = (lineNo: number) => {
        const t = done.get(lineNo) ?? { received: 0, damaged: 0, lost: 0 };
        done.set(lineNo, t);
        return t;
      };
      for (const n of named) {
        const linePicks = picks
          .filter((p) => p.line_no === n.lineNo)
          .map((p) => ({ id: p.stock_transfer_id, open: openOf.get(p.stock_transfer_id)! }));
        for (const r of planReceipt(linePicks, n.qty, n.damaged)) {
          if (r.good > 0) {
            await receiveTransferInTransaction(tx, ctx, r.id, {
              qty: r.good,
              into: location,
              note: input.note,
            });
          }
          if (r.damaged > 0) {
            await receiveTransferInTransaction(tx, ctx, r.id, {
              qty: r.damaged,
              into: quarantine,
              note: input.note,
            });
          }
          openOf.set(r.id, openOf.get(r.id)! - r.good - r.damaged);
        }
        const t = tally(n.lineNo);
        t.received += n.qty;
        t.damaged += n.damaged;
      }
      if (input.close) {
        for (const p of picks) {
          const open = openOf.get(p.stock_transfer_id)!;
          if (open <= 0) continue;
          await receiveTransferInTransaction(tx, ctx, p.stock_transfer_id, {
            qty: 0,
            closeShort: true,
            note: input.note,
          });
          openOf.set(p.stock_transfer_id, 0);
          tally(p.line_no).lost += open;
        }
      }
      const changed = [...done.entries()];
      await tx.query(
        `UPDATE transfer_order_lines l
            SET qty_received = l.qty_received + c.received, qty_damaged = l.qty_damaged + c.damaged,
                qty_lost = l.qty_lost + c.lost
           FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::bigint[]) AS c(line_no, received, damaged, lost)
          WHERE l.transfer_order_id = $1 AND l.line_no = c.line_no`,
        [
          id,
          changed.map(([n]) => n),
          changed.map(([, t]) => t.received),
          changed.map(([, t]) => t.damaged),
          changed.map(([, t]) => t.lost),
        ],
      );
      const after = await tx.query<{ status: string }>(
        `UPDATE transfer_orders o
            SET status = CASE WHEN c.complete THEN 'received' ELSE 'partially_received' END,
                received_at = CASE WHEN c.complete THEN now() END,
                received_by = CASE WHEN c.complete THEN $2 END,
                version = o.version + 1, updated_at = now()
           FROM (SELECT NOT EXISTS (SELECT 1 FROM transfer_order_lines
                                     WHERE transfer_order_id = $1 AND qty_shipped > qty_received + qty_lost)
                        AS complete) c
          WHERE o.transfer_order_id = $1 AND o.status IN ('shipped', 'partially_received')
          RETURNING o.status`,
        [id, ctx.actor.id],
      );
      const status = after.rows[0]!.status;
      audit.record({
        targetType: 'transfer_order',
        targetId: id,
        before: { status: head.status },
        after: {
          status,
          location: location ?? null,
          quarantine: quarantine ?? null,
          lines: changed.map(([lineNo, t]) => ({ lineNo, ...t })),
        },
        reason: changed.some(([, t]) => t.lost > 0) ? 'loss' : 'transfer',
        warehouseIds: [head.from_warehouse_id, head.to_warehouse_id],
      });
      const result = (await loadTransferOrders(tx, [id]))[0]!;
      await emitEvents(tx, [
        {
          type: 'transfer.received',
          aggregateType: 'transfer_order',
          aggregateId: id,
          payload: {
            transferOrderId: id,
            number: result.number,
            from: result.from,
            to: result.to,
            status: result.status,
            lines: result.lines.map((l) => ({
              lineNo: l.lineNo,
              sku: l.sku,
              qtyShipped: l.qtyShipped,
              qtyReceived: l.qtyReceived,
              qtyDamaged: l.qtyDamaged,
              qtyLost: l.qtyLost,
            })),
          },
        },
      ]);
      return result;
    },
  );
}
