/**
 * Proves that the pick-path planner visits every stop exactly once, reports the length it walks, is never
 * longer than the naive bin-code walk, depends only on the set of stops (not their order), and stays close
 * to the exact optimum, which itself agrees with brute force; and that distances follow the block's aisles.
 * A walk planned from a start other than the depot (a picker mid-list) keeps the same guarantees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  naiveOrder,
  optimalPickPath,
  type PickLayout,
  type PickStop,
  pickDistance,
  planPickPath,
  routeLength,
} from './pick-path.js';

const LAYOUT: PickLayout = { depot: { x: 150, y: -100 }, frontY: 0, backY: 1100 };

/** Aisles A01..A08, 300 cm apart, bins every 100 cm; now and then a stop on the open floor. */
const stopSpecArb = fc.record({
  aisle: fc.integer({ min: 0, max: 8 }),
  bay: fc.integer({ min: 1, max: 10 }),
  floorX: fc.integer({ min: -200, max: 2600 }),
  floorY: fc.integer({ min: -300, max: -50 }),
});

function stopsOf(
  specs: readonly { aisle: number; bay: number; floorX: number; floorY: number }[],
): PickStop[] {
  return specs.map((s, i) => {
    const id = `p${String(i).padStart(3, '0')}`;
    if (s.aisle === 8) return { id, code: `FLOOR-${s.floorX}`, x: s.floorX, y: s.floorY, aisle: null };
    const aisle = `A${String(s.aisle + 1).padStart(2, '0')}`;
    return { id, code: `${aisle}-${s.bay}`, x: 150 + s.aisle * 300, y: s.bay * 100, aisle };
  });
}

const stopsArb = (maxLength: number) =>
  fc.array(stopSpecArb, { minLength: 0, maxLength }).map((specs) => stopsOf(specs));

const shuffledArb = (maxLength: number) =>
  stopsArb(maxLength).chain((stops) =>
    fc
      .shuffledSubarray(stops, { minLength: stops.length, maxLength: stops.length })
      .map((s) => [stops, s] as const),
  );

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const byId = (stops: readonly PickStop[]) => stops.map((s) => s.id).sort();

/** Where a picker may stand when the rest of a list is planned again: at a bin, or on the floor. */
const startArb = stopSpecArb.map((spec) => {
  const [stop] = stopsOf([spec]);
  return { x: stop!.x, y: stop!.y, aisle: stop!.aisle };
});

describe('pickDistance', () => {
  const layout: PickLayout = { depot: { x: 0, y: 0 }, frontY: 0, backY: 1000 };
  it('runs along the aisle within one aisle', () => {
    expect(pickDistance(layout, { x: 300, y: 200, aisle: 'A' }, { x: 300, y: 700, aisle: 'A' })).toBe(500);
  });
  it('crosses by the front when both points are near it', () => {
    // 200 to the front, 600 across, 300 back up; by the back it would be 800 + 600 + 700.
    expect(pickDistance(layout, { x: 300, y: 200, aisle: 'A' }, { x: 900, y: 300, aisle: 'C' })).toBe(1100);
  });
  it('crosses by the back when both points are near it', () => {
    // 100 to the back, 300 across, 200 down; by the front 900 + 300 + 800.
    expect(pickDistance(layout, { x: 300, y: 900, aisle: 'A' }, { x: 600, y: 800, aisle: 'B' })).toBe(600);
  });
  it('takes the cheaper end for points at opposite ends', () => {
    // front: 100 + 300 + 900 = 1300; back: 900 + 300 + 100 = 1300.
    expect(pickDistance(layout, { x: 300, y: 100, aisle: 'A' }, { x: 600, y: 900, aisle: 'B' })).toBe(1300);
  });
  it('leaves an aisle by an end to reach the floor, and walks straight on the floor', () => {
    // 300 down to the front, 200 across, 50 beyond the front.
    expect(pickDistance(layout, { x: 300, y: 300, aisle: 'A' }, { x: 100, y: -50, aisle: null })).toBe(550);
    expect(pickDistance(layout, { x: 100, y: -50, aisle: null }, { x: 300, y: 300, aisle: 'A' })).toBe(550);
    expect(pickDistance(layout, { x: 0, y: 0, aisle: null }, { x: 300, y: -400, aisle: null })).toBe(700);
  });
  it('is zero between stops sharing a bin', () => {
    expect(pickDistance(layout, { x: 300, y: 300, aisle: 'A' }, { x: 300, y: 300, aisle: 'A' })).toBe(0);
  });
});

