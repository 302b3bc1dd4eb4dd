import { createHash } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import type { Context, Db, Queryable, Statement } from '../../src/db/index.js';
import { buildApp } from '../../src/http/app.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { postReservation, receiveStock, reserveStock } from '../../src/modules/inventory/index.js';
// The server loads every module: orders listen to stock arrivals (backorders), so the probe must too.
import '../../src/modules/orders/index.js';
import { binCode, binOf, type Dataset, skuCode } from './dataset.js';

/**
 * Records the SQL the application itself sends, through a recording wrapper of a seeded database: for one
 * stock cycle (receipt, reservation of 3 lines, post; the three commands run in process) and for one
 * POST /v1/orders of 3 lines (the whole application in process, below). bench/lib/same-sql.ts compares the
 * recordings with bench/pgbench/cycle.sql and order-intake.sql, so that a change to the app's SQL cannot
 * silently leave the pgbench figures measuring something else: the statement sequence must match, and the
 * fingerprint of the statement texts must equal the one written in the script's header.
 */
export type Command = 'receipt' | 'reserve' | 'post';

export interface AppStatement {
  /**
   * The name the statement reached the server under, as watched below the database adapter (sentNames):
   * the app's own (`inv_guarded_apply`), the one src/db/postgres.ts gives every other statement with
   * parameters (`s_<digest of its text>`), or null for an unnamed one (parsed and planned on every call).
   */
  readonly name: string | null;
  readonly text: string;
}

/**
 * Runs `fn` while watching what node-postgres is asked to send, below src/db/postgres.ts: for each
 * statement text, the name it is prepared under, or null when it goes unnamed. The recordings (made above
 * the adapter, which sees a plain string where the adapter will name it) take their names from here, so a
 * statement the adapter stops preparing shows up as "unnamed" in the comparison instead of passing for
 * prepared. (PGlite does not go through node-postgres; its recordings keep the names the code passes.)
 */
async function sentNames<T>(fn: () => Promise<T>): Promise<[T, (s: AppStatement) => AppStatement]> {
  const names = new Map<string, string | null>();
  const client = pg.Client.prototype as unknown as {
    query: (config: unknown, ...rest: unknown[]) => unknown;
  };
  const query = client.query;
  client.query = function (this: unknown, config: unknown, ...rest: unknown[]) {
    if (typeof config === 'string') names.set(config, null);
    else {
      const c = config as { text?: unknown; name?: unknown } | null;
      if (typeof c?.text === 'string')
        names.set(c.text, typeof c.name === 'string' && c.name ? c.name : null);
    }
    return query.call(this, config, ...rest);
  };
  try {
    const value = await fn();
    return [value, (s) => (names.has(s.text) ? { name: names.get(s.text) ?? null, text: s.text } : s)];
  } finally {
    client.query = query;
  }
}

export type AppSql = Record<Command, AppStatement[]>;

function recording(db: Db, into: AppStatement[][]): Db {
  return {
    ...db,
    engine: db.engine,
    query: db.query.bind(db),
    transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { maxAttempts?: number }) {
      return db.transaction(async (tx) => {
        const seen: AppStatement[] = [];
        into.push(seen);
        return fn({
          query<R>(sql: string | Statement, params?: readonly unknown[]) {
            seen.push(
              typeof sql === 'string' ? { name: null, text: sql } : { name: sql.name, text: sql.text },
            );
            return tx.query<R>(sql, params);
          },
        });
      }, options);
    },
  };
}

