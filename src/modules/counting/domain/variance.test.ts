/** Variance rules: the variance is counted − expected, a zero variance is always within, each limit set is enforced exactly at its boundary, no threshold lets everything through, and an approval applies the counted difference to today's on hand. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvedOnHand, decideVariance } from './variance.js';

const qty = fc.integer({ min: 0, max: 100_000 });
const limit = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined });

describe('decideVariance', () => {
  it('applies each limit at its boundary', () => {
    const t = { units: 2 };
    expect(
      decideVariance({ expectedQty: 10, countedQty: 8, unitValueMinor: null, threshold: t })
        .isWithinThreshold,
    ).toBe(true);
    expect(
      decideVariance({ expectedQty: 10, countedQty: 7, unitValueMinor: null, threshold: t }).exceeded,
    ).toEqual(['units']);
    const p = { percent: 10 };
    expect(
      decideVariance({ expectedQty: 20, countedQty: 22, unitValueMinor: null, threshold: p })
        .isWithinThreshold,
    ).toBe(true);
    expect(
      decideVariance({ expectedQty: 20, countedQty: 23, unitValueMinor: null, threshold: p }).exceeded,
    ).toEqual(['percent']);
    expect(
      decideVariance({ expectedQty: 0, countedQty: 1, unitValueMinor: null, threshold: p }).exceeded,
    ).toEqual(['percent']);
    const v = { valueMinor: 1000 };
    expect(
      decideVariance({ expectedQty: 5, countedQty: 3, unitValueMinor: 500, threshold: v }),
    ).toMatchObject({ valueMinor: -1000, isWithinThreshold: true });
    expect(
      decideVariance({ expectedQty: 5, countedQty: 2, unitValueMinor: 500, threshold: v }).exceeded,
    ).toEqual(['valueMinor']);
    expect(
      decideVariance({ expectedQty: 5, countedQty: 2, unitValueMinor: null, threshold: v }).isWithinThreshold,
    ).toBe(true);
  });

  it('variance is counted − expected; zero is always within; no threshold lets everything through', () => {
    fc.assert(
      fc.property(qty, qty, limit, limit, (expected, counted, units, percent) => {
        const d = decideVariance({
          expectedQty: expected,
          countedQty: counted,
          unitValueMinor: 3,
          threshold: { units, percent },
        });
        expect(d.variance).toBe(counted - expected);
        expect(d.valueMinor).toBe((counted - expected) * 3);
        if (counted === expected) expect(d.isWithinThreshold).toBe(true);
        expect(
          decideVariance({
            expectedQty: expected,
            countedQty: counted,
            unitValueMinor: null,
            threshold: null,
          }).isWithinThreshold,
        ).toBe(true);
        expect(d.isWithinThreshold).toBe(d.exceeded.length === 0);
      }),
    );
  });

  it('a larger difference in the same direction is never more acceptable', () => {
    fc.assert(
      fc.property(
        qty,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        limit,
        limit,
        (expected, d1, extra, units, percent) => {
          const t = { units, percent };
          const small = decideVariance({
            expectedQty: expected,
            countedQty: expected + d1,
            unitValueMinor: null,
            threshold: t,
          });
          const big = decideVariance({
            expectedQty: expected,
            countedQty: expected + d1 + extra,
            unitValueMinor: null,
            threshold: t,
          });
          if (!small.isWithinThreshold) expect(big.isWithinThreshold).toBe(false);
        },
      ),
    );
  });
});

describe('approvedOnHand', () => {
  it('overwrites when nothing moved, applies the difference when something did, never goes negative', () => {
    expect(approvedOnHand({ expectedQty: 10, countedQty: 7, currentOnHand: 10 })).toBe(7);
    expect(approvedOnHand({ expectedQty: 10, countedQty: 7, currentOnHand: 8 })).toBe(5);
    expect(approvedOnHand({ expectedQty: 10, countedQty: 7, currentOnHand: 2 })).toBeNull();
    fc.assert(
      fc.property(qty, qty, qty, (expected, counted, current) => {
        const r = approvedOnHand({ expectedQty: expected, countedQty: counted, currentOnHand: current });
        if (r === null) expect(current + counted - expected).toBeLessThan(0);
        else expect(r - current).toBe(counted - expected);
      }),
    );
  });
});
