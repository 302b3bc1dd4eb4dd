import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';

export interface AuditRecord {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { kind: string; id: string; role: string | null };
  operation: string;
  target: { type: string; id: string | null } | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

export interface ListAuditInput {
  actor?: string | undefined;
  targetType?: string | undefined;
  target?: string | undefined;
  operation?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The audit trail, newest first, filtered by actor, target (id, and/or type), operation (exact, or a
 * prefix ending in `.`, e.g. `inventory.`) and record time [since, until). A principal scoped to some
 * warehouses sees master-data records and those of its warehouses only.
 */
export async function listAudit(
  ctx: Context,
  input: ListAuditInput,
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const before = decodeCursor(input.cursor, ['number']);
  const op = input.operation ?? null;
  const { rows } = await ctx.db.query<{
    audit_id: string;
    audit_seq: number;
    occurred_at: Date;
    actor_kind: string;
    actor_id: string;
    actor_role: string | null;
    operation: string;
    target_type: string | null;
    target_id: string | null;
    before: unknown;
    after: unknown;
    reason: string | null;
    request_id: string | null;
  }>(
    `SELECT audit_id, audit_seq, occurred_at, actor_kind, actor_id, actor_role, operation, target_type, target_id,
            before, after, reason, request_id
       FROM audit_log
      WHERE ($1::text IS NULL OR actor_id = $1)
        AND ($2::text IS NULL OR target_type = $2)
        AND ($3::text IS NULL OR target_id = $3)
        AND ($4::text IS NULL OR operation = $4 OR (right($4, 1) = '.' AND starts_with(operation, $4)))
        AND ($5::timestamptz IS NULL OR occurred_at >= $5)
        AND ($6::timestamptz IS NULL OR occurred_at < $6)
        AND ($7::bigint IS NULL OR audit_seq < $7)
        AND ($8::text[] IS NULL OR warehouse_ids IS NULL OR warehouse_ids <@ $8::text[])
      ORDER BY audit_seq DESC LIMIT $9`,
    [
      input.actor ?? null,
      input.targetType ?? null,
      input.target ?? null,
      op,
      input.since ?? null,
      input.until ?? null,
      before?.[0] ?? null,
      ctx.warehouseScope,
      input.limit + 1,
    ],
  );
  const page = pageOf(rows, input.limit, (r) => [r.audit_seq]);
  return {
    items: page.rows.map((r) => ({
      id: r.audit_id,
      seq: r.audit_seq,
      occurredAt: r.occurred_at.toISOString(),
      actor: { kind: r.actor_kind, id: r.actor_id, role: r.actor_role },
      operation: r.operation,
      target: r.target_type === null ? null : { type: r.target_type, id: r.target_id },
      before: r.before,
      after: r.after,
      reason: r.reason,
      requestId: r.request_id,
    })),
    nextCursor: page.nextCursor,
  };
}
