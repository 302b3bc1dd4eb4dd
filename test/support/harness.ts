import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { type Db, openPglite, openPostgres, systemContext } from '../../src/db/index.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createApiKey, createUser, PERMISSIONS } from '../../src/modules/access/index.js';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { registerAuthorization } from './servers.js';

/**
 * Test harness for the HTTP integration suite: a fresh database per test file (PGlite from a migrated
 * dump, or a new PostgreSQL database copied from a migrated template), the app in process (no port),
 * and the ledger check after every test.
 */
export const engine = (process.env.COULISSE_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
export const postgresUrl = process.env.TEST_DATABASE_URL ?? '';

export function postgresAvailable(): boolean {
  return engine === 'postgres' && postgresUrl !== '' && inject('postgresTemplate') !== '';
}

/** describe() that runs on the project's engine, or is skipped (with its reason) when PostgreSQL is absent. */
export const describeDb = (name: string, fn: () => void) =>
  engine === 'postgres' && !postgresAvailable()
    ? describe.skip(`${name} [postgres: skipped, TEST_DATABASE_URL not set]`, fn)
    : describe(`${name} [${engine}]`, fn);

export const OWNER_EMAIL = 'owner@test.example';
export const OWNER_PASSWORD = 'correct horse battery staple';

/**
 * Every test database starts with an owner (OWNER_EMAIL / OWNER_PASSWORD) and an API key holding every
 * permission in every warehouse, made through the same commands the CLI uses.
 */
export async function bootstrapAccess(db: Db): Promise<{ ownerId: string; authorization: string }> {
  const ctx = systemContext(db, systemActor('test'), systemClock);
  const owner = await createUser(ctx, {
    email: OWNER_EMAIL,
    name: 'Test Owner',
    password: OWNER_PASSWORD,
    role: 'owner',
  });
  const key = await createApiKey(
    ctx,
    { name: 'test suite', scopes: [...PERMISSIONS] },
    { userId: owner.value.id, role: 'owner' },
  );
  return { ownerId: owner.value.id, authorization: `Bearer ${key.value.key}` };
}

export interface FreshDatabase {
  db: Db;
  /** `Bearer <key>` of the owner's all-permission key. */
  authorization: string;
  /** The owner's user id (the actor of everything done with `authorization`'s key is the key). */
  ownerId: string;
  /** The id of the owner's key: the actor id recorded for calls made with `authorization`. */
  actorId: string;
  /** For PostgreSQL: the URL of this test's own database (for spawning server processes). */
  url: string | null;
  drop(): Promise<void>;
}

let counter = 0;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function freshDatabase(options: { poolSize?: number } = {}): Promise<FreshDatabase> {
  if (engine === 'pglite') {
    const dump = readFileSync(inject('pgliteTemplate'));
    const db = await openPglite({ dataDir: null, loadDataDir: new Blob([dump]) });
    await db.exec('ANALYZE');
    const access = await bootstrapAccess(db);
    return { db, url: null, ...access, actorId: await keyIdOf(db), drop: () => db.close() };
  }
  const name = `coulisse_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = await openPostgres({ url: postgresUrl, poolSize: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  } finally {
    await admin.close();
  }
  const url = withDatabase(postgresUrl, name);
  const db = await openPostgres({ url, poolSize: options.poolSize ?? 10 });
  const access = await bootstrapAccess(db);
  registerAuthorization(url, access.authorization);
  return {
    db,
    url,
    ...access,
    actorId: await keyIdOf(db),
    async drop() {
      await db.close();
      const admin2 = await openPostgres({ url: postgresUrl, poolSize: 1 });
      try {
        await admin2.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin2.close();
      }
    },
  };
}

async function keyIdOf(db: Db): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT api_key_id AS id FROM api_keys WHERE name = 'test suite'`,
  );
  return rows[0]!.id;
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  raw: LightMyRequestResponse;
}

