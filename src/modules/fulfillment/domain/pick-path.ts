/**
 * The order in which a picker walks a pick list through a warehouse. Pure and deterministic: the same set of
 * stops gives the same path whatever order they arrive in, because everything starts from the stops sorted
 * by (bin code, id) and every tie is broken by that order.
 *
 * The warehouse is one block of parallel aisles joined by a front and a back cross aisle (classic
 * Ratliff & Rosenthal). Routing in such a block is a travelling-salesman problem on a metric that is cheap to
 * evaluate, so the planner builds the routes warehouse staff already know (S-shape, largest gap), improves
 * them with 2-opt and or-opt, and never hands out anything longer than the naive walk in bin-code order.
 */

/** A position in integer centimetres; `aisle` null means the open floor (depot, pack bench, staging). */
export interface PickPoint {
  x: number;
  y: number;
  aisle: string | null;
}

/** One thing to pick; `code` is the bin code, the order a picker would follow without a plan. */
export interface PickStop extends PickPoint {
  id: string;
  code: string;
}

export interface PickLayout {
  depot: { x: number; y: number };
  frontY: number;
  backY: number;
}

export interface PickPath {
  order: PickStop[];
  length: number;
  /** The length of the naive walk (bin-code order), for comparison. */
  naiveLength: number;
  strategy: 'empty' | 's-shape' | 'largest-gap' | 'local-search' | 'naive';
}

/** Above this many distinct positions the exact solver's 2^n · n² work is no longer instant. */
const MAX_OPTIMAL_POSITIONS = 13;
/**
 * Local search stops after this many move evaluations, so that a 200-stop list plans in a few milliseconds
 * even when improvements keep trickling in; the count (not a clock) keeps the result deterministic.
 */
const LOCAL_SEARCH_BUDGET = 3_000_000;
/** Guards against endless loops on non-integer input, where rounding could fake an improvement. */
const EPSILON = 1e-7;

// Distances -------------------------------------------------------------------------------------------------

/** The shorter detour from y1 to y2 through the front or the back cross aisle. */
function viaCrossAisle(layout: PickLayout, y1: number, y2: number): number {
  const front = Math.abs(y1 - layout.frontY) + Math.abs(y2 - layout.frontY);
  const back = Math.abs(y1 - layout.backY) + Math.abs(y2 - layout.backY);
  return Math.min(front, back);
}

/**
 * Walking distance between two points. Racks block every direction but along the aisle, so leaving an
 * aisle means walking to one of its ends; from there the cross aisle or the open floor is free movement.
 */
export function pickDistance(layout: PickLayout, a: PickPoint, b: PickPoint): number {
  if (a.aisle !== null && b.aisle !== null && a.aisle === b.aisle) return Math.abs(a.y - b.y);
  if (a.aisle === null && b.aisle === null) return Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
  return Math.abs(a.x - b.x) + viaCrossAisle(layout, a.y, b.y);
}

function depotPoint(layout: PickLayout): PickPoint {
  return { x: layout.depot.x, y: layout.depot.y, aisle: null };
}

/**
 * From the start (the depot unless given: a picker re-planned mid-walk stands at a bin) through the stops
 * in the given order and back to the depot.
 */
export function routeLength(
  layout: PickLayout,
  order: readonly PickStop[],
  start: PickPoint = depotPoint(layout),
): number {
  let total = 0;
  let at = start;
  for (const stop of order) {
    total += pickDistance(layout, at, stop);
    at = stop;
  }
  return total + pickDistance(layout, at, depotPoint(layout));
}

// Ordering --------------------------------------------------------------------------------------------------

const CHUNKS = /\d+|\D+/g;

/** Compares digit runs by value so that "A-2" < "A-10"; falls back to code units so the order is total. */
function naturalCompare(a: string, b: string): number {
  const ca = a.match(CHUNKS) ?? [];
  const cb = b.match(CHUNKS) ?? [];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const xDigits = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yDigits = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xDigits && yDigits) {
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ca.length !== cb.length) return ca.length - cb.length;
  return a === b ? 0 : a < b ? -1 : 1;
}

function plainCompare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Bin code, then id; position last, so that even stops sharing code and id sort the same every time. */
function compareStops(a: PickStop, b: PickStop): number {
  return (
    naturalCompare(a.code, b.code) ||
    plainCompare(a.id, b.id) ||
    a.x - b.x ||
    a.y - b.y ||
    plainCompare(a.aisle ?? '', b.aisle ?? '') ||
    Number(a.aisle !== null) - Number(b.aisle !== null)
  );
}

