import { createHash } from 'node:crypto';
import type { Actor } from '../kernel/actor.js';
import { canonicalJson } from '../kernel/canonical-json.js';
import type { Clock } from '../kernel/clock.js';
import { conflict, unprocessable } from '../kernel/errors.js';
import type { Db, Queryable } from './types.js';

/** What every command and query receives: the database, who acts, the clock, and the request it serves. */
export interface Context {
  readonly db: Db;
  readonly actor: Actor;
  readonly clock: Clock;
  readonly requestId: string | null;
  /** The client's Idempotency-Key, when the call carried one. */
  readonly idempotencyKey: string | null;
  /** Test-only switch (see Config.unsafeDisableStockGuard). */
  readonly unsafeDisableStockGuard?: boolean;
}

export interface CommandOutcome<T> {
  readonly value: T;
  /** True when an earlier call with the same Idempotency-Key produced this value and nothing ran now. */
  readonly replayed: boolean;
}

/**
 * Runs one command as one transaction. With an Idempotency-Key, the key is claimed inside the same
 * transaction (the unique index makes a concurrent duplicate wait for the first to commit): a replay with
 * the same request returns the stored result and runs nothing; the same key with a different request is a
 * 422 `idempotency_key_reused`. A command that fails stores nothing, so it can be retried with its key.
 * The value must be plain JSON (strings for times), because replays return it from storage.
 */
export async function runCommand<T>(
  ctx: Context,
  operation: string,
  request: unknown,
  fn: (tx: Queryable) => Promise<T>,
): Promise<CommandOutcome<T>> {
  const key = ctx.idempotencyKey;
  if (key === null) {
    const value = await ctx.db.transaction(fn);
    return { value, replayed: false };
  }
  const requestHash = createHash('sha256')
    .update(`${operation}\n${canonicalJson(request)}`)
    .digest('hex');
  return ctx.db.transaction(async (tx) => {
    const claim = await tx.query(CLAIM, [ctx.actor.id, key, operation, requestHash]);
    if (claim.rowCount === 0) {
      const { rows } = await tx.query<{
        operation: string;
        request_hash: string;
        response: { value: T } | null;
      }>(READ, [ctx.actor.id, key]);
      const prior = rows[0];
      if (prior === undefined || prior.response === null) {
        throw conflict(
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed; retry.',
        );
      }
      if (prior.request_hash !== requestHash) {
        throw unprocessable(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
          { idempotencyKey: key, firstOperation: prior.operation },
        );
      }
      return { value: prior.response.value, replayed: true };
    }
    const value = await fn(tx);
    // Wrapped, so that a command whose result is null is still told apart from one still running.
    await tx.query(STORE, [ctx.actor.id, key, JSON.stringify({ value: value ?? null })]);
    return { value, replayed: false };
  });
}

const CLAIM = {
  name: 'idem_claim',
  text: `INSERT INTO idempotency_keys (scope, idempotency_key, operation, request_hash)
         VALUES ($1, $2, $3, $4) ON CONFLICT (scope, idempotency_key) DO NOTHING`,
};
const READ = {
  name: 'idem_read',
  text: 'SELECT operation, request_hash, response FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2',
};
const STORE = {
  name: 'idem_store',
  text: 'UPDATE idempotency_keys SET response = $3::jsonb WHERE scope = $1 AND idempotency_key = $2',
};

/** Forgets idempotency records older than the retention period; returns how many. */
export async function purgeIdempotencyKeys(db: Db, retentionHours: number): Promise<number> {
  const result = await db.query(
    `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1::int)`,
    [retentionHours],
  );
  return result.rowCount;
}
