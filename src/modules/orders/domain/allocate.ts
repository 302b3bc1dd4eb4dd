/**
 * Order allocation and routing: which eligible warehouses and locations an order's lines are taken from,
 * and what waits for stock or cannot be served. This module only decides; the database layer applies the
 * decision with guarded reservations (`... WHERE on_hand - reserved >= $qty`), so a decision made on a
 * stale snapshot fails there instead of overselling.
 *
 * The decision is a function of the input's content, not of its array order: warehouses are ranked by a
 * total order, locations and lines are sorted, so the same order routes the same way on every node.
 */
import { MAX_QTY } from '../../../kernel/quantity.js';

/** One order line. Several lines may share a SKU; they then draw on the same stock. */
export interface DemandLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly qty: number;
}

/** Stock available to promise at one location for one SKU. Location codes are unique across warehouses. */
export interface StockOffer {
  readonly warehouse: string;
  readonly location: string;
  readonly sku: string;
  readonly available: number;
}

export interface WarehouseOption {
  readonly code: string;
  /** Lower is preferred. */
  readonly priority: number;
  readonly country: string;
  readonly region?: string | undefined;
}

export interface Destination {
  readonly country: string;
  readonly region?: string | undefined;
}

export interface AllocationRules {
  /** May ship from several warehouses. */
  readonly allowSplit: boolean;
  /** May allocate part of the order now. */
  readonly allowPartial: boolean;
  /** What cannot be allocated waits for stock; otherwise it is reported as unfulfilled. */
  readonly allowBackorder: boolean;
  /** Rank warehouses by closeness to the destination before priority. */
  readonly preferNearest: boolean;
}

export interface AllocationInput {
  readonly lines: readonly DemandLine[];
  /** The eligible warehouses only; offers at any other warehouse are ignored. */
  readonly warehouses: readonly WarehouseOption[];
  readonly offers: readonly StockOffer[];
  readonly destination: Destination | null;
  readonly rules: AllocationRules;
}

export interface Pick {
  lineNo: number;
  sku: string;
  warehouse: string;
  location: string;
  qty: number;
}

export interface LineShortfall {
  lineNo: number;
  sku: string;
  qty: number;
}

export type AllocationStatus = 'allocated' | 'partially_allocated' | 'backordered' | 'unfulfillable';

export interface AllocationDecision {
  status: AllocationStatus;
  /** By line number, then in the order stock is taken (warehouse rank, then location order). */
  picks: Pick[];
  /** By line number; only lines with something waiting. */
  backordered: LineShortfall[];
  /** By line number; the shortfall when backorders are not allowed. */
  unfulfilled: LineShortfall[];
  /** Warehouses that ship something, in ranking order. */
  warehouses: string[];
  /** Sentences for people: which warehouses were chosen, why, and what the others lacked. */
  explanation: string[];
}

/**
 * Up to this many candidate warehouses the fewest-shipments set is found by exact search (2^n subsets,
 * 1,023 at 10); beyond it a greedy cover keeps the decision fast at the cost of the guarantee.
 */
export const EXACT_SEARCH_MAX_WAREHOUSES = 10;

/** Closeness to the destination: 0 same country and region, 1 same country, 2 elsewhere. */
type Nearness = 0 | 1 | 2;