/** The walk without a plan: bins in code order, "A-2" before "A-10", then by id. */
export function naiveOrder(stops: readonly PickStop[]): PickStop[] {
  return [...stops].sort(compareStops);
}

// Positions -------------------------------------------------------------------------------------------------

/**
 * Stops grouped by where they stand. Picking several stops from one bin costs nothing extra, and routing
 * distinct positions keeps the problem as small as it really is (and them consecutive in the result).
 * Index 0 is the depot, where every walk ends; 1..count are the stops' positions; a walk that starts
 * elsewhere has its start after them (a point without stops, never routed).
 */
interface Positions {
  readonly points: PickPoint[];
  readonly stopsAt: PickStop[][];
  /** Row-major distance matrix over the points. */
  readonly dist: Float64Array;
  readonly size: number;
  /** Positions holding stops: 1..count. */
  readonly count: number;
  /** Where the walk starts: 0 (the depot) or count + 1. */
  readonly origin: number;
}

function positionsOf(layout: PickLayout, stops: readonly PickStop[], start?: PickPoint): Positions {
  const points: PickPoint[] = [depotPoint(layout)];
  const stopsAt: PickStop[][] = [[]];
  const index = new Map<string, number>();
  for (const stop of naiveOrder(stops)) {
    const key = `${stop.x},${stop.y},${stop.aisle === null ? '-' : `+${stop.aisle}`}`;
    const at = index.get(key);
    if (at !== undefined) stopsAt[at]!.push(stop);
    else {
      index.set(key, points.length);
      points.push({ x: stop.x, y: stop.y, aisle: stop.aisle });
      stopsAt.push([stop]);
    }
  }
  const count = points.length - 1;
  if (start !== undefined) {
    points.push({ x: start.x, y: start.y, aisle: start.aisle });
    stopsAt.push([]);
  }
  const size = points.length;
  const dist = new Float64Array(size * size);
  for (let i = 0; i < size; i++)
    for (let j = i + 1; j < size; j++) {
      const d = pickDistance(layout, points[i]!, points[j]!);
      dist[i * size + j] = d;
      dist[j * size + i] = d;
    }
  return { points, stopsAt, dist, size, count, origin: start === undefined ? 0 : count + 1 };
}

/** A tour as position indices without the depot, expanded back to stops. */
function stopsOf(positions: Positions, tour: ArrayLike<number>): PickStop[] {
  const order: PickStop[] = [];
  for (let i = 0; i < tour.length; i++) order.push(...positions.stopsAt[tour[i]!]!);
  return order;
}

function tourLength(positions: Positions, tour: ArrayLike<number>): number {
  const { dist, size } = positions;
  let total = 0;
  let at = positions.origin;
  for (let i = 0; i < tour.length; i++) {
    total += dist[at * size + tour[i]!]!;
    at = tour[i]!;
  }
  return total + dist[at * size]!;
}

// Constructions ---------------------------------------------------------------------------------------------

interface Aisle {
  readonly name: string;
  readonly x: number;
  /** Its positions from the front cross aisle to the back one. */
  readonly positions: number[];
}

/** Distance of a point from the front cross aisle, measured towards the back (front and back may be either y). */
function depthOf(layout: PickLayout, y: number): number {
  return layout.backY >= layout.frontY ? y - layout.frontY : layout.frontY - y;
}

function aislesOf(layout: PickLayout, positions: Positions): { aisles: Aisle[]; floor: number[] } {
  const byName = new Map<string, number[]>();
  const floor: number[] = [];
  for (let i = 1; i <= positions.count; i++) {
    const p = positions.points[i]!;
    if (p.aisle === null) floor.push(i);
    else {
      const list = byName.get(p.aisle);
      if (list) list.push(i);
      else byName.set(p.aisle, [i]);
    }
  }
  const aisles: Aisle[] = [...byName.entries()].map(([name, list]) => {
    const sorted = [...list].sort(
      (a, b) => depthOf(layout, positions.points[a]!.y) - depthOf(layout, positions.points[b]!.y) || a - b,
    );
    return { name, x: Math.min(...list.map((i) => positions.points[i]!.x)), positions: sorted };
  });
  aisles.sort((a, b) => a.x - b.x || plainCompare(a.name, b.name));
  return { aisles, floor };
}

