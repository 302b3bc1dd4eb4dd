/**
 * The benchmark (`npm run bench`). It prints figures; it asserts no timings.
 *
 * Stock cycle: one cycle = POST /v1/stock/receipts + POST /v1/reservations (1-3 lines) +
 * POST /v1/reservations/{id}/post, driven by 32 clients over HTTP against real server processes
 * (`node dist/cli/main.js serve`):
 *   - PGlite, 1 process (the embedded engine allows one);
 *   - PostgreSQL, 1 and 4 processes on one database;
 * and beside them the same SQL as a pgbench script (bench/pgbench/cycle.sql, -M prepared), the database's
 * own limit on this machine, with the ratio HTTP ÷ pgbench (target: at least 0.5).
 * Order intake: 32 clients POST /v1/orders (1-5 lines) on PGlite and on PostgreSQL with 1 and 4 processes,
 * and beside them one order of 3 lines as a pgbench script (bench/pgbench/order-intake.sql), with the ratio
 * HTTP orders/s ÷ pgbench orders/s (target: at least 0.5).
 * Before each pgbench scenario the app's current SQL is recorded (bench/lib/same-sql.ts) and compared with
 * the script's; a script that no longer matches is reported STALE and the run exits non-zero.
 * Each scenario runs on a fresh database (coulisse_bench_<pid>_…) or PGlite directory seeded by the app's own
 * commands, analyzed, warmed up, then measured; afterwards the ledger is checked (checkLedger) and every
 * acknowledged write is looked for in the database. A scenario that fails either check is void.
 *
 * Environment: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (5), BENCH_CLIENTS (32), BENCH_SKUS (1000),
 * BENCH_BINS (10), BENCH_INITIAL_QTY (1000), BENCH_POOL_SIZE (server pool per process; default: one connection
 * per client in flight, clients ÷ processes; the postgres-1-default scenario keeps the app's default of 10),
 * BENCH_PGBENCH_CLIENTS ("32,8": the client counts of both pgbench scenarios), BENCH_SCENARIOS
 * ("pglite,postgres-1,postgres-1-default,postgres-4,pgbench,orders-pglite,orders-postgres-1,orders-postgres-4,
 * orders-pgbench"), BENCH_SEED,
 * BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/postgres: the server and an admin database),
 * BENCH_SKIP_BUILD=1 (reuse dist/), BENCH_KEEP=1 (keep the databases and directories, and print them).
 *
 * Orders list (not in the default list: seeding takes a while): `orders-list` (PostgreSQL) and
 * `orders-list-pglite` seed BENCH_LIST_ORDERS (100000) orders set-based in SQL (bench/lib/orders-list.ts),
 * start one server with the app's default pool, and send the web UI's typical GET /v1/orders requests (first
 * page, page 20 by cursor, status, channel, warehouse, SKU, customer e-mail, date range, on hold; 50 orders
 * each): per kind BENCH_LIST_REQUESTS (200) one after another, then as many over BENCH_LIST_CONCURRENCY (8)
 * connections, each mode stopped after BENCH_LIST_BUDGET_SECONDS (60); p50/p95/p99 per kind. E.g.
 * `BENCH_SCENARIOS=orders-list,orders-list-pglite npm run bench`.
 *
 * Pick path (not in the default list): `pick-path` runs bench/pick-path.ts, pure computation (no build, no
 * database); named alone, nothing else happens and bench/results/latest.json is left as it was.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { basename, join, relative } from 'node:path';
import { loadConfig } from '../src/config.js';
import { type Db, migrate, openPglite, openPostgres } from '../src/db/index.js';
import { checkLedger, type LedgerReport } from '../src/modules/inventory/index.js';
import { type Cores, type CpuGroups, type CpuSnapshot, coresBetween, cpuSnapshot } from './lib/cpu.js';
import { BENCH_CHANNEL, BIN_BASE, checkDataset, type Dataset, SKU_BASE, seedDataset } from './lib/dataset.js';
import { type LoadResult, OPS, runLoad } from './lib/load.js';
import {
  cursorQuery,
  fmtP,
  type ListKindResult,
  listRequestKinds,
  runListRequests,
  seedOrdersList,
} from './lib/orders-list.js';
import { type OrderLoadResult, runOrderLoad } from './lib/orders-load.js';
import {
  CYCLE_SQL,
  measurePgbench,
  ORDER_INTAKE_SQL,
  type PgbenchResult,
  type PgbenchTarget,
} from './lib/pgbench.js';
import { ORDER_PROBE_LINES } from './lib/probe.js';
import {
  cleanupAll,
  installExitHandlers,
  onCleanup,
  ROOT,
  runProgram,
  type ServerProcess,
  startServer,
} from './lib/processes.js';
import { compareCycleSql, compareOrderSql, type SqlComparison } from './lib/same-sql.js';
import { fmt, round } from './lib/stats.js';
import { runPickPathBench } from './pick-path.js';

// Configuration ---------------------------------------------------------------------------------------------

function envInt(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number >= ${min}; got "${raw}"`);
  return n;
}

const SCENARIOS = [
  'pglite',
  'postgres-1',
  'postgres-1-default',
  'postgres-4',
  'pgbench',
  'orders-pglite',
  'orders-postgres-1',
  'orders-postgres-4',
  'orders-pgbench',
] as const;
/** Scenarios run only when named in BENCH_SCENARIOS. */
const OPTIONAL_SCENARIOS = ['orders-list', 'orders-list-pglite', 'pick-path'] as const;
type ScenarioName = (typeof SCENARIOS)[number] | (typeof OPTIONAL_SCENARIOS)[number];
const KNOWN_SCENARIOS: readonly string[] = [...SCENARIOS, ...OPTIONAL_SCENARIOS];

