import type { Command } from 'commander';
import { printTable, withContext } from '../../../cli/runtime.js';
import { approveCountTask } from '../commands/approve-count-task.js';
import { countCountTask } from '../commands/count-count-task.js';
import { createCountPlan } from '../commands/create-count-plan.js';
import { generateCountTasks } from '../commands/generate-count-tasks.js';
import { rejectCountTask } from '../commands/reject-count-task.js';
import { getAccuracyReport } from '../queries/accuracy-report.js';
import { listCountPlans } from '../queries/count-plans.js';
import { listCountTasks } from '../queries/count-tasks.js';

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** `coulisse counts ...`: cycle-count plans, tasks, approvals and the accuracy report. */
export function registerCountCommands(program: Command): void {
  const counts = program
    .command('counts')
    .description('Cycle counts: plans, count tasks, approvals, accuracy');
  counts
    .command('plans')
    .description('Count plans, newest first')
    .option('--warehouse <code>')
    .option('--json', 'print JSON')
    .action(async (opts: { warehouse?: string; json?: boolean }) => {
      const r = await withContext((ctx) => listCountPlans(ctx, { warehouse: opts.warehouse, limit: 500 }));
      if (opts.json) return console.log(JSON.stringify(r.items, null, 2));
      printTable(
        r.items.map((p) => ({ ...p, open: p.tasks.open, counted: p.tasks.counted })),
        ['id', 'warehouse', 'kind', 'name', 'blind', 'open', 'counted', 'lastGeneratedAt'],
      );
    });
  counts
    .command('create-plan <warehouse> <kind>')
    .description('Create a plan: kind location (--locations/--prefix) or abc (--frequencies A,B,C days)')
    .option('--name <name>')
    .option('--locations <codes>', 'zones or bins, comma-separated')
    .option('--prefix <prefix>', 'bins whose code starts with this')
    .option('--frequencies <days>', 'A,B,C days between counts, e.g. 30,90,180')
    .option('--window <days>', 'ABC sales window in days')
    .option('--currency <code>')
    .option('--not-blind', 'show counters the expected quantity')
    .option('--max-units <n>', 'variance threshold in units')
    .option('--max-percent <n>', 'variance threshold in percent')
    .option('--max-value <minor>', 'variance threshold in minor units of the currency')
    .action(
      async (
        warehouse: string,
        kind: string,
        opts: {
          name?: string;
          locations?: string;
          prefix?: string;
          frequencies?: string;
          window?: string;
          currency?: string;
          notBlind?: boolean;
          maxUnits?: string;
          maxPercent?: string;
          maxValue?: string;
        },
      ) => {
        const f = list(opts.frequencies)?.map(Number);
        const threshold = {
          ...(opts.maxUnits ? { units: Number(opts.maxUnits) } : {}),
          ...(opts.maxPercent ? { percent: Number(opts.maxPercent) } : {}),
          ...(opts.maxValue ? { valueMinor: Number(opts.maxValue) } : {}),
        };
        const r = await withContext((ctx) =>
          createCountPlan(ctx, {
            warehouse,
            kind: kind as 'location' | 'abc',
            name: opts.name,
            locations: list(opts.locations),
            prefix: opts.prefix,
            frequencies: f ? { A: f[0] ?? 30, B: f[1] ?? 90, C: f[2] ?? 180 } : undefined,
            windowDays: int(opts.window),
            currency: opts.currency,
            blind: !opts.notBlind,
            varianceThreshold: threshold,
          }),
        );
        console.log(`plan ${r.value.id} (${r.value.kind}) in ${r.value.warehouse}`);
      },
    );
  counts
    .command('generate <plan>')
    .description('Make the count tasks the plan has due now')
    .action(async (plan: string) => {
      const r = await withContext((ctx) => generateCountTasks(ctx, plan));
      console.log(`${r.value.created} task(s) made; ${r.value.alreadyPending} already waiting`);
    });
  counts
    .command('tasks')
    .description('Count tasks, oldest first')
    .option('--warehouse <code>')
    .option('--status <status>', 'open, counted, done, approved, rejected or cancelled', 'open')
    .option('--plan <id>')
    .option('--json', 'print JSON')
    .action(async (opts: { warehouse?: string; status: string; plan?: string; json?: boolean }) => {
      const r = await withContext((ctx) => listCountTasks(ctx, { ...opts, limit: 500 }));
      if (opts.json) return console.log(JSON.stringify(r.items, null, 2));
      printTable(
        r.items.map((c) => ({ ...c, sku: c.sku ?? '(empty?)' })),
        ['id', 'location', 'sku', 'source', 'status', 'expectedQty', 'countedQty', 'variance', 'createdAt'],
      );
    });
  counts
    .command('count <task> <qty>')
    .description('Record the count of a task')
    .option('--sku <code>', 'for a "confirm empty" task that found stock')
    .option('--note <text>')
    .action(async (task: string, qty: string, opts: { sku?: string; note?: string }) => {
      const r = await withContext((ctx) => countCountTask(ctx, task, { countedQty: Number(qty), ...opts }));
      console.log(
        r.value.posted
          ? `posted: ${r.value.task.location} ${r.value.task.sku ?? ''} counted ${r.value.task.countedQty}`
          : `awaiting approval: variance ${r.value.task.variance} exceeds the plan's threshold`,
      );
    });
  counts
    .command('approve <task>')
    .description('Approve a count above threshold (posts its variance)')
    .option('--reason <text>')
    .action(async (task: string, opts: { reason?: string }) => {
      const r = await withContext((ctx) => approveCountTask(ctx, task, opts));
      console.log(`approved ${r.value.task.id}${r.value.moveId ? `; move ${r.value.moveId}` : ''}`);
    });
  counts
    .command('reject <task> <reason>')
    .description('Reject a count above threshold; a recount task opens')
    .action(async (task: string, reason: string) => {
      const r = await withContext((ctx) => rejectCountTask(ctx, task, { reason }));
      console.log(`rejected ${r.value.task.id}; recount ${r.value.recount.id}`);
    });
  counts
    .command('accuracy')
    .description('Inventory accuracy by warehouse and ABC class')
    .option('--warehouse <code>')
    .option('--since <iso>')
    .option('--until <iso>')
    .option('--json', 'print JSON')
    .action(async (opts: { warehouse?: string; since?: string; until?: string; json?: boolean }) => {
      const r = await withContext((ctx) => getAccuracyReport(ctx, opts));
      if (opts.json) return console.log(JSON.stringify(r, null, 2));
      printTable(
        [...r.rows, { warehouse: 'total', abcClass: null, ...r.total }].map((x) => ({
          ...x,
          abcClass: x.abcClass ?? '',
        })),
        [
          'warehouse',
          'abcClass',
          'counts',
          'zeroVariancePercent',
          'withinThresholdPercent',
          'absUnitsVariance',
          'netUnitsVariance',
        ],
      );
    });
}
