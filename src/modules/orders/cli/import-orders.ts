import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, progressBar, withContext } from '../../../cli/runtime.js';
import { importOrders } from '../commands/import-orders.js';

/**
 * `coulisse orders import <file> --channel <code>`: exit 0 when every order was taken, already there, or
 * left out because the channel had fulfilled it (notices do not fail the run).
 */
export function registerOrderImportCommand(orders: Command): void {
  orders
    .command('import <file>')
    .description(
      "Import orders from a CSV file (Shopify's order export: one row per line item, grouped by order " +
        'number); re-running a file takes nothing twice',
    )
    .requiredOption('--channel <code>', 'the sales channel the orders come from')
    .option(
      '--skip-invalid',
      'take the valid orders and report the others (default: any problem writes nothing)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { channel: string; skipInvalid?: boolean; json?: boolean }) => {
      let csv: string;
      try {
        csv = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliExit(EXIT.usage, `Cannot read ${file}: ${(e as Error).message}`);
      }
      const bar = progressBar('Importing orders');
      const report = await withContext(async (ctx) => {
        try {
          return (
            await importOrders(ctx, csv, {
              channel: opts.channel,
              mode: opts.skipInvalid ? 'skip_invalid' : 'all_or_nothing',
              onProgress: bar.update,
            })
          ).value;
        } finally {
          bar.stop();
        }
      });
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `${report.orders} order(s) in ${report.totalRows} row(s) for ${report.channel}: ${report.created} created, ` +
            `${report.cancelled} cancelled, ${report.unchanged} unchanged, ` +
            `${report.alreadyFulfilled} already fulfilled in the channel, ${report.rejected} rejected.` +
            `${report.committed ? '' : ' Nothing was written.'}`,
        );
        if (report.errors.length > 0)
          printTable(
            report.errors.map((e) => ({ ...e, order: e.order ?? '' })),
            ['row', 'order', 'column', 'code', 'reason'],
          );
        if (report.notices.length > 0) {
          console.log(`${report.notices.length} notice(s), not errors:`);
          printTable(
            report.notices.map((n) => ({ ...n })),
            ['row', 'order', 'column', 'code', 'reason'],
          );
        }
      }
      if (report.errors.length > 0) process.exitCode = EXIT.failed;
    });
}
