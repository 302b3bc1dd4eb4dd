import { type Context, runCommand } from '../../../db/index.js';
import { countInTransaction, lockCountBalance } from '../../inventory/index.js';
import { type CountTask, findTaskRow, toCountTask } from '../db/tasks.js';
import { approvedOnHand } from '../domain/variance.js';
import { approvalBelowZero, countTaskNotCounted, countTaskNotFound } from '../errors.js';

export interface ApproveCountTaskInput {
  reason?: string | undefined;
}

/**
 * A manager accepts a count whose variance was above the plan's threshold: the variance is posted now as
 * a count (reason count). If on hand moved since the count (a pick, a receipt), the counted difference is
 * applied to today's quantity rather than overwriting it (domain/variance.ts approvedOnHand): the units
 * that moved since really moved, and the count only told us how wrong the ledger was at that moment.
 * The balance is locked before the guarded transition (status 'counted'), so what the approval compares
 * against cannot move under it, and one of two concurrent approvals/rejections wins.
 * Errors: count_task_not_found (404); count_task_not_counted, approval_below_zero, count_below_reserved (409).
 */
export async function approveCountTask(ctx: Context, id: string, input: ApproveCountTaskInput) {
  return runCommand(
    ctx,
    'counting.approve_count_task',
    { id, ...input },
    async (tx, audit): Promise<{ task: CountTask; moveId: string | null }> => {
      const task = await findTaskRow(tx, ctx, id);
      if (!task) throw countTaskNotFound(id);
      if (task.status !== 'counted' || task.sku === null) throw countTaskNotCounted(id, task.status);
      const locked = await lockCountBalance(tx, ctx, { sku: task.sku, location: task.location });
      const { rowCount } = await tx.query(
        `UPDATE count_tasks SET status = 'approved', approved_at = now(), approved_by = $2, approval_reason = $3,
                done_at = now(), done_by = $2
          WHERE count_task_id = $1 AND status = 'counted'`,
        [id, ctx.actor.id, input.reason?.trim() || null],
      );
      if (rowCount === 0) {
        const now = await findTaskRow(tx, ctx, id);
        throw countTaskNotCounted(id, now?.status ?? 'gone');
      }
      const expected = task.expected_qty!;
      const counted = task.counted_qty!;
      const target = approvedOnHand({
        expectedQty: expected,
        countedQty: counted,
        currentOnHand: locked.onHand,
      });
      if (target === null) throw approvalBelowZero(id, locked.onHand, counted - expected);
      const { result } = await countInTransaction(tx, ctx, {
        sku: task.sku,
        location: task.location,
        countedQty: target,
        expectedQty: locked.onHand,
        note: `count task ${id} approved${input.reason?.trim() ? `: ${input.reason.trim()}` : ''}`,
      });
      const after = (await findTaskRow(tx, ctx, id))!;
      audit.record({
        targetType: 'count_task',
        targetId: id,
        before: { status: 'counted', onHand: locked.onHand },
        after: { status: 'approved', onHand: target, variance: counted - expected },
        reason: 'count',
        warehouseId: task.warehouse_id,
      });
      return { task: toCountTask(after, ctx), moveId: result.move?.id ?? null };
    },
  );
}
