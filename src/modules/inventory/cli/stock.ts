import type { Command } from 'commander';
import { EXIT, printTable, withContext } from '../../../cli/runtime.js';
import { expireReservations } from '../commands/expire-reservations.js';
import { checkLedger } from '../queries/check-ledger.js';
import { getStock } from '../queries/get-stock.js';
import { listLocations } from '../queries/list-locations.js';
import { listMoves } from '../queries/list-moves.js';
import { registerLocationSubcommands } from './locations.js';

export function registerInventoryCommands(program: Command): void {
  const stock = program.command('stock').description('Stock: balances and movement history');

  stock
    .command('show <sku>')
    .description('Stock of a SKU per location: on hand, reserved, available, with totals')
    .option('--location <code>', 'only this location and what is under it')
    .option('--virtual', 'include virtual locations (supplier, customer, …)')
    .option('--as-of <time>', 'stock as it stood at this ISO date-time')
    .option('--json', 'print JSON')
    .action(
      async (sku: string, opts: { location?: string; virtual?: boolean; asOf?: string; json?: boolean }) => {
        const report = await withContext((ctx) =>
          getStock(ctx, {
            sku,
            location: opts.location,
            includeVirtual: opts.virtual,
            asOf: opts.asOf,
            limit: 500,
          }),
        );
        if (opts.json) return console.log(JSON.stringify(report, null, 2));
        printTable(report.items as unknown as Record<string, unknown>[], [
          'location',
          'onHand',
          'reserved',
          'available',
        ]);
        console.log(
          `\nTotal (physical): on hand ${report.totals.onHand}, reserved ${report.totals.reserved}, available ${report.totals.available}`,
        );
      },
    );

  stock
    .command('moves')
    .description('Movement history, newest first ("why is it X")')
    .option('--sku <code>')
    .option('--location <code>')
    .option('--since <time>', 'occurred at or after (ISO date-time)')
    .option('--until <time>', 'occurred before (ISO date-time)')
    .option('--reason <reason>')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        sku?: string;
        location?: string;
        since?: string;
        until?: string;
        reason?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await withContext((ctx) =>
          listMoves(ctx, {
            sku: opts.sku,
            location: opts.location,
            since: opts.since,
            until: opts.until,
            reason: opts.reason,
            limit: Math.min(500, Number(opts.limit) || 50),
          }),
        );
        if (opts.json) return console.log(JSON.stringify(page, null, 2));
        printTable(
          page.items.map((m) => ({
            ...m,
            occurredAt: m.occurredAt.slice(0, 19).replace('T', ' '),
            actor: m.actor.id,
          })),
          [
            'occurredAt',
            'sku',
            'from',
            'to',
            'qty',
            ...(opts.location ? ['delta'] : []),
            ...(opts.sku && opts.location ? ['balanceAfter'] : []),
            'type',
            'reason',
            'reference',
            'actor',
          ],
        );
      },
    );

  const locations = program
    .command('locations')
    .description('List locations (warehouses, zones, bins); import and lay them out')
    .option('--warehouse <code>')
    .option('--virtual', 'include virtual locations')
    .option('--json', 'print JSON')
    .action(async (opts: { warehouse?: string; virtual?: boolean; json?: boolean }) => {
      const page = await withContext((ctx) =>
        listLocations(ctx, { warehouse: opts.warehouse, includeVirtual: opts.virtual, limit: 500 }),
      );
      if (opts.json) return console.log(JSON.stringify(page, null, 2));
      printTable(page.items as unknown as Record<string, unknown>[], [
        'code',
        'kind',
        'name',
        'parent',
        'isArchived',
      ]);
    });
  registerLocationSubcommands(locations);

  program
    .command('check')
    .description('Re-derive every balance from the moves and verify the ledger; exits 1 listing each problem')
    .option('--grace <seconds>', 'how long an open reservation may outlive its expiry', '60')
    .option('--no-expire', 'do not expire due reservations first (read only)')
    .option('--json', 'print JSON')
    .action(async (opts: { grace: string; expire: boolean; json?: boolean }) => {
      const { expired, report } = await withContext(async (ctx, db) => {
        const expired = opts.expire ? await expireReservations(ctx) : 0;
        return { expired, report: await checkLedger(db, { expiryGraceSeconds: Number(opts.grace) || 0 }) };
      }, 'check');
      if (opts.json) console.log(JSON.stringify({ expiredFirst: expired, ...report }, null, 2));
      else {
        if (expired > 0) console.log(`Expired ${expired} reservation(s) that were due.`);
        const s = report.stats;
        console.log(
          `Checked ${s.moves} moves, ${s.balances} balances, ${s.openReservations} open reservations, ${s.skus} SKUs.`,
        );
        if (report.ok)
          console.log(
            'Ledger OK: every balance matches its moves; every SKU sums to zero; reservations match.',
          );
        else {
          console.log(`${report.problems.length} problem(s):`);
          printTable(
            report.problems.map((p) => ({
              check: p.check,
              key: Object.entries(p.key)
                .map(([k, v]) => `${k}=${v}`)
                .join(' '),
              expected: p.expected,
              actual: p.actual,
            })),
            ['check', 'key', 'expected', 'actual'],
          );
        }
      }
      if (!report.ok) process.exitCode = EXIT.failed;
    });
}