interface Ranked {
  readonly option: WarehouseOption;
  readonly rank: number;
  /** Always 0 when ranking ignores the destination, so only priority and code decide. */
  readonly nearness: Nearness;
  /** Units on hand per demanded SKU (absent = none). */
  readonly supply: ReadonlyMap<string, number>;
  /** Locations per SKU in taking order: most available first, so an order touches as few bins as it can. */
  readonly locations: ReadonlyMap<string, readonly { location: string; available: number }[]>;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function nearnessOf(w: WarehouseOption, destination: Destination | null, preferNearest: boolean): Nearness {
  if (!preferNearest || destination === null) return 0;
  if (w.country !== destination.country) return 2;
  return destination.region !== undefined && w.region === destination.region ? 0 : 1;
}

function compareRanking(
  a: WarehouseOption,
  b: WarehouseOption,
  destination: Destination | null,
  preferNearest: boolean,
): number {
  return (
    nearnessOf(a, destination, preferNearest) - nearnessOf(b, destination, preferNearest) ||
    a.priority - b.priority ||
    compareText(a.code, b.code)
  );
}

/**
 * The ranking used by `allocate`: with `preferNearest` and a destination, same country and region first,
 * then same country, then the rest; then priority (lower first); then code, which makes it a total order.
 */
export function rankWarehouses(
  warehouses: readonly WarehouseOption[],
  destination: Destination | null,
  preferNearest: boolean,
): WarehouseOption[] {
  return [...warehouses].sort((a, b) => compareRanking(a, b, destination, preferNearest));
}

/**
 * Decides where each line is taken from. An order that one warehouse can supply in full ships from the
 * best-ranked such warehouse; otherwise, if splitting is allowed, from the fewest warehouses that cover
 * as much as possible; otherwise from the single warehouse that covers the most. What is left is
 * backordered or unfulfilled according to the rules, and without `allowPartial` nothing is picked unless
 * everything is. Throws a plain Error on malformed numbers or duplicate keys: those are programming
 * errors of the caller, not something to show a user.
 */
export function allocate(input: AllocationInput): AllocationDecision {
  validate(input);
  const { rules, destination } = input;
  const lines = [...input.lines].sort((a, b) => a.lineNo - b.lineNo);

  // Demand is summed per SKU because lines sharing a SKU draw on the same stock; SKUs keep the order of
  // their first line so explanations read like the order.
  const demand = new Map<string, number>();
  for (const line of lines) {
    if (line.qty > 0) demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.qty);
  }
  const totalDemand = sumValues(demand);

  if (totalDemand === 0) {
    return {
      status: 'allocated',
      picks: [],
      backordered: [],
      unfulfilled: [],
      warehouses: [],
      explanation: ['Nothing to allocate: the order asks for no units.'],
    };
  }

  const ranked = buildRanking(input, demand);
  const coverage = (set: readonly Ranked[]): number => coverageOf(set, demand);
  const explanation: string[] = [];
  const lineWord = lines.length === 1 ? 'the 1 line' : `all ${lines.length} lines`;

  let chosen: Ranked[];
  const complete = ranked.filter((w) => coverage([w]) === totalDemand);
  const best = complete[0];
  if (best !== undefined) {
    chosen = [best];
    const others = ranked.filter((w) => w !== best).map((w) => describeOther(w, best, demand, complete));
    const head =
      complete.length === 1
        ? `${best.option.code}: the only warehouse with ${lineWord}`
        : `${best.option.code}: has ${lineWord} and ranks first among the ${complete.length} that do (${whyBefore(best, complete[1]!, destination)})`;
    explanation.push(joinClauses([head, ...others]));
  } else if (rules.allowSplit) {
    const candidates = ranked.filter((w) => coverage([w]) > 0);
    const search =
      candidates.length <= EXACT_SEARCH_MAX_WAREHOUSES
        ? exactCover(candidates, coverage)
        : greedyCover(candidates, demand, coverage);
    chosen = search.set;
    explanation.push(
      explainSplit(search, candidates.length, ranked, demand, totalDemand, lineWord, destination),
    );
  } else {
    // Ranked order plus a strict comparison keeps the best-ranked among equally good warehouses.
    let top: Ranked | undefined;
    let runnerUp: Ranked | undefined;
    for (const w of ranked) {
      if (coverage([w]) === 0) continue;
      if (top === undefined || coverage([w]) > coverage([top])) {
        runnerUp = top;
        top = w;
      } else if (runnerUp === undefined || coverage([w]) > coverage([runnerUp])) {
        runnerUp = w;
      }
    }
    chosen = top === undefined ? [] : [top];
    explanation.push(explainSingle(top, runnerUp, ranked, demand, totalDemand, lineWord, destination));
  }

  const ineligible = ignoredWarehouses(input, demand);
  if (ineligible.length > 0) {
    explanation.push(`Not eligible, so their stock was not considered: ${ineligible.join(', ')}.`);
  }

  const taken = takeStock(lines, chosen);
  return settle(lines, taken, chosen, rules, totalDemand, explanation);
}

