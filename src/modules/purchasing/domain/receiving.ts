import { unprocessable } from '../../../kernel/errors.js';
import { MAX_QTY } from '../../../kernel/quantity.js';
import {
  itemNotOnPurchaseOrder,
  lineSkuMismatch,
  nothingReceived,
  qcQuantityMismatch,
  receiptQuantityInvalid,
  unknownPoLine,
} from './receiving-errors.js';

/**
 * Receiving decisions, free of I/O: which purchase-order line each received line lands on, what it
 * discrepancies it carries (over the ordered quantity, damaged, short against an ASN, not on the order at
 * all), which units go to QC, and how much each PO line is credited. The command applies the plan: stock
 * moves through the inventory module, the PO's counters through recordPoReceipt (which alone enforces the
 * over-receipt tolerance, under the PO's lock).
 */

export const DISCREPANCIES = ['none', 'short', 'over', 'damaged', 'wrong_item'] as const;
export type Discrepancy = (typeof DISCREPANCIES)[number];

export const QC_STATUSES = ['not_required', 'pending', 'accepted', 'rejected', 'partial'] as const;
export type QcStatus = (typeof QC_STATUSES)[number];

/** A purchase-order line as it stands under the PO's lock. */
export interface PoLineState {
  readonly lineNo: number;
  readonly sku: string;
  readonly qtyOrdered: number;
  readonly qtyReceived: number;
}

/** One line of a receipt as asked for: a PO line (or a SKU), good units, damaged units. */
export interface ReceiptLineRequest {
  readonly lineNo?: number | undefined;
  readonly sku?: string | undefined;
  readonly qty: number;
  readonly damaged?: number | undefined;
  readonly sscc?: string | undefined;
  /** What an ASN announced for this line: fewer units received is a short. */
  readonly expected?: number | undefined;
  /** The ASN line received (ASN receipts only). */
  readonly asnLineNo?: number | undefined;
}

export interface PlannedReceiptLine {
  /** 1..n in request order. */
  readonly lineNo: number;
  readonly poLineNo: number | null;
  readonly asnLineNo: number | null;
  readonly sku: string;
  /** Good units. */
  readonly qty: number;
  readonly qtyDamaged: number;
  readonly qtyExpected: number | null;
  /** Units beyond what the PO line ordered, brought by this line. */
  readonly qtyOver: number;
  /** Units an ASN announced that did not come. */
  readonly qtyShort: number;
  /** The line's main discrepancy (all quantities are kept beside it). */
  readonly discrepancy: Discrepancy;
  /** Good units go to quarantine too (QC asked for, or an item not on the PO). */
  readonly goodToQuarantine: boolean;
  /** Units waiting for a QC decision in quarantine: damaged ones always, good ones when goodToQuarantine. */
  readonly qtyQc: number;
  readonly qcStatus: 'not_required' | 'pending';
  readonly sscc: string | null;
}

export interface ReceiptPlan {
  readonly lines: readonly PlannedReceiptLine[];
  /** What recordPoReceipt is told, per PO line (every unit that arrived, damaged included). */
  readonly poReceipt: readonly { lineNo: number; qtyReceived: number; qtyRejected: number }[];
}

export interface PlanOptions {
  /** Every good unit goes to quarantine for QC. */
  readonly qc: boolean;
  /** A SKU not on the PO is received (into quarantine, discrepancy wrong_item) instead of refused. */
  readonly acceptUnexpected: boolean;
}

function wholeQty(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_QTY) {
    throw receiptQuantityInvalid(field, value, min);
  }
  return value;
}

/** The main discrepancy of a line, most serious first. */
export function mainDiscrepancy(line: {
  poLineNo: number | null;
  qtyDamaged: number;
  qtyOver: number;
  qtyShort: number;
}): Discrepancy {
  if (line.poLineNo === null) return 'wrong_item';
  if (line.qtyDamaged > 0) return 'damaged';
  if (line.qtyOver > 0) return 'over';
  if (line.qtyShort > 0) return 'short';
  return 'none';
}

/**
 * Plans a receipt against a purchase order. A line names its PO line (lineNo) or a SKU: a SKU on several
 * lines goes to the first one still open (then the first one). Over-receipt is measured against what the
 * line had received before (earlier lines of the same receipt included), so splitting a delivery into
 * lines never hides or invents an over. Errors: unknown_po_line, sku_line_mismatch,
 * item_not_on_purchase_order, invalid_quantity, nothing_received (422).
 */
