import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { type CountTask, findTaskRow, insertOpenTask, toCountTask } from '../db/tasks.js';
import { countTaskNotCounted, countTaskNotFound } from '../errors.js';

export interface RejectCountTaskInput {
  reason: string;
}

/**
 * A manager refuses a count awaiting approval: the task is closed as rejected (its count kept as history,
 * no stock changed) and a recount opens as a new task for the same bin and SKU (recountOf names the
 * rejected one), with the same plan and blindness. If the bin and SKU already has an open task, that task
 * is the recount.
 * Errors: count_task_not_found (404); count_task_not_counted (409); reason_required (422).
 */
export async function rejectCountTask(ctx: Context, id: string, input: RejectCountTaskInput) {
  const reason = input.reason?.trim();
  if (!reason)
    throw unprocessable('reason_required', 'Say why the count is rejected (reason).', { field: 'reason' });
  return runCommand(
    ctx,
    'counting.reject_count_task',
    { id, ...input },
    async (tx, audit): Promise<{ task: CountTask; recount: CountTask }> => {
      const task = await findTaskRow(tx, ctx, id);
      if (!task) throw countTaskNotFound(id);
      const { rowCount } = await tx.query(
        `UPDATE count_tasks SET status = 'rejected', approved_at = now(), approved_by = $2, approval_reason = $3,
                done_at = now(), done_by = $2
          WHERE count_task_id = $1 AND status = 'counted'`,
        [id, ctx.actor.id, reason],
      );
      if (rowCount === 0) {
        const now = await findTaskRow(tx, ctx, id);
        throw countTaskNotCounted(id, now?.status ?? task.status);
      }
      let recountId = await insertOpenTask(tx, ctx, {
        id: newId('countTask'),
        warehouseId: task.warehouse_id,
        locationId: task.location_id,
        skuId: task.sku_id,
        source: task.source,
        planId: task.plan_id,
        blind: task.is_blind,
        abcClass: task.abc_class,
        recountOf: id,
        pickTaskId: task.pick_task_id,
      });
      if (recountId === null) {
        const { rows } = await tx.query<{ count_task_id: string }>(
          `SELECT count_task_id FROM count_tasks WHERE location_id = $1 AND sku_id = $2 AND status = 'open'`,
          [task.location_id, task.sku_id],
        );
        recountId = rows[0]!.count_task_id;
      }
      const after = (await findTaskRow(tx, ctx, id))!;
      const recount = (await findTaskRow(tx, ctx, recountId))!;
      audit.record({
        targetType: 'count_task',
        targetId: id,
        before: { status: 'counted' },
        after: { status: 'rejected', recount: recountId },
        reason,
        warehouseId: task.warehouse_id,
      });
      return { task: toCountTask(after, ctx), recount: toCountTask(recount, ctx) };
    },
  );
}
