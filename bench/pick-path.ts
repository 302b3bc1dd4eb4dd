/**
 * The pick-path planner against the optimum and against the naive bin-code walk (`npx tsx bench/pick-path.ts`,
 * or `BENCH_SCENARIOS=pick-path npm run bench`). Pure computation: no database, no build. Prints figures; it
 * asserts nothing. Targets (from the issue): within 10 % of the optimum on average, 30 % or more shorter than
 * the naive order.
 *
 * Environment: PICK_BENCH_SEED (20240601), PICK_BENCH_SMALL (200 instances per size, 5–12 stops),
 * PICK_BENCH_LARGE (100 instances per size, 10–200 stops).
 */
import { pathToFileURL } from 'node:url';
import {
  optimalPickPath,
  type PickStop,
  planPickPath,
  routeLength,
} from '../src/modules/fulfillment/domain/pick-path.js';
import { mulberry32, randomDistinctPickList, randomPickList, randomWarehouse } from './lib/pick-layouts.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number >= 1; got "${raw}"`);
  return n;
}

const SMALL_SIZES = [5, 6, 7, 8, 9, 10, 11, 12];
const LARGE_SIZES = [10, 25, 50, 100, 200];

interface Row {
  cells: string[];
}

function table(header: string[], rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => line(r.cells)),
  ].join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ratio = (x: number) => x.toFixed(3);
const ms = (x: number) => x.toFixed(2);

/** Every stop once and the announced length: a planner that cheats on either has no figures worth printing. */
function checkPlan(
  stops: readonly PickStop[],
  order: readonly PickStop[],
  length: number,
  layoutLength: number,
) {
  const ids = new Set(order);
  if (order.length !== stops.length || ids.size !== stops.length || stops.some((s) => !ids.has(s)))
    throw new Error('planPickPath did not visit every stop exactly once');
  if (length !== layoutLength)
    throw new Error(`planPickPath reported ${length}, the route measures ${layoutLength}`);
}

/** Runs the benchmark and returns the printed report. */
export async function runPickPathBench(): Promise<string> {
  const seed = envInt('PICK_BENCH_SEED', 20240601);
  const smallRuns = envInt('PICK_BENCH_SMALL', 200);
  const largeRuns = envInt('PICK_BENCH_LARGE', 100);
  const out: string[] = [];
  out.push(
    `Pick path (seed ${seed}): random single-block warehouses, 6–20 aisles of 10–30 m, 300 cm apart, ` +
      'bins every 100 cm on both sides; depot at the first aisle or the middle of the front.',
  );

  // Warm the JIT so the first size does not pay for compilation.
  const warm = mulberry32(seed ^ 0x5eed);
  for (let i = 0; i < 50; i++) {
    const w = randomWarehouse(warm);
    planPickPath(w.layout, randomPickList(warm, w, 60));
  }

  const smallRows: Row[] = [];
  let smallSum = 0;
  let smallCount = 0;
  for (const k of SMALL_SIZES) {
    const rand = mulberry32(seed + k);
    let sum = 0;
    let worst = 1;
    let optimalHits = 0;
    let planMs = 0;
    for (let r = 0; r < smallRuns; r++) {
      const w = randomWarehouse(rand);
      const stops = randomDistinctPickList(rand, w, k);
      const started = performance.now();
      const plan = planPickPath(w.layout, stops);
      planMs += performance.now() - started;
      checkPlan(stops, plan.order, plan.length, routeLength(w.layout, plan.order));
      const best = optimalPickPath(w.layout, stops);
      if (best.length > plan.length) throw new Error('optimalPickPath is longer than the planner');
      const q = best.length === 0 ? 1 : plan.length / best.length;
      sum += q;
      worst = Math.max(worst, q);
      if (q === 1) optimalHits++;
    }
    smallSum += sum;
    smallCount += smallRuns;
    smallRows.push({
      cells: [
        String(k),
        String(smallRuns),
        ratio(sum / smallRuns),
        ratio(worst),
        pct(optimalHits / smallRuns),
        ms(planMs / smallRuns),
      ],
    });
  }
  out.push('');
  out.push('Planned ÷ optimal (Held-Karp), distinct bins:');
  out.push(table(['stops', 'lists', 'mean', 'worst', 'optimal', 'plan ms'], smallRows));
  out.push(`Overall mean planned ÷ optimal: ${ratio(smallSum / smallCount)} (target ≤ 1.100).`);

  const largeRows: Row[] = [];
  let savingSum = 0;
  let savingCount = 0;
  for (const k of LARGE_SIZES) {
    const rand = mulberry32(seed * 31 + k);
    let sum = 0;
    let worst = 0;
    let planMs = 0;
    let maxMs = 0;
    // Where the exact solver can follow (10 stops), the best any planner could save: the target's ceiling.
    let optimalSum = 0;
    const strategies = new Map<string, number>();
    for (let r = 0; r < largeRuns; r++) {
      const w = randomWarehouse(rand);
      const stops = randomPickList(rand, w, k);
      const started = performance.now();
      const plan = planPickPath(w.layout, stops);
      const took = performance.now() - started;
      planMs += took;
      maxMs = Math.max(maxMs, took);
      checkPlan(stops, plan.order, plan.length, routeLength(w.layout, plan.order));
      const q = plan.naiveLength === 0 ? 1 : plan.length / plan.naiveLength;
      sum += q;
      worst = Math.max(worst, q);
      if (k <= 13) optimalSum += optimalPickPath(w.layout, stops).length / plan.naiveLength;
      strategies.set(plan.strategy, (strategies.get(plan.strategy) ?? 0) + 1);
    }
    savingSum += 1 - sum / largeRuns;
    savingCount++;
    largeRows.push({
      cells: [
        String(k),
        String(largeRuns),
        ratio(sum / largeRuns),
        ratio(worst),
        pct(1 - sum / largeRuns),
        k <= 13 ? pct(1 - optimalSum / largeRuns) : '—',
        ms(planMs / largeRuns),
        ms(maxMs),
        [...strategies.entries()].map(([s, n]) => `${s} ${n}`).join(', '),
      ],
    });
  }
  out.push('');
  out.push('Planned ÷ naive (bin-code order), picks drawn with replacement:');
  out.push(
    table(
      [
        'stops',
        'lists',
        'mean',
        'worst',
        'mean saving',
        'optimum saves',
        'plan ms',
        'max ms',
        'chosen strategy',
      ],
      largeRows,
    ),
  );
  out.push(`Mean saving over all sizes: ${pct(savingSum / savingCount)} (target ≥ 30 %).`);
  return out.join('\n');
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) console.log(await runPickPathBench());
