import type { Command } from 'commander';
import { printTable, withContext } from '../../../cli/runtime.js';
import { getSkuLifecycle } from '../queries/sku-lifecycle.js';

export function registerReportCommands(program: Command): void {
  program
    .command('lifecycle <sku>')
    .description(
      'A SKU through its life per warehouse: on order, in transit, dock, quarantine, storage, reserved, shipped, returned, scrapped',
    )
    .option('--json', 'print JSON')
    .action(async (sku: string, opts: { json?: boolean }) => {
      const l = await withContext((ctx) => getSkuLifecycle(ctx, sku));
      if (opts.json) return console.log(JSON.stringify(l, null, 2));
      console.log(`${l.sku}  ${l.name}`);
      printTable(
        [...l.warehouses, { warehouse: 'total', ...l.totals }].map((w) => ({ ...w })),
        [
          'warehouse',
          'onOrder',
          'inTransit',
          'inReceiving',
          'inQuarantine',
          'inStorage',
          'reserved',
          'available',
          'shipped',
          'returned',
          'scrapped',
          'adjustedOut',
        ],
      );
    });
}
