/**
 * The pick-path planner against the optimum and against the naive bin-code walk (`npx tsx bench/pick-path.ts`,
 * or `BENCH_SCENARIOS=pick-path npm run bench`). Pure computation: no database, no build. Prints figures; it
 * asserts no targets, only that the planner visits every stop and that the two exact solvers agree. Targets
 * (from the issue): within 10 % of the optimum on average, 30 % or more shorter than the naive order.
 *
 * The optimum is Held-Karp (optimalPickPath) up to 12 stops and, at every size, the Ratliff–Rosenthal dynamic
 * programme (bench/lib/ratliff-rosenthal.ts), exact and linear in the aisles; where both run they must agree.
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
import { optimalRouteLength } from './lib/ratliff-rosenthal.js';

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
/** Planned ÷ optimum sits within a fraction of a percent of 1: three decimals would hide it. */
const fine = (x: number) => x.toFixed(4);
const ms = (x: number) => x.toFixed(2);

/** Held-Karp and Ratliff–Rosenthal must give the same optimum: if not, neither is worth comparing with. */
function checkOptimum(heldKarp: number, ratliffRosenthal: number) {
  if (heldKarp !== ratliffRosenthal)
    throw new Error(`Held-Karp gives ${heldKarp}, Ratliff–Rosenthal ${ratliffRosenthal}`);
}

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
      checkOptimum(best.length, optimalRouteLength(w.layout, stops));
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
  let toOptimumSum = 0;
  let toOptimumCount = 0;
  let toOptimumWorst = 1;
  for (const k of LARGE_SIZES) {
    const rand = mulberry32(seed * 31 + k);
    let sum = 0;
    let worst = 0;
    let planMs = 0;
    let maxMs = 0;
    // Planned ÷ optimum, and the best any planner could save over the naive walk: the target's ceiling.
    let toOptimum = 0;
    let toOptimumMax = 1;
    let optimalHits = 0;
    let optimalSum = 0;
    let dpMs = 0;
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
      const dpStarted = performance.now();
      const optimum = optimalRouteLength(w.layout, stops);
      dpMs += performance.now() - dpStarted;
      if (k <= 13) checkOptimum(optimalPickPath(w.layout, stops).length, optimum);
      if (optimum > plan.length)
        throw new Error(`the planner (${plan.length}) beats the optimum (${optimum})`);
      const o = optimum === 0 ? 1 : plan.length / optimum;
      toOptimum += o;
      toOptimumMax = Math.max(toOptimumMax, o);
      if (optimum === plan.length) optimalHits++;
      optimalSum += plan.naiveLength === 0 ? 1 : optimum / plan.naiveLength;
      strategies.set(plan.strategy, (strategies.get(plan.strategy) ?? 0) + 1);
    }
    savingSum += 1 - sum / largeRuns;
    savingCount++;
    toOptimumSum += toOptimum;
    toOptimumCount += largeRuns;
    toOptimumWorst = Math.max(toOptimumWorst, toOptimumMax);
    largeRows.push({
      cells: [
        String(k),
        String(largeRuns),
        ratio(sum / largeRuns),
        ratio(worst),
        pct(1 - sum / largeRuns),
        fine(toOptimum / largeRuns),
        fine(toOptimumMax),
        pct(optimalHits / largeRuns),
        pct(1 - optimalSum / largeRuns),
        ms(planMs / largeRuns),
        ms(maxMs),
        ms(dpMs / largeRuns),
        [...strategies.entries()].map(([s, n]) => `${s} ${n}`).join(', '),
      ],
    });
  }
  out.push('');
  out.push(
    'Planned ÷ naive (bin-code order) and ÷ optimum (Ratliff–Rosenthal), picks drawn with replacement; ' +
      '"optimum saves" is the optimum\'s mean saving over the naive walk:',
  );
  out.push(
    table(
      [
        'stops',
        'lists',
        'mean',
        'worst',
        'mean saving',
        '÷ optimum mean',
        '÷ optimum worst',
        'optimal',
        'optimum saves',
        'plan ms',
        'max ms',
        'optimum ms',
        'chosen strategy',
      ],
      largeRows,
    ),
  );
  out.push(`Mean saving over all sizes: ${pct(savingSum / savingCount)} (target ≥ 30 %).`);
  out.push(
    `Overall mean planned ÷ optimum, ${LARGE_SIZES[0]}–${LARGE_SIZES[LARGE_SIZES.length - 1]} stops: ` +
      `${fine(toOptimumSum / toOptimumCount)} (worst ${fine(toOptimumWorst)}; target ≤ 1.100).`,
  );
  return out.join('\n');
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) console.log(await runPickPathBench());
