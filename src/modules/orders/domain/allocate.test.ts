/** Allocation never promises stock that is not offered, accounts for every unit, routes an order the same way whatever the array order, never splits what fits in one warehouse and otherwise uses the fewest warehouses, and rejects malformed numbers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllocationDecision,
  type AllocationInput,
  type AllocationRules,
  allocate,
  type Destination,
  EXACT_SEARCH_MAX_WAREHOUSES,
  rankWarehouses,
  type StockOffer,
  type WarehouseOption,
} from './allocate.js';

// ---- Generators: small universes so SKUs, locations and warehouses collide often ----

const SKUS = ['S1', 'S2', 'S3'] as const;
const BINS = ['A', 'B'] as const;

const rulesArb: fc.Arbitrary<AllocationRules> = fc.record({
  allowSplit: fc.boolean(),
  allowPartial: fc.boolean(),
  allowBackorder: fc.boolean(),
  preferNearest: fc.boolean(),
});

const placeArb = fc.record({
  country: fc.constantFrom('FR', 'DE'),
  region: fc.constantFrom(undefined, 'N', 'S'),
});

interface Universe {
  readonly warehouseCount: number;
  readonly rules?: fc.Arbitrary<AllocationRules>;
  readonly maxAvailable?: number;
  readonly minQty?: number;
  /** Offers per warehouse at least, on average. */
  readonly minOffersPerWarehouse?: number;
}

/**
 * `warehouseCount` warehouses W1..Wn, each with bins A and B; a random subset is eligible, and offers may
 * sit at ineligible warehouses too, which the decision must ignore.
 */
function inputArb({
  warehouseCount,
  rules = rulesArb,
  maxAvailable = 8,
  minQty = 1,
  minOffersPerWarehouse = 0,
}: Universe) {
  const codes = Array.from({ length: warehouseCount }, (_, i) => `W${i + 1}`);
  return fc
    .record({
      attrs: fc.array(fc.record({ priority: fc.integer({ min: 0, max: 2 }), place: placeArb }), {
        minLength: warehouseCount,
        maxLength: warehouseCount,
      }),
      // Mostly eligible, so that routing rather than eligibility is what most runs exercise.
      eligible: fc.array(fc.constantFrom(true, true, true, false), {
        minLength: warehouseCount,
        maxLength: warehouseCount,
      }),
      offers: fc.uniqueArray(
        fc.record({
          warehouse: fc.constantFrom(...codes),
          bin: fc.constantFrom(...BINS),
          sku: fc.constantFrom(...SKUS),
          available: fc.integer({ min: 0, max: maxAvailable }),
        }),
        {
          selector: (o) => `${o.warehouse}/${o.bin}|${o.sku}`,
          minLength: warehouseCount * minOffersPerWarehouse,
          maxLength: warehouseCount * 5,
        },
      ),
      lines: fc.uniqueArray(
        fc.record({
          lineNo: fc.integer({ min: 1, max: 9 }),
          sku: fc.constantFrom(...SKUS),
          qty: fc.integer({ min: minQty, max: 8 }),
        }),
        // The empty order has its own example; here every run has something to route.
        { selector: (l) => l.lineNo, minLength: 1, maxLength: 5 },
      ),
      destination: fc.option(placeArb, { nil: null }),
      rules,
    })
    .map(
      ({ attrs, eligible, offers, lines, destination, rules }): AllocationInput => ({
        lines,
        warehouses: attrs
          .map((a, i): WarehouseOption => ({ code: codes[i]!, priority: a.priority, ...a.place }))
          .filter((_, i) => eligible[i]),
        offers: offers.map(
          (o): StockOffer => ({
            warehouse: o.warehouse,
            location: `${o.warehouse}/${o.bin}`,
            sku: o.sku,
            available: o.available,
          }),
        ),
        destination,
        rules,
      }),
    );
}

const small = inputArb({ warehouseCount: 6 });
/**
 * More candidates than the exact search handles, each too small to supply a line on its own (at most 6 of a
 * SKU against at least 7 asked), so that splitting, and with it the greedy search, is what runs.
 */
