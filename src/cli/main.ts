#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { type Db, migrate, openDatabase } from '../db/index.js';
import { createDemoUsers, type DemoLogin, describeDemoLogin } from '../demo/demo-users.js';
import { isEmptyDatabase, seedDemo } from '../demo/seed-demo.js';
import { registerAccessCommands } from '../modules/access/index.js';
import { registerSkuCommands } from '../modules/catalog/index.js';
import { registerCountCommands } from '../modules/counting/index.js';
import {
  registerPackingCommands,
  registerPickingCommands,
  registerShipmentCommands,
} from '../modules/fulfillment/index.js';
import { registerInventoryCommands } from '../modules/inventory/index.js';
import { registerOrderCommands } from '../modules/orders/index.js';
import { registerPurchasingCommands, registerReceivingCommands } from '../modules/purchasing/index.js';
import { registerPutawayCommands } from '../modules/putaway/index.js';
import { registerReportCommands } from '../modules/reports/index.js';
import { registerReturnCommands } from '../modules/returns/index.js';
import { registerTransferCommands } from '../modules/transfers/index.js';
import { VERSION } from '../version.js';
import { CliExit, cliConfig, EXIT, explain, progressBar, withContext } from './runtime.js';

const program = new Command()
  .name('coulisse')
  .description('Coulisse: orders, inventory, warehouse and books for e-commerce operations')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

/** Seeds the demo shop and its people into an empty database; returns the demo login, or null. */
async function seedIfEmpty(db: Db, quiet: boolean): Promise<DemoLogin | null> {
  if (!(await isEmptyDatabase(db))) return null;
  const bar = quiet ? { update() {}, stop() {} } : progressBar('Seeding demo data');
  try {
    const report = await seedDemo(db, { onProgress: bar.update });
    bar.stop();
    if (!quiet)
      console.error(
        `Demo data: ${report.skus} SKUs, ${report.locations} locations, ${report.moves} moves, ${report.reservations} reservations.`,
      );
  } finally {
    bar.stop();
  }
  return createDemoUsers(db);
}

program
  .command('serve')
  .description('Start the HTTP API (and the docs page); applies pending migrations first')
  .option('-p, --port <port>', 'port (default PORT or 3000)')
  .option('--host <host>', 'interface to listen on (default HOST or 127.0.0.1)')
  .option('--demo', 'seed the demo shop first if the database is empty')
  .action(async (opts: { port?: string; host?: string; demo?: boolean }) => {
    const base = cliConfig();
    const port = opts.port === undefined ? base.port : Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliExit(EXIT.usage, `--port must be 0-65535; got ${opts.port}`);
    const config = Object.freeze({ ...base, port, host: opts.host ?? base.host });
    // Loaded here so that the other commands do not pay for the web stack.
    const { startServer } = await import('../http/server.js');
    let login: DemoLogin | null = null;
    const server = await startServer(config, {
      beforeListen: opts.demo
        ? async (db) => {
            login = await seedIfEmpty(db, false);
          }
        : undefined,
    });
    console.error(`\nCoulisse is running: ${server.url}  (API ${server.url}/v1, docs ${server.url}/docs)`);
    console.error(
      login
        ? describeDemoLogin(login, server.url)
        : '(Sign in with an existing account; create one with `coulisse users create --role owner`.)\n',
    );
    const shutdown = async (signal: string) => {
      console.error(`${signal} received, shutting down…`);
      await server.close();
      process.exit(EXIT.ok);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const db = await openDatabase(cliConfig());
    try {
      const report = await migrate(db);
      console.log(
        report.applied.length > 0
          ? `Applied: ${report.applied.join(', ')}`
          : `Up to date (${report.alreadyApplied} migrations).`,
      );
    } finally {
      await db.close();
    }
  });

program
  .command('demo')
  .description(
    'Seed an empty database with a realistic demo shop (~200 SKUs, two warehouses, stock and history)',
  )
  .action(async () => {
    await withContext(async (_ctx, db) => {
      const login = await seedIfEmpty(db, false);
      if (!login) {
        throw new CliExit(
          EXIT.failed,
          'The database already has data; the demo only seeds an empty database.',
        );
      }
      console.log(describeDemoLogin(login, null));
    }, 'demo');
  });

registerSkuCommands(program);
registerInventoryCommands(program);
registerAccessCommands(program);
registerOrderCommands(program);
registerShipmentCommands(program);
registerPackingCommands(program);
registerPickingCommands(program);
registerReportCommands(program);
registerCountCommands(program);
registerPurchasingCommands(program);
registerReceivingCommands(program);
registerPutawayCommands(program);
registerTransferCommands(program);
registerReturnCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  const { message, exitCode } = explain(e);
  console.error(message);
  process.exitCode = exitCode;
}
