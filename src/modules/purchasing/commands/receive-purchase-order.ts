import { type Context, runCommand } from '../../../db/index.js';
import { lockPurchaseOrder, type PoStatus, recordPoReceipt } from '../db/purchase-orders.js';
import { type Receipt, readReceipt, writeReceipt } from '../db/receipts.js';
import { checkReceivedAt, planPoReceipt, type ReceiptLineRequest } from '../domain/receiving.js';
import { purchaseOrderNotOpen } from '../domain/receiving-errors.js';

export interface ReceivePurchaseOrderInput {
  /** The dock (usage receiving), or with qc the quarantine area; default the warehouse's first one. */
  location?: string | undefined;
  /** Every good unit goes to quarantine for QC. */
  qc?: boolean | undefined;
  /** Receive SKUs that are not on the order into quarantine (discrepancy wrong_item) instead of refusing. */
  acceptUnexpected?: boolean | undefined;
  note?: string | undefined;
  lines: { lineNo?: number; sku?: string; qty: number; damaged?: number; sscc?: string }[];
  occurredAt?: string | undefined;
}

export interface ReceiptResult extends Receipt {
  purchaseOrderStatus: PoStatus | null;
}

/** The statuses goods may be received against. */
export const OPEN_FOR_RECEIVING: readonly PoStatus[] = ['sent', 'partially_received'];

/**
 * Receives goods against a purchase order, under the order's lock: good units go from the warehouse's
 * @supplier to the dock (or quarantine with qc), damaged and unexpected units to quarantine, one receipt
 * (GRN) records each line with its discrepancy, and the order's lines are credited (which alone enforces
 * the supplier's over-receipt tolerance, so concurrent receipts never exceed it). All or nothing.
 * Errors: purchase_order_not_found (404); purchase_order_not_open (409); over_receipt_tolerance,
 * item_not_on_purchase_order, unknown_po_line, sku_line_mismatch, receiving_location_required,
 * quarantine_location_required, not_a_receiving_location, not_a_quarantine_location, unknown_location,
 * location_in_other_warehouse, unknown_sku, sku_archived, invalid_quantity, nothing_received,
 * occurred_in_future (422).
 */
export async function receivePurchaseOrder(ctx: Context, poId: string, input: ReceivePurchaseOrderInput) {
  const occurredAt = checkReceivedAt(input.occurredAt, ctx.clock.now());
  return runCommand(
    ctx,
    'purchasing.receive_purchase_order',
    { poId, ...input },
    async (tx, audit): Promise<ReceiptResult> => {
      const po = await lockPurchaseOrder(tx, ctx, poId);
      if (!OPEN_FOR_RECEIVING.includes(po.status)) throw purchaseOrderNotOpen(po.id, po.number, po.status);
      const plan = planPoReceipt(po.lines, input.lines as ReceiptLineRequest[], {
        qc: input.qc ?? false,
        acceptUnexpected: input.acceptUnexpected ?? false,
      });
      const receipt = await writeReceipt(tx, ctx, {
        warehouse: { id: po.warehouseId, code: po.warehouse },
        poId: po.id,
        asnId: null,
        supplierId: po.supplierId,
        lines: plan.lines,
        location: input.location,
        qc: input.qc ?? false,
        note: input.note,
        occurredAt,
      });
      const status =
        plan.poReceipt.length > 0
          ? await recordPoReceipt(tx, { poId: po.id, lines: plan.poReceipt })
          : po.status;
      const result = { ...(await readReceipt(tx, receipt.id)), purchaseOrderStatus: status };
      audit.record({
        targetType: 'receipt',
        targetId: receipt.id,
        before: { purchaseOrder: po.number, status: po.status },
        after: receiptAudit(result),
        warehouseId: po.warehouseId,
      });
      return result;
    },
  );
}

/** What the audit trail keeps of a receipt: its number, order status, and per line what arrived where. */
export function receiptAudit(r: ReceiptResult) {
  return {
    number: r.number,
    purchaseOrder: r.purchaseOrderNumber,
    status: r.purchaseOrderStatus,
    lines: r.lines.map((l) => ({
      lineNo: l.lineNo,
      poLineNo: l.poLineNo,
      sku: l.sku,
      qty: l.qty,
      qtyDamaged: l.qtyDamaged,
      discrepancy: l.discrepancy,
      location: l.location,
      qcStatus: l.qcStatus,
    })),
  };
}
