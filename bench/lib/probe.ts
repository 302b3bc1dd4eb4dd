import { createHash } from 'node:crypto';
import type { Context, Db, Queryable, Statement } from '../../src/db/index.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { postReservation, receiveStock, reserveStock } from '../../src/modules/inventory/index.js';
// The server loads every module: orders listen to stock arrivals (backorders), so the probe must too.
import '../../src/modules/orders/index.js';
import { binCode, binOf, type Dataset, skuCode } from './dataset.js';

/**
 * Records the SQL the application itself sends for one cycle (receipt, reservation of 3 lines, post), by
 * running the three commands in process on a seeded database through a recording wrapper. bench/run.ts
 * compares it with bench/pgbench/cycle.sql, so that a change to the app's SQL cannot silently leave the
 * pgbench figure measuring something else: the statement sequence must match, and the fingerprint of the
 * statement texts must equal the one written in the script's header.
 */
export type Command = 'receipt' | 'reserve' | 'post';

export interface AppStatement {
  /** The prepared statement's name, or null for an unnamed (parsed every time) statement. */
  readonly name: string | null;
  readonly text: string;
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
  await receiveStock(ctx, { sku: skuCode(1), location: binCode(binOf(1, d.bins)), qty: 1 });
  const receipt = last();
  const reservation = await reserveStock(ctx, {
    lines: [1, 2, 3].map((n) => ({ sku: skuCode(n), location: binCode(binOf(n, d.bins)), qty: 1 })),
    reference: 'bench-probe',
  });
  const reserve = last();
  await postReservation(ctx, reservation.value.id, {});
  return { receipt, reserve, post: last() };
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A short hash of the statement names and texts, in order. */
export function fingerprint(sql: AppSql): string {
  const canonical = (['receipt', 'reserve', 'post'] as const).map((c) =>
    sql[c].map((s) => [c, s.name ?? 'unnamed', normalize(s.text)]),
  );
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/** The statement names in order ("unnamed" for unnamed ones), per command. */
export function sequence(sql: AppSql): Record<Command, string[]> {
  return {
    receipt: sql.receipt.map((s) => s.name ?? 'unnamed'),
    reserve: sql.reserve.map((s) => s.name ?? 'unnamed'),
    post: sql.post.map((s) => s.name ?? 'unnamed'),
  };
}