export interface TestApp {
  app: App;
  db: Db;
  config: Config;
  /** The owner key's Authorization header, sent by `call` unless the call gives its own. */
  authorization: string;
  ownerId: string;
  /** The owner key's id: the actor of calls made with the default authorization. */
  actorId: string;
  /** A call with no credentials at all. */
  anonymous<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response<T>>;
  call<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response<T>>;
  get<T = any>(url: string): Promise<Response<T>>;
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const fresh = await freshDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  const app = await buildApp({ db: fresh.db, config, logger: false });
  await app.ready();
  const send = async <T>(
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Response<T>> => {
    const raw = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined
        ? {}
        : typeof body === 'string'
          ? { payload: body }
          : { payload: body as object }),
    });
    let parsed: unknown = raw.body;
    if (String(raw.headers['content-type'] ?? '').includes('application/json') && raw.body !== '')
      parsed = raw.json();
    return { status: raw.statusCode, body: parsed as T, headers: raw.headers, raw };
  };
  const call = <T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    send<T>(method, url, body, { authorization: fresh.authorization, ...headers });
  return {
    app,
    db: fresh.db,
    config,
    authorization: fresh.authorization,
    ownerId: fresh.ownerId,
    actorId: fresh.actorId,
    anonymous: (method, url, body, headers = {}) => send(method, url, body, headers),
    call,
    get: (url) => call('GET', url),
    post: (url, body, headers) => call('POST', url, body ?? {}, headers),
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

/**
 * Registers the suite's lifecycle: one app and database for the file, and after every test the ledger
 * check (balances = Σ moves, Σ per SKU = 0, reserved = open reservations). Returns a getter.
 */
export function useTestApp(env: Record<string, string> = {}): () => TestApp {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp(env);
  });
  afterEach(async () => {
    if (!t) return;
    const report = await checkLedger(t.db, { expiryGraceSeconds: 3600 });
    expect(report.problems, 'ledger check after the test').toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => {
    if (!t) throw new Error('test app not ready');
    return t;
  };
}

/** Unique codes per file so tests never depend on each other's data. */
let seq = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid % 1000}-${++seq}`;

export interface Fixture {
  sku: string;
  warehouse: string;
  bin: string;
}

/** Builders: each test makes the data it needs. */
export async function makeSku(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const code = (overrides.code as string | undefined) ?? unique('SKU');
  const r = await t.post('/v1/skus', { code, name: `Test ${code}`, ...overrides });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return code;
}

export async function makeWarehouse(t: TestApp, code = unique('WH')): Promise<string> {
  const r = await t.post('/v1/locations', { code, name: `Warehouse ${code}`, kind: 'warehouse' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return code;
}

export async function makeBin(t: TestApp, parent: string, code = unique('BIN')): Promise<string> {
  const r = await t.post('/v1/locations', { code, kind: 'bin', parent });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.code as string;
}

export async function receive(t: TestApp, sku: string, location: string, qty: number): Promise<void> {
  const r = await t.post('/v1/stock/receipts', { sku, location, qty });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** A SKU with `qty` on hand in a fresh bin of a fresh warehouse. */
export async function stocked(t: TestApp, qty: number): Promise<Fixture> {
  const sku = await makeSku(t);
  const warehouse = await makeWarehouse(t);
  const bin = await makeBin(t, warehouse);
  if (qty > 0) await receive(t, sku, bin, qty);
  return { sku, warehouse, bin };
}

export async function stockOf(
  t: TestApp,
  sku: string,
  location: string,
): Promise<{ onHand: number; reserved: number; available: number }> {
  const r = await t.get(
    `/v1/stock?sku=${encodeURIComponent(sku)}&location=${encodeURIComponent(location)}&includeZero=true`,
  );
  expect(r.status).toBe(200);
  const item = r.body.items.find((i: { location: string }) => i.location === location);
  return item
    ? { onHand: item.onHand, reserved: item.reserved, available: item.available }
    : { onHand: 0, reserved: 0, available: 0 };
}

/** Everything a rejected request must leave untouched. */
export async function ledgerSnapshot(db: Db): Promise<unknown> {
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    moves: await q(
      'SELECT count(*)::bigint AS n, coalesce(max(move_seq), 0)::bigint AS last FROM stock_moves',
    ),
    balances: await q('SELECT location_id, sku_id, on_hand, reserved FROM stock_balances ORDER BY 1, 2'),
    reservations: await q('SELECT reservation_id, status FROM reservations ORDER BY 1'),
    skus: await q('SELECT sku_id, code, name, gtin, unit, version, is_archived FROM skus ORDER BY 1'),
    locations: await q('SELECT location_id, code, is_archived FROM locations ORDER BY 1'),
    counts: await q('SELECT count(*)::bigint AS n FROM stock_counts'),
    transfers: await q('SELECT transfer_id, received_qty, lost_qty, status FROM stock_transfers ORDER BY 1'),
  };
}
