/** A receipt spreads over a line's picks without exceeding any of them, and the damaged units are counted exactly once. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReceipt } from './plan-receipt.js';

const picks = fc.array(fc.record({ id: fc.uuid(), open: fc.integer({ min: 0, max: 20 }) }), { maxLength: 6 });

describe('planReceipt', () => {
  it('receives exactly the quantity when the picks hold it, damaged included, no pick over its open units', () => {
    fc.assert(
      fc.property(picks, fc.nat(100), fc.nat(100), (open, a, b) => {
        const total = open.reduce((n, p) => n + p.open, 0);
        const qty = total === 0 ? 0 : a % (total + 1);
        const damaged = qty === 0 ? 0 : b % (qty + 1);
        const plan = planReceipt(open, qty, damaged);
        expect(plan.reduce((n, r) => n + r.good + r.damaged, 0)).toBe(qty);
        expect(plan.reduce((n, r) => n + r.damaged, 0)).toBe(damaged);
        for (const r of plan) {
          const pick = open.find((p) => p.id === r.id)!;
          expect(r.good + r.damaged).toBeLessThanOrEqual(pick.open);
          expect(r.good + r.damaged).toBeGreaterThan(0);
          expect(r.good).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('never receives more than the picks hold, whatever is asked', () => {
    fc.assert(
      fc.property(picks, fc.nat(200), fc.nat(200), (open, qty, damaged) => {
        const total = open.reduce((n, p) => n + p.open, 0);
        const got = planReceipt(open, qty, damaged).reduce((n, r) => n + r.good + r.damaged, 0);
        expect(got).toBe(Math.min(qty, total));
      }),
    );
  });

  it('takes the oldest pick first', () => {
    expect(
      planReceipt(
        [
          { id: 'a', open: 2 },
          { id: 'b', open: 5 },
        ],
        4,
        1,
      ),
    ).toEqual([
      { id: 'a', good: 1, damaged: 1 },
      { id: 'b', good: 2, damaged: 0 },
    ]);
  });
});
