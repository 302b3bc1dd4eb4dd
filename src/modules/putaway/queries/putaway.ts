import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { type PutawayRule, RULE_ORDER, RULE_SELECT, type RuleRow, toRule } from '../db/rules.js';
import {
  findTask,
  type PutawayTask,
  type PutawayTaskStatus,
  TASK_SELECT,
  type TaskRow,
  toTask,
} from '../db/tasks.js';
import { putawayTaskNotFound } from '../errors.js';

/** A put-away task in the caller's warehouses. Errors: putaway_task_not_found (404). */
export async function getPutawayTask(ctx: Context, id: string): Promise<PutawayTask> {
  const row = await findTask(ctx.db, id, ctx.warehouseScope);
  if (!row) throw putawayTaskNotFound(id);
  return toTask(row);
}

/**
 * Put-away tasks of the caller's warehouses, oldest first (the order they were planned in), optionally
 * one warehouse's, one status's, one SKU's. Errors: invalid_cursor (400).
 */
export async function listPutawayTasks(
  ctx: Context,
  query: {
    warehouse?: string | undefined;
    status?: PutawayTaskStatus | undefined;
    sku?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: PutawayTask[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, ['string']);
  const { rows } = await ctx.db.query<TaskRow>(
    `${TASK_SELECT}
      WHERE ($1::text[] IS NULL OR t.warehouse_id = ANY($1::text[]))
        AND ($2::text IS NULL OR lower(w.code) = lower($2))
        AND ($3::text IS NULL OR t.status = $3)
        AND ($4::text IS NULL OR lower(s.code) = lower($4))
        AND ($5::text IS NULL OR t.task_id > $5)
      ORDER BY t.task_id LIMIT $6`,
    [
      ctx.warehouseScope,
      query.warehouse ?? null,
      query.status ?? null,
      query.sku ?? null,
      (after?.[0] as string | undefined) ?? null,
      query.limit + 1,
    ],
  );
  const page = pageOf(rows, query.limit, (r) => [r.task_id]);
  return { items: page.rows.map(toTask), nextCursor: page.nextCursor };
}

/** Put-away rules of the caller's warehouses (or one), in the order the planner tries them. */
export async function listPutawayRules(
  ctx: Context,
  query: { warehouse?: string | undefined; active?: boolean | undefined },
): Promise<{ items: PutawayRule[] }> {
  const { rows } = await ctx.db.query<RuleRow>(
    `${RULE_SELECT}
      WHERE ($1::text[] IS NULL OR r.warehouse_id = ANY($1::text[]))
        AND ($2::text IS NULL OR lower(w.code) = lower($2))
        AND ($3::boolean IS NULL OR r.is_active = $3)
      ${RULE_ORDER}`,
    [ctx.warehouseScope, query.warehouse ?? null, query.active ?? null],
  );
  return { items: rows.map(toRule) };
}
