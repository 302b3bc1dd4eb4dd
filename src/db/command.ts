import { createHash } from 'node:crypto';
import type { Actor } from '../kernel/actor.js';
import { canonicalJson } from '../kernel/canonical-json.js';
import type { Clock } from '../kernel/clock.js';
import { conflict, unprocessable } from '../kernel/errors.js';
import { newId } from '../kernel/ids.js';
import type { Db, Queryable } from './types.js';

/** What every command and query receives: the database, who acts, the clock, and the request it serves. */
export interface Context {
  readonly db: Db;
  readonly actor: Actor;
  /** The staff user behind the principal (the signed-in user, or the user who created the API key). */
  readonly userId: string | null;
  /** The sales channel an integration key is bound to (its code): it may only act for that channel. */
  readonly channel?: string | null;
  readonly clock: Clock;
  readonly requestId: string | null;
  /** The client's Idempotency-Key, when the call carried one. */
  readonly idempotencyKey: string | null;
  /**
   * The warehouses (location ids) the principal may see and act in; null means every warehouse. Objects
   * outside the scope are treated exactly like objects that do not exist.
   */
  readonly warehouseScope: readonly string[] | null;
  /**
   * The permissions the principal holds (already checked for the operation at the HTTP edge); null for the
   * system itself (CLI, demo, sweepers), which holds them all.
   */
  readonly permissions: ReadonlySet<string> | null;
  /** Test-only switch (see Config.unsafeDisableStockGuard). */
  readonly unsafeDisableStockGuard?: boolean;
}

/** The context of the system acting for itself: the CLI run by an operator on the host, the demo, sweepers. */
export function systemContext(db: Db, actor: Actor, clock: Clock): Context {
  return {
    db,
    actor,
    userId: null,
    clock,
    requestId: null,
    idempotencyKey: null,
    warehouseScope: null,
    permissions: null,
  };
}

export interface CommandOutcome<T> {
  readonly value: T;
  /** True when an earlier call with the same Idempotency-Key produced this value and nothing ran now. */
  readonly replayed: boolean;
}

/** What a command says about its effect, for the audit trail. */
export interface AuditEntry {
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  /** The changed fields before the command (null when the target is new). */
  readonly before?: unknown;
  /** The changed fields after the command. */
  readonly after?: unknown;
  readonly reason?: string | null;
  /** The warehouse (location id) a warehouse-bound target is in: scoped readers see only theirs. */
  readonly warehouseId?: string | null;
  /** Several warehouses (a transfer between two, a reservation across several): readers need them all. */
  readonly warehouseIds?: readonly string[];
}

/** Handed to each command: `record` describes the one audit row the command writes (last call wins). */
export interface AuditRecorder {
  record(entry: AuditEntry): void;
  /** The command ends without changing anything (a rejected import): no audit record. */
  skip(): void;
}

export interface CommandOptions<T> {
  /**
   * What a replay may return, when the value must not be stored as is (a secret shown once). Defaults to
   * the value itself.
   */
  readonly storeForReplay?: (value: T) => unknown;
}

const SECRET_FIELDS = /pass(word)?|secret|token|^key$/i;

/** A request with any secret-looking field replaced, for the default audit record. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '[redacted]' : redactSecrets(v)]),
    );
  }
  return value;
}

const INSERT_AUDIT = {
  name: 'audit_insert',
  text: `INSERT INTO audit_log (audit_id, actor_kind, actor_id, actor_role, operation, target_type, target_id,
                                before, after, reason, request_id, warehouse_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12::text[])`,
};

/**
 * Appends one audit record in the caller's transaction. runCommand calls it for every command; work that
 * is not a command (the expiry sweeper) calls it directly.
 */
export async function writeAudit(
  tx: Queryable,
  ctx: Pick<Context, 'actor' | 'requestId'>,
  operation: string,
  entry: AuditEntry,
): Promise<void> {
  await tx.query(INSERT_AUDIT, [
    newId('audit'),
    ctx.actor.kind,
    ctx.actor.id,
    ctx.actor.role,
    operation,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
    entry.reason ?? null,
    ctx.requestId,
    entry.warehouseIds
      ? [...new Set(entry.warehouseIds)].sort()
      : entry.warehouseId
        ? [entry.warehouseId]
        : null,
  ]);
}

/**
 * Runs one command as one transaction, and writes its one audit record (who, with which role, which
 * operation, what target, before/after, why, which request) in that same transaction: a mutation that
 * commits has its audit row, one that fails has neither. With an Idempotency-Key, the key is claimed inside
 * the same transaction (the unique index makes a concurrent duplicate wait for the first to commit): a
 * replay with the same request returns the stored result and runs nothing (and audits nothing); the same
 * key with a different request is a 422 `idempotency_key_reused`. Keys are scoped to the actor.
 * The value must be plain JSON (strings for times), because replays return it from storage.
 */
export async function runCommand<T>(
  ctx: Context,
  operation: string,
  request: unknown,
  fn: (tx: Queryable, audit: AuditRecorder) => Promise<T>,
  options: CommandOptions<T> = {},
): Promise<CommandOutcome<T>> {
  const execute = async (tx: Queryable): Promise<T> => {
    let entry: AuditEntry | null = { after: redactSecrets(request) };
    const value = await fn(tx, {
      record(e) {
        entry = e;
      },
      skip() {
        entry = null;
      },
    });
    if (entry === null) return value;
    await writeAudit(tx, ctx, operation, entry);
    return value;
  };
  const key = ctx.idempotencyKey;
  if (key === null) {
    const value = await ctx.db.transaction(execute);
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
    const value = await execute(tx);
    const stored = options.storeForReplay ? options.storeForReplay(value) : value;
    // Wrapped, so that a command whose result is null is still told apart from one still running.
    await tx.query(STORE, [ctx.actor.id, key, JSON.stringify({ value: stored ?? null })]);
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
