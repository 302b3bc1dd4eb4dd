/** Demand is summed per (location, SKU) before checking, and comes out in lock order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, sumDemand } from './demand.js';

describe('sumDemand', () => {
  it('merges lines for the same stock (two lines of 3 are a demand of 6)', () => {
    const out = sumDemand([
      { locationId: 'loc_B', skuId: 'sku_1', qty: 3 },
      { locationId: 'loc_A', skuId: 'sku_1', qty: 1 },
      { locationId: 'loc_B', skuId: 'sku_1', qty: 3 },
    ]);
    expect(out).toEqual([
      { locationId: 'loc_A', skuId: 'sku_1', qty: 1 },
      { locationId: 'loc_B', skuId: 'sku_1', qty: 6 },
    ]);
  });

  it('preserves the total per key, yields unique keys, sorted', () => {
    const line = fc.record({
      locationId: fc.constantFrom('l1', 'l2', 'l3'),
      skuId: fc.constantFrom('s1', 's2'),
      qty: fc.integer({ min: 1, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), (lines) => {
        const out = sumDemand(lines);
        const keys = out.map((o) => `${o.locationId}|${o.skuId}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (let i = 1; i < out.length; i++) expect(compareKeys(out[i - 1]!, out[i]!)).toBeLessThan(0);
        for (const o of out) {
          const expected = lines
            .filter((l) => l.locationId === o.locationId && l.skuId === o.skuId)
            .reduce((a, l) => a + l.qty, 0);
          expect(o.qty).toBe(expected);
        }
        expect(out.reduce((a, o) => a + o.qty, 0)).toBe(lines.reduce((a, l) => a + l.qty, 0));
      }),
    );
  });
});
