import { type PickLayout, type PickStop, planPickPath } from './pick-path.js';

/**
 * Deciding what goes into a wave and how it is split into pick lists, and in what order a list's tasks are
 * walked. Pure: the wave command reads candidates and bins, these functions decide, the command applies.
 */

export type PickListKind = 'single' | 'batch' | 'wave';

export interface WaveCandidate {
  orderId: string;
  /** Order lines with units held at the wave's warehouse (each becomes at least one pick task). */
  lines: number;
}

export interface WaveLimits {
  maxOrders: number;
  maxLines: number;
}

/**
 * Whether the next candidate (in priority order: promised date, then placed date) joins a wave that has
 * taken `taken` so far: an order too big for the lines left is passed over so that smaller ones behind it
 * can still go (first fit), but the first order always goes, however big, so a wave never starves on it;
 * once the wave has its orders, nothing more is looked at.
 */
export function admitToWave(
  taken: { orders: number; lines: number },
  candidate: WaveCandidate,
  limits: WaveLimits,
): 'take' | 'pass' | 'full' {
  if (taken.orders >= limits.maxOrders) return 'full';
  if (taken.orders > 0 && taken.lines + candidate.lines > limits.maxLines) return 'pass';
  return 'take';
}

/**
 * Splits a wave's shipments into pick lists: one per shipment (single-order picking), lists of up to
 * `ordersPerList` shipments picked together into totes (batch: one cart of totes), or one list for the whole
 * wave (each order still in its own tote).
 */
export function groupIntoPickLists<T>(
  shipments: readonly T[],
  kind: PickListKind,
  ordersPerList: number,
): T[][] {
  const size =
    kind === 'single' ? 1 : kind === 'wave' ? Math.max(shipments.length, 1) : Math.max(1, ordersPerList);
  const lists: T[][] = [];
  shipments.forEach((shipment, i) => {
    if (i % size === 0) lists.push([]);
    lists[lists.length - 1]!.push(shipment);
  });
  return lists;
}

/** The tote an order is picked into on a multi-order list: `P<list number>-<nn>`; single-order lists have none. */
export function toteCode(kind: PickListKind, listNumber: number, index: number): string | null {
  return kind === 'single' ? null : `P${listNumber}-${String(index + 1).padStart(2, '0')}`;
}

/** A pick task's bin as the planner sees it: coordinates when the layout has them, else a sequence. */
export interface TaskStop {
  id: string;
  bin: string;
  x: number | null;
  y: number | null;
  aisle: string | null;
  pickSeq: number | null;
}

export interface TaskSequence {
  ids: string[];
  strategy: 'empty' | 's-shape' | 'largest-gap' | 'local-search' | 'naive' | 'sequence';
  /** Route lengths in cm when every bin (and the depot) has coordinates; null otherwise. */
  lengthCm: number | null;
  naiveLengthCm: number | null;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Where the picker stands when the rest of a list is sequenced again: the bin of the task just confirmed. */
export type TaskStart = Omit<TaskStop, 'id'>;

/**
 * Orders a pick list's tasks: the shortest path the planner finds when the warehouse's depot and every bin
 * have coordinates; otherwise by the bins' pick sequence (bins without one last), then bin code in natural
 * order — the walk a warehouse lays out with its bin numbering.
 *
 * With a `start` (a picker mid-list), the path starts there instead of the depot (from the depot when the
 * start bin has no coordinates); in bin-sequence order the walk goes on from the start's place in the
 * sequence and comes round to the bins before it last.
 */
export function sequenceTasks(
  layout: PickLayout | null,
  stops: readonly TaskStop[],
  start?: TaskStart,
): TaskSequence {
  const located = stops.every((s) => s.x !== null && s.y !== null);
  if (layout && located) {
    const pickStops: PickStop[] = stops.map((s) => ({
      id: s.id,
      code: s.bin,
      x: s.x as number,
      y: s.y as number,
      aisle: s.aisle,
    }));
    const from =
      start && start.x !== null && start.y !== null
        ? { x: start.x, y: start.y, aisle: start.aisle }
        : undefined;
    const path = planPickPath(layout, pickStops, from);
    return {
      ids: path.order.map((s) => s.id),
      strategy: path.strategy,
      lengthCm: Math.round(path.length),
      naiveLengthCm: Math.round(path.naiveLength),
    };
  }
  const place = (a: Omit<TaskStop, 'id'>, b: Omit<TaskStop, 'id'>) =>
    (a.pickSeq ?? Number.MAX_SAFE_INTEGER) - (b.pickSeq ?? Number.MAX_SAFE_INTEGER) ||
    collator.compare(a.bin, b.bin);
  const ordered = [...stops].sort((a, b) => place(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // From the start on, then the bins the picker has already walked past.
  const ahead = start ? ordered.findIndex((s) => place(s, start) >= 0) : 0;
  const walk = ahead <= 0 ? ordered : [...ordered.slice(ahead), ...ordered.slice(0, ahead)];
  return { ids: walk.map((s) => s.id), strategy: 'sequence', lengthCm: null, naiveLengthCm: null };
}
