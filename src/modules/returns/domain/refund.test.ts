/** Refund amounts are exact: all units of an order refund what it cost minus shipping, unit parts sum to their line, nothing is ever negative, and returns in any pieces add up to the same; grading takes units in receipt order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimedUnits, isComplete, sourcesOf } from './grading.js';
import { linePaidAmounts, type RefundLine, refundBasisOf, refundOfUnits, unitParts } from './refund.js';

const lineArb = fc.record({
  qty: fc.integer({ min: 1, max: 50 }),
  unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
  discountPct: fc.integer({ min: 0, max: 100 }),
  taxMinor: fc.integer({ min: 0, max: 50_000 }),
});

const linesArb = fc.array(lineArb, { minLength: 1, maxLength: 6 }).map((ls) =>
  ls.map(
    (l, i): RefundLine => ({
      lineNo: i + 1,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor: Math.floor((l.unitPriceMinor * l.qty * l.discountPct) / 100),
      taxMinor: l.taxMinor,
    }),
  ),
);

/** A self-consistent order as a channel sends it: lines, totals that add up, tax per line or per order. */
const orderArb = fc
  .record({
    lines: linesArb,
    lineTax: fc.boolean(),
    orderDiscountPct: fc.integer({ min: 0, max: 100 }),
    orderTaxMinor: fc.integer({ min: 0, max: 100_000 }),
    shippingMinor: fc.integer({ min: 0, max: 5_000 }),
    taxIncluded: fc.boolean(),
  })
  .map((o) => {
    const lines = o.lines.map((l) => ({ ...l, taxMinor: o.lineTax ? l.taxMinor : 0 }));
    const subtotal = lines.reduce((s, l) => s + l.unitPriceMinor * l.qty - l.discountMinor, 0);
    const discount = Math.floor((subtotal * o.orderDiscountPct) / 100);
    const tax = o.lineTax ? lines.reduce((s, l) => s + l.taxMinor, 0) : o.orderTaxMinor;
    const total = subtotal - discount + o.shippingMinor + (o.taxIncluded ? 0 : tax);
    return {
      amounts: {
        lines,
        subtotalMinor: subtotal,
        discountMinor: discount,
        shippingMinor: o.shippingMinor,
        taxMinor: tax,
        totalMinor: total,
      },
      total,
      shipping: o.shippingMinor,
    };
  });

