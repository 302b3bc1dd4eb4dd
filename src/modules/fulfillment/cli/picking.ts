import type { Command } from 'commander';
import { printTable, withContext } from '../../../cli/runtime.js';
import { cancelWave } from '../commands/cancel-wave.js';
import { confirmPickTask } from '../commands/confirm-pick-task.js';
import { createPickList } from '../commands/create-pick-list.js';
import { createWave } from '../commands/create-wave.js';
import type { PickListKind } from '../domain/plan-pick-lists.js';
import { getPickList, getWave, listWaves, type PickList, type Wave } from '../queries/picking.js';
import { getWarehouseDashboard } from '../queries/warehouse-dashboard.js';

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));

function printWave(w: Wave): void {
  console.log(
    `wave ${w.number} (${w.id})  ${w.warehouse}  ${w.status}  ${w.orderCount} order(s), ${w.lineCount} line(s)`,
  );
  printTable(
    w.pickLists.map((l) => ({
      pickList: l.id,
      number: l.number,
      kind: l.kind,
      status: l.status,
      tasks: `${l.tasks.total - l.tasks.open - l.tasks.cancelled}/${l.tasks.total - l.tasks.cancelled}`,
      walk:
        l.pathLengthCm === null
          ? ''
          : `${(l.pathLengthCm / 100).toFixed(0)} m (bin order ${((l.naiveLengthCm ?? 0) / 100).toFixed(0)} m)`,
    })),
    ['pickList', 'number', 'kind', 'status', 'tasks', 'walk'],
  );
  if (w.skipped?.length)
    console.log(`left out: ${w.skipped.map((s) => `${s.orderId} (${s.code})`).join(', ')}`);
  if (w.voided?.length) console.log(`voided: ${w.voided.join(', ')}`);
  if (w.kept?.length)
    console.log(`already shipped, kept: ${w.kept.map((s) => `${s.id} (${s.status})`).join(', ')}`);
}

function printPickList(l: PickList): void {
  console.log(`pick list ${l.number} (${l.id})  ${l.warehouse}  ${l.kind}  ${l.status}`);
  printTable(
    l.items.map((t) => ({
      seq: t.seq,
      task: t.id,
      bin: t.bin,
      sku: t.sku,
      qty: t.qty,
      tote: t.tote ?? '',
      order: t.orderRef,
      status: t.status === 'short' ? `short ${t.qtyShort}` : t.status,
      putBack: t.qtyPutBack || '',
    })),
    ['seq', 'task', 'bin', 'sku', 'qty', 'tote', 'order', 'status', 'putBack'],
  );
}