function buildRanking(input: AllocationInput, demand: ReadonlyMap<string, number>): Ranked[] {
  const { destination, rules } = input;
  const offersByWarehouse = new Map<string, StockOffer[]>();
  for (const offer of input.offers) {
    if (offer.available === 0 || !demand.has(offer.sku)) continue;
    const list = offersByWarehouse.get(offer.warehouse) ?? [];
    list.push(offer);
    offersByWarehouse.set(offer.warehouse, list);
  }
  return rankWarehouses(input.warehouses, destination, rules.preferNearest).map((option, rank) => {
    const supply = new Map<string, number>();
    const locations = new Map<string, { location: string; available: number }[]>();
    for (const offer of offersByWarehouse.get(option.code) ?? []) {
      supply.set(offer.sku, (supply.get(offer.sku) ?? 0) + offer.available);
      const list = locations.get(offer.sku) ?? [];
      list.push({ location: offer.location, available: offer.available });
      locations.set(offer.sku, list);
    }
    for (const list of locations.values()) {
      list.sort((a, b) => b.available - a.available || compareText(a.location, b.location));
    }
    return {
      option,
      rank,
      nearness: nearnessOf(option, destination, rules.preferNearest),
      supply,
      locations,
    };
  });
}

/** Units of the order a set of warehouses can supply: per SKU, the smaller of demand and pooled stock. */
function coverageOf(set: readonly Ranked[], demand: ReadonlyMap<string, number>): number {
  let covered = 0;
  for (const [sku, needed] of demand) {
    let has = 0;
    for (const w of set) has += w.supply.get(sku) ?? 0;
    covered += Math.min(needed, has);
  }
  return covered;
}

interface CoverSearch {
  readonly set: Ranked[];
  readonly covered: number;
  readonly exact: boolean;
  /** Another set of the same size and coverage that lost on rank, to say why. */
  readonly rival: Ranked[] | undefined;
}

/**
 * The smallest set of candidates reaching the best coverage any set can (that of all candidates together).
 * Sizes grow from 1 and combinations come in lexicographic order of rank, so the first hit is also the
 * best-ranked among equally small sets.
 */
