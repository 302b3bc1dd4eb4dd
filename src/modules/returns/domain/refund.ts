import { allocateByWeights } from '../../../kernel/money.js';

/**
 * What a customer paid for the units they send back, in integer minor units of the order's currency. Pure.
 *
 * Each order line's paid amount is its net (unit price × qty ordered − the line's own discount) minus its
 * share of the order-level discount, plus its tax when prices do not include tax: the line's own tax when
 * the lines carry tax, otherwise its share of the order's tax. Shares are split by largest remainder in
 * proportion to the lines' nets (tax: to what is left after the discount), so they sum exactly to the
 * order's amounts. A line's paid amount is then split over its units by largest remainder (the first
 * units take the extra minor unit), so the units of a line sum exactly to the line: the n-th returned unit
 * of a line is refunded part n, whatever return it comes back in. Shipping is not part of any unit; a
 * return may add the order's shipping once, on request.
 */
export interface RefundLine {
  lineNo: number;
  /** Units ordered: the paid amount of the line covers them all. */
  qty: number;
  unitPriceMinor: number;
  /** The line's own discount, in minor units. */
  discountMinor: number;
  /** The line's own tax, in minor units (0 when the channel sends tax only for the order). */
  taxMinor: number;
}

export interface RefundBasis {
  lines: readonly RefundLine[];
  /** Discount on the whole order, on top of the lines' own discounts. */
  orderDiscountMinor: number;
  /** Tax of the whole order, split over the lines when they carry none themselves. */
  orderTaxMinor: number;
  /** Prices include tax (VAT): tax adds nothing to what was paid. */
  taxIncluded: boolean;
}

const nonNegative = (n: number) => (Number.isSafeInteger(n) && n > 0 ? n : 0);

/** Splits `total` in proportion to `weights`; all zeros when there is nothing to weigh or split. */
function split(total: number, weights: readonly number[]): number[] {
  if (total <= 0 || weights.length === 0 || weights.every((w) => w === 0)) return weights.map(() => 0);
  return allocateByWeights(total, weights);
}

/** Each line's paid amount, by line number. Never negative; they sum to the order's goods total. */
export function linePaidAmounts(basis: RefundBasis): Map<number, number> {
  const nets = basis.lines.map((l) =>
    Math.max(0, nonNegative(l.unitPriceMinor) * nonNegative(l.qty) - nonNegative(l.discountMinor)),
  );
  const netTotal = nets.reduce((a, b) => a + b, 0);
  const discount = Math.min(nonNegative(basis.orderDiscountMinor), netTotal);
  const discountShares = split(discount, nets);
  const afterDiscount = nets.map((n, i) => n - discountShares[i]!);
  let taxes: number[];
  if (basis.taxIncluded) taxes = basis.lines.map(() => 0);
  else if (basis.lines.some((l) => nonNegative(l.taxMinor) > 0))
    taxes = basis.lines.map((l) => nonNegative(l.taxMinor));
  else {
    const weights = afterDiscount.some((a) => a > 0)
      ? afterDiscount
      : basis.lines.map((l) => nonNegative(l.qty));
    taxes = split(nonNegative(basis.orderTaxMinor), weights);
  }
  return new Map(basis.lines.map((l, i) => [l.lineNo, afterDiscount[i]! + taxes[i]!]));
}

/** A line's paid amount split over its units (largest remainder: parts differ by at most one). */
export function unitParts(paidMinor: number, qty: number): number[] {
  if (qty <= 0) return [];
  return allocateByWeights(
    Math.max(0, paidMinor),
    Array.from({ length: qty }, () => 1),
  );
}

/**
 * The refund of `qty` units of a line of which `alreadyReturned` came back before: the parts of units
 * alreadyReturned+1 … alreadyReturned+qty. Units beyond the line's quantity are worth nothing (the
 * database never lets them come back).
 */
export function refundOfUnits(
  paidMinor: number,
  lineQty: number,
  alreadyReturned: number,
  qty: number,
): number {
  if (qty <= 0 || lineQty <= 0) return 0;
  const start = Math.min(Math.max(0, alreadyReturned), lineQty);
  const end = Math.min(start + qty, lineQty);
  // The parts are q+1 for the first r units and q for the rest (largest remainder over equal weights).
  const paid = Math.max(0, paidMinor);
  const q = Math.floor(paid / lineQty);
  const r = paid - q * lineQty;
  const bigger = Math.max(0, Math.min(end, r) - start);
  return (end - start) * q + bigger;
}

/** What the order's totals say, as sent by the channel (any of them may be missing). */
export interface OrderAmounts {
  lines: readonly RefundLine[];
  subtotalMinor: number | null;
  discountMinor: number | null;
  shippingMinor: number | null;
  taxMinor: number | null;
  totalMinor: number | null;
}

/**
 * Reads the channel's totals into a refund basis. The order's discount is taken to be on top of the lines'
 * own discounts, except when the subtotal is the undiscounted goods total (then the lines' discounts are
 * part of it and only the rest is the order's). Prices include tax when the total adds up only without the
 * tax; with no total to tell, tax is added (it is on top of the prices).
 */
export function refundBasisOf(amounts: OrderAmounts): RefundBasis {
  const gross = amounts.lines.reduce((s, l) => s + nonNegative(l.unitPriceMinor) * nonNegative(l.qty), 0);
  const lineDiscounts = amounts.lines.reduce((s, l) => s + nonNegative(l.discountMinor), 0);
  const discount = nonNegative(amounts.discountMinor ?? 0);
  const orderDiscountMinor =
    amounts.subtotalMinor !== null && amounts.subtotalMinor === gross && lineDiscounts > 0
      ? Math.max(0, discount - lineDiscounts)
      : discount;
  const lineTax = amounts.lines.reduce((s, l) => s + nonNegative(l.taxMinor), 0);
  const tax = lineTax > 0 ? lineTax : nonNegative(amounts.taxMinor ?? 0);
  let taxIncluded = false;
  if (amounts.totalMinor !== null && tax > 0) {
    const subtotal = amounts.subtotalMinor ?? gross - lineDiscounts;
    const exclusive = subtotal - discount + nonNegative(amounts.shippingMinor ?? 0) + tax;
    taxIncluded = amounts.totalMinor !== exclusive && amounts.totalMinor === exclusive - tax;
  }
  return {
    lines: amounts.lines,
    orderDiscountMinor,
    orderTaxMinor: nonNegative(amounts.taxMinor ?? 0),
    taxIncluded,
  };
}
