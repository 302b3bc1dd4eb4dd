import { type Context, runCommand } from '../../../db/index.js';
import { validationError } from '../../../kernel/errors.js';
import {
  returnToSupplierInTransaction,
  scrapInTransaction,
  transferInTransaction,
} from '../../inventory/index.js';
import { lockPurchaseOrder, recordPoRejection } from '../db/purchase-orders.js';
import { landingLocation, namedLocation, type Receipt, readReceipt } from '../db/receipts.js';
import { checkQcDecision } from '../domain/receiving.js';
import { qcNotPending, receiptNotFound, unknownReceiptLine } from '../domain/receiving-errors.js';

export interface QcLineDecision {
  lineNo: number;
  accept: number;
  reject: number;
  /** Where rejected units go: back to the supplier (default) or to scrap. */
  rejectTo?: 'supplier' | 'scrap' | undefined;
  /** Where accepted units go: default the warehouse's dock (to be put away), or straight to a bin. */
  toLocation?: string | undefined;
}

export interface DecideQcInput {
  lines: QcLineDecision[];
  note?: string | undefined;
}

/**
 * Records the QC decision on receipt lines waiting in quarantine: accepted units move to the dock (for
 * put-away) or straight to the given location — into a storage bin that is an arrival, which fills
 * backorders — and rejected units go back to the supplier (reason rejected) or to scrap (reason rejected);
 * a purchase-order line's rejected count grows with them. Each line is decided once (a guarded update:
 * two inspectors on one line end with one decision), and accepted + rejected must be exactly what waits.
 * Locks: the receipt's purchase order, then the receipt.
 * Errors: receipt_not_found (404); qc_not_pending, insufficient_stock (409); qc_quantity_mismatch,
 * unknown_receipt_line, receiving_location_required, unknown_location, location_in_other_warehouse,
 * invalid_quantity (422); duplicate_line (400).
 */
export async function decideReceiptQc(ctx: Context, receiptId: string, input: DecideQcInput) {
  const seen = new Set<number>();
  for (const l of input.lines) {
    if (seen.has(l.lineNo))
      throw validationError('duplicate_line', `Receipt line ${l.lineNo} is listed twice.`, {
        lineNo: l.lineNo,
      });
    seen.add(l.lineNo);
  }
  return runCommand(
    ctx,
    'purchasing.decide_receipt_qc',
    { receiptId, ...input },
    async (tx, audit): Promise<Receipt> => {
      const { rows } = await tx.query<{ po_id: string | null; warehouse_id: string; warehouse: string }>(
        `SELECT r.po_id, r.warehouse_id, w.code AS warehouse FROM receipts r
           JOIN locations w ON w.location_id = r.warehouse_id
          WHERE r.receipt_id = $1 AND ($2::text[] IS NULL OR r.warehouse_id = ANY($2::text[]))`,
        [receiptId, ctx.warehouseScope],
      );
      const head = rows[0];
      if (!head) throw receiptNotFound(receiptId);
      if (head.po_id !== null) await lockPurchaseOrder(tx, ctx, head.po_id);
      await tx.query('SELECT 1 FROM receipts WHERE receipt_id = $1 FOR UPDATE', [receiptId]);
      const receipt = await readReceipt(tx, receiptId);
      const warehouse = { id: head.warehouse_id, code: head.warehouse };
      const rejections: { lineNo: number; qty: number }[] = [];
      const decided: Record<string, unknown>[] = [];
      for (const [i, d] of input.lines.entries()) {
        const field = `lines[${i}]`;
        const line = receipt.lines.find((l) => l.lineNo === d.lineNo);
        if (!line) throw unknownReceiptLine(receiptId, d.lineNo, `${field}.lineNo`);
        if (line.qcStatus !== 'pending') throw qcNotPending(receiptId, d.lineNo, line.qcStatus);
        const decision = checkQcDecision({ lineNo: d.lineNo, qtyQc: line.qtyQc }, d, field);
        const rejectTo = decision.reject > 0 ? (d.rejectTo ?? 'supplier') : null;
        let acceptedTo: { id: string; code: string } | null = null;
        const reference = receipt.number;
        if (decision.accept > 0) {
          acceptedTo =
            d.toLocation === undefined
              ? await landingLocation(tx, ctx, warehouse, 'receiving')
              : await namedLocation(tx, ctx, d.toLocation, warehouse, `${field}.toLocation`);
          await transferInTransaction(tx, ctx, {
            sku: line.sku,
            from: line.qcLocation!,
            to: acceptedTo.code,
            qty: decision.accept,
            reference,
            note: input.note,
          });
        }
        if (decision.reject > 0) {
          const move = { sku: line.sku, location: line.qcLocation!, qty: decision.reject };
          if (rejectTo === 'scrap') {
            await scrapInTransaction(tx, ctx, {
              ...move,
              reason: 'rejected',
              reference,
              note: input.note,
            });
          } else {
            await returnToSupplierInTransaction(tx, ctx, { lines: [move], reference, note: input.note });
          }
          if (line.poLineNo !== null) rejections.push({ lineNo: line.poLineNo, qty: decision.reject });
        }
        const updated = await tx.query(
          `UPDATE receipt_lines
              SET qc_status = $3, qty_accepted = $4::bigint, qty_rejected = $5::bigint, reject_to = $6, accepted_to_location_id = $7,
                  qc_decided_at = now(), qc_decided_by_kind = $8, qc_decided_by = $9, qc_note = $10
            WHERE receipt_id = $1 AND line_no = $2 AND qc_status = 'pending' AND qty_qc = $4::bigint + $5::bigint`,
          [
            receiptId,
            d.lineNo,
            decision.status,
            decision.accept,
            decision.reject,
            rejectTo,
            acceptedTo?.id ?? null,
            ctx.actor.kind,
            ctx.actor.id,
            input.note ?? null,
          ],
        );
        if (updated.rowCount === 0) throw qcNotPending(receiptId, d.lineNo, 'decided');
        decided.push({
          lineNo: d.lineNo,
          sku: line.sku,
          status: decision.status,
          accepted: decision.accept,
          rejected: decision.reject,
          rejectTo,
          acceptedTo: acceptedTo?.code ?? null,
        });
      }
      if (head.po_id !== null && rejections.length > 0) {
        const merged = new Map<number, number>();
        for (const r of rejections) merged.set(r.lineNo, (merged.get(r.lineNo) ?? 0) + r.qty);
        await recordPoRejection(tx, {
          poId: head.po_id,
          lines: [...merged].map(([lineNo, qty]) => ({ lineNo, qty })),
        });
      }
      audit.record({
        targetType: 'receipt',
        targetId: receiptId,
        before: { lines: input.lines.map((l) => ({ lineNo: l.lineNo, qcStatus: 'pending' })) },
        after: { number: receipt.number, lines: decided },
        reason: 'qc',
        warehouseId: head.warehouse_id,
      });
      return readReceipt(tx, receiptId);
    },
  );
}