function exactCover(
  candidates: readonly Ranked[],
  coverage: (set: readonly Ranked[]) => number,
): CoverSearch {
  const target = coverage(candidates);
  if (target === 0) return { set: [], covered: 0, exact: true, rival: undefined };
  for (let size = 1; size <= candidates.length; size++) {
    const hits: Ranked[][] = [];
    for (const combo of combinations(candidates, size)) {
      if (coverage(combo) === target) hits.push(combo);
      if (hits.length === 2) break;
    }
    if (hits[0] !== undefined) return { set: hits[0], covered: target, exact: true, rival: hits[1] };
  }
  // Unreachable: the full candidate set reaches the target at the last size.
  return { set: [...candidates], covered: target, exact: true, rival: undefined };
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

/**
 * Greedy set cover: repeatedly add the warehouse covering the most remaining units (the better-ranked on
 * ties), then drop, worst-ranked first, any warehouse the others make redundant, which greedy's early big
 * picks often are.
 */
function greedyCover(
  candidates: readonly Ranked[],
  demand: ReadonlyMap<string, number>,
  coverage: (set: readonly Ranked[]) => number,
): CoverSearch {
  const remaining = new Map(demand);
  const set: Ranked[] = [];
  for (;;) {
    let bestGain = 0;
    let bestPick: Ranked | undefined;
    for (const w of candidates) {
      if (set.includes(w)) continue;
      let gain = 0;
      for (const [sku, left] of remaining) gain += Math.min(left, w.supply.get(sku) ?? 0);
      if (gain > bestGain) {
        bestGain = gain;
        bestPick = w;
      }
    }
    if (bestPick === undefined) break;
    set.push(bestPick);
    for (const [sku, left] of remaining) {
      remaining.set(sku, left - Math.min(left, bestPick.supply.get(sku) ?? 0));
    }
  }
  set.sort((a, b) => a.rank - b.rank);
  const covered = coverage(set);
  for (let i = set.length - 1; i >= 0; i--) {
    const without = set.filter((_, j) => j !== i);
    if (coverage(without) === covered) set.splice(i, 1);
  }
  return { set, covered, exact: false, rival: undefined };
}

interface Taken {
  readonly picks: Pick[];
  readonly pickedByLine: ReadonlyMap<number, number>;
}

/**
 * Takes stock for each line in line order from the chosen warehouses in rank order, locations in taking
 * order. One cursor per SKU walks that sequence, so lines sharing a SKU consume the same pool and no
 * location gives more than it has in total.
 */
function takeStock(lines: readonly DemandLine[], chosen: readonly Ranked[]): Taken {
  const pools = new Map<string, { warehouse: string; location: string; left: number }[]>();
  const poolOf = (sku: string) => {
    let pool = pools.get(sku);
    if (pool === undefined) {
      pool = chosen.flatMap((w) =>
        (w.locations.get(sku) ?? []).map((l) => ({
          warehouse: w.option.code,
          location: l.location,
          left: l.available,
        })),
      );
      pools.set(sku, pool);
    }
    return pool;
  };
  const picks: Pick[] = [];
  const pickedByLine = new Map<number, number>();
  for (const line of lines) {
    let needed = line.qty;
    for (const slot of needed > 0 ? poolOf(line.sku) : []) {
      if (needed === 0) break;
      const qty = Math.min(needed, slot.left);
      if (qty === 0) continue;
      slot.left -= qty;
      needed -= qty;
      picks.push({
        lineNo: line.lineNo,
        sku: line.sku,
        warehouse: slot.warehouse,
        location: slot.location,
        qty,
      });
    }
    pickedByLine.set(line.lineNo, line.qty - needed);
  }
  return { picks, pickedByLine };
}

/** Applies the partial and backorder rules to what could be taken and states the outcome. */
function settle(
  lines: readonly DemandLine[],
  taken: Taken,
  chosen: readonly Ranked[],
  rules: AllocationRules,
  totalDemand: number,
  explanation: string[],
): AllocationDecision {
  const pickedUnits = taken.picks.reduce((sum, p) => sum + p.qty, 0);
  const shortOf = (line: DemandLine) => line.qty - (taken.pickedByLine.get(line.lineNo) ?? 0);
  const usedIn = (picks: readonly Pick[]) =>
    chosen.map((w) => w.option.code).filter((code) => picks.some((p) => p.warehouse === code));

  if (pickedUnits === totalDemand) {
    explanation.push(`All ${totalDemand} units allocated.`);
    return {
      status: 'allocated',
      picks: taken.picks,
      backordered: [],
      unfulfilled: [],
      warehouses: usedIn(taken.picks),
      explanation,
    };
  }

  const keepPicks = rules.allowPartial;
  const picks = keepPicks ? taken.picks : [];
  const shortfall: LineShortfall[] = lines
    .map((line) => ({ lineNo: line.lineNo, sku: line.sku, qty: keepPicks ? shortOf(line) : line.qty }))
    .filter((s) => s.qty > 0);
  const listed = shortfall.map((s) => `${s.sku} ×${s.qty} (line ${s.lineNo})`).join(', ');
  const fate = rules.allowBackorder
    ? `backordered: ${listed}`
    : `unfulfilled, as backorders are not allowed: ${listed}`;

  if (pickedUnits === 0) {
    explanation.push(`No units can be allocated; the whole order is ${fate}.`);
  } else if (!keepPicks) {
    explanation.push(
      `Only ${pickedUnits} of ${totalDemand} units can be allocated and partial allocation is not allowed, so nothing is allocated; the whole order is ${fate}.`,
    );
  } else {
    explanation.push(`${pickedUnits} of ${totalDemand} units allocated; the rest is ${fate}.`);
  }

  const status: AllocationStatus =
    picks.length > 0 ? 'partially_allocated' : rules.allowBackorder ? 'backordered' : 'unfulfillable';
  return {
    status,
    picks,
    backordered: rules.allowBackorder ? shortfall : [],
    unfulfilled: rules.allowBackorder ? [] : shortfall,
    warehouses: usedIn(picks),
    explanation,
  };
}

// ---- Explanations ----

const NEARNESS_WORDS: Record<Nearness, string> = {
  0: 'in the destination region',
  1: 'in the destination country',
  2: 'outside the destination country',
};

/** Why `a` ranks before `b`, in the terms of the ranking rule that separated them. */
function whyBefore(a: Ranked, b: Ranked, destination: Destination | null): string {
  if (a.nearness !== b.nearness && destination !== null) {
    return `nearest: ${a.option.code} is ${NEARNESS_WORDS[a.nearness]}, ${b.option.code} ${NEARNESS_WORDS[b.nearness]}`;
  }
  if (a.option.priority !== b.option.priority) {
    return `priority ${a.option.priority} before ${b.option.code}'s ${b.option.priority}`;
  }
  return `same priority as ${b.option.code}, first by code`;
}

function lacks(w: Ranked, demand: ReadonlyMap<string, number>): string {
  const missing: string[] = [];
  for (const [sku, needed] of demand) {
    const has = w.supply.get(sku) ?? 0;
    if (has < needed) missing.push(`${sku} (needs ${needed}, has ${has})`);
  }
  return missing.length === 0
    ? `${w.option.code} lacks nothing`
    : `${w.option.code} lacks ${listJoin(missing)}`;
}

function describeOther(
  w: Ranked,
  best: Ranked,
  demand: ReadonlyMap<string, number>,
  complete: readonly Ranked[],
): string {
  if (!complete.includes(w)) return lacks(w, demand);
  if (w.nearness !== best.nearness) return `${w.option.code} also has everything but is farther`;
  if (w.option.priority !== best.option.priority) {
    return `${w.option.code} also has everything but has priority ${w.option.priority}`;
  }
  return `${w.option.code} also has everything but comes later by code`;
}

function explainSplit(
  search: CoverSearch,
  candidateCount: number,
  ranked: readonly Ranked[],
  demand: ReadonlyMap<string, number>,
  totalDemand: number,
  lineWord: string,
  destination: Destination | null,
): string {
  const codes = search.set.map((w) => w.option.code);
  const others = ranked.filter((w) => !search.set.includes(w)).map((w) => lacks(w, demand));
  if (codes.length === 0) {
    return joinClauses([`No eligible warehouse holds any of the demanded SKUs`, ...others]);
  }
  const amount =
    search.covered === totalDemand
      ? `all ${totalDemand} units`
      : `${search.covered} of ${totalDemand} units, the most any combination covers`;
  const head =
    codes.length === 1
      ? `${codes[0]}: no single warehouse has ${lineWord}, and splitting adds nothing: ${codes[0]} alone covers ${amount}`
      : `Split over ${codes.length} warehouses (${codes.join(', ')}): no single warehouse has ${lineWord}; ${codes.length} is the fewest shipments that cover ${amount}`;
  const clauses = [head];
  if (search.rival !== undefined) {
    const i = search.set.findIndex((w, j) => w !== search.rival![j]);
    const mine = search.set[i];
    const theirs = search.rival[i];
    if (mine !== undefined && theirs !== undefined) {
      clauses.push(
        `preferred to ${search.rival.map((w) => w.option.code).join(', ')} (${whyBefore(mine, theirs, destination)})`,
      );
    }
  }
  if (!search.exact) {
    clauses.push(
      `found by greedy search over ${candidateCount} candidate warehouses (more than ${EXACT_SEARCH_MAX_WAREHOUSES}), so fewer may exist`,
    );
  }
  return joinClauses([...clauses, ...others]);
}

function explainSingle(
  top: Ranked | undefined,
  runnerUp: Ranked | undefined,
  ranked: readonly Ranked[],
  demand: ReadonlyMap<string, number>,
  totalDemand: number,
  lineWord: string,
  destination: Destination | null,
): string {
  const others = ranked.filter((w) => w !== top).map((w) => lacks(w, demand));
  if (top === undefined) {
    const head =
      ranked.length === 0
        ? 'No eligible warehouse to allocate from'
        : 'No eligible warehouse holds any of the demanded SKUs';
    return joinClauses([head, ...others]);
  }
  const covered = coverageOf([top], demand);
  let head = `${top.option.code}: splitting is not allowed and no single warehouse has ${lineWord}; ${top.option.code} covers the most (${covered} of ${totalDemand} units)`;
  if (runnerUp !== undefined && coverageOf([runnerUp], demand) === covered) {
    head += `, as does ${runnerUp.option.code} (${whyBefore(top, runnerUp, destination)})`;
  }
  return joinClauses([head, ...others]);
}

/** Ineligible warehouses that hold demanded stock, named so nobody wonders why they were passed over. */
function ignoredWarehouses(input: AllocationInput, demand: ReadonlyMap<string, number>): string[] {
  const eligible = new Set(input.warehouses.map((w) => w.code));
  const ignored = new Set<string>();
  for (const offer of input.offers) {
    if (!eligible.has(offer.warehouse) && offer.available > 0 && demand.has(offer.sku)) {
      ignored.add(offer.warehouse);
    }
  }
  return [...ignored].sort(compareText);
}

function joinClauses(clauses: readonly string[]): string {
  return clauses.join('; ');
}

function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function sumValues(map: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const v of map.values()) sum += v;
  return sum;
}