const large = inputArb({
  warehouseCount: EXACT_SEARCH_MAX_WAREHOUSES + 4,
  rules: rulesArb.map((r) => ({ ...r, allowSplit: true })),
  maxAvailable: 3,
  minQty: 7,
  minOffersPerWarehouse: 4,
});

// ---- Oracles, written from the specification rather than from the implementation ----

function demandOf(input: AllocationInput): Map<string, number> {
  const demand = new Map<string, number>();
  for (const l of input.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.qty);
  return demand;
}

function coverageOf(input: AllocationInput, codes: readonly string[]): number {
  let covered = 0;
  for (const [sku, needed] of demandOf(input)) {
    const has = input.offers
      .filter((o) => o.sku === sku && codes.includes(o.warehouse))
      .reduce((sum, o) => sum + o.available, 0);
    covered += Math.min(needed, has);
  }
  return covered;
}

const totalOf = (input: AllocationInput) => input.lines.reduce((sum, l) => sum + l.qty, 0);
const eligibleCodes = (input: AllocationInput) => input.warehouses.map((w) => w.code);

function rankKey(w: WarehouseOption, destination: Destination | null, preferNearest: boolean) {
  let tier = 0;
  if (preferNearest && destination !== null) {
    if (w.country !== destination.country) tier = 2;
    else if (destination.region !== undefined && w.region === destination.region) tier = 0;
    else tier = 1;
  }
  return [tier, w.priority, w.code] as const;
}

function oracleRanking(input: AllocationInput): string[] {
  const keyed = input.warehouses.map((w) => ({
    code: w.code,
    key: rankKey(w, input.destination, input.rules.preferNearest),
  }));
  keyed.sort(
    (a, b) =>
      a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.key[2] < b.key[2] ? -1 : a.key[2] > b.key[2] ? 1 : 0),
  );
  return keyed.map((k) => k.code);
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((acc, item) => acc.concat(acc.map((s) => [...s, item])), [[]]);
}

/** Brute force: the fewest eligible warehouses reaching the best coverage all of them together reach. */
function fewestForBestCoverage(input: AllocationInput): { size: number; covered: number } {
  const codes = eligibleCodes(input);
  const best = coverageOf(input, codes);
  const size = Math.min(
    ...subsets(codes)
      .filter((s) => coverageOf(input, s) === best)
      .map((s) => s.length),
  );
  return { size: best === 0 ? 0 : size, covered: best };
}

const pickedUnits = (d: AllocationDecision) => d.picks.reduce((sum, p) => sum + p.qty, 0);
const pickWarehouses = (d: AllocationDecision) => [...new Set(d.picks.map((p) => p.warehouse))];

// ---- Properties ----

