/**
 * The exact shortest pick tour in a single-block warehouse, in polynomial time: Ratliff & Rosenthal (1983),
 * "Order-picking in a rectangular warehouse: a solvable case of the traveling salesman problem". For the
 * benchmark, to measure the planner against the optimum where Held-Karp cannot follow (25–200 stops).
 *
 * The distance model is exactly `pickDistance` of pick-path.ts, read as shortest paths in a graph:
 * - every aisle is a vertical line at its x from the front cross aisle (y = frontY) to the back one
 *   (y = backY), its bins on the centreline; the cross aisles are horizontal lines joining the aisles' ends;
 * - the depot, a point on the open floor, is a vertex joined to the front cross aisle at (depot.x, frontY)
 *   by an edge of |depot.y − frontY| and to the back one at (depot.x, backY) by an edge of |depot.y − backY|.
 *   That is one more "aisle" at x = depot.x whose only required vertex is the depot, at depth
 *   |depot.y − frontY| on a line of |depot.y − frontY| + |depot.y − backY| (the generator's depot 100 cm in
 *   front of the block: depth 100, length aisle + 200). pickDistance from the depot to a bin is the shorter
 *   of those two edges plus the walk along the cross aisle and up the bin's aisle, which is the graph's
 *   shortest path; walking front → depot → back is never shorter than crossing by a real aisle's ends.
 * Shortest paths in that graph equal pickDistance for every pair the benchmark uses, so the shortest tour
 * over the stops is the cheapest even-degree connected multigraph over the graph's edges that reaches every
 * stop and the depot (walk it as an Euler tour).
 *
 * The dynamic programme goes over the aisles (those holding stops, and the depot's) from left to right.
 * After aisle j's vertical edges, a partial tour subgraph is summed up by the degree of the aisle's front end
 * a_j and back end b_j (zero, odd, even) and by how many components remain (all touching a_j or b_j); the
 * degrees have equal parity, which leaves Ratliff & Rosenthal's 7 classes: (0,0,0C) nothing yet,
 * (0,0,1C) a finished tour, (U,U,1C), (E,0,1C), (0,E,1C), (E,E,1C), (E,E,2C). Between aisles each cross
 * aisle is walked 0, 1 or 2 times, and within an aisle the vertical edges are one of: nothing (only in an
 * aisle without stops), one traversal, two traversals, up from the front to the deepest stop and back, down
 * from the back to the shallowest stop and back, or both ends in to the largest gap. O(aisles) after sorting.
 */
import type { PickLayout, PickStop } from '../../src/modules/fulfillment/domain/pick-path.js';

/** Degree class of an aisle end in the partial tour: none, odd, even and positive. */
const ZERO = 0;
const ODD = 1;
const EVEN = 2;
type Degree = typeof ZERO | typeof ODD | typeof EVEN;

/** State index: front degree × 9 + back degree × 3 + components (0–2); CLOSED is a finished tour. */
const CLOSED = 27;
const STATES = 28;
const key = (front: Degree, back: Degree, components: number) => front * 9 + back * 3 + components;

/** The degree class after adding `k` (1 or 2) edge ends. */
function plus(d: Degree, k: 1 | 2): Degree {
  if (k === 2) return d === ZERO ? EVEN : d;
  return d === ODD ? EVEN : ODD;
}

interface DpAisle {
  readonly x: number;
  /** Front to back along this aisle's line. */
  readonly length: number;
  /** Depths of its required points from the front end, ascending. */
  readonly depths: number[];
}

/** The six vertical configurations, priced for one aisle (Infinity where the aisle rules one out). */
interface Vertical {
  none: number;
  once: number;
  twice: number;
  /** From the front to the deepest point and back: front end +2. */
  top: number;
  /** From the back to the shallowest point and back: back end +2. */
  bottom: number;
  /** From both ends to the largest gap and back: both ends +2, not joined. */
  gap: number;
}

function verticalCosts(aisle: DpAisle): Vertical {
  const { length, depths } = aisle;
  const n = depths.length;
  if (n === 0)
    return {
      none: 0,
      once: length,
      twice: 2 * length,
      top: Number.POSITIVE_INFINITY,
      bottom: Number.POSITIVE_INFINITY,
      gap: Number.POSITIVE_INFINITY,
    };
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < n; i++) gap = Math.min(gap, 2 * depths[i]! + 2 * (length - depths[i + 1]!));
  return {
    none: Number.POSITIVE_INFINITY,
    once: length,
    twice: 2 * length,
    top: 2 * depths[n - 1]!,
    bottom: 2 * (length - depths[0]!),
    gap,
  };
}

function relax(into: Float64Array, state: number, cost: number) {
  if (cost < into[state]!) into[state] = cost;
}

/** Cross-aisle multiplicities an end of this degree may take on leaving it: it must end even, or untouched. */
function leaving(d: Degree): readonly number[] {
  if (d === ZERO) return [0];
  if (d === ODD) return [1];
  return [0, 2];
}

