import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliExit, EXIT, printTable, progressBar, withContext } from '../../../cli/runtime.js';
import { importLocations } from '../commands/import-locations.js';
import { updateLocationLayout } from '../commands/update-location-layout.js';
import type { LayoutPatch } from '../domain/location-layout.js';

/** `none` clears a layout field; anything else must be a whole number (aisles are free text). */
function layoutNumber(flag: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'none') return null;
  if (!/^\d{1,10}$/.test(value))
    throw new CliExit(EXIT.usage, `${flag} must be a whole number 0 or more, or none`);
  return Number(value);
}

/**
 * `coulisse locations import <file.csv>` and `coulisse locations layout <code>`, under the `locations`
 * command (which itself lists locations). `--json` is the parent's option too, so it is read with the
 * parents' options (commander gives a known option to the parent wherever it stands).
 */
export function registerLocationSubcommands(locations: Command): void {
  locations
    .command('import <file>')
    .description(
      'Import zones and bins with their layout from a CSV file (columns code, name, kind, parent, aisle, bay, level, x, y, pick_seq); re-running a file changes nothing',
    )
    .option(
      '--skip-invalid',
      'write the valid rows and report the others (default: any error writes nothing)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ skipInvalid?: boolean; json?: boolean }>();
      let csv: string;
      try {
        csv = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliExit(EXIT.usage, `Cannot read ${file}: ${(e as Error).message}`);
      }
      const bar = progressBar('Importing locations');
      const report = await withContext(async (ctx) => {
        try {
          return (
            await importLocations(ctx, csv, {
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
            'location',
            'code',
            'reason',
          ]);
      }
      if (report.errors.length > 0) process.exitCode = EXIT.failed;
    });

  locations
    .command('layout <code>')
    .description(
      'Set where a warehouse (its depot), zone or bin is on the floor plan; options left out keep their value, "none" clears one',
    )
    .option('--aisle <aisle>', 'aisle name (1-40 characters)')
    .option('--bay <n>', 'bay number along the aisle')
    .option('--level <n>', 'shelf level (0 = floor)')
    .option('--x <cm>', 'centimetres on the floor plan (with --y)')
    .option('--y <cm>', 'centimetres on the floor plan (with --x)')
    .option('--pick-seq <n>', 'pick order when coordinates are unknown')
    .option('--json', 'print JSON')
    .action(async (code: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{
        aisle?: string;
        bay?: string;
        level?: string;
        x?: string;
        y?: string;
        pickSeq?: string;
        json?: boolean;
      }>();
      const patch: LayoutPatch = {};
      if (opts.aisle !== undefined) patch.aisle = opts.aisle.toLowerCase() === 'none' ? null : opts.aisle;
      const numbers = { bay: '--bay', level: '--level', x: '--x', y: '--y', pickSeq: '--pick-seq' } as const;
      for (const [field, flag] of Object.entries(numbers) as [keyof typeof numbers, string][]) {
        const value = layoutNumber(flag, opts[field]);
        if (value !== undefined) patch[field] = value;
      }
      if (Object.keys(patch).length === 0) {
        throw new CliExit(
          EXIT.usage,
          'Give at least one of --aisle, --bay, --level, --x and --y, --pick-seq.',
        );
      }
      const { value } = await withContext((ctx) => updateLocationLayout(ctx, code, patch));
      if (opts.json) return console.log(JSON.stringify(value, null, 2));
      const l = value.layout;
      console.log(
        `${value.code}: aisle ${l.aisle ?? '-'}, bay ${l.bay ?? '-'}, level ${l.level ?? '-'}, ` +
          `x ${l.x ?? '-'} cm, y ${l.y ?? '-'} cm, pick sequence ${l.pickSeq ?? '-'}`,
      );
    });
}