/** Floor positions (no aisle) go where they lengthen the tour least: aisle heuristics say nothing of them. */
function insertCheapest(positions: Positions, tour: number[], extra: readonly number[]): number[] {
  const { dist, size } = positions;
  const result = [...tour];
  for (const p of extra) {
    let bestAt = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let k = 0; k <= result.length; k++) {
      const prev = k === 0 ? positions.origin : result[k - 1]!;
      const next = k === result.length ? 0 : result[k]!;
      const cost = dist[prev * size + p]! + dist[p * size + next]! - dist[prev * size + next]!;
      if (cost < bestCost - EPSILON) {
        bestCost = cost;
        bestAt = k;
      }
    }
    result.splice(bestAt, 0, p);
  }
  return result;
}

/**
 * S-shape (traversal): every aisle with a pick is walked end to end, alternating direction, which is what
 * pickers do by habit. Good when aisles are dense with picks; wasteful when an aisle holds one bin at the front.
 */
function sShape(aisles: readonly Aisle[]): number[] {
  const tour: number[] = [];
  aisles.forEach((aisle, k) => {
    tour.push(...(k % 2 === 0 ? aisle.positions : [...aisle.positions].reverse()));
  });
  return tour;
}

/**
 * Largest gap: the first and last aisles are traversed; every aisle between is entered from the back on the
 * way out and from the front on the way back, each time up to its largest gap between picks, so that the
 * longest empty stretch of each aisle is never walked. Better than S-shape on sparse lists.
 */
function largestGap(layout: PickLayout, positions: Positions, aisles: readonly Aisle[]): number[] {
  const first = aisles[0];
  const last = aisles[aisles.length - 1];
  if (!first || !last) return [];
  if (first === last) return [...first.positions];
  const length = Math.abs(layout.backY - layout.frontY);
  const middle = aisles.slice(1, -1);
  const split = middle.map((aisle) => {
    const depths = aisle.positions.map((i) =>
      Math.min(length, Math.max(0, depthOf(layout, positions.points[i]!.y))),
    );
    // Gap s lies between pick s-1 and pick s (pick -1 = front, pick n = back); the front part is picks < s.
    let bestGap = -1;
    let bestSplit = 0;
    for (let s = 0; s <= depths.length; s++) {
      const gap = (s === depths.length ? length : depths[s]!) - (s === 0 ? 0 : depths[s - 1]!);
      if (gap > bestGap) {
        bestGap = gap;
        bestSplit = s;
      }
    }
    return bestSplit;
  });
  const tour: number[] = [...first.positions];
  middle.forEach((aisle, k) => {
    tour.push(...aisle.positions.slice(split[k]!).reverse());
  });
  tour.push(...[...last.positions].reverse());
  for (let k = middle.length - 1; k >= 0; k--) tour.push(...middle[k]!.positions.slice(0, split[k]!));
  return tour;
}

// Local search ----------------------------------------------------------------------------------------------

/**
 * 2-opt (reverse a stretch) and or-opt (move a run of 1-3 stops elsewhere, either way round) until neither
 * finds a shorter tour or the budget runs out. The block's metric is symmetric, so each move is priced from
 * the edges it changes alone. Returns the improved tour and the evaluations it spent.
 */