describe('refund', () => {
  it('refunds exactly the total paid minus shipping when every unit comes back', () => {
    fc.assert(
      fc.property(orderArb, ({ amounts, total, shipping }) => {
        const paid = linePaidAmounts(refundBasisOf(amounts));
        const all = amounts.lines.reduce(
          (s, l) => s + refundOfUnits(paid.get(l.lineNo)!, l.qty, 0, l.qty),
          0,
        );
        // A tax-inclusive order whose tax is 0 reads the same either way.
        expect(all).toBe(total - shipping);
      }),
    );
  });

  it('never refunds a negative amount, and unit parts sum exactly to their line', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.integer({ min: -1_000, max: 10_000_000 }),
        fc.integer({ min: -1_000, max: 1_000_000 }),
        fc.boolean(),
        (lines, orderDiscountMinor, orderTaxMinor, taxIncluded) => {
          const paid = linePaidAmounts({ lines, orderDiscountMinor, orderTaxMinor, taxIncluded });
          for (const l of lines) {
            const p = paid.get(l.lineNo)!;
            expect(p).toBeGreaterThanOrEqual(0);
            const parts = unitParts(p, l.qty);
            expect(parts).toHaveLength(l.qty);
            expect(parts.reduce((a, b) => a + b, 0)).toBe(p);
            expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
            for (const part of parts) expect(part).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('refunds the same whatever pieces the units come back in, each unit its own part', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 10 }),
        (paid, qty, pieces) => {
          const parts = unitParts(paid, qty);
          let returned = 0;
          let sum = 0;
          for (const piece of pieces) {
            const n = Math.min(piece, qty - returned);
            const refund = refundOfUnits(paid, qty, returned, n);
            expect(refund).toBe(parts.slice(returned, returned + n).reduce((a, b) => a + b, 0));
            sum += refund;
            returned += n;
          }
          expect(sum).toBe(parts.slice(0, returned).reduce((a, b) => a + b, 0));
          // Units beyond the line are worth nothing.
          expect(refundOfUnits(paid, qty, qty, 5)).toBe(0);
        },
      ),
    );
  });

  it('splits an order discount and order tax over the lines by largest remainder', () => {
    const paid = linePaidAmounts({
      lines: [
        { lineNo: 1, qty: 5, unitPriceMinor: 1000, discountMinor: 0, taxMinor: 0 },
        { lineNo: 2, qty: 1, unitPriceMinor: 1000, discountMinor: 0, taxMinor: 0 },
        { lineNo: 3, qty: 1, unitPriceMinor: 1000, discountMinor: 0, taxMinor: 0 },
      ],
      orderDiscountMinor: 100,
      orderTaxMinor: 701,
      taxIncluded: false,
    });
    // Discount 100 over 5000/1000/1000: 71.43, 14.29, 14.29 → 72, 14, 14. Tax 701 over 4928/986/986.
    expect([...paid.values()].reduce((a, b) => a + b, 0)).toBe(7000 - 100 + 701);
    expect(paid.get(1)).toBe(5000 - 72 + 501);
    expect(paid.get(2)).toBe(1000 - 14 + 100);
    expect(unitParts(paid.get(1)!, 5)).toEqual([1086, 1086, 1086, 1086, 1085]);
  });

  it('reads tax-inclusive totals and line discounts repeated in the order discount', () => {
    const lines: RefundLine[] = [
      { lineNo: 1, qty: 2, unitPriceMinor: 1200, discountMinor: 200, taxMinor: 0 },
    ];
    const inclusive = refundBasisOf({
      lines,
      subtotalMinor: 2200,
      discountMinor: 0,
      shippingMinor: 500,
      taxMinor: 367,
      totalMinor: 2700,
    });
    expect(inclusive.taxIncluded).toBe(true);
    expect(linePaidAmounts(inclusive).get(1)).toBe(2200);
    const repeated = refundBasisOf({
      lines,
      subtotalMinor: 2400,
      discountMinor: 300,
      shippingMinor: null,
      taxMinor: null,
      totalMinor: null,
    });
    expect(repeated.orderDiscountMinor).toBe(100);
    expect(linePaidAmounts(repeated).get(1)).toBe(2100);
  });
});

describe('grading', () => {
  it('takes the next units in receipt order, across receipts, summing to what is asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ location: fc.constantFrom('Q1', 'Q2'), qty: fc.integer({ min: 1, max: 5 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(30),
        fc.integer({ min: 1, max: 30 }),
        (receipts, gradedRaw, qtyRaw) => {
          const total = receipts.reduce((s, r) => s + r.qty, 0);
          const graded = gradedRaw % (total + 1);
          const qty = Math.min(qtyRaw, total - graded);
          const sources = sourcesOf(receipts, graded, qty);
          expect(sources.reduce((s, x) => s + x.qty, 0)).toBe(qty);
          let next = graded + 1;
          for (const s of sources) {
            expect(s.firstUnit).toBe(next);
            next += s.qty;
          }
        },
      ),
    );
    expect(
      sourcesOf(
        [
          { location: 'Q1', qty: 2 },
          { location: 'Q2', qty: 3 },
        ],
        1,
        3,
      ),
    ).toEqual([
      { location: 'Q1', qty: 1, firstUnit: 2 },
      { location: 'Q2', qty: 2, firstUnit: 3 },
    ]);
  });

  it('counts claimed units by status, and completes only when nothing more comes and all is graded', () => {
    expect(
      claimedUnits([
        { status: 'authorised', qtyAuthorised: 3, qtyReceived: 1 },
        { status: 'closed', qtyAuthorised: 4, qtyReceived: 2 },
        { status: 'received', qtyAuthorised: 2, qtyReceived: 2 },
        { status: 'cancelled', qtyAuthorised: 9, qtyReceived: 0 },
      ]),
    ).toBe(7);
    expect(isComplete(false, [{ qtyAuthorised: 3, qtyReceived: 3, qtyGraded: 3 }])).toBe(true);
    expect(isComplete(false, [{ qtyAuthorised: 3, qtyReceived: 2, qtyGraded: 2 }])).toBe(false);
    expect(isComplete(true, [{ qtyAuthorised: 3, qtyReceived: 2, qtyGraded: 2 }])).toBe(true);
    expect(isComplete(true, [{ qtyAuthorised: 3, qtyReceived: 2, qtyGraded: 1 }])).toBe(false);
  });
});