export async function probeAppSql(db: Db, d: Dataset): Promise<AppSql> {
  const attempts: AppStatement[][] = [];
  const ctx: Context = {
    db: recording(db, attempts),
    actor: systemActor('bench-probe'),
    userId: null,
    clock: systemClock,
    requestId: 'req_bench_probe',
    idempotencyKey: null,
    warehouseScope: null,
    permissions: null,
  };
  const last = () => attempts[attempts.length - 1] ?? [];
  const [recorded, named] = await sentNames(async () => {
    await receiveStock(ctx, { sku: skuCode(1), location: binCode(binOf(1, d.bins)), qty: 1 });
    const receipt = last();
    const reservation = await reserveStock(ctx, {
      lines: [1, 2, 3].map((n) => ({ sku: skuCode(n), location: binCode(binOf(n, d.bins)), qty: 1 })),
      reference: 'bench-probe',
    });
    const reserve = last();
    await postReservation(ctx, reservation.value.id, {});
    return { receipt, reserve, post: last() };
  });
  return {
    receipt: recorded.receipt.map(named),
    reserve: recorded.reserve.map(named),
    post: recorded.post.map(named),
  };
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A short hash of the statement names and texts, in order. */
export function fingerprint(sql: AppSql): string {
  const canonical = (['receipt', 'reserve', 'post'] as const).map((c) =>
    sql[c].map((s) => [c, s.name ?? 'unnamed', normalize(s.text)]),
  );
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/** The statement names in order (prepared names, `s_…` ones included; "unnamed" for unnamed ones), per command. */
export function sequence(sql: AppSql): Record<Command, string[]> {
  return {
    receipt: sql.receipt.map((s) => s.name ?? 'unnamed'),
    reserve: sql.reserve.map((s) => s.name ?? 'unnamed'),
    post: sql.post.map((s) => s.name ?? 'unnamed'),
  };
}

// Order intake -----------------------------------------------------------------------------------------------

/**
 * One round trip to the database: a statement (the name it was prepared under, or null when unnamed) or
 * the BEGIN, COMMIT and ROLLBACK the client sends around a transaction (unnamed: they have no parameters).
 */
export type RoundTrip = AppStatement;

/** A Db that appends every round trip it sends, in order, BEGIN and COMMIT included. */
function recordingRoundTrips(db: Db, into: RoundTrip[]): Db {
  const record = (sql: string | Statement): void => {
    into.push(typeof sql === 'string' ? { name: null, text: sql } : { name: sql.name, text: sql.text });
  };
  const control = (text: 'BEGIN' | 'COMMIT' | 'ROLLBACK') => into.push({ name: null, text });
  return {
    ...db,
    engine: db.engine,
    query<R>(sql: string | Statement, params?: readonly unknown[]) {
      record(sql);
      return db.query<R>(sql, params);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { maxAttempts?: number }) {
      return db.transaction(async (tx) => {
        control('BEGIN');
        try {
          const value = await fn({
            query<R>(sql: string | Statement, params?: readonly unknown[]) {
              record(sql);
              return tx.query<R>(sql, params);
            },
          });
          control('COMMIT');
          return value;
        } catch (e) {
          control('ROLLBACK');
          throw e;
        }
      }, options);
    },
  };
}

/** The order the probe sends: ORDER_PROBE_LINES lines of SKUs 1, 2, 3 (three bins of WH1), 2 units each. */
export const ORDER_PROBE_LINES = 3;

/**
 * Records every round trip that one POST /v1/orders sends to the database, from the API key lookup at the
 * HTTP edge to COMMIT, by building the application in process (the same code `coulisse serve` runs, without
 * its background jobs) over a recording wrapper of `db` and injecting the request. The order is the shape
 * bench/pgbench/order-intake.sql replays: 3 lines, each allocatable from one bin of the one warehouse.
 * Throws when the request is not answered 201 or a transaction was retried (the recording would then hold
 * two attempts).
 */
export async function probeOrderSql(db: Db, authorization: string, channel: string): Promise<RoundTrip[]> {
  const trips: RoundTrip[] = [];
  const config = { ...loadConfig({}), rateLimitPerMinute: 1_000_000 };
  const app = await buildApp({ db: recordingRoundTrips(db, trips), config, logger: false });
  let named: (s: AppStatement) => AppStatement = (s) => s;
  try {
    await app.ready();
    [, named] = await sentNames(async () => {
      const answer = await app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { authorization, 'content-type': 'application/json' },
        payload: {
          channel,
          externalId: `bench-probe-${Date.now()}`,
          placedAt: new Date().toISOString(),
          currency: 'EUR',
          shipTo: { name: 'Bench Customer', line1: '1 rue du Test', city: 'Paris', country: 'FR' },
          lines: Array.from({ length: ORDER_PROBE_LINES }, (_, i) => ({
            sku: skuCode(i + 1),
            qty: 2,
            unitPriceMinor: 1_000,
          })),
        },
      });
      if (answer.statusCode !== 201)
        throw new Error(`the order probe was answered ${answer.statusCode}: ${answer.body.slice(0, 500)}`);
    });
  } finally {
    await app.close();
  }
  if (trips.some((t) => t.name === null && t.text === 'ROLLBACK'))
    throw new Error('the order probe rolled back a transaction (retried?): its recording is not one order');
  return trips.map(named);
}

/** What names a round trip in a sequence: its prepared name (`s_…` ones included), BEGIN/COMMIT/ROLLBACK, or "unnamed". */
export function roundTripName(t: RoundTrip): string {
  return t.name ?? (/^(BEGIN|COMMIT|ROLLBACK)$/.test(t.text) ? t.text : 'unnamed');
}

/** A short hash of the round trips' names and texts, in order. */
export function roundTripFingerprint(trips: readonly RoundTrip[]): string {
  const canonical = trips.map((t) => [roundTripName(t), normalize(t.text)]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}
