import { type Context, runCommand } from '../../../db/index.js';
import { validationError } from '../../../kernel/errors.js';
import { lockPurchaseOrder, recordPoReceipt } from '../db/purchase-orders.js';
import { ASN_IN_SCOPE, type Asn, findAsn, type Receipt, readReceipt, writeReceipt } from '../db/receipts.js';
import { checkReceivedAt, planPoReceipt, type ReceiptLineRequest } from '../domain/receiving.js';
import { asnNotFound, asnNotOpen, purchaseOrderNotOpen, unknownAsnLine } from '../domain/receiving-errors.js';
import { OPEN_FOR_RECEIVING } from './receive-purchase-order.js';

export interface ReceiveAsnInput {
  location?: string | undefined;
  qc?: boolean | undefined;
  note?: string | undefined;
  /** What actually arrived, per ASN line; lines not listed arrived as announced. */
  lines?: { lineNo: number; qty: number; damaged?: number }[] | undefined;
  occurredAt?: string | undefined;
}

export interface AsnReceiptResult {
  asn: Asn;
  receipts: (Receipt & { purchaseOrderStatus: string })[];
}

/**
 * Receives what an advance ship notice lists, against its purchase orders, in one transaction: one receipt
 * per purchase order (lines carry the ASN line, the announced quantity and the SSCC), fewer units than
 * announced recorded as a short, each order credited within its tolerance, and the notice marked received
 * (once: a guarded transition). Locks: the notice, then its orders in id order.
 * Errors: asn_not_found (404); asn_not_open, purchase_order_not_open (409); unknown_asn_line,
 * over_receipt_tolerance, and the location and quantity errors of receivePurchaseOrder (422).
 */
export async function receiveAsn(ctx: Context, asnId: string, input: ReceiveAsnInput) {
  const occurredAt = checkReceivedAt(input.occurredAt, ctx.clock.now());
  const seen = new Set<number>();
  for (const l of input.lines ?? []) {
    if (seen.has(l.lineNo))
      throw validationError('duplicate_line', `ASN line ${l.lineNo} is listed twice.`, { lineNo: l.lineNo });
    seen.add(l.lineNo);
  }
  return runCommand(
    ctx,
    'purchasing.receive_asn',
    { asnId, ...input },
    async (tx, audit): Promise<AsnReceiptResult> => {
      const { rows } = await tx.query<{ status: string }>(
        `SELECT a.status FROM asns a WHERE a.asn_id = $1 AND ${ASN_IN_SCOPE('a.asn_id', '$2')} FOR UPDATE`,
        [asnId, ctx.warehouseScope],
      );
      if (!rows[0]) throw asnNotFound(asnId);
      if (rows[0].status !== 'open') throw asnNotOpen(asnId, rows[0].status);
      const asn = (await findAsn(tx, asnId, null))!;
      for (const l of input.lines ?? [])
        if (!asn.lines.some((a) => a.lineNo === l.lineNo)) throw unknownAsnLine(asnId, l.lineNo, 'lines');
      const actual = new Map((input.lines ?? []).map((l) => [l.lineNo, l]));
      const poIds = [...new Set(asn.lines.map((l) => l.purchaseOrderId))].sort();
      const receipts: AsnReceiptResult['receipts'] = [];
      const before: Record<string, string> = {};
      const warehouseIds: string[] = [];
      for (const poId of poIds) {
        const po = await lockPurchaseOrder(tx, ctx, poId);
        before[po.number] = po.status;
        warehouseIds.push(po.warehouseId);
        if (!OPEN_FOR_RECEIVING.includes(po.status)) throw purchaseOrderNotOpen(po.id, po.number, po.status);
        const requests: ReceiptLineRequest[] = asn.lines
          .filter((l) => l.purchaseOrderId === poId)
          .map((l) => {
            const got = actual.get(l.lineNo);
            return {
              lineNo: l.poLineNo,
              qty: got ? got.qty : l.qty,
              damaged: got?.damaged ?? 0,
              expected: l.qty,
              asnLineNo: l.lineNo,
              ...(l.sscc === null ? {} : { sscc: l.sscc }),
            };
          });
        const plan = planPoReceipt(po.lines, requests, { qc: input.qc ?? false, acceptUnexpected: false });
        const written = await writeReceipt(tx, ctx, {
          warehouse: { id: po.warehouseId, code: po.warehouse },
          poId: po.id,
          asnId,
          supplierId: po.supplierId,
          lines: plan.lines,
          location: input.location,
          qc: input.qc ?? false,
          note: input.note,
          occurredAt,
        });
        const status =
          plan.poReceipt.length > 0 ? await recordPoReceipt(tx, { poId, lines: plan.poReceipt }) : po.status;
        receipts.push({ ...(await readReceipt(tx, written.id)), purchaseOrderStatus: status });
      }
      await tx.query(
        `UPDATE asn_lines l SET qty_received = l.qty_received + x.qty
           FROM unnest($2::int[], $3::bigint[]) AS x(line_no, qty)
          WHERE l.asn_id = $1 AND l.line_no = x.line_no`,
        [
          asnId,
          asn.lines.map((l) => l.lineNo),
          asn.lines.map((l) => {
            const got = actual.get(l.lineNo);
            return got ? got.qty + (got.damaged ?? 0) : l.qty;
          }),
        ],
      );
      const moved = await tx.query(
        `UPDATE asns SET status = 'received', received_at = now(), received_by = $2
          WHERE asn_id = $1 AND status = 'open'`,
        [asnId, ctx.actor.id],
      );
      if (moved.rowCount === 0) throw asnNotOpen(asnId, 'received');
      const after = (await findAsn(tx, asnId, null))!;
      audit.record({
        targetType: 'asn',
        targetId: asnId,
        before: { status: 'open', purchaseOrders: before },
        after: {
          status: 'received',
          receipts: receipts.map((r) => ({
            number: r.number,
            purchaseOrder: r.purchaseOrderNumber,
            status: r.purchaseOrderStatus,
            short: r.lines.reduce((n, l) => n + l.qtyShort, 0),
            damaged: r.lines.reduce((n, l) => n + l.qtyDamaged, 0),
          })),
        },
        warehouseIds,
      });
      return { asn: after, receipts };
    },
  );
}