function improve(
  positions: Positions,
  start: readonly number[],
  budget: number,
): { tour: number[]; spent: number } {
  const { dist, size } = positions;
  const m = start.length;
  // t[0] is where the walk starts and t[m + 1] the depot: both stay put. The metric is symmetric, so every
  // move below is priced by the edges it changes whether the two ends are one point or not.
  let t = [positions.origin, ...start, 0];
  let spent = 0;
  const d = (a: number, b: number) => dist[a * size + b]!;
  let improved = true;
  while (improved && spent < budget) {
    improved = false;
    for (let i = 0; i < m - 1 && spent < budget; i++) {
      const a = t[i]!;
      const b = t[i + 1]!;
      const ab = d(a, b);
      for (let j = i + 2; j <= m; j++) {
        const c = t[j]!;
        const e = t[j + 1]!;
        const delta = d(a, c) + d(b, e) - ab - d(c, e);
        if (delta < -EPSILON) {
          for (let lo = i + 1, hi = j; lo < hi; lo++, hi--) {
            const tmp = t[lo]!;
            t[lo] = t[hi]!;
            t[hi] = tmp;
          }
          improved = true;
          spent += j - i;
          break;
        }
      }
      spent += m - i;
    }
    for (let len = 1; len <= 3 && len < m; len++) {
      for (let i = 1; i + len - 1 <= m && spent < budget; i++) {
        const s0 = t[i]!;
        const s1 = t[i + len - 1]!;
        const prev = t[i - 1]!;
        const next = t[i + len]!;
        const gain = d(prev, s0) + d(s1, next) - d(prev, next);
        if (gain <= EPSILON) continue;
        let bestDelta = -EPSILON;
        let bestJ = -1;
        let bestReversed = false;
        for (let j = 0; j <= m; j++) {
          if (j >= i - 1 && j < i + len) continue;
          const p = t[j]!;
          const q = t[j + 1]!;
          const pq = d(p, q);
          const forward = d(p, s0) + d(s1, q) - pq - gain;
          const backward = d(p, s1) + d(s0, q) - pq - gain;
          if (forward < bestDelta) {
            bestDelta = forward;
            bestJ = j;
            bestReversed = false;
          }
          if (backward < bestDelta) {
            bestDelta = backward;
            bestJ = j;
            bestReversed = true;
          }
        }
        spent += m;
        if (bestJ < 0) continue;
        const segment = t.slice(i, i + len);
        if (bestReversed) segment.reverse();
        const rest = [...t.slice(0, i), ...t.slice(i + len)];
        const at = bestJ < i ? bestJ + 1 : bestJ + 1 - len;
        t = [...rest.slice(0, at), ...segment, ...rest.slice(at)];
        improved = true;
      }
    }
  }
  return { tour: t.slice(1, m + 1), spent };
}

/** Kicks per plan: enough to leave most 2-opt/or-opt local optima, few enough to stay within milliseconds. */
const KICKS = 30;

/**
 * Iterated local search: a double bridge (cut the tour in four and swap the middle pieces) is the one move
 * 2-opt and or-opt cannot undo, so improving after it reaches other local optima; only better tours are
 * kept. Cut points come from a fixed-seed generator, so the result is still a function of the input.
 */
function perturbAndImprove(
  positions: Positions,
  start: number[],
  startLength: number,
  budget: number,
): { tour: number[]; length: number } {
  let tour = start;
  let length = startLength;
  const m = tour.length;
  if (m < 8) return { tour, length };
  let state = 0x9e3779b9;
  const next = (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state % n;
  };
  for (let kick = 0; kick < KICKS && budget > 0; kick++) {
    const cuts = [1 + next(m - 1), 1 + next(m - 1), 1 + next(m - 1)].sort((a, b) => a - b);
    const [p, q, r] = cuts as [number, number, number];
    if (p === q || q === r) continue;
    const kicked = [...tour.slice(0, p), ...tour.slice(q, r), ...tour.slice(p, q), ...tour.slice(r)];
    const { tour: better, spent } = improve(positions, kicked, budget);
    budget -= spent;
    const betterLength = tourLength(positions, better);
    if (betterLength < length - EPSILON) {
      tour = better;
      length = betterLength;
    }
  }
  return { tour, length };
}

// Planning --------------------------------------------------------------------------------------------------

/**
 * The path to walk: the shortest of S-shape, largest gap (each from the left and from the right), those
 * improved by local search, and the naive bin-code order. Never longer than the naive order; every stop
 * exactly once, stops sharing a bin one after another. The walk starts at the depot, or at `start` when a
 * picker already on the floor (at the bin just confirmed) has the rest of a list planned again; it always
 * ends at the depot.
 */
