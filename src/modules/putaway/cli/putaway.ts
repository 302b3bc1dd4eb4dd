import type { Command } from 'commander';
import { CliExit, EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { cancelPutawayTask } from '../commands/cancel-putaway-task.js';
import { confirmPutawayTask } from '../commands/confirm-putaway-task.js';
import { createPutawayTasks } from '../commands/create-putaway-tasks.js';
import { createPutawayRule, updatePutawayRule } from '../commands/putaway-rules.js';
import { setLocationCapacity } from '../commands/set-location-capacity.js';
import type { PutawayTask, PutawayTaskStatus } from '../db/tasks.js';
import type { PutawayRuleKind } from '../domain/plan-putaway.js';
import { listPutawayRules, listPutawayTasks } from '../queries/putaway.js';

const TASK_COLUMNS = ['id', 'status', 'sku', 'qty', 'from', 'suggestedBin', 'to', 'source'];

function int(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliExit(EXIT.usage, `${flag} must be a whole number 0 or more`);
  return Number(value);
}

const printTasks = (tasks: PutawayTask[]) =>
  printTable(
    tasks.map((t) => ({ ...t })),
    TASK_COLUMNS,
  );

export function registerPutawayCommands(program: Command): void {
  const putaway = program
    .command('putaway')
    .description('Put-away: tasks from the receiving docks to storage bins, rules, bin capacity');
  putaway
    .command('plan <warehouse>')
    .description('Plan tasks for every unreserved unit waiting at the docks of a warehouse')
    .option('--location <code>', 'only this dock')
    .option('--sku <code>', 'only this SKU')
    .option('--source <text>', 'receipt or delivery note the goods came with')
    .option('--json', 'print JSON')
    .action(
      async (
        warehouse: string,
        opts: { location?: string; sku?: string; source?: string; json?: boolean },
      ) => {
        const out = await withContext((ctx) =>
          createPutawayTasks(ctx, {
            warehouse,
            location: opts.location,
            sku: opts.sku,
            source: opts.source,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
        printTasks(out.value.tasks);
        for (const u of out.value.unplaced) console.log(`no room: ${u.qty} × ${u.sku} stay at ${u.location}`);
      },
    );
  putaway
    .command('list')
    .description('Put-away tasks, oldest first')
    .option('--warehouse <code>')
    .option('--status <status>', 'open, done or cancelled')
    .option('--sku <code>')
    .option('--json', 'print JSON')
    .action(
      async (opts: { warehouse?: string; status?: PutawayTaskStatus; sku?: string; json?: boolean }) => {
        const page = await withContext((ctx) => listPutawayTasks(ctx, { ...opts, limit: 500 }));
        if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
        printTasks(page.items);
      },
    );
  putaway
    .command('confirm <task>')
    .description('Confirm a put-away: the bin scanned, and the units if fewer than the task')
    .requiredOption('--bin <code>', 'the destination bin label')
    .option('--qty <n>', 'units put away (default: all of the task)')
    .option('--json', 'print JSON')
    .action(async (task: string, opts: { bin: string; qty?: string; json?: boolean }) => {
      const qty = int('--qty', opts.qty);
      const out = await withContext((ctx) => confirmPutawayTask(ctx, task, { bin: opts.bin, qty }));
      if (opts.json) return console.log(JSON.stringify(out.value, null, 2));
      printTasks([out.value.task, ...(out.value.remainder ? [out.value.remainder] : [])]);
    });
  putaway
    .command('cancel <task>')
    .description('Cancel an open task; its units are free at the dock again')
    .action(async (task: string) => {
      const out = await withContext((ctx) => cancelPutawayTask(ctx, task));
      printTasks([out.value]);
    });
  putaway
    .command('capacity <location> <units>')
    .description("Set a bin's capacity in base units across SKUs ('none': unlimited)")
    .action(async (location: string, units: string) => {
      const capacity = units === 'none' ? null : int('<units>', units)!;
      const out = await withContext((ctx) => setLocationCapacity(ctx, location, capacity));
      console.log(
        `${out.value.location}: capacity ${out.value.capacityUnits ?? 'unlimited'}, ${out.value.unitsOnHand} on hand`,
      );
    });

  const rules = putaway.command('rules').description('Put-away rules');
  rules
    .command('list')
    .option('--warehouse <code>')
    .option('--json', 'print JSON')
    .action(async (opts: { warehouse?: string; json?: boolean }) => {
      const out = await withContext((ctx) => listPutawayRules(ctx, { warehouse: opts.warehouse }));
      if (opts.json) return console.log(JSON.stringify(out.items, null, 2));
      printTable(
        out.items.map((r) => ({ ...r })),
        ['id', 'warehouse', 'kind', 'priority', 'sku', 'category', 'target', 'isActive'],
      );
    });
  rules
    .command('add <warehouse>')
    .description(
      'Add a rule: --kind fixed_bin --sku X --target BIN, or --kind zone|overflow [--sku|--category] --target ZONE',
    )
    .requiredOption('--kind <kind>', 'fixed_bin, zone or overflow')
    .requiredOption('--target <code>', 'bin (fixed_bin) or zone')
    .option('--priority <n>', 'lower first', '100')
    .option('--sku <code>')
    .option('--category <name>')
    .option('--inactive', 'add it switched off')
    .action(
      async (
        warehouse: string,
        opts: {
          kind: string;
          target: string;
          priority: string;
          sku?: string;
          category?: string;
          inactive?: boolean;
        },
      ) => {
        if (!['fixed_bin', 'zone', 'overflow'].includes(opts.kind))
          throw new CliExit(EXIT.usage, '--kind must be fixed_bin, zone or overflow');
        const out = await withContext((ctx) =>
          createPutawayRule(ctx, {
            warehouse,
            kind: opts.kind as PutawayRuleKind,
            target: opts.target,
            priority: int('--priority', opts.priority)!,
            sku: opts.sku,
            category: opts.category,
            isActive: !opts.inactive,
          }),
        );
        console.log(JSON.stringify(out.value, null, 2));
      },
    );
  rules
    .command('update <id>')
    .option('--priority <n>')
    .option('--target <code>')
    .option('--active <yes|no>')
    .action(async (id: string, opts: { priority?: string; target?: string; active?: string }) => {
      if (opts.active !== undefined && !['yes', 'no'].includes(opts.active))
        throw new CliExit(EXIT.usage, '--active must be yes or no');
      const out = await withContext((ctx) =>
        updatePutawayRule(ctx, id, {
          priority: int('--priority', opts.priority),
          target: opts.target,
          isActive: opts.active === undefined ? undefined : opts.active === 'yes',
        }),
      );
      console.log(JSON.stringify(out.value, null, 2));
    });
}
