/**
 * Ordering rules of a supplier SKU, pure: quantities in whole packs, at least the minimum order, and the
 * open quantity and progress of a purchase order line.
 */

export interface PackRule {
  packSize: number;
  minOrderQty: number;
}

export type PackProblem =
  | { kind: 'not_pack_multiple'; qty: number; packSize: number; lower: number | null; higher: number }
  | { kind: 'below_minimum'; qty: number; minOrderQty: number };

/**
 * Null when qty can be ordered; else why, with the nearest whole-pack quantities below (null when that is
 * zero) and above.
 */
export function packProblem(qty: number, rule: PackRule): PackProblem | null {
  if (qty % rule.packSize !== 0) {
    const lower = Math.floor(qty / rule.packSize) * rule.packSize;
    return {
      kind: 'not_pack_multiple',
      qty,
      packSize: rule.packSize,
      lower: lower > 0 ? lower : null,
      higher: lower + rule.packSize,
    };
  }
  if (qty < rule.minOrderQty) return { kind: 'below_minimum', qty, minOrderQty: rule.minOrderQty };
  return null;
}

/** The most that may be received on a line: ordered plus the supplier's tolerance, rounded down. */
export function maxReceivable(qtyOrdered: number, toleranceBp: number): number {
  return qtyOrdered + Math.floor((qtyOrdered * toleranceBp) / 10000);
}

/** Units still to come on a line: never negative (an over-receipt leaves nothing open). */
export function openQty(qtyOrdered: number, qtyReceived: number): number {
  return Math.max(0, qtyOrdered - qtyReceived);
}

export type ReceiptStatus = 'sent' | 'partially_received' | 'received';

/** A sent order's status from its lines' progress: received once every line has all it ordered. */
export function receiptStatus(lines: readonly { qtyOrdered: number; qtyReceived: number }[]): ReceiptStatus {
  if (lines.every((l) => l.qtyReceived >= l.qtyOrdered)) return 'received';
  if (lines.some((l) => l.qtyReceived > 0)) return 'partially_received';
  return 'sent';
}