describe('naiveOrder', () => {
  it('sorts bin codes naturally, then by id', () => {
    const s = (id: string, code: string): PickStop => ({ id, code, x: 0, y: 0, aisle: null });
    const order = naiveOrder([s('b', 'A-10'), s('c', 'A-2'), s('a', 'A-2'), s('d', 'B-1')]);
    expect(order.map((o) => `${o.code}/${o.id}`)).toEqual(['A-2/a', 'A-2/c', 'A-10/b', 'B-1/d']);
  });
});

describe('planPickPath', () => {
  it('plans an empty list as an empty walk', () => {
    expect(planPickPath(LAYOUT, [])).toEqual({ order: [], length: 0, naiveLength: 0, strategy: 'empty' });
  });

  it('visits every stop once, reports the length it walks, and is never longer than naive', () => {
    fc.assert(
      fc.property(stopsArb(40), (stops) => {
        const plan = planPickPath(LAYOUT, stops);
        expect(byId(plan.order)).toEqual(byId(stops));
        expect(new Set(plan.order).size).toBe(stops.length);
        expect(plan.length).toBe(routeLength(LAYOUT, plan.order));
        expect(plan.naiveLength).toBe(routeLength(LAYOUT, naiveOrder(stops)));
        expect(plan.length).toBeLessThanOrEqual(plan.naiveLength);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same path for the same stops in any order', () => {
    fc.assert(
      fc.property(shuffledArb(30), ([stops, shuffled]) => {
        const a = planPickPath(LAYOUT, stops);
        expect(planPickPath(LAYOUT, stops)).toEqual(a);
        const b = planPickPath(LAYOUT, shuffled);
        expect(b.length).toBe(a.length);
        expect(b.order).toEqual(a.order);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps stops sharing a bin together', () => {
    fc.assert(
      fc.property(stopsArb(25), (stops) => {
        const keys = planPickPath(LAYOUT, stops).order.map((s) => `${s.x},${s.y},${s.aisle}`);
        const seen = new Set<string>();
        keys.forEach((k, i) => {
          if (i > 0 && keys[i - 1] === k) return;
          expect(seen.has(k)).toBe(false);
          seen.add(k);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('stays close to the optimum on small lists', () => {
    let planned = 0;
    let optimal = 0;
    fc.assert(
      fc.property(stopsArb(9), (stops) => {
        const plan = planPickPath(LAYOUT, stops);
        const best = optimalPickPath(LAYOUT, stops);
        expect(best.length).toBeLessThanOrEqual(plan.length);
        expect(plan.length).toBeLessThanOrEqual(best.length * 1.25);
        planned += plan.length;
        optimal += best.length;
      }),
      { numRuns: 150 },
    );
    expect(planned).toBeLessThanOrEqual(optimal * 1.05);
  });

  it('from a start other than the depot: every stop once, the length it walks, never longer than naive', () => {
    fc.assert(
      fc.property(startArb, stopsArb(40), (start, stops) => {
        const plan = planPickPath(LAYOUT, stops, start);
        expect(byId(plan.order)).toEqual(byId(stops));
        expect(new Set(plan.order).size).toBe(stops.length);
        expect(plan.length).toBe(routeLength(LAYOUT, plan.order, start));
        expect(plan.naiveLength).toBe(routeLength(LAYOUT, naiveOrder(stops), start));
        expect(plan.length).toBeLessThanOrEqual(plan.naiveLength);
      }),
      { numRuns: 150 },
    );
  });

  it('from a start: the same path for the same stops in any order, close to the optimum', () => {
    fc.assert(
      fc.property(startArb, shuffledArb(9), (start, [stops, shuffled]) => {
        const plan = planPickPath(LAYOUT, stops, start);
        expect(planPickPath(LAYOUT, shuffled, start)).toEqual(plan);
        const best = optimalPickPath(LAYOUT, stops, start);
        expect(best.length).toBe(routeLength(LAYOUT, best.order, start));
        expect(best.length).toBeLessThanOrEqual(plan.length);
        expect(plan.length).toBeLessThanOrEqual(best.length * 1.25);
      }),
      { numRuns: 150 },
    );
  });

  it('starting at the depot is the plan without a start', () => {
    fc.assert(
      fc.property(stopsArb(30), (stops) => {
        const depot = { x: LAYOUT.depot.x, y: LAYOUT.depot.y, aisle: null };
        expect(planPickPath(LAYOUT, stops, depot)).toEqual(planPickPath(LAYOUT, stops));
      }),
      { numRuns: 50 },
    );
  });

  it('walks a nearby stop first when the picker stands next to it', () => {
    // Standing at the back of aisle 8 with picks there and at the front of aisle 1: aisle 8 first.
    const stops = stopsOf([
      { aisle: 0, bay: 1, floorX: 0, floorY: -100 },
      { aisle: 7, bay: 9, floorX: 0, floorY: -100 },
    ]);
    const plan = planPickPath(LAYOUT, stops, { x: 150 + 7 * 300, y: 1000, aisle: 'A08' });
    expect(plan.order.map((s) => s.code)).toEqual(['A08-9', 'A01-1']);
    expect(planPickPath(LAYOUT, stops).order.map((s) => s.code)).toEqual(['A01-1', 'A08-9']);
  });

  it('plans 200 stops in a bounded time', () => {
    const stops = stopsOf(
      Array.from({ length: 200 }, (_, i) => ({
        aisle: (i * 7) % 8,
        bay: 1 + ((i * 13) % 10),
        floorX: 0,
        floorY: -100,
      })),
    );
    const plan = planPickPath(LAYOUT, stops);
    expect(plan.order).toHaveLength(200);
    expect(plan.length).toBeLessThanOrEqual(plan.naiveLength);
  });
});

describe('optimalPickPath', () => {
  it('matches brute force over every order', () => {
    fc.assert(
      fc.property(stopsArb(7), (stops) => {
        const best = optimalPickPath(LAYOUT, stops);
        expect(byId(best.order)).toEqual(byId(stops));
        expect(best.length).toBe(routeLength(LAYOUT, best.order));
        const brute = Math.min(...permutations(stops).map((p) => routeLength(LAYOUT, p)));
        expect(best.length).toBe(brute);
      }),
      { numRuns: 40 },
    );
  });

  it('matches brute force from a start other than the depot', () => {
    fc.assert(
      fc.property(startArb, stopsArb(6), (start, stops) => {
        const best = optimalPickPath(LAYOUT, stops, start);
        expect(byId(best.order)).toEqual(byId(stops));
        const brute = Math.min(...permutations(stops).map((p) => routeLength(LAYOUT, p, start)));
        expect(best.length).toBe(brute);
      }),
      { numRuns: 40 },
    );
  });

  it('counts distinct positions against its limit', () => {
    const at = (i: number, bay: number): PickStop => ({
      id: `p${i}`,
      code: `A01-${bay}`,
      x: 150,
      y: bay * 100,
      aisle: 'A01',
    });
    const fourteen = Array.from({ length: 14 }, (_, i) => at(i, i + 1));
    expect(() => optimalPickPath(LAYOUT, fourteen)).toThrow(RangeError);
    const repeated = Array.from({ length: 30 }, (_, i) => at(i, (i % 13) + 1));
    expect(optimalPickPath(LAYOUT, repeated).order).toHaveLength(30);
  });
});