export function planPickPath(
  layout: PickLayout,
  stops: readonly PickStop[],
  start: PickPoint = depotPoint(layout),
): PickPath {
  const naive = naiveOrder(stops);
  const naiveLength = routeLength(layout, naive, start);
  // Nothing to pick: the walk is the way back to the depot (none from the depot itself).
  if (stops.length === 0) return { order: [], length: naiveLength, naiveLength, strategy: 'empty' };

  const atDepot = start.aisle === null && start.x === layout.depot.x && start.y === layout.depot.y;
  const positions = positionsOf(layout, stops, atDepot ? undefined : start);
  const { aisles, floor } = aislesOf(layout, positions);
  const mirrored = [...aisles].reverse();
  const candidates: { strategy: 's-shape' | 'largest-gap'; tour: number[]; length: number }[] = [
    { strategy: 's-shape' as const, tour: sShape(aisles) },
    { strategy: 's-shape' as const, tour: sShape(mirrored) },
    { strategy: 'largest-gap' as const, tour: largestGap(layout, positions, aisles) },
    { strategy: 'largest-gap' as const, tour: largestGap(layout, positions, mirrored) },
  ].map((c) => {
    const tour = insertCheapest(positions, c.tour, floor);
    return { ...c, tour, length: tourLength(positions, tour) };
  });
  // The naive order over positions: stops are already grouped in code order, so this is the naive walk
  // with repeated bins merged, a further start for the local search.
  const naiveTour = Array.from({ length: positions.count }, (_, k) => k + 1);

  // Stable sort: among equal lengths the earlier candidate (S-shape first) wins.
  const ranked = [...candidates].sort((a, b) => a.length - b.length);
  const bestConstruction = ranked[0]!;
  const starts = [...ranked.map((c) => c.tour), naiveTour];
  let budget = LOCAL_SEARCH_BUDGET;
  let bestTour = bestConstruction.tour;
  let bestLength = bestConstruction.length;
  let strategy: PickPath['strategy'] = bestConstruction.strategy;
  for (const start of starts) {
    if (budget <= 0) break;
    const { tour, spent } = improve(positions, start, budget);
    budget -= spent;
    const length = tourLength(positions, tour);
    if (length < bestLength - EPSILON) {
      bestTour = tour;
      bestLength = length;
      strategy = 'local-search';
    }
  }

  bestTour = perturbAndImprove(positions, bestTour, bestLength, budget).tour;
  if (tourLength(positions, bestTour) < bestLength - EPSILON) strategy = 'local-search';

  const order = stopsOf(positions, bestTour);
  const length = routeLength(layout, order, start);
  if (naiveLength < length) return { order: naive, length: naiveLength, naiveLength, strategy: 'naive' };
  return { order, length, naiveLength, strategy };
}

/**
 * The shortest path (from `start`, the depot by default, back to the depot), by Held-Karp dynamic
 * programming over distinct positions (stops sharing a bin are picked together, which the triangle
 * inequality says costs nothing). Exponential: for tests and benchmarks, and to measure the planner
 * against. Throws RangeError above 13 distinct positions.
 */
export function optimalPickPath(
  layout: PickLayout,
  stops: readonly PickStop[],
  start: PickPoint = depotPoint(layout),
): { order: PickStop[]; length: number } {
  const positions = positionsOf(layout, stops, start);
  const n = positions.count;
  if (n > MAX_OPTIMAL_POSITIONS)
    throw new RangeError(
      `optimalPickPath handles at most ${MAX_OPTIMAL_POSITIONS} distinct positions; got ${n}`,
    );
  if (n === 0) return { order: [], length: routeLength(layout, [], start) };
  const { dist, size } = positions;
  const full = (1 << n) - 1;
  // best[mask * n + j]: shortest walk from the depot through the positions in mask, ending at position j + 1.
  const best = new Float64Array((full + 1) * n).fill(Number.POSITIVE_INFINITY);
  const parent = new Int8Array((full + 1) * n).fill(-1);
  for (let j = 0; j < n; j++) best[(1 << j) * n + j] = dist[positions.origin * size + j + 1]!;
  for (let mask = 1; mask <= full; mask++) {
    for (let j = 0; j < n; j++) {
      if (!(mask & (1 << j))) continue;
      const here = best[mask * n + j]!;
      if (here === Number.POSITIVE_INFINITY) continue;
      for (let k = 0; k < n; k++) {
        if (mask & (1 << k)) continue;
        const next = mask | (1 << k);
        const cost = here + dist[(j + 1) * size + k + 1]!;
        if (cost < best[next * n + k]!) {
          best[next * n + k] = cost;
          parent[next * n + k] = j;
        }
      }
    }
  }
  let end = 0;
  let length = Number.POSITIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const total = best[full * n + j]! + dist[(j + 1) * size]!;
    if (total < length) {
      length = total;
      end = j;
    }
  }
  const tour: number[] = [];
  let mask = full;
  let j = end;
  while (j >= 0) {
    tour.push(j + 1);
    const prev = parent[mask * n + j]!;
    mask &= ~(1 << j);
    j = prev;
  }
  tour.reverse();
  const order = stopsOf(positions, tour);
  return { order, length: routeLength(layout, order, start) };
}
