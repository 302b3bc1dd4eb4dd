import { type Context, runCommand } from '../../../db/index.js';
import { voidInTransaction } from '../../inventory/index.js';
import { findTask, type PutawayTask, toTask } from '../db/tasks.js';
import { lockOpenTask } from './confirm-putaway-task.js';

/**
 * Cancels an open put-away task: its reservation is voided, so its units are free at the dock again (a new
 * plan picks them up). Errors: putaway_task_not_found (404); putaway_task_not_open (409).
 */
export async function cancelPutawayTask(ctx: Context, id: string) {
  return runCommand(ctx, 'putaway.cancel_task', { id }, async (tx, audit): Promise<PutawayTask> => {
    const task = await lockOpenTask(tx, ctx, id);
    await voidInTransaction(tx, ctx, task.reservation_id);
    await tx.query(
      `UPDATE putaway_tasks SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2
        WHERE task_id = $1 AND status = 'open'`,
      [id, ctx.actor.id],
    );
    audit.record({
      targetType: 'putaway_task',
      targetId: id,
      before: { status: 'open' },
      after: { status: 'cancelled', sku: task.sku, from: task.from_code, qty: Number(task.qty) },
      warehouseId: task.warehouse_id,
    });
    return toTask((await findTask(tx, id, null))!);
  });
}
