/**
 * Generated warehouses and pick lists for the pick-path benchmark, reproducible from a seed.
 *
 * One block of parallel aisles 300 cm apart, bins every 100 cm on both sides of each aisle (a bin stands
 * on its aisle's centreline: the picker reaches left or right from the same spot). Bin codes are
 * `A<aisle>-<bay>` with bays numbered front to back, left then right, so that the naive bin-code order is
 * the usual walk: aisle by aisle, each from front to back.
 */
import type { PickLayout, PickStop } from '../../src/modules/fulfillment/domain/pick-path.js';

/** A small, fast, seedable PRNG (mulberry32): good enough to draw layouts, and the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rand: () => number, min: number, max: number): number =>
  min + Math.floor(rand() * (max - min + 1));

export interface Bin {
  code: string;
  x: number;
  y: number;
  aisle: string;
}

export interface Warehouse {
  name: string;
  layout: PickLayout;
  bins: Bin[];
}

export const AISLE_SPACING_CM = 300;
export const BIN_PITCH_CM = 100;

/**
 * A warehouse of `aisles` aisles of `aisleLengthCm`; the front cross aisle at y = 0, bins from y = 100 to
 * the aisle's length, the back cross aisle 100 cm beyond the last bin. The depot stands 100 cm in front of
 * the first aisle or of the middle of the front.
 */
export function makeWarehouse(aisles: number, aisleLengthCm: number, depot: 'first' | 'middle'): Warehouse {
  const bays = Math.floor(aisleLengthCm / BIN_PITCH_CM);
  const bins: Bin[] = [];
  for (let a = 0; a < aisles; a++) {
    const aisle = `A${String(a + 1).padStart(2, '0')}`;
    const x = AISLE_SPACING_CM / 2 + a * AISLE_SPACING_CM;
    for (let k = 0; k < bays; k++) {
      const y = (k + 1) * BIN_PITCH_CM;
      for (const side of [1, 2]) {
        bins.push({ code: `${aisle}-${String(2 * k + side).padStart(3, '0')}`, x, y, aisle });
      }
    }
  }
  const firstX = AISLE_SPACING_CM / 2;
  const lastX = firstX + (aisles - 1) * AISLE_SPACING_CM;
  const depotX = depot === 'first' ? firstX : Math.round((firstX + lastX) / 2);
  return {
    name: `${aisles}×${aisleLengthCm / 100} m, depot ${depot}`,
    layout: { depot: { x: depotX, y: -BIN_PITCH_CM }, frontY: 0, backY: bays * BIN_PITCH_CM + BIN_PITCH_CM },
    bins,
  };
}

/** A random warehouse: 6–20 aisles of 10–30 m, depot at the first aisle or the middle. */
export function randomWarehouse(rand: () => number): Warehouse {
  return makeWarehouse(int(rand, 6, 20), int(rand, 10, 30) * BIN_PITCH_CM, rand() < 0.5 ? 'first' : 'middle');
}

/**
 * `k` picks drawn uniformly from the bins, with replacement: a bin may come up twice (two order lines
 * from one bin), as in real waves.
 */
export function randomPickList(rand: () => number, warehouse: Warehouse, k: number): PickStop[] {
  const stops: PickStop[] = [];
  for (let i = 0; i < k; i++) {
    const bin = warehouse.bins[Math.floor(rand() * warehouse.bins.length)]!;
    stops.push({ id: `pick-${String(i + 1).padStart(4, '0')}`, ...bin });
  }
  return stops;
}

/** Like randomPickList, but `k` distinct bins (for the exact solver, whose limit counts positions). */
export function randomDistinctPickList(rand: () => number, warehouse: Warehouse, k: number): PickStop[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(k, warehouse.bins.length))
    chosen.add(Math.floor(rand() * warehouse.bins.length));
  return [...chosen].map((b, i) => ({ id: `pick-${String(i + 1).padStart(4, '0')}`, ...warehouse.bins[b]! }));
}