export function registerPickingCommands(program: Command): void {
  const waves = program.command('waves').description('Waves: orders released together for picking');
  waves
    .command('release <warehouse>')
    .description('Release a wave: shipments and pick lists for the orders the rules choose')
    .option('--orders <ids>', 'only these orders (comma-separated ids)')
    .option('--channels <codes>', 'comma-separated channel codes')
    .option('--shipping-methods <names>', 'comma-separated shipping methods')
    .option('--cutoff <time>', 'carrier cut-off: orders promised at or before it (ISO 8601)')
    .option('--max-orders <n>')
    .option('--max-lines <n>')
    .option('--pick-lists <kind>', 'single, batch or wave', 'batch')
    .option('--orders-per-list <n>', 'totes per cart for batch lists')
    .option('--json', 'print JSON')
    .action(
      async (
        warehouse: string,
        opts: {
          orders?: string;
          channels?: string;
          shippingMethods?: string;
          cutoff?: string;
          maxOrders?: string;
          maxLines?: string;
          pickLists: string;
          ordersPerList?: string;
          json?: boolean;
        },
      ) => {
        const w = await withContext((ctx) =>
          createWave(ctx, {
            warehouse,
            orders: list(opts.orders),
            channels: list(opts.channels),
            shippingMethods: list(opts.shippingMethods),
            cutoff: opts.cutoff,
            maxOrders: int(opts.maxOrders),
            maxLines: int(opts.maxLines),
            pickLists: opts.pickLists as PickListKind,
            ordersPerList: int(opts.ordersPerList),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(w.value, null, 2));
        printWave(w.value);
      },
    );
  waves
    .command('list')
    .description('Waves, newest first')
    .option('--warehouse <code>')
    .option('--status <status>', 'released, picking, picked or cancelled')
    .option('--json', 'print JSON')
    .action(async (opts: { warehouse?: string; status?: Wave['status']; json?: boolean }) => {
      const page = await withContext((ctx) => listWaves(ctx, { ...opts, limit: 100 }));
      if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
      printTable(
        page.items.map((w) => ({ ...w, tasks: `${w.tasks.total - w.tasks.open}/${w.tasks.total}` })),
        ['id', 'number', 'warehouse', 'status', 'orderCount', 'lineCount', 'pickLists', 'tasks', 'createdAt'],
      );
    });
  waves
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const w = await withContext((ctx) => getWave(ctx, id));
      if (opts.json) return console.log(JSON.stringify(w, null, 2));
      printWave(w);
    });

  waves
    .command('cancel <id>')
    .description(
      'Cancel a wave: its open and packed shipments are voided (units stay allocated), open picks cancelled',
    )
    .requiredOption('--reason <text>', 'why (1-200 characters)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      const w = await withContext((ctx) => cancelWave(ctx, id, { reason: opts.reason }));
      if (opts.json) return console.log(JSON.stringify(w.value, null, 2));
      printWave(w.value);
    });

  const picks = program.command('pick-lists').description('Pick lists and their tasks in walking order');
  picks
    .command('show <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const l = await withContext((ctx) => getPickList(ctx, id));
      if (opts.json) return console.log(JSON.stringify(l, null, 2));
      printPickList(l);
    });
  picks
    .command('create <shipments...>')
    .description('A pick list for open shipments outside waves')
    .option('--kind <kind>', 'single or batch')
    .action(async (shipments: string[], opts: { kind?: 'single' | 'batch' }) => {
      const l = await withContext((ctx) => createPickList(ctx, { shipments, kind: opts.kind }));
      printPickList(l.value);
    });
  picks
    .command('confirm <task>')
    .description('Confirm a pick by the bin and item scanned; --qty below the task records a short pick')
    .requiredOption('--bin <label>')
    .requiredOption('--item <code>', 'SKU code or GTIN')
    .option('--qty <n>')
    .option('--tote <code>')
    .option('--json', 'print JSON')
    .action(
      async (
        task: string,
        opts: { bin: string; item: string; qty?: string; tote?: string; json?: boolean },
      ) => {
        const r = await withContext((ctx) =>
          confirmPickTask(ctx, task, { bin: opts.bin, item: opts.item, qty: int(opts.qty), tote: opts.tote }),
        );
        if (opts.json) return console.log(JSON.stringify(r.value, null, 2));
        const { task: t, pickList, short } = r.value;
        console.log(
          `${t.id}  ${t.status}  ${t.qtyPicked}/${t.qty} × ${t.sku} from ${t.bin}; list ${pickList.status}, ${pickList.openTasks} open`,
        );
        if (short) {
          console.log(
            `short ${short.missing}: ${short.replacements.map((x) => `${x.qty} from ${x.bin} (${x.taskId})`).join(', ') || 'no other bin'}; ` +
              `${short.removedFromShipment} unit(s) left the shipment; order ${short.orderStatus}; count task ${short.countTaskId}`,
          );
        }
      },
    );

  program
    .command('floor <warehouse>')
    .description(
      'The warehouse floor: open orders, waves in progress, picks per hour, short picks, errors caught',
    )
    .option('--hours <n>', 'period', '24')
    .action(async (warehouse: string, opts: { hours: string }) => {
      const d = await withContext((ctx) =>
        getWarehouseDashboard(ctx, { warehouse, hours: Number(opts.hours) }),
      );
      console.log(JSON.stringify(d, null, 2));
    });
}