// ---- Validation ----

function fail(message: string): never {
  throw new Error(`allocate: ${message}`);
}

function checkWhole(value: unknown, field: string, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    fail(`${field} must be a whole number between 0 and ${max}; got ${String(value)}.`);
  }
}

function checkText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0) fail(`${field} must be a non-empty string.`);
}

/**
 * Malformed input is a bug in the caller (the command builds it from database rows), so it throws rather
 * than returning a DomainError: a wrong number here would otherwise become a wrong reservation.
 */
function validate(input: AllocationInput): void {
  const lineNos = new Set<number>();
  input.lines.forEach((line, i) => {
    checkWhole(line.lineNo, `lines[${i}].lineNo`, Number.MAX_SAFE_INTEGER);
    checkText(line.sku, `lines[${i}].sku`);
    checkWhole(line.qty, `lines[${i}].qty`, MAX_QTY);
    if (lineNos.has(line.lineNo)) fail(`line number ${line.lineNo} appears twice.`);
    lineNos.add(line.lineNo);
  });

  const codes = new Set<string>();
  input.warehouses.forEach((w, i) => {
    checkText(w.code, `warehouses[${i}].code`);
    checkWhole(w.priority, `warehouses[${i}].priority`, Number.MAX_SAFE_INTEGER);
    checkText(w.country, `warehouses[${i}].country`);
    if (w.region !== undefined) checkText(w.region, `warehouses[${i}].region`);
    if (codes.has(w.code)) fail(`warehouse ${w.code} is listed twice.`);
    codes.add(w.code);
  });

  if (input.destination !== null) {
    checkText(input.destination.country, 'destination.country');
    if (input.destination.region !== undefined) checkText(input.destination.region, 'destination.region');
  }
  for (const rule of ['allowSplit', 'allowPartial', 'allowBackorder', 'preferNearest'] as const) {
    if (typeof input.rules[rule] !== 'boolean') fail(`rules.${rule} must be a boolean.`);
  }

  const ownerOf = new Map<string, string>();
  const offerKeys = new Set<string>();
  input.offers.forEach((offer, i) => {
    checkText(offer.warehouse, `offers[${i}].warehouse`);
    checkText(offer.location, `offers[${i}].location`);
    checkText(offer.sku, `offers[${i}].sku`);
    checkWhole(offer.available, `offers[${i}].available`, MAX_QTY);
    const owner = ownerOf.get(offer.location);
    if (owner !== undefined && owner !== offer.warehouse) {
      fail(`location ${offer.location} is offered under both ${owner} and ${offer.warehouse}.`);
    }
    ownerOf.set(offer.location, offer.warehouse);
    // Availability is one number per (location, SKU); two offers for the same key mean the caller read
    // the same balance twice, and taking both would promise stock that is not there.
    const key = `${offer.location}\u0000${offer.sku}`;
    if (offerKeys.has(key)) fail(`${offer.sku} at ${offer.location} is offered twice.`);
    offerKeys.add(key);
  });
}