const config = {
  seconds: envInt('BENCH_SECONDS', 10, 1),
  warmupSeconds: envInt('BENCH_WARMUP_SECONDS', 5, 0),
  clients: envInt('BENCH_CLIENTS', 32, 1),
  /**
   * The servers' pool per process: BENCH_POOL_SIZE, else clients ÷ processes, so that every client's
   * transaction reaches the database at once (on 2 cores the database does more per second the more
   * commits it can group; with the app's default 10 it ran ~25 % fewer cycles: see docs/benchmarks.md).
   */
  poolSize: process.env.BENCH_POOL_SIZE ? envInt('BENCH_POOL_SIZE', 10, 1) : null,
  appDefaultPoolSize: loadConfig({}).dbPoolSize,
  pgbenchClients: (process.env.BENCH_PGBENCH_CLIENTS ?? '32,8')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => Number(s.trim())),
  scenarios: (process.env.BENCH_SCENARIOS ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '') as ScenarioName[],
  seed: envInt('BENCH_SEED', Math.floor(Math.random() * 2 ** 31)),
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  keep: process.env.BENCH_KEEP === '1',
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  list: {
    orders: envInt('BENCH_LIST_ORDERS', 100_000, 1_000),
    requests: envInt('BENCH_LIST_REQUESTS', 200, 1),
    concurrency: envInt('BENCH_LIST_CONCURRENCY', 8, 1),
    budgetSeconds: envInt('BENCH_LIST_BUDGET_SECONDS', 60, 1),
  },
};
const dataset: Dataset = {
  skus: envInt('BENCH_SKUS', 1000, 3),
  bins: envInt('BENCH_BINS', 10, 3),
  initialQty: envInt('BENCH_INITIAL_QTY', 1000, 1),
};
checkDataset(dataset);
for (const s of config.scenarios) {
  if (!KNOWN_SCENARIOS.includes(s))
    throw new Error(`BENCH_SCENARIOS: unknown "${s}" (known: ${KNOWN_SCENARIOS.join(', ')})`);
}
if (config.pgbenchClients.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error(
    `BENCH_PGBENCH_CLIENTS must list whole numbers; got "${process.env.BENCH_PGBENCH_CLIENTS}"`,
  );

const RUN_ID = `${process.pid}`;
const DB_PREFIX = 'coulisse_bench_';
const DIR_PREFIX = 'coulisse-bench-';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

const log = (line: string) => console.log(line);

// Databases and directories ---------------------------------------------------------------------------------

const adminHolder: { db?: Db } = {};
async function adminDb(): Promise<Db> {
  adminHolder.db ??= await openPostgres({
    url: config.pgUrl,
    poolSize: 2,
    applicationName: 'coulisse-bench-admin',
  });
  return adminHolder.db;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Databases and directories left by a benchmark that was killed (its pid, in their names, is gone). */
async function sweepLeftovers(): Promise<void> {
  const db = await adminDb();
  const { rows } = await db
    .query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'coulisse\\_bench\\_%'`)
    .catch(() => ({ rows: [] as { datname: string }[] }));
  for (const { datname } of rows) {
    const pid = Number(/^coulisse_bench_(\d+)_/.exec(datname)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
      log(`  removing database ${datname}, left by benchmark process ${pid} (gone)`);
      await db.exec(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
      log(`  removing ${join(os.tmpdir(), name)}, left by benchmark process ${pid} (gone)`);
      rmSync(join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

interface Storage {
  /** What a server needs in its environment. */
  readonly env: Record<string, string>;
  readonly label: string;
  open(): Promise<Db>;
  /** Drops the database or removes the directory (unless BENCH_KEEP=1). */
  dispose(): Promise<void>;
  readonly databaseName: string | null;
}

async function freshPostgres(suffix: string): Promise<Storage> {
  const name = `${DB_PREFIX}${RUN_ID}_${suffix}`;
  const db = await adminDb();
  await db.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await db.exec(`CREATE DATABASE "${name}"`);
  const drop = async () => {
    await (await adminDb()).exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  const unregister = config.keep ? () => {} : onCleanup(`drop database ${name}`, drop);
  const url = withDatabase(config.pgUrl, name);
  return {
    env: { DATABASE_URL: url },
    label: name,
    databaseName: name,
    open: () => openPostgres({ url, poolSize: 8, applicationName: 'coulisse-bench' }),
    async dispose() {
      if (config.keep) return log(`  kept database ${name}`);
      unregister();
      await drop();
    },
  };
}

function freshPgliteDir(): Storage {
  const dir = mkdtempSync(join(os.tmpdir(), `${DIR_PREFIX}${RUN_ID}-`));
  const remove = async () => rmSync(dir, { recursive: true, force: true });
  const unregister = config.keep ? () => {} : onCleanup(`remove ${dir}`, remove);
  return {
    env: { COULISSE_DATA_DIR: dir },
    label: dir,
    databaseName: null,
    open: () => openPglite({ dataDir: dir }),
    async dispose() {
      if (config.keep) return log(`  kept PGlite directory ${dir}`);
      unregister();
      await remove();
    },
  };
}

/** The API key of the last seeded database (the load generator sends it; pgbench reads its row). */
let authorization = '';
let benchKey = { id: '', prefix: '', hash: '', warehouseId: '' };

async function seed(storage: Storage): Promise<number> {
  const started = performance.now();
  const db = await storage.open();
  try {
    await migrate(db);
    ({ authorization } = await seedDataset(db, dataset));
    const { rows } = await db.query<{ id: string; prefix: string; hash: string; warehouse_id: string }>(
      `SELECT k.api_key_id AS id, k.prefix, k.secret_hash AS hash, w.warehouse_id
         FROM api_keys k JOIN api_key_warehouses w ON w.api_key_id = k.api_key_id
        WHERE k.name = 'bench integration'`,
    );
    benchKey = { ...rows[0]!, warehouseId: rows[0]!.warehouse_id };
  } finally {
    await db.close();
  }
  return (performance.now() - started) / 1000;
}

/** PIDs of the backends serving one database (sampled for CPU), optionally only pgbench's. */
async function backendPids(database: string | null, applicationName?: string): Promise<number[]> {
  if (database === null) return [];
  const { rows } = await (await adminDb()).query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND ($2::text IS NULL OR application_name = $2)`,
    [database, applicationName ?? null],
  );
  return rows.map((r) => r.pid);
}

// Verification ----------------------------------------------------------------------------------------------

interface Verification {
  readonly ledgerOk: boolean;
  readonly ledger: { problems: LedgerReport['problems']; stats: LedgerReport['stats'] };
  /** Acknowledged writes against what the database holds. */
  readonly persisted: Record<string, { acknowledged: number; inDatabase: number }>;
  readonly persistedOk: boolean;
  readonly ok: boolean;
}

async function verify(
  storage: Storage,
  expected: (db: Db) => Promise<Record<string, { acknowledged: number; inDatabase: number }>>,
): Promise<Verification> {
  const db = await storage.open();
  try {
    const report = await checkLedger(db);
    const persisted = await expected(db);
    const persistedOk = Object.values(persisted).every((p) => p.acknowledged === p.inDatabase);
    return {
      ledgerOk: report.ok,
      ledger: { problems: report.problems.slice(0, 20), stats: report.stats },
      persisted,
      persistedOk,
      ok: report.ok && persistedOk,
    };
  } finally {
    await db.close();
  }
}

function describeVerification(v: Verification): string {
  const s = v.ledger.stats;
  const ledger = v.ledgerOk
    ? `ledger OK (${s.moves} moves, ${s.balances} balances, ${s.openReservations} open reservations)`
    : `LEDGER INCONSISTENT: ${v.ledger.problems.length} problem(s), e.g. ${JSON.stringify(v.ledger.problems[0])}`;
  const persisted = Object.entries(v.persisted)
    .map(
      ([k, p]) =>
        `${k} ${p.acknowledged}${p.acknowledged === p.inDatabase ? '' : ` ≠ ${p.inDatabase} in db`}`,
    )
    .join(', ');
  return `${ledger}; acknowledged = persisted: ${v.persistedOk ? 'yes' : 'NO'} (${persisted})`;
}

// Scenarios -------------------------------------------------------------------------------------------------

interface HttpScenario {
  readonly kind: 'http';
  readonly name: string;
  readonly engine: 'pglite' | 'postgres';
  readonly processes: number;
  readonly clients: number;
  readonly poolSize: number | null;
  readonly seedSeconds: number;
  readonly load: LoadResult;
  readonly cpu: Cores;
  readonly verification: Verification;
  readonly serverWarnings: string[];
}

/** Which SQL a pgbench scenario replays: the stock cycle (cycle.sql) or order intake (order-intake.sql). */
type Workload = 'cycle' | 'orders';

interface PgbenchScenario {
  readonly kind: 'pgbench';
  readonly workload: Workload;
  readonly name: string;
  readonly result: PgbenchResult;
  readonly cpu: Cores;
  readonly verification: Verification;
  readonly sameSql: SqlComparison;
}

async function httpScenario(
  engine: 'pglite' | 'postgres',
  processes: number,
  poolOverride?: number,
): Promise<HttpScenario> {
  const poolSize = poolOverride ?? config.poolSize ?? Math.ceil(config.clients / processes);
  const name =
    `${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${processes} process${processes > 1 ? 'es' : ''}` +
    (engine === 'postgres' ? `, pool ${poolSize}` : '');
  log(`\n▶ ${name}, ${config.clients} clients`);
  const storage = engine === 'pglite' ? freshPgliteDir() : await freshPostgres(`p${processes}`);
  const seedSeconds = await seed(storage);
  log(
    `  seeded ${storage.label} in ${seedSeconds.toFixed(1)} s (${dataset.skus} SKUs, ${dataset.bins} bins)`,
  );
  const env = {
    ...storage.env,
    COULISSE_DB_POOL_SIZE: String(poolSize),
    // One integration key drives the whole load: the per-key limit must not be what is measured.
    COULISSE_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const servers: ServerProcess[] = [];
  try {
    // Started one after another: several processes compiling at once on 2 cores only slows each down.
    for (let i = 0; i < processes; i++) servers.push(await startServer(env));
    log(`  servers: ${servers.map((s) => `pid ${s.pid} :${s.port}`).join(', ')}`);
    const groups = async (): Promise<CpuGroups> => ({
      client: [process.pid],
      server: servers.map((s) => s.pid),
      // PGlite runs inside the server process: its CPU is the server's.
      ...(engine === 'postgres' ? { database: await backendPids(storage.databaseName) } : {}),
    });
    // The same processes at both edges: the pool connections are all open after the warm-up.
    const sampled: { groups?: CpuGroups; before?: CpuSnapshot; after?: CpuSnapshot } = {};
    log(`  warm-up ${config.warmupSeconds} s, then measuring ${config.seconds} s…`);
    const load = await runLoad({
      ports: servers.map((s) => s.port),
      clients: config.clients,
      warmupMs: config.warmupSeconds * 1000,
      measureMs: config.seconds * 1000,
      dataset,
      seed: config.seed,
      authorization,
      async onWindow(edge) {
        if (edge === 'start') {
          sampled.groups = await groups();
          sampled.before = cpuSnapshot(sampled.groups);
        } else sampled.after = cpuSnapshot(sampled.groups ?? (await groups()));
      },
    });
    const cpu = sampled.before && sampled.after ? coresBetween(sampled.before, sampled.after) : {};
    await Promise.all(servers.map((s) => s.stop()));
    const serverWarnings = servers.flatMap((s) =>
      s
        .output()
        .split('\n')
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(0, 5),
    );
    const verification = await verify(storage, async (db) => {
      const { rows } = await db.query<{ receipts: number; reservations: number; posted: number }>(
        `SELECT (SELECT count(*) FROM stock_moves WHERE move_type = 'receipt' AND actor_kind = 'api_key')::bigint AS receipts,
                (SELECT count(*) FROM reservations WHERE created_by_kind = 'api_key')::bigint AS reservations,
                (SELECT count(*) FROM reservations WHERE created_by_kind = 'api_key' AND status = 'posted')::bigint AS posted`,
      );
      const r = rows[0]!;
      return {
        receipts: { acknowledged: load.acknowledged.receipt, inDatabase: r.receipts },
        reservations: { acknowledged: load.acknowledged.reserve, inDatabase: r.reservations },
        posts: { acknowledged: load.acknowledged.post, inDatabase: r.posted },
      };
    });
    log(`  ${summarizeLoad(load)}`);
    log(`  CPU cores: ${describeCpu(cpu)}`);
    log(`  ${describeVerification(verification)}`);
    for (const f of load.failures) log(`  ! ${f.count} × ${f.op} → ${f.status}: ${f.sample}`);
    for (const w of serverWarnings) log(`  ! server log: ${w.slice(0, 300)}`);
    return {
      kind: 'http',
      name,
      engine,
      processes,
      clients: config.clients,
      poolSize: engine === 'postgres' ? poolSize : null,
      seedSeconds,
      load,
      cpu,
      verification,
      serverWarnings,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await storage.dispose();
  }
}

interface OrdersScenario {
  readonly name: string;
  readonly engine: 'pglite' | 'postgres';
  readonly processes: number;
  readonly poolSize: number | null;
  readonly load: OrderLoadResult;
  readonly cpu: Cores;
  readonly verification: Verification;
}

/** Order intake through HTTP: 1–5 lines per order, allocated and reserved, with timeline, outbox and audit. */
async function ordersScenario(engine: 'pglite' | 'postgres', processes: number): Promise<OrdersScenario> {
  const poolSize = config.poolSize ?? Math.ceil(config.clients / processes);
  const name =
    `Orders, ${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${processes} process${processes > 1 ? 'es' : ''}` +
    (engine === 'postgres' ? `, pool ${poolSize}` : '');
  log(`\n▶ ${name}, ${config.clients} clients`);
  const storage = engine === 'pglite' ? freshPgliteDir() : await freshPostgres(`o${processes}`);
  const seedSeconds = await seed(storage);
  log(`  seeded ${storage.label} in ${seedSeconds.toFixed(1)} s`);
  const env = {
    ...storage.env,
    COULISSE_DB_POOL_SIZE: String(poolSize),
    COULISSE_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < processes; i++) servers.push(await startServer(env));
    const groups = async (): Promise<CpuGroups> => ({
      client: [process.pid],
      server: servers.map((s) => s.pid),
      ...(engine === 'postgres' ? { database: await backendPids(storage.databaseName) } : {}),
    });
    const sampled: { groups?: CpuGroups; before?: CpuSnapshot; after?: CpuSnapshot } = {};
    log(`  warm-up ${config.warmupSeconds} s, then measuring ${config.seconds} s…`);
    const load = await runOrderLoad({
      ports: servers.map((s) => s.port),
      clients: config.clients,
      warmupMs: config.warmupSeconds * 1000,
      measureMs: config.seconds * 1000,
      dataset,
      seed: config.seed,
      authorization,
      channel: BENCH_CHANNEL,
      async onWindow(edge) {
        if (edge === 'start') {
          sampled.groups = await groups();
          sampled.before = cpuSnapshot(sampled.groups);
        } else sampled.after = cpuSnapshot(sampled.groups ?? (await groups()));
      },
    });
    const cpu = sampled.before && sampled.after ? coresBetween(sampled.before, sampled.after) : {};
    await Promise.all(servers.map((s) => s.stop()));
    const verification = await verify(storage, async (db) => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM orders`);
      return { orders: { acknowledged: load.acknowledged, inDatabase: rows[0]!.n } };
    });
    log(
      `  ${load.perSec} orders/s (${load.orders} in ${config.seconds} s, ${load.lines} lines); p50 ${load.p50Ms} / p99 ${load.p99Ms} ms; statuses ${JSON.stringify(load.statuses)}`,
    );
    log(`  CPU cores: ${describeCpu(cpu)}`);
    log(`  ${describeVerification(verification)}`);
    for (const f of load.failures) log(`  ! ${f.count} × ${f.status}: ${f.sample}`);
    return {
      name,
      engine,
      processes,
      poolSize: engine === 'postgres' ? poolSize : null,
      load,
      cpu,
      verification,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await storage.dispose();
  }
}

interface OrdersListScenario {
  readonly name: string;
  readonly engine: 'pglite' | 'postgres';
  readonly orders: number;
  readonly seedSeconds: number;
  readonly counts: Record<string, number>;
  readonly kinds: ListKindResult[];
  readonly cpu: Cores;
  readonly loadAverage: { before: number[]; after: number[] };
}

/**
 * The orders list on a large order book: BENCH_LIST_ORDERS orders seeded in SQL, one server (the app's
 * default pool), the UI's typical GET /v1/orders requests measured one after another and 8 at once.
 */
async function ordersListScenario(engine: 'pglite' | 'postgres'): Promise<OrdersListScenario> {
  const n = config.list.orders;
  const name = `Orders list, ${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${n.toLocaleString('en-US')} orders`;
  log(`\n▶ ${name}`);
  const storage = engine === 'pglite' ? freshPgliteDir() : await freshPostgres('list');
  try {
    const started = performance.now();
    const db = await storage.open();
    let seeded: Awaited<ReturnType<typeof seedOrdersList>>;
    try {
      await migrate(db);
      seeded = await seedOrdersList(db, n, log);
    } finally {
      await db.close();
    }
    const seedSeconds = (performance.now() - started) / 1000;
    log(`  seeded ${storage.label} in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(seeded.counts)}`);
    const server = await startServer({ ...storage.env, COULISSE_RATE_LIMIT_PER_MINUTE: '1000000' });
    try {
      log(`  server: pid ${server.pid} :${server.port}`);
      const kinds = listRequestKinds(seeded.probe);
      const page20 = kinds.find((k) => k.query === '');
      if (page20)
        (page20 as { query: string }).query = await cursorQuery(server.port, seeded.authorization, 20);
      const groups = async (): Promise<CpuGroups> => ({
        client: [process.pid],
        server: [server.pid],
        ...(engine === 'postgres' ? { database: await backendPids(storage.databaseName) } : {}),
      });
      const loadBefore = os.loadavg().map((x) => round(x, 2)!);
      const g = await groups();
      const before = cpuSnapshot(g);
      const results = await runListRequests({
        port: server.port,
        authorization: seeded.authorization,
        kinds,
        requests: config.list.requests,
        concurrency: config.list.concurrency,
        warmup: 20,
        budgetMs: config.list.budgetSeconds * 1000,
        log,
        groups,
      });
      // Over the whole run; connections the pool replaced meanwhile are missing here, not in the per-kind figures.
      const cpu = coresBetween(before, cpuSnapshot(g));
      const loadAfter = os.loadavg().map((x) => round(x, 2)!);
      log(
        `  CPU cores over the run: ${describeCpu(cpu)}; load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
      );
      const warnings = server
        .output()
        .split('\n')
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(0, 5);
      for (const w of warnings) log(`  ! server log: ${w.slice(0, 300)}`);
      return {
        name,
        engine,
        orders: n,
        seedSeconds,
        counts: seeded.counts,
        kinds: results,
        cpu,
        loadAverage: { before: loadBefore, after: loadAfter },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await storage.dispose();
  }
}

function ordersListMarkdown(facts: MachineFacts, runs: readonly OrdersListScenario[]): string {
  const lines: string[] = [];
  for (const r of runs) {
    lines.push(
      `${r.name}: seeded in ${fmt(r.seedSeconds, 0)} s (${Object.entries(r.counts)
        .map(([k, v]) => `${k} ${Number(v).toLocaleString('en-US')}`)
        .join(', ')}); Coulisse ${facts.coulisseCommit}; ` +
        `CPU cores over the run: ${describeCpu(r.cpu)}; load average ${r.loadAverage.before.join(' ')} → ${r.loadAverage.after.join(' ')}.`,
      '',
      `| request (limit 50) | orders returned | one at a time: p50 / p95 / p99 ms | ${config.list.concurrency} at once: p50 / p95 / p99 ms | ${config.list.concurrency} at once: requests/s | CPU cores: server / database / other |`,
      '|---|---|---|---|---|---|',
      ...r.kinds.map(
        (k) =>
          `| ${k.kind} | ${k.items} | ${fmtP(k.sequential)} | ${fmtP(k.concurrent)} | ${fmt(k.concurrent.perSec, 0)} | ` +
          `${cpuCell(k.cpu, ['server', 'database', 'other'])} |`,
      ),
      '',
    );
  }
  return lines.join('\n').trimEnd();
}

function ordersMarkdown(
  facts: MachineFacts,
  orders: readonly OrdersScenario[],
  pgbench: readonly PgbenchScenario[],
  ratios: readonly Ratio[],
): string {
  const rows = orders.map((o) => {
    const ratio = ratios.find((r) => r.scenario === o.name);
    return (
      `| ${o.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} | ${o.processes} | ${o.poolSize ?? '—'} | ${config.clients} | ` +
      `**${o.load.perSec}** | ${o.load.p50Ms} / ${o.load.p99Ms} | ${describeCpu(o.cpu)} | ${ratio ? fmt(ratio.ratio, 2) : '—'} | ` +
      `${o.verification.ok ? 'ledger ok, every 201 persisted' : 'VOID'} |`
    );
  });
  return [
    ...(orders.length > 0
      ? [
          `| engine | server processes | pool per process | clients | orders/s (1–5 lines) | p50 / p99 ms | CPU cores | ÷ pgbench (${ratios[0]?.pgbenchClients ?? config.clients} clients, 3 lines) | checks |`,
          '|---|---|---|---|---|---|---|---|---|',
          ...rows,
        ]
      : []),
    ...pgbenchTable(facts, pgbench),
    ...ratioLines(ratios),
  ]
    .join('\n')
    .trimStart();
}

function pgbenchTarget(database: string): PgbenchTarget {
  const u = new URL(config.pgUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port || '5432',
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
    database,
  };
}

/** What differs between the cycle's and the orders' pgbench scenarios; the scaffolding is the same. */
interface PgbenchWorkload {
  readonly script: string;
  /** What one pgbench transaction is ("cycles", "orders"). */
  readonly unit: string;
  readonly databaseSuffix: string;
  /** Records what the app sends now on the seeded database and compares it with the script. */
  compare(db: Db): Promise<SqlComparison>;
  /** Script variables beside the key's and the data set's. */
  readonly variables: Record<string, string | number>;
  /** Every measured transaction's writes, looked for in the database (ids carry the tag "m"). */
  persisted(db: Db, processed: number): Promise<Record<string, { acknowledged: number; inDatabase: number }>>;
}

const WORKLOADS: Record<Workload, PgbenchWorkload> = {
  cycle: {
    script: CYCLE_SQL,
    unit: 'cycles',
    databaseSuffix: 'pgbench',
    compare: (db) => compareCycleSql(db, dataset),
    variables: { supplier: 'supplier', customer: 'customer', posted: 'posted' },
    async persisted(db, processed) {
      const { rows } = await db.query<{ receipts: number; posted: number }>(
        `SELECT (SELECT count(*) FROM stock_moves WHERE left(move_id, 5) = 'mov_m' AND right(move_id, 1) = 'a')::bigint AS receipts,
                (SELECT count(*) FROM reservations WHERE left(reservation_id, 5) = 'res_m' AND status = 'posted')::bigint AS posted`,
      );
      return {
        receipts: { acknowledged: processed, inDatabase: rows[0]!.receipts },
        posts: { acknowledged: processed, inDatabase: rows[0]!.posted },
      };
    },
  },
  orders: {
    script: ORDER_INTAKE_SQL,
    unit: 'orders',
    databaseSuffix: 'opgbench',
    compare: (db) => compareOrderSql(db, authorization, BENCH_CHANNEL),
    variables: { channel: BENCH_CHANNEL, supplier: 'supplier', allocated: 'allocated' },
    async persisted(db, processed) {
      const { rows } = await db.query<{ orders: number; reservations: number }>(
        `SELECT (SELECT count(*) FROM orders WHERE left(order_id, 5) = 'ord_m' AND status = 'allocated')::bigint AS orders,
                (SELECT count(*) FROM reservations WHERE left(reservation_id, 5) = 'res_m' AND status = 'open')::bigint AS reservations`,
      );
      return {
        orders: { acknowledged: processed, inDatabase: rows[0]!.orders },
        // One reservation per line.
        reservations: { acknowledged: processed * ORDER_PROBE_LINES, inDatabase: rows[0]!.reservations },
      };
    },
  },
};

/**
 * The app's SQL through pgbench: a fresh database seeded like the HTTP scenarios, the script checked
 * against what the app sends now (a stale script is reported, and fails the run, but is still measured),
 * warm-up, measurement, then the ledger and every measured transaction's writes checked.
 */
async function pgbenchScenario(workload: Workload, clients: number): Promise<PgbenchScenario> {
  const w = WORKLOADS[workload];
  const threads = Math.min(2, clients);
  const script = relative(ROOT, w.script);
  const name = `pgbench ${basename(w.script)}, ${clients} clients`;
  log(`\n▶ ${name} (-M prepared -j ${threads}), ${script}`);
  const storage = await freshPostgres(`${w.databaseSuffix}${clients}`);
  try {
    const seedSeconds = await seed(storage);
    log(`  seeded ${storage.label} in ${seedSeconds.toFixed(1)} s`);
    const probeDb = await storage.open();
    const sameSql = await w.compare(probeDb).finally(() => probeDb.close());
    if (sameSql.ok) log(`  ${script} matches the app's SQL (fingerprint ${sameSql.fingerprintApp})`);
    else {
      log(
        `  ! STALE: ${script} no longer matches the SQL the app sends ` +
          `(fingerprint app ${sameSql.fingerprintApp}, script ${sameSql.fingerprintScript ?? 'none'}` +
          `${sameSql.sequenceMatches ? '; same statement sequence, different text' : ''}).`,
      );
      if (!sameSql.sequenceMatches) {
        log(`    first difference: ${sameSql.firstDifference}`);
        log(`    app:    ${JSON.stringify(sameSql.app)}`);
        log(`    script: ${JSON.stringify(sameSql.script)}`);
      }
      log(
        `    Bring ${script} up to date with src/ (and its fingerprint line); until then the ratio compares different SQL.`,
      );
    }
    const { result, cpu } = await measurePgbench(pgbenchTarget(storage.databaseName!), {
      script: w.script,
      clients,
      threads,
      warmupSeconds: config.warmupSeconds,
      seconds: config.seconds,
      variables: (tag) => ({
        nskus: dataset.skus,
        nbins: dataset.bins,
        skubase: SKU_BASE,
        binbase: BIN_BASE,
        tag,
        seq: 0,
        actor_kind: 'api_key',
        actor_id: benchKey.id,
        keyprefix: benchKey.prefix,
        keyhash: benchKey.hash,
        whid: benchKey.warehouseId,
        ...w.variables,
      }),
      databasePids: () => backendPids(storage.databaseName, 'pgbench'),
      log,
    });
    const verification = await verify(storage, (db) => w.persisted(db, result.processed));
    log(
      `  ${fmt(result.tps, 0)} ${w.unit}/s (${result.processed} in ${config.seconds} s), latency avg ${fmt(result.latencyAvgMs, 1)} ms per ${w.unit.replace(/s$/, '')}`,
    );
    log(`  CPU cores: ${describeCpu(cpu)}`);
    log(`  ${describeVerification(verification)}`);
    return { kind: 'pgbench', workload, name, result, cpu, verification, sameSql };
  } finally {
    await storage.dispose();
  }
}

// Reporting -------------------------------------------------------------------------------------------------

function summarizeLoad(l: LoadResult): string {
  const ops = OPS.map(
    (op) =>
      `${op} ${fmt(l.ops[op].perSec, 0)}/s (p50 ${fmt(l.ops[op].p50Ms)} / p99 ${fmt(l.ops[op].p99Ms)} ms)`,
  );
  return `${fmt(l.cyclesPerSec, 0)} cycles/s; ${ops.join('; ')}`;
}

function describeCpu(c: Cores): string {
  return Object.entries(c)
    .map(([k, v]) => `${k} ${fmt(v, 2)}`)
    .join(', ');
}

interface MachineFacts {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  pgbench: string;
  pglite: string;
  coulisseCommit: string;
  loadAverageAtStart: number[];
}

async function machineFacts(): Promise<MachineFacts> {
  let settings: Record<string, string> = {};
  try {
    const { rows } = await (await adminDb()).query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM unnest(ARRAY['server_version', 'shared_buffers',
         'synchronous_commit', 'fsync', 'max_connections', 'wal_level', 'checkpoint_timeout', 'max_wal_size']) AS name`,
    );
    settings = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } catch (e) {
    if (config.scenarios.some((s) => s !== 'pglite')) throw e;
    log(
      `(PostgreSQL at ${redact(config.pgUrl)} is not reachable; only PGlite runs: ${(e as Error).message})`,
    );
  }
  const git = (args: string[]) =>
    spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain']) !== '';
  const pglitePkg = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: (settings.server_version ?? 'not reachable').split(' ')[0]!,
    postgresSettings: settings,
    pgbench: spawnSync('pgbench', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'not found',
    pglite: pglitePkg.version,
    coulisseCommit: `${commit}${dirty ? ' (with uncommitted changes)' : ''}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

function opCell(l: LoadResult, op: 'receipt' | 'reserve' | 'post'): string {
  const o = l.ops[op];
  return `${fmt(o.perSec, 0)} (${fmt(o.p50Ms)} / ${fmt(o.p99Ms)})`;
}

function cpuCell(c: Cores, keys: string[]): string {
  return keys.map((k) => fmt(c[k] ?? null, 2)).join(' / ');
}

interface Ratio {
  readonly scenario: string;
  /** ÷ pgbench at the same number of clients as the HTTP scenario (the target's definition). */
  readonly pgbenchClients: number;
  readonly ratio: number;
  /** ÷ the best pgbench figure of this run, whatever its client count (the database's real ceiling). */
  readonly bestPgbenchClients: number;
  readonly ratioToBest: number;
  /** The pgbench script no longer sends the app's SQL: the ratio compares different work. */
  readonly stale: boolean;
}

/** HTTP on PostgreSQL (per second) ÷ the same workload's pgbench figures of this run. */
function ratiosOf(
  http: readonly { name: string; engine: 'pglite' | 'postgres'; perSec: number }[],
  pgbench: readonly PgbenchScenario[],
): Ratio[] {
  const reference = pgbench.find((p) => p.result.clients === config.clients) ?? pgbench[0];
  const best = [...pgbench].sort((a, b) => b.result.tps - a.result.tps)[0];
  if (!reference || !best) return [];
  return http
    .filter((s) => s.engine === 'postgres')
    .map((s) => ({
      scenario: s.name,
      pgbenchClients: reference.result.clients,
      ratio: s.perSec / reference.result.tps,
      bestPgbenchClients: best.result.clients,
      ratioToBest: s.perSec / best.result.tps,
      stale: !reference.sameSql.ok || !best.sameSql.ok,
    }));
}

/** The pgbench rows of one workload, as a markdown table. */
function pgbenchTable(facts: MachineFacts, pgbench: readonly PgbenchScenario[]): string[] {
  if (pgbench.length === 0) return [];
  const w = WORKLOADS[pgbench[0]!.workload];
  return [
    '',
    `| the same SQL through pgbench (\`-M prepared\`, ${relative(ROOT, w.script)}) | clients | ${w.unit}/s | latency avg per ${w.unit.replace(/s$/, '')} (ms) | CPU cores: pgbench / database / other | checks |`,
    '|---|---|---|---|---|---|',
    ...pgbench.map(
      (p) =>
        `| PostgreSQL ${facts.postgres} | ${p.result.clients} | **${fmt(p.result.tps, 0)}** | ` +
        `${fmt(p.result.latencyAvgMs)} | ${cpuCell(p.cpu, ['pgbench', 'database', 'other'])} | ` +
        `${p.verification.ok ? 'ledger ok' : '**VOID**'}${p.sameSql.ok ? ', same SQL as the app' : ", **STALE: not the app's current SQL**"} |`,
    ),
  ];
}

/** The sentence on HTTP ÷ pgbench against the target (0.5). */
function ratioLines(ratios: readonly Ratio[]): string[] {
  const r0 = ratios[0];
  if (!r0) return [];
  return [
    '',
    `HTTP on PostgreSQL ÷ pgbench at ${r0.pgbenchClients} clients, target at least 0.50: ` +
      ratios
        .map((r) => `${r.scenario} **${fmt(r.ratio, 2)}** (${r.ratio >= 0.5 ? 'met' : 'not met'})`)
        .join(', ') +
      '.' +
      (r0.stale ? " **STALE: the pgbench script is not the app's current SQL.**" : '') +
      (r0.bestPgbenchClients !== r0.pgbenchClients
        ? ` PostgreSQL did more with fewer connections: against pgbench's best (${r0.bestPgbenchClients} clients) ` +
          `the ratios are ${ratios.map((r) => `${fmt(r.ratioToBest, 2)} (${r.scenario})`).join(', ')}.`
        : ''),
  ];
}

function markdown(
  facts: MachineFacts,
  http: HttpScenario[],
  pgbench: PgbenchScenario[],
  ratios: Ratio[],
): string {
  const date = new Date().toISOString().slice(0, 10);
  const lines: string[] = [];
  lines.push('### Stock cycle: receipt + reservation (1–3 lines) + post');
  lines.push('');
  lines.push(
    `Measured ${date} on ${facts.nproc} cores (${facts.cpuModel}), ${facts.memoryGiB} GiB, ${facts.kernel}; ` +
      `Node ${facts.node}, PostgreSQL ${facts.postgres} (shared_buffers ${facts.postgresSettings.shared_buffers}, ` +
      `synchronous_commit ${facts.postgresSettings.synchronous_commit}, fsync ${facts.postgresSettings.fsync}), PGlite ${facts.pglite}; Coulisse ${facts.coulisseCommit}. ` +
      `${dataset.skus.toLocaleString('en-US')} SKUs in ${dataset.bins} bins of one warehouse; ${config.clients} HTTP clients ` +
      `(one keep-alive connection each, a minimal HTTP/1.1 client, all in one process); ${config.seconds} s measured after ${config.warmupSeconds} s of warm-up; ` +
      `server pool per process as in the table (the app's default is ${config.appDefaultPoolSize}). **Client, servers and database share the same ` +
      `${facts.nproc} cores**: the CPU column says who used them ("other" is load from outside the benchmark). ` +
      `Throughput in operations per second; latency p50 / p99 in ms.`,
  );
  if (http.length > 0) {
    lines.push('');
    lines.push(
      `| engine | server processes | pool per process | clients | cycles/s | receipts/s (p50 / p99) | reservations/s (p50 / p99) | posts/s (p50 / p99) | CPU cores: client / server / database / other | ÷ pgbench (${ratios[0]?.pgbenchClients ?? config.clients} clients) | checks |`,
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of http) {
      const ratio = ratios.find((r) => r.scenario === s.name);
      lines.push(
        `| ${s.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} | ${s.processes} | ${s.poolSize ?? '—'} | ${s.clients} | ` +
          `**${fmt(s.load.cyclesPerSec, 0)}** | ${opCell(s.load, 'receipt')} | ${opCell(s.load, 'reserve')} | ` +
          `${opCell(s.load, 'post')} | ${cpuCell(s.cpu, ['client', 'server', 'database', 'other'])} | ` +
          `${ratio ? fmt(ratio.ratio, 2) : '—'} | ${s.verification.ok ? 'ledger ok' : '**VOID**'} |`,
      );
    }
  }
  lines.push(...pgbenchTable(facts, pgbench), ...ratioLines(ratios));
  lines.push('');
  lines.push(
    'Reproduce with `npm run bench` (bench/run.ts; BENCH_SECONDS and the other settings are described at its ' +
      'top); every figure, with max latencies and the per-statement database times, is in bench/results/latest.json.',
  );
  return lines.join('\n');
}

function printStatementBreakdown(p: PgbenchScenario): void {
  if (p.result.statements.length === 0) return;
  const one = WORKLOADS[p.workload].unit.replace(/s$/, '');
  log(
    `\nWhere ${one === 'order' ? 'an' : 'a'} ${one} spends its time in the database (pgbench -r, ${p.result.clients} clients, mean ms per statement):`,
  );
  const byTx = new Map<string, number>();
  for (const s of p.result.statements) byTx.set(s.transaction, (byTx.get(s.transaction) ?? 0) + s.ms);
  for (const s of p.result.statements) {
    if (s.ms < 0.0005) continue;
    log(`  ${s.transaction.padEnd(8)} ${s.statement.padEnd(50)} ${s.ms.toFixed(3).padStart(8)}`);
  }
  log(
    `  per command: ${[...byTx.entries()].map(([t, ms]) => `${t} ${ms.toFixed(2)} ms`).join(', ')} ` +
      `(round trips counted: ${p.result.statements.filter((s) => s.ms >= 0.0005).length} per ${one})`,
  );
}

// Main ------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  installExitHandlers();
  if (config.scenarios.includes('pick-path')) log(await runPickPathBench());
  if (config.scenarios.every((s) => s === 'pick-path')) return;
  if (!config.skipBuild) {
    log('Building (npm run build)…');
    const build = await runProgram('npm', ['run', 'build']);
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const facts = await machineFacts();
  log(
    `Machine: ${facts.nproc} cores (${facts.cpuModel}), ${facts.memoryGiB} GiB, ${facts.kernel}; Node ${facts.node}; ` +
      `PostgreSQL ${facts.postgres} at ${redact(config.pgUrl)}; ${facts.pgbench}; PGlite ${facts.pglite}; ` +
      `Coulisse ${facts.coulisseCommit}; load average ${facts.loadAverageAtStart.join(' ')}`,
  );
  log(
    `Note: the load generator (this process), the servers and PostgreSQL all share these ${facts.nproc} cores; ` +
      'each scenario prints who used how much CPU ("other" = load from outside the benchmark: a noisy run).',
  );
  log(
    `Config: ${config.clients} clients, ${config.seconds} s measured after ${config.warmupSeconds} s warm-up, ` +
      `seed ${config.seed}, scenarios ${config.scenarios.join(', ')}`,
  );
  await sweepLeftovers();

  const http: HttpScenario[] = [];
  const pgbench: PgbenchScenario[] = [];
  const orders: OrdersScenario[] = [];
  const ordersList: OrdersListScenario[] = [];
  for (const scenario of config.scenarios) {
    if (scenario === 'orders-list') ordersList.push(await ordersListScenario('postgres'));
    if (scenario === 'orders-list-pglite') ordersList.push(await ordersListScenario('pglite'));
    if (scenario === 'pglite') http.push(await httpScenario('pglite', 1));
    if (scenario === 'postgres-1') http.push(await httpScenario('postgres', 1));
    if (scenario === 'postgres-1-default')
      http.push(await httpScenario('postgres', 1, config.appDefaultPoolSize));
    if (scenario === 'postgres-4') http.push(await httpScenario('postgres', 4));
    if (scenario === 'pgbench')
      for (const c of config.pgbenchClients) pgbench.push(await pgbenchScenario('cycle', c));
    if (scenario === 'orders-pglite') orders.push(await ordersScenario('pglite', 1));
    if (scenario === 'orders-postgres-1') orders.push(await ordersScenario('postgres', 1));
    if (scenario === 'orders-postgres-4') orders.push(await ordersScenario('postgres', 4));
    if (scenario === 'orders-pgbench')
      for (const c of config.pgbenchClients) pgbench.push(await pgbenchScenario('orders', c));
  }
  const cyclePgbench = pgbench.filter((p) => p.workload === 'cycle');
  const orderPgbench = pgbench.filter((p) => p.workload === 'orders');
  const ratios = ratiosOf(
    http.map((s) => ({ name: s.name, engine: s.engine, perSec: s.load.cyclesPerSec })),
    cyclePgbench,
  );
  const orderRatios = ratiosOf(
    orders.map((o) => ({ name: o.name, engine: o.engine, perSec: o.load.perSec })),
    orderPgbench,
  );
  // The run with the fewest clients queues least, so its statement latencies are closest to service times.
  for (const runs of [cyclePgbench, orderPgbench]) {
    const leastQueued = [...runs].sort((a, b) => a.result.clients - b.result.clients)[0];
    if (leastQueued) printStatementBreakdown(leastQueued);
  }
  const ordersMd =
    orders.length + orderPgbench.length > 0 ? ordersMarkdown(facts, orders, orderPgbench, orderRatios) : null;
  if (ordersMd) {
    log('\n--- Order intake (markdown for docs/benchmarks.md) ---\n');
    log(ordersMd);
  }

  const listMd = ordersList.length > 0 ? ordersListMarkdown(facts, ordersList) : null;
  if (listMd) {
    log('\n--- Orders list (markdown for docs/benchmarks.md) ---\n');
    log(listMd);
  }

  const md = markdown(facts, http, cyclePgbench, ratios);
  const resultsDir = join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const json = {
    generatedAt: new Date().toISOString(),
    machine: facts,
    config: { ...config, pgUrl: redact(config.pgUrl), dataset },
    scenarios: http.map((s) => ({
      ...s,
      cpu: Object.fromEntries(Object.entries(s.cpu).map(([k, v]) => [k, round(v, 3)])),
    })),
    pgbench: pgbench.map((p) => ({
      ...p,
      cpu: Object.fromEntries(Object.entries(p.cpu).map(([k, v]) => [k, round(v, 3)])),
    })),
    ratios,
    orders: orders.map((o) => ({
      ...o,
      cpu: Object.fromEntries(Object.entries(o.cpu).map(([k, v]) => [k, round(v, 3)])),
    })),
    orderRatios,
    ordersList: ordersList.map((o) => ({
      ...o,
      cpu: Object.fromEntries(Object.entries(o.cpu).map(([k, v]) => [k, round(v, 3)])),
    })),
    target: {
      ratioAtLeast: 0.5,
      met: ratios.some((r) => r.ratio >= 0.5),
      ordersMet: orderRatios.some((r) => r.ratio >= 0.5),
    },
    markdown: md,
    ordersMarkdown: ordersMd,
    ordersListMarkdown: listMd,
  };
  writeFileSync(join(resultsDir, 'latest.json.tmp'), `${JSON.stringify(json, null, 2)}\n`);
  renameSync(join(resultsDir, 'latest.json.tmp'), join(resultsDir, 'latest.json'));
  // The repository's formatter covers bench/**: leave the file as `biome format` would write it.
  const formatted = await runProgram(join(ROOT, 'node_modules/.bin/biome'), [
    'format',
    '--write',
    'bench/results/latest.json',
  ]).catch((e: Error) => ({ code: null, stdout: '', stderr: e.message }));
  if (formatted.code !== 0)
    log(`(biome format on bench/results/latest.json failed: ${formatted.stderr.trim()})`);

  if (http.length + cyclePgbench.length > 0) {
    log('\n--- Stock cycle (markdown for docs/benchmarks.md) ---\n');
    log(md);
  }
  log(`\nResults written to bench/results/latest.json`);
  const voided = [...http, ...orders, ...pgbench].filter((s) => !s.verification.ok);
  if (voided.length > 0) {
    log(
      `\nVOID: ${voided.map((s) => s.name).join(', ')} failed the ledger or persistence check (see above).`,
    );
    process.exitCode = 1;
  }
  const stale = pgbench.filter((p) => !p.sameSql.ok);
  if (stale.length > 0) {
    log(
      `\nSTALE: ${stale.map((p) => p.name).join(', ')}: the script no longer sends the SQL the app sends (see above); ` +
        'its figures and ratios compare different work until the script is brought up to date with src/.',
    );
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (e) {
  console.error(`\nBenchmark failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
  await adminHolder.db?.close();
}
