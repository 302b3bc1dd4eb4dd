/**
 * Proves that the Ratliff–Rosenthal dynamic programme gives exactly the Held-Karp optimum of pick-path.ts
 * on thousands of small instances, from the benchmark's generator and from fast-check (aisles in any order
 * and spacing, shared x, front and back either way round, the depot anywhere on the floor, stops on the
 * cross aisles' lines, repeated bins), and that the planner is never shorter than it on large lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  optimalPickPath,
  type PickLayout,
  type PickStop,
  planPickPath,
} from '../../src/modules/fulfillment/domain/pick-path.js';
import { mulberry32, randomDistinctPickList, randomPickList, randomWarehouse } from './pick-layouts.js';
import { optimalRouteLength } from './ratliff-rosenthal.js';

/** Held-Karp's limit on distinct positions is 13; stay within 12 as the brief asks. */
const MAX_POSITIONS = 12;

const distinctPositions = (stops: readonly PickStop[]) =>
  new Set(stops.map((s) => `${s.aisle}:${s.x}:${s.y}`)).size;

describe('optimalRouteLength', () => {
  it('is 0 without stops, and walks out and back for one stop', () => {
    const layout: PickLayout = { depot: { x: 150, y: -100 }, frontY: 0, backY: 1100 };
    expect(optimalRouteLength(layout, [])).toBe(0);
    const stop: PickStop = { id: 'a', code: 'A02-001', x: 450, y: 300, aisle: 'A02' };
    // 100 to the front, 300 across, 300 up; twice.
    expect(optimalRouteLength(layout, [stop])).toBe(1400);
  });

  it('traverses when both ends of an aisle are needed, like the example by hand', () => {
    const layout: PickLayout = { depot: { x: 0, y: -100 }, frontY: 0, backY: 1000 };
    const stops: PickStop[] = [
      { id: 'a', code: 'A-1', x: 0, y: 900, aisle: 'A' },
      { id: 'b', code: 'B-1', x: 300, y: 100, aisle: 'B' },
    ];
    // Up A (100 + 1000), across the back (300), down B (1000), back along the front (300 + 100).
    expect(optimalRouteLength(layout, stops)).toBe(2800);
    expect(optimalRouteLength(layout, stops)).toBe(optimalPickPath(layout, stops).length);
  });

  it('refuses stops it cannot model', () => {
    const layout: PickLayout = { depot: { x: 0, y: -100 }, frontY: 0, backY: 1000 };
    expect(() => optimalRouteLength(layout, [{ id: 'f', code: 'F', x: 10, y: -50, aisle: null }])).toThrow(
      /not in an aisle/,
    );
    expect(() => optimalRouteLength(layout, [{ id: 'o', code: 'A-1', x: 0, y: 1200, aisle: 'A' }])).toThrow(
      /outside the cross aisles/,
    );
    expect(() =>
      optimalRouteLength(layout, [
        { id: 'p', code: 'A-1', x: 0, y: 100, aisle: 'A' },
        { id: 'q', code: 'A-2', x: 5, y: 200, aisle: 'A' },
      ]),
    ).toThrow(/stands at x/);
  });

  it("equals Held-Karp on the benchmark's warehouses (distinct bins and drawn with replacement)", () => {
    const rand = mulberry32(0xdecaf);
    let compared = 0;
    for (let r = 0; r < 3000; r++) {
      const w = randomWarehouse(rand);
      const k = 1 + Math.floor(rand() * MAX_POSITIONS);
      const stops = r % 2 === 0 ? randomDistinctPickList(rand, w, k) : randomPickList(rand, w, k);
      expect(distinctPositions(stops)).toBeLessThanOrEqual(MAX_POSITIONS);
      const exact = optimalPickPath(w.layout, stops).length;
      const dp = optimalRouteLength(w.layout, stops);
      if (dp !== exact)
        expect({ layout: w.layout, stops, dp }).toEqual({ layout: w.layout, stops, dp: exact });
      compared++;
    }
    expect(compared).toBe(3000);
  });

  it('equals Held-Karp on arbitrary blocks', () => {
    const instanceArb = fc
      .record({
        frontY: fc.integer({ min: -500, max: 500 }),
        depth: fc.integer({ min: 0, max: 1500 }),
        reversed: fc.boolean(),
        aisleXs: fc.array(fc.integer({ min: -1000, max: 2000 }), { minLength: 1, maxLength: 7 }),
        depot: fc.record({
          x: fc.integer({ min: -1500, max: 2500 }),
          y: fc.integer({ min: -2500, max: 2500 }),
        }),
      })
      .chain(({ frontY, depth, reversed, aisleXs, depot }) => {
        const backY = reversed ? frontY - depth : frontY + depth;
        const lo = Math.min(frontY, backY);
        const hi = Math.max(frontY, backY);
        const layout: PickLayout = { depot, frontY, backY };
        const stopArb = fc.record({
          aisle: fc.integer({ min: 0, max: aisleXs.length - 1 }),
          // Ends of the aisle (on the cross aisles) now and then, a bin in between otherwise.
          y: fc.oneof(fc.constantFrom(lo, hi), fc.integer({ min: lo, max: hi })),
        });
        return fc.array(stopArb, { minLength: 0, maxLength: MAX_POSITIONS }).map((specs) => {
          const stops: PickStop[] = specs.map((s, i) => ({
            id: `p${i}`,
            code: `A${s.aisle}-${s.y}`,
            x: aisleXs[s.aisle]!,
            y: s.y,
            aisle: `A${s.aisle}`,
          }));
          return { layout, stops };
        });
      });
    let compared = 0;
    fc.assert(
      fc.property(instanceArb, ({ layout, stops }) => {
        compared++;
        expect(optimalRouteLength(layout, stops)).toBe(optimalPickPath(layout, stops).length);
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThanOrEqual(3000);
  });

  it('is never longer than the planned path on large lists, whatever their order', () => {
    const rand = mulberry32(0xbeef);
    for (let r = 0; r < 200; r++) {
      const w = randomWarehouse(rand);
      const stops = randomPickList(rand, w, 10 + Math.floor(rand() * 150));
      const best = optimalRouteLength(w.layout, stops);
      expect(best).toBeLessThanOrEqual(planPickPath(w.layout, stops).length);
      expect(optimalRouteLength(w.layout, [...stops].reverse())).toBe(best);
    }
  });
});