describe('allocate: safety and accounting', () => {
  it.each([
    ['exact search', small],
    ['greedy search', large],
  ])('never takes more than a location offers, and only from eligible warehouses (%s)', (_, arb) => {
    fc.assert(
      fc.property(arb, (input) => {
        const d = allocate(input);
        const eligible = new Set(eligibleCodes(input));
        const taken = new Map<string, number>();
        for (const p of d.picks) {
          expect(p.qty).toBeGreaterThan(0);
          expect(eligible.has(p.warehouse)).toBe(true);
          expect(input.lines.find((l) => l.lineNo === p.lineNo)?.sku).toBe(p.sku);
          const offer = input.offers.find((o) => o.location === p.location && o.sku === p.sku);
          expect(offer?.warehouse).toBe(p.warehouse);
          const key = `${p.location}|${p.sku}`;
          taken.set(key, (taken.get(key) ?? 0) + p.qty);
          expect(taken.get(key)).toBeLessThanOrEqual(offer?.available ?? 0);
        }
      }),
    );
  });

  it.each([
    ['exact search', small],
    ['greedy search', large],
  ])('accounts for every unit of every line: picked + backordered + unfulfilled = qty (%s)', (_, arb) => {
    fc.assert(
      fc.property(arb, (input) => {
        const d = allocate(input);
        for (const line of input.lines) {
          const sum = (xs: readonly { lineNo: number; qty: number }[]) =>
            xs.filter((x) => x.lineNo === line.lineNo).reduce((s, x) => s + x.qty, 0);
          expect(sum(d.picks) + sum(d.backordered) + sum(d.unfulfilled)).toBe(line.qty);
        }
        for (const s of [...d.backordered, ...d.unfulfilled]) expect(s.qty).toBeGreaterThan(0);
        const lineNos = new Set(input.lines.map((l) => l.lineNo));
        for (const x of [...d.picks, ...d.backordered, ...d.unfulfilled])
          expect(lineNos.has(x.lineNo)).toBe(true);
      }),
    );
  });

  it('reports a status that matches its picks and shortfalls, and lists used warehouses in rank order', () => {
    fc.assert(
      fc.property(small, (input) => {
        const d = allocate(input);
        const short = d.backordered.length + d.unfulfilled.length;
        const expected =
          short === 0
            ? 'allocated'
            : d.picks.length > 0
              ? 'partially_allocated'
              : d.backordered.length > 0
                ? 'backordered'
                : 'unfulfillable';
        expect(d.status).toBe(expected);
        expect(d.backordered.length === 0 || d.unfulfilled.length === 0).toBe(true);
        expect([...d.warehouses].sort()).toEqual(pickWarehouses(d).sort());
        const ranking = oracleRanking(input);
        expect(d.warehouses).toEqual(ranking.filter((c) => d.warehouses.includes(c)));
        expect(d.explanation.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('allocate: determinism', () => {
  it('gives deep-equal output for the same input and for shuffled offers, warehouses and lines', () => {
    fc.assert(
      fc.property(small, fc.gen(), (input, g) => {
        const shuffle = <T>(xs: readonly T[]): T[] =>
          g(fc.shuffledSubarray, [...xs], { minLength: xs.length, maxLength: xs.length });
        const d = allocate(input);
        expect(allocate(input)).toEqual(d);
        const shuffled: AllocationInput = {
          ...input,
          offers: shuffle(input.offers),
          warehouses: shuffle(input.warehouses),
          lines: shuffle(input.lines),
        };
        expect(allocate(shuffled)).toEqual(d);
      }),
    );
  });
});

describe('allocate: routing', () => {
  it('ships an order that one warehouse can fully supply from exactly the best-ranked such warehouse', () => {
    fc.assert(
      fc.property(small, (input) => {
        const total = totalOf(input);
        const complete = oracleRanking(input).filter((c) => coverageOf(input, [c]) === total);
        fc.pre(total > 0 && complete.length > 0);
        const d = allocate(input);
        expect(d.status).toBe('allocated');
        expect(d.warehouses).toEqual([complete[0]]);
        expect(pickWarehouses(d)).toEqual([complete[0]]);
      }),
    );
  });

  it('respects the rules: no split → one warehouse, no partial → all or nothing, no backorder → none', () => {
    fc.assert(
      fc.property(small, (input) => {
        const d = allocate(input);
        const { allowSplit, allowPartial, allowBackorder } = input.rules;
        if (!allowSplit) expect(pickWarehouses(d).length).toBeLessThanOrEqual(1);
        if (!allowPartial) expect(d.status === 'allocated' || d.picks.length === 0).toBe(true);
        if (!allowBackorder) expect(d.backordered).toEqual([]);
      }),
    );
  });

  it('without split, takes what the single best warehouse can (most units, then rank)', () => {
    const rules = rulesArb.map((r) => ({ ...r, allowSplit: false, allowPartial: true }));
    fc.assert(
      fc.property(inputArb({ warehouseCount: 6, rules }), (input) => {
        const ranking = oracleRanking(input);
        const best = Math.max(0, ...ranking.map((c) => coverageOf(input, [c])));
        const d = allocate(input);
        expect(pickedUnits(d)).toBe(best);
        if (best > 0) expect(d.warehouses).toEqual([ranking.find((c) => coverageOf(input, [c]) === best)]);
      }),
    );
  });

  it('with split, uses the fewest warehouses (brute-force oracle) and covers all it can', () => {
    const rules = rulesArb.map((r) => ({ ...r, allowSplit: true }));
    fc.assert(
      fc.property(inputArb({ warehouseCount: 6, rules }), (input) => {
        const oracle = fewestForBestCoverage(input);
        const d = allocate(input);
        if (oracle.covered === totalOf(input)) {
          expect(d.status).toBe('allocated');
          expect(d.warehouses.length).toBe(oracle.size);
        } else if (input.rules.allowPartial) {
          expect(pickedUnits(d)).toBe(oracle.covered);
          expect(d.warehouses.length).toBe(oracle.size);
        }
      }),
    );
  });

  it('beyond the exact search, covers all it can greedily and keeps no redundant warehouse', () => {
    fc.assert(
      fc.property(large, (input) => {
        const d = allocate(input);
        const candidates = eligibleCodes(input).filter((c) => coverageOf(input, [c]) > 0);
        if (candidates.length > EXACT_SEARCH_MAX_WAREHOUSES)
          expect(d.explanation[0]).toContain('greedy search');
        if (!input.rules.allowPartial && d.status !== 'allocated') return;
        expect(pickedUnits(d)).toBe(coverageOf(input, eligibleCodes(input)));
        for (const w of d.warehouses) {
          const without = d.warehouses.filter((c) => c !== w);
          expect(coverageOf(input, without)).toBeLessThan(pickedUnits(d));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ranks same country and region first, then same country, then priority, then code', () => {
    fc.assert(
      fc.property(small, (input) => {
        const ranked = rankWarehouses(input.warehouses, input.destination, input.rules.preferNearest);
        expect(ranked.map((w) => w.code)).toEqual(oracleRanking(input));
      }),
    );
  });
});

describe('allocate: validation', () => {
  const base: AllocationInput = {
    lines: [{ lineNo: 1, sku: 'S1', qty: 2 }],
    warehouses: [{ code: 'W1', priority: 1, country: 'FR' }],
    offers: [{ warehouse: 'W1', location: 'W1/A', sku: 'S1', available: 5 }],
    destination: null,
    rules: { allowSplit: true, allowPartial: true, allowBackorder: true, preferNearest: true },
  };

  it.each<[string, AllocationInput, RegExp]>([
    ['negative qty', { ...base, lines: [{ lineNo: 1, sku: 'S1', qty: -1 }] }, /lines\[0\]\.qty/],
    ['fractional qty', { ...base, lines: [{ lineNo: 1, sku: 'S1', qty: 1.5 }] }, /lines\[0\]\.qty/],
    ['NaN qty', { ...base, lines: [{ lineNo: 1, sku: 'S1', qty: Number.NaN }] }, /lines\[0\]\.qty/],
    [
      'fractional line number',
      { ...base, lines: [{ lineNo: 0.5, sku: 'S1', qty: 1 }] },
      /lines\[0\]\.lineNo/,
    ],
    [
      'negative available',
      { ...base, offers: [{ warehouse: 'W1', location: 'W1/A', sku: 'S1', available: -3 }] },
      /offers\[0\]\.available/,
    ],
    [
      'infinite available',
      { ...base, offers: [{ warehouse: 'W1', location: 'W1/A', sku: 'S1', available: Infinity }] },
      /offers\[0\]\.available/,
    ],
    [
      'fractional priority',
      { ...base, warehouses: [{ code: 'W1', priority: 0.5, country: 'FR' }] },
      /warehouses\[0\]\.priority/,
    ],
    [
      'duplicate line number',
      {
        ...base,
        lines: [
          { lineNo: 1, sku: 'S1', qty: 1 },
          { lineNo: 1, sku: 'S2', qty: 1 },
        ],
      },
      /line number 1 appears twice/,
    ],
    [
      'duplicate warehouse',
      { ...base, warehouses: [...base.warehouses, { code: 'W1', priority: 2, country: 'DE' }] },
      /warehouse W1 is listed twice/,
    ],
    [
      'duplicate offer',
      { ...base, offers: [...base.offers, { warehouse: 'W1', location: 'W1/A', sku: 'S1', available: 1 }] },
      /S1 at W1\/A is offered twice/,
    ],
    [
      'location under two warehouses',
      { ...base, offers: [...base.offers, { warehouse: 'W2', location: 'W1/A', sku: 'S2', available: 1 }] },
      /location W1\/A is offered under both W1 and W2/,
    ],
  ])('throws on %s', (_, input, message) => {
    expect(() => allocate(input)).toThrow(message);
  });

  it('throws on any malformed quantity slipped into a valid input', () => {
    const bad = fc.oneof(
      fc.integer({ max: -1 }),
      fc.double({ noInteger: true }),
      fc.constantFrom(Number.NaN, Infinity, -Infinity),
    );
    fc.assert(
      fc.property(small, bad, fc.nat(), fc.boolean(), (input, value, at, inLines) => {
        const target = inLines ? input.lines : input.offers;
        fc.pre(target.length > 0);
        const i = at % target.length;
        const broken: AllocationInput = inLines
          ? { ...input, lines: input.lines.map((l, j) => (j === i ? { ...l, qty: value } : l)) }
          : { ...input, offers: input.offers.map((o, j) => (j === i ? { ...o, available: value } : o)) };
        expect(() => allocate(broken)).toThrow(inLines ? `lines[${i}].qty` : `offers[${i}].available`);
      }),
    );
  });
});

// ---- Examples with readable expectations ----

const rules = (overrides: Partial<AllocationRules> = {}): AllocationRules => ({
  allowSplit: true,
  allowPartial: true,
  allowBackorder: true,
  preferNearest: false,
  ...overrides,
});

describe('allocate: examples', () => {
  it('routes to WH2, the only warehouse with all lines, and says what WH1 lacks', () => {
    const d = allocate({
      lines: [
        { lineNo: 1, sku: 'SKU-1', qty: 2 },
        { lineNo: 2, sku: 'SKU-2', qty: 1 },
        { lineNo: 3, sku: 'SKU-9', qty: 2 },
      ],
      warehouses: [
        { code: 'WH1', priority: 1, country: 'FR' },
        { code: 'WH2', priority: 2, country: 'FR' },
      ],
      offers: [
        { warehouse: 'WH1', location: 'WH1/A-01', sku: 'SKU-1', available: 10 },
        { warehouse: 'WH1', location: 'WH1/A-01', sku: 'SKU-2', available: 10 },
        { warehouse: 'WH2', location: 'WH2/B-01', sku: 'SKU-1', available: 4 },
        { warehouse: 'WH2', location: 'WH2/B-01', sku: 'SKU-2', available: 4 },
        { warehouse: 'WH2', location: 'WH2/B-02', sku: 'SKU-9', available: 2 },
      ],
      destination: null,
      rules: rules(),
    });
    expect(d).toEqual({
      status: 'allocated',
      picks: [
        { lineNo: 1, sku: 'SKU-1', warehouse: 'WH2', location: 'WH2/B-01', qty: 2 },
        { lineNo: 2, sku: 'SKU-2', warehouse: 'WH2', location: 'WH2/B-01', qty: 1 },
        { lineNo: 3, sku: 'SKU-9', warehouse: 'WH2', location: 'WH2/B-02', qty: 2 },
      ],
      backordered: [],
      unfulfilled: [],
      warehouses: ['WH2'],
      explanation: [
        'WH2: the only warehouse with all 3 lines; WH1 lacks SKU-9 (needs 2, has 0)',
        'All 5 units allocated.',
      ],
    });
  });

  it('judges lines sharing a SKU together: two lines of 3 do not fit in a warehouse with 5', () => {
    const d = allocate({
      lines: [
        { lineNo: 1, sku: 'S1', qty: 3 },
        { lineNo: 2, sku: 'S1', qty: 3 },
      ],
      warehouses: [
        { code: 'W1', priority: 1, country: 'FR' },
        { code: 'W2', priority: 2, country: 'FR' },
      ],
      offers: [
        { warehouse: 'W1', location: 'W1/A', sku: 'S1', available: 5 },
        { warehouse: 'W2', location: 'W2/A', sku: 'S1', available: 6 },
      ],
      destination: null,
      rules: rules(),
    });
    expect(d.warehouses).toEqual(['W2']);
    expect(d.explanation[0]).toBe('W2: the only warehouse with all 2 lines; W1 lacks S1 (needs 6, has 5)');
  });

  it('takes stock from as few locations as possible: largest bins first, then by code', () => {
    const d = allocate({
      lines: [
        { lineNo: 1, sku: 'S1', qty: 4 },
        { lineNo: 2, sku: 'S1', qty: 4 },
      ],
      warehouses: [{ code: 'W1', priority: 1, country: 'FR' }],
      offers: [
        { warehouse: 'W1', location: 'W1/A', sku: 'S1', available: 2 },
        { warehouse: 'W1', location: 'W1/C', sku: 'S1', available: 3 },
        { warehouse: 'W1', location: 'W1/B', sku: 'S1', available: 3 },
        { warehouse: 'W1', location: 'W1/D', sku: 'S1', available: 5 },
      ],
      destination: null,
      rules: rules(),
    });
    expect(d.picks).toEqual([
      { lineNo: 1, sku: 'S1', warehouse: 'W1', location: 'W1/D', qty: 4 },
      { lineNo: 2, sku: 'S1', warehouse: 'W1', location: 'W1/D', qty: 1 },
      { lineNo: 2, sku: 'S1', warehouse: 'W1', location: 'W1/B', qty: 3 },
    ]);
  });

  it('splits over the two warehouses that cover everything, not the big one plus two more', () => {
    // W1 holds the most units, which is where a greedy search would start; W2 + W3 are the fewest shipments.
    const d = allocate({
      lines: [
        { lineNo: 1, sku: 'A', qty: 2 },
        { lineNo: 2, sku: 'B', qty: 2 },
        { lineNo: 3, sku: 'C', qty: 2 },
        { lineNo: 4, sku: 'D', qty: 2 },
      ],
      warehouses: [
        { code: 'W1', priority: 1, country: 'FR' },
        { code: 'W2', priority: 2, country: 'FR' },
        { code: 'W3', priority: 3, country: 'FR' },
      ],
      offers: [
        { warehouse: 'W1', location: 'W1/A', sku: 'A', available: 2 },
        { warehouse: 'W1', location: 'W1/A', sku: 'B', available: 2 },
        { warehouse: 'W1', location: 'W1/A', sku: 'C', available: 1 },
        { warehouse: 'W1', location: 'W1/A', sku: 'D', available: 1 },
        { warehouse: 'W2', location: 'W2/A', sku: 'A', available: 2 },
        { warehouse: 'W2', location: 'W2/A', sku: 'C', available: 2 },
        { warehouse: 'W3', location: 'W3/A', sku: 'B', available: 2 },
        { warehouse: 'W3', location: 'W3/A', sku: 'D', available: 2 },
      ],
      destination: null,
      rules: rules(),
    });
    expect(d.status).toBe('allocated');
    expect(d.warehouses).toEqual(['W2', 'W3']);
    expect(d.explanation[0]).toBe(
      'Split over 2 warehouses (W2, W3): no single warehouse has all 4 lines; 2 is the fewest shipments that cover all 8 units; W1 lacks C (needs 2, has 1) and D (needs 2, has 1)',
    );
  });

  it('prefers the warehouse in the destination region, then country, over a better priority abroad', () => {
    const warehouses: WarehouseOption[] = [
      { code: 'DE1', priority: 0, country: 'DE' },
      { code: 'FR-S', priority: 1, country: 'FR', region: 'S' },
      { code: 'FR-N', priority: 2, country: 'FR', region: 'N' },
    ];
    const offers: StockOffer[] = warehouses.map((w) => ({
      warehouse: w.code,
      location: `${w.code}/A`,
      sku: 'S1',
      available: 9,
    }));
    const input = (destination: Destination | null, preferNearest: boolean): AllocationInput => ({
      lines: [{ lineNo: 1, sku: 'S1', qty: 1 }],
      warehouses,
      offers,
      destination,
      rules: rules({ preferNearest }),
    });
    expect(allocate(input({ country: 'FR', region: 'N' }, true)).warehouses).toEqual(['FR-N']);
    expect(allocate(input({ country: 'FR', region: 'N' }, true)).explanation[0]).toBe(
      'FR-N: has the 1 line and ranks first among the 3 that do (nearest: FR-N is in the destination region, FR-S in the destination country); FR-S also has everything but is farther; DE1 also has everything but is farther',
    );
    expect(allocate(input({ country: 'FR', region: 'E' }, true)).warehouses).toEqual(['FR-S']);
    expect(allocate(input({ country: 'FR', region: 'N' }, false)).warehouses).toEqual(['DE1']);
    expect(allocate(input(null, true)).warehouses).toEqual(['DE1']);
  });

  it('without split, ships what the best warehouse has and backorders the rest when partial is allowed', () => {
    const input: AllocationInput = {
      lines: [
        { lineNo: 1, sku: 'S1', qty: 2 },
        { lineNo: 2, sku: 'S2', qty: 2 },
      ],
      warehouses: [
        { code: 'W1', priority: 1, country: 'FR' },
        { code: 'W2', priority: 2, country: 'FR' },
      ],
      offers: [
        { warehouse: 'W1', location: 'W1/A', sku: 'S1', available: 2 },
        { warehouse: 'W2', location: 'W2/A', sku: 'S2', available: 2 },
      ],
      destination: null,
      rules: rules({ allowSplit: false }),
    };
    const d = allocate(input);
    expect(d.status).toBe('partially_allocated');
    expect(d.picks).toEqual([{ lineNo: 1, sku: 'S1', warehouse: 'W1', location: 'W1/A', qty: 2 }]);
    expect(d.backordered).toEqual([{ lineNo: 2, sku: 'S2', qty: 2 }]);
    expect(d.explanation).toEqual([
      "W1: splitting is not allowed and no single warehouse has all 2 lines; W1 covers the most (2 of 4 units), as does W2 (priority 1 before W2's 2); W2 lacks S1 (needs 2, has 0)",
      '2 of 4 units allocated; the rest is backordered: S2 ×2 (line 2).',
    ]);

    const allOrNothing = allocate({ ...input, rules: rules({ allowSplit: false, allowPartial: false }) });
    expect(allOrNothing.status).toBe('backordered');
    expect(allOrNothing.picks).toEqual([]);
    expect(allOrNothing.backordered).toEqual([
      { lineNo: 1, sku: 'S1', qty: 2 },
      { lineNo: 2, sku: 'S2', qty: 2 },
    ]);

    const refused = allocate({
      ...input,
      rules: rules({ allowSplit: false, allowPartial: false, allowBackorder: false }),
    });
    expect(refused.status).toBe('unfulfillable');
    expect(refused.unfulfilled).toEqual(allOrNothing.backordered);
    expect(refused.backordered).toEqual([]);
  });

  it('ignores stock at warehouses that are not eligible', () => {
    const d = allocate({
      lines: [{ lineNo: 1, sku: 'S1', qty: 1 }],
      warehouses: [{ code: 'W1', priority: 1, country: 'FR' }],
      offers: [{ warehouse: 'W9', location: 'W9/A', sku: 'S1', available: 5 }],
      destination: null,
      rules: rules({ allowBackorder: false }),
    });
    expect(d.status).toBe('unfulfillable');
    expect(d.unfulfilled).toEqual([{ lineNo: 1, sku: 'S1', qty: 1 }]);
    expect(d.explanation).toContain('Not eligible, so their stock was not considered: W9.');
  });

  it('allocates an order with no lines, trivially', () => {
    const d = allocate({ lines: [], warehouses: [], offers: [], destination: null, rules: rules() });
    expect(d).toMatchObject({
      status: 'allocated',
      picks: [],
      backordered: [],
      unfulfilled: [],
      warehouses: [],
    });
  });
});