export function planPoReceipt(
  poLines: readonly PoLineState[],
  requests: readonly ReceiptLineRequest[],
  options: PlanOptions,
): ReceiptPlan {
  const received = new Map(poLines.map((l) => [l.lineNo, l.qtyReceived]));
  const lines: PlannedReceiptLine[] = [];
  requests.forEach((r, i) => {
    const field = `lines[${i}]`;
    const expected = r.expected === undefined ? null : wholeQty(r.expected, `${field}.expected`, 0);
    const qty = wholeQty(r.qty, `${field}.qty`, 0);
    const damaged = wholeQty(r.damaged ?? 0, `${field}.damaged`, 0);
    if (qty + damaged === 0 && expected === null) throw nothingReceived(field);
    let po: PoLineState | undefined;
    if (r.lineNo !== undefined) {
      po = poLines.find((l) => l.lineNo === r.lineNo);
      if (!po) throw unknownPoLine(r.lineNo, `${field}.lineNo`);
      if (r.sku !== undefined && r.sku.toLowerCase() !== po.sku.toLowerCase())
        throw lineSkuMismatch(r.lineNo, po.sku, r.sku, `${field}.sku`);
    } else {
      const sku = r.sku ?? '';
      const candidates = poLines.filter((l) => l.sku.toLowerCase() === sku.toLowerCase());
      po = candidates.find((l) => (received.get(l.lineNo) ?? 0) < l.qtyOrdered) ?? candidates[0];
      if (!po && !options.acceptUnexpected) throw itemNotOnPurchaseOrder(sku, `${field}.sku`);
    }
    const incoming = qty + damaged;
    let qtyOver = 0;
    if (po) {
      const before = received.get(po.lineNo) ?? 0;
      const after = before + incoming;
      qtyOver = Math.max(0, after - po.qtyOrdered) - Math.max(0, before - po.qtyOrdered);
      received.set(po.lineNo, after);
    }
    const qtyShort = expected === null ? 0 : Math.max(0, expected - incoming);
    const poLineNo = po ? po.lineNo : null;
    const goodToQuarantine = options.qc || poLineNo === null;
    const qtyQc = (goodToQuarantine ? qty : 0) + damaged;
    lines.push({
      lineNo: i + 1,
      poLineNo,
      asnLineNo: r.asnLineNo ?? null,
      sku: po ? po.sku : (r.sku ?? ''),
      qty,
      qtyDamaged: damaged,
      qtyExpected: expected,
      qtyOver,
      qtyShort,
      discrepancy: mainDiscrepancy({ poLineNo, qtyDamaged: damaged, qtyOver, qtyShort }),
      goodToQuarantine,
      qtyQc,
      qcStatus: qtyQc > 0 ? 'pending' : 'not_required',
      sscc: r.sscc ?? null,
    });
  });
  const perLine = new Map<number, number>();
  for (const l of lines) {
    if (l.poLineNo === null) continue;
    perLine.set(l.poLineNo, (perLine.get(l.poLineNo) ?? 0) + l.qty + l.qtyDamaged);
  }
  const poReceipt = [...perLine.entries()]
    .filter(([, qty]) => qty > 0)
    .sort(([a], [b]) => a - b)
    .map(([lineNo, qtyReceived]) => ({ lineNo, qtyReceived, qtyRejected: 0 }));
  return { lines, poReceipt };
}

/**
 * Plans a blind receipt (no purchase order): good units to the dock (or QC), damaged ones to quarantine.
 * Errors: invalid_quantity, nothing_received (422).
 */
export function planBlindReceipt(
  requests: readonly { sku: string; qty: number; damaged?: number | undefined }[],
  options: { qc: boolean },
): PlannedReceiptLine[] {
  return requests.map((r, i) => {
    const field = `lines[${i}]`;
    const qty = wholeQty(r.qty, `${field}.qty`, 0);
    const damaged = wholeQty(r.damaged ?? 0, `${field}.damaged`, 0);
    if (qty + damaged === 0) throw nothingReceived(field);
    const qtyQc = (options.qc ? qty : 0) + damaged;
    return {
      lineNo: i + 1,
      poLineNo: null,
      asnLineNo: null,
      sku: r.sku,
      qty,
      qtyDamaged: damaged,
      qtyExpected: null,
      qtyOver: 0,
      qtyShort: 0,
      discrepancy: damaged > 0 ? 'damaged' : 'none',
      goodToQuarantine: options.qc,
      qtyQc,
      qcStatus: qtyQc > 0 ? 'pending' : 'not_required',
      sscc: null,
    };
  });
}

/** The QC decision on one line: accepted + rejected must be exactly what waits in quarantine. */
export function checkQcDecision(
  line: { lineNo: number; qtyQc: number },
  decision: { accept: number; reject: number },
  field: string,
): { status: 'accepted' | 'rejected' | 'partial'; accept: number; reject: number } {
  const accept = wholeQty(decision.accept, `${field}.accept`, 0);
  const reject = wholeQty(decision.reject, `${field}.reject`, 0);
  if (accept + reject !== line.qtyQc) throw qcQuantityMismatch(line.lineNo, line.qtyQc, accept, reject);
  const status = reject === 0 ? 'accepted' : accept === 0 ? 'rejected' : 'partial';
  return { status, accept, reject };
}

/** Goods may be received back-dated (entered the next morning), never in the future (5 minutes of skew). */
export function checkReceivedAt(occurredAt: string | undefined, now: Date): string | null {
  if (occurredAt === undefined) return null;
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t))
    throw unprocessable('invalid_time', `occurredAt "${occurredAt}" is not a date-time.`, {
      field: 'occurredAt',
    });
  if (t > now.getTime() + 5 * 60 * 1000)
    throw unprocessable(
      'occurred_in_future',
      'occurredAt is in the future; goods can only arrive in the past or now.',
      {
        occurredAt,
        now: now.toISOString(),
      },
    );
  return new Date(t).toISOString();
}