const degreeOf = (multiplicity: number): Degree =>
  multiplicity === 0 ? ZERO : multiplicity === 1 ? ODD : EVEN;

/** From the classes after one aisle to those on arriving at the next, `width` to the right. */
function crossAisles(from: Float64Array, width: number): Float64Array {
  const to = new Float64Array(STATES).fill(Number.POSITIVE_INFINITY);
  relax(to, CLOSED, from[CLOSED]!);
  relax(to, key(ZERO, ZERO, 0), from[key(ZERO, ZERO, 0)]!);
  for (const f of [ZERO, ODD, EVEN] as const)
    for (const b of [ZERO, ODD, EVEN] as const)
      for (let c = 1; c <= 2; c++) {
        const cost = from[key(f, b, c)]!;
        if (cost === Number.POSITIVE_INFINITY) continue;
        for (const fm of leaving(f))
          for (const bm of leaving(b)) {
            const step = cost + (fm + bm) * width;
            if (c === 2) {
              // Two components, one at each end: both must carry on to the right.
              if (fm > 0 && bm > 0) relax(to, key(degreeOf(fm), degreeOf(bm), 2), step);
            } else if (fm === 0 && bm === 0) relax(to, CLOSED, step);
            else relax(to, key(degreeOf(fm), degreeOf(bm), 1), step);
          }
      }
  return to;
}

/** Adds one aisle's vertical edges to every class. */
function alongAisle(from: Float64Array, v: Vertical): Float64Array {
  const to = new Float64Array(STATES).fill(Number.POSITIVE_INFINITY);
  relax(to, CLOSED, from[CLOSED]! + v.none);
  for (const f of [ZERO, ODD, EVEN] as const)
    for (const b of [ZERO, ODD, EVEN] as const)
      for (let c = 0; c <= 2; c++) {
        const cost = from[key(f, b, c)]!;
        if (cost === Number.POSITIVE_INFINITY) continue;
        relax(to, key(f, b, c), cost + v.none);
        // A traversal joins both ends, and so every component (each touches one end).
        relax(to, key(plus(f, 1), plus(b, 1), 1), cost + v.once);
        relax(to, key(plus(f, 2), plus(b, 2), 1), cost + v.twice);
        // A dead end from an untouched end starts a component of its own.
        relax(to, key(plus(f, 2), b, c + (f === ZERO ? 1 : 0)), cost + v.top);
        relax(to, key(f, plus(b, 2), c + (b === ZERO ? 1 : 0)), cost + v.bottom);
        relax(to, key(plus(f, 2), plus(b, 2), c + (f === ZERO ? 1 : 0) + (b === ZERO ? 1 : 0)), cost + v.gap);
      }
  return to;
}

/**
 * The exact minimum length of a tour from the depot through every stop and back, under pickDistance.
 * Stops must stand in aisles (a stop on the open floor throws), each aisle at one x, between the cross aisles.
 */
export function optimalRouteLength(layout: PickLayout, stops: readonly PickStop[]): number {
  if (stops.length === 0) return 0;
  const { frontY, backY, depot } = layout;
  const length = Math.abs(backY - frontY);
  const lo = Math.min(frontY, backY);
  const hi = Math.max(frontY, backY);
  const byName = new Map<string, { x: number; depths: number[] }>();
  for (const stop of stops) {
    if (stop.aisle === null) throw new Error(`optimalRouteLength: stop ${stop.id} is not in an aisle`);
    if (stop.y < lo || stop.y > hi)
      throw new Error(`optimalRouteLength: stop ${stop.id} lies outside the cross aisles (y = ${stop.y})`);
    const depth = Math.abs(stop.y - frontY);
    const aisle = byName.get(stop.aisle);
    if (!aisle) byName.set(stop.aisle, { x: stop.x, depths: [depth] });
    else if (aisle.x !== stop.x)
      throw new Error(`optimalRouteLength: aisle ${stop.aisle} stands at x = ${aisle.x} and x = ${stop.x}`);
    else aisle.depths.push(depth);
  }
  const aisles: DpAisle[] = [...byName.values()].map((a) => ({
    x: a.x,
    length,
    depths: a.depths.sort((p, q) => p - q),
  }));
  const toFront = Math.abs(depot.y - frontY);
  aisles.push({ x: depot.x, length: toFront + Math.abs(depot.y - backY), depths: [toFront] });
  aisles.sort((a, b) => a.x - b.x);

  let states: Float64Array = new Float64Array(STATES).fill(Number.POSITIVE_INFINITY);
  states[key(ZERO, ZERO, 0)] = 0;
  let x = aisles[0]!.x;
  for (const aisle of aisles) {
    states = alongAisle(crossAisles(states, aisle.x - x), verticalCosts(aisle));
    x = aisle.x;
  }
  // Done: a tour finished earlier, or one component whose ends are even (or untouched).
  let best = states[CLOSED]!;
  for (const f of [ZERO, EVEN] as const)
    for (const b of [ZERO, EVEN] as const)
      if (f !== ZERO || b !== ZERO) best = Math.min(best, states[key(f, b, 1)]!);
  return best;
}
