import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, progressBar, withContext } from '../../../cli/runtime.js';
import { importSkus } from '../commands/import-skus.js';
import { getSku } from '../queries/get-sku.js';
import { listSkus } from '../queries/list-skus.js';

export function registerSkuCommands(program: Command): void {
  const skus = program.command('skus').description('SKUs: import, list, show');

  skus
    .command('import <file>')
    .description(
      'Import SKUs from a CSV file (columns code, name, gtin, unit); re-running a file changes nothing',
    )
    .option(
      '--skip-invalid',
      'write the valid rows and report the others (default: any error writes nothing)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { skipInvalid?: boolean; json?: boolean }) => {
      let csv: string;
      try {
        csv = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliExit(EXIT.usage, `Cannot read ${file}: ${(e as Error).message}`);
      }
      const bar = progressBar('Importing SKUs');
      const report = await withContext(async (ctx) => {
        try {
          return (
            await importSkus(ctx, csv, {
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
          `${report.totalRows} row(s): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
            `${report.rejected} rejected.${report.committed ? '' : ' Nothing was written.'}`,
        );
        if (report.errors.length > 0)
          printTable(report.errors as unknown as Record<string, unknown>[], [
            'row',
            'column',
            'code',
            'reason',
          ]);
      }
      if (report.errors.length > 0) process.exitCode = EXIT.failed;
    });

  skus
    .command('list')
    .description('List SKUs, optionally matching a code prefix, name or GTIN')
    .option('-q, --query <text>', 'search text')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { query?: string; limit: string; json?: boolean }) => {
      const page = await withContext((ctx) =>
        listSkus(ctx, { query: opts.query, limit: Math.min(500, Number(opts.limit) || 50) }),
      );
      if (opts.json) console.log(JSON.stringify(page, null, 2));
      else
        printTable(page.items as unknown as Record<string, unknown>[], [
          'code',
          'name',
          'gtin',
          'unit',
          'isArchived',
        ]);
    });

  skus
    .command('show <code>')
    .description('Show one SKU')
    .option('--json', 'print JSON')
    .action(async (code: string, opts: { json?: boolean }) => {
      const sku = await withContext((ctx) => getSku(ctx, code));
      if (opts.json) console.log(JSON.stringify(sku, null, 2));
      else for (const [k, v] of Object.entries(sku)) console.log(`${k.padEnd(10)} ${v ?? ''}`);
    });
}
