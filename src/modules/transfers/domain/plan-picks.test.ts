/** Picking a line from bins never takes more than a bin has, and takes exactly the line unless stock runs out. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planPicks } from './plan-picks.js';

const bins = fc.array(
  fc.record({
    location: fc.string({ minLength: 1, maxLength: 8 }),
    available: fc.integer({ min: -5, max: 50 }),
  }),
  { maxLength: 8 },
);

describe('planPicks', () => {
  it('conserves: picked + short = requested, each pick within its bin, in bin order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), bins, (qty, stock) => {
        const plan = planPicks(qty, stock);
        const picked = plan.picks.reduce((n, p) => n + p.qty, 0);
        expect(picked + plan.short).toBe(qty);
        const total = stock.reduce((n, b) => n + Math.max(0, b.available), 0);
        expect(plan.short).toBe(Math.max(0, qty - total));
        let cursor = 0;
        for (const p of plan.picks) {
          expect(p.qty).toBeGreaterThan(0);
          const at = stock.findIndex((b, i) => i >= cursor && b.location === p.location);
          expect(at).toBeGreaterThanOrEqual(cursor);
          expect(p.qty).toBeLessThanOrEqual(stock[at]!.available);
          cursor = at + 1;
        }
      }),
    );
  });

  it('takes from the first bins first and leaves later bins alone once covered', () => {
    const plan = planPicks(5, [
      { location: 'A', available: 0 },
      { location: 'B', available: 3 },
      { location: 'C', available: 4 },
      { location: 'D', available: 9 },
    ]);
    expect(plan).toEqual({
      picks: [
        { location: 'B', qty: 3 },
        { location: 'C', qty: 2 },
      ],
      short: 0,
    });
  });
});
