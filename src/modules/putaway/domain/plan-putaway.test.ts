/** The put-away planner never fills a bin past its capacity nor uses a bin it may not, conserves units, decides the same way every time, and gives units to a later rule only when every earlier matching rule is full. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isEligible,
  orderRules,
  type PlanBin,
  type PlanItem,
  type PlanRule,
  planPutaway,
  ruleMatches,
} from './plan-putaway.js';

const SKUS = ['A', 'B', 'C'];
const CATEGORIES = ['bulky', 'frozen'];
const ZONES = ['WH/Z1', 'WH/Z2', 'WH/Z3'];

const binArb = (i: number) =>
  fc.record({
    code: fc.constant(`WH/B-${i}`),
    zone: fc.option(fc.constantFrom(...ZONES), { nil: null }),
    usage: fc.constantFrom('storage', 'storage', 'storage', 'receiving', 'quarantine') as fc.Arbitrary<
      PlanBin['usage']
    >,
    isArchived: fc.constantFrom(false, false, false, true),
    capacity: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    pickSeq: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    held: fc.record({
      A: fc.integer({ min: 0, max: 10 }),
      B: fc.integer({ min: 0, max: 10 }),
      C: fc.integer({ min: 0, max: 10 }),
    }),
  });

const binsArb = fc.integer({ min: 0, max: 8 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => binArb(i + 1))).map((raw) =>
    raw.map(
      (b): PlanBin => ({
        code: b.code,
        zone: b.zone,
        usage: b.usage,
        isArchived: b.isArchived,
        capacity: b.capacity,
        pickSeq: b.pickSeq,
        units: b.held.A + b.held.B + b.held.C,
        unitsBySku: b.held,
      }),
    ),
  ),
);

const ruleArb = (i: number, binCount: number) =>
  fc
    .record({
      kind: fc.constantFrom('fixed_bin', 'zone', 'overflow') as fc.Arbitrary<PlanRule['kind']>,
      priority: fc.integer({ min: 0, max: 5 }),
      match: fc.constantFrom('sku', 'category', 'all'),
      sku: fc.constantFrom(...SKUS),
      category: fc.constantFrom(...CATEGORIES),
      zone: fc.constantFrom(...ZONES),
      bin: fc.integer({ min: 1, max: Math.max(1, binCount) }),
      isActive: fc.boolean(),
    })
    .map(
      (r): PlanRule => ({
        id: `pwr_${String(i).padStart(2, '0')}`,
        priority: r.priority,
        kind: r.kind,
        sku: r.kind === 'fixed_bin' || r.match === 'sku' ? r.sku : null,
        category: r.kind !== 'fixed_bin' && r.match === 'category' ? r.category : null,
        target: r.kind === 'fixed_bin' ? `WH/B-${r.bin}` : r.zone,
        isActive: r.isActive || i % 2 === 0,
      }),
    );

const itemsArb = fc.array(
  fc.record({
    sku: fc.constantFrom(...SKUS),
    category: fc.option(fc.constantFrom(...CATEGORIES), { nil: null }),
    qty: fc.integer({ min: 1, max: 40 }),
  }),
  { minLength: 1, maxLength: 4 },
);

const caseArb = binsArb.chain((bins) =>
  fc.record({
    bins: fc.constant(bins),
    rules: fc
      .integer({ min: 0, max: 6 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(i, bins.length)))),
    items: itemsArb.map((items) => items.map((it, i): PlanItem => ({ key: `dock:${i}`, ...it }))),
  }),
);

describe('planPutaway', () => {
  it('never fills a bin beyond its capacity, nor uses a bin that is not storage or is archived', () => {
    fc.assert(
      fc.property(caseArb, ({ bins, rules, items }) => {
        const plans = planPutaway(items, rules, bins);
        const added = new Map<string, number>();
        for (const p of plans)
          for (const pl of p.placements) added.set(pl.bin, (added.get(pl.bin) ?? 0) + pl.qty);
        for (const [code, qty] of added) {
          const bin = bins.find((b) => b.code === code)!;
          expect(isEligible(bin)).toBe(true);
          if (bin.capacity !== null) expect(qty).toBeLessThanOrEqual(Math.max(0, bin.capacity - bin.units));
        }
      }),
    );
  });

  it('conserves units: placed plus unplaced is the quantity, every placement positive', () => {
    fc.assert(
      fc.property(caseArb, ({ bins, rules, items }) => {
        const plans = planPutaway(items, rules, bins);
        expect(plans.map((p) => p.key)).toEqual(items.map((i) => i.key));
        plans.forEach((p, i) => {
          for (const pl of p.placements) expect(pl.qty).toBeGreaterThan(0);
          expect(p.placements.reduce((s, pl) => s + pl.qty, 0) + p.unplaced).toBe(items[i]!.qty);
          expect(p.unplaced).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it('is deterministic: the same input in any rule or bin order gives the same plan', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) =>
          fc.record({
            c: fc.constant(c),
            rules: fc.shuffledSubarray(c.rules, { minLength: c.rules.length }),
            bins: fc.shuffledSubarray(c.bins, { minLength: c.bins.length }),
          }),
        ),
        ({ c, rules, bins }) => {
          expect(planPutaway(c.items, rules, bins)).toEqual(planPutaway(c.items, c.rules, c.bins));
        },
      ),
    );
  });

  it('respects rule order: a rule gets units only when every earlier matching rule has no room left', () => {
    fc.assert(
      fc.property(caseArb, ({ bins, rules, items }) => {
        const [plan] = planPutaway(items.slice(0, 1), rules, bins);
        const item = items[0]!;
        const ordered = orderRules(rules).filter((r) => ruleMatches(r, item));
        const rank = new Map(ordered.map((r, i) => [r.id, i]));
        const placedIn = new Map(plan!.placements.map((p) => [p.bin, p.qty]));
        const latest = Math.max(-1, ...plan!.placements.map((p) => rank.get(p.ruleId)!));
        // Every eligible bin of an earlier rule is full after the plan.
        for (const rule of ordered.slice(0, Math.max(0, latest))) {
          for (const bin of bins) {
            const inRule = rule.kind === 'fixed_bin' ? bin.code === rule.target : bin.zone === rule.target;
            if (!inRule || !isEligible(bin)) continue;
            expect(bin.capacity).not.toBeNull();
            expect(bin.units + (placedIn.get(bin.code) ?? 0)).toBeGreaterThanOrEqual(bin.capacity!);
          }
        }
        // Nothing is left over while a matching rule still has room.
        if (plan!.unplaced > 0) {
          for (const rule of ordered)
            for (const bin of bins) {
              const inRule = rule.kind === 'fixed_bin' ? bin.code === rule.target : bin.zone === rule.target;
              if (!inRule || !isEligible(bin)) continue;
              expect(bin.capacity).not.toBeNull();
              expect(bin.units + (placedIn.get(bin.code) ?? 0)).toBeGreaterThanOrEqual(bin.capacity!);
            }
        }
      }),
    );
  });

  it('puts a fixed bin first, then consolidates in the zone, then overflows', () => {
    const bin = (code: string, zone: string | null, extra: Partial<PlanBin> = {}): PlanBin => ({
      code,
      zone,
      usage: 'storage',
      isArchived: false,
      capacity: 10,
      units: 0,
      unitsBySku: {},
      pickSeq: null,
      ...extra,
    });
    const rules: PlanRule[] = [
      { id: 'r3', priority: 0, kind: 'overflow', sku: null, category: null, target: 'WH/O', isActive: true },
      { id: 'r2', priority: 0, kind: 'zone', sku: null, category: 'bulky', target: 'WH/A', isActive: true },
      { id: 'r1', priority: 9, kind: 'fixed_bin', sku: 'X', category: null, target: 'WH/F', isActive: true },
    ];
    const bins = [
      bin('WH/F', null, { units: 6 }),
      bin('WH/A-1', 'WH/A', { pickSeq: 1 }),
      bin('WH/A-2', 'WH/A', { units: 5, unitsBySku: { X: 5 } }),
      bin('WH/A-3', 'WH/A', { usage: 'quarantine' }),
      bin('WH/O-1', 'WH/O', { capacity: null }),
    ];
    const [plan] = planPutaway([{ key: 'k', sku: 'X', category: 'bulky', qty: 30 }], rules, bins);
    expect(plan).toEqual({
      key: 'k',
      sku: 'X',
      placements: [
        { bin: 'WH/F', qty: 4, ruleId: 'r1' },
        { bin: 'WH/A-2', qty: 5, ruleId: 'r2' },
        { bin: 'WH/A-1', qty: 10, ruleId: 'r2' },
        { bin: 'WH/O-1', qty: 11, ruleId: 'r3' },
      ],
      unplaced: 0,
    });
    const [none] = planPutaway([{ key: 'k', sku: 'Y', category: null, qty: 3 }], rules.slice(1, 2), bins);
    expect(none).toEqual({ key: 'k', sku: 'Y', placements: [], unplaced: 3 });
  });
});
