import type { Context } from '../../../db/index.js';
import {
  type CountTask,
  type CountTaskRow,
  findTaskRow,
  inScope,
  TASK_SELECT,
  toCountTask,
} from '../db/tasks.js';
import { countTaskNotFound } from '../errors.js';

/**
 * Count tasks in the caller's warehouses, oldest first; a blind task's expected quantity (and variance) is
 * null for a caller without counts.approve.
 */
export async function listCountTasks(
  ctx: Context,
  input: {
    warehouse?: string | undefined;
    status?: string | undefined;
    plan?: string | undefined;
    limit: number;
  },
): Promise<{ items: CountTask[] }> {
  const { rows } = await ctx.db.query<CountTaskRow>(
    `${TASK_SELECT}
      WHERE ($1::text IS NULL OR lower(w.code) = lower($1)) AND ($2::text IS NULL OR ct.status = $2)
        AND ($3::text IS NULL OR ct.plan_id = $3) AND ${inScope('ct', '$5')}
      ORDER BY ct.created_at, ct.count_task_id LIMIT $4`,
    [input.warehouse ?? null, input.status ?? null, input.plan ?? null, input.limit, ctx.warehouseScope],
  );
  return { items: rows.map((r) => toCountTask(r, ctx)) };
}

/** One count task. Errors: count_task_not_found (404, also for a task outside the caller's warehouses). */
export async function getCountTask(ctx: Context, id: string): Promise<CountTask> {
  const row = await findTaskRow(ctx.db, ctx, id);
  if (!row) throw countTaskNotFound(id);
  return toCountTask(row, ctx);
}
