import { type AuditRecorder, type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { nonNegativeQty } from '../../../kernel/quantity.js';
import { countInTransaction, lockCountBalance } from '../../inventory/index.js';
import {
  type CountTask,
  type CountTaskRow,
  findTaskRow,
  thresholdOf,
  toCountTask,
  unitValueOf,
} from '../db/tasks.js';
import { decideVariance } from '../domain/variance.js';
import { binNotEmpty, countTaskNotFound, countTaskNotOpen, skuRequired } from '../errors.js';

export interface CountTaskInput {
  countedQty: number;
  /** For a "confirm empty" task that found something: the SKU found. */
  sku?: string | undefined;
  note?: string | undefined;
}

export interface CountTaskOutcome {
  task: CountTask;
  /** True when the count changed the ledger's record now (within threshold); false when it awaits approval. */
  posted: boolean;
  moveId: string | null;
}

/**
 * Records the count of an open task. Under the lock of the bin's balance, the ledger's on hand is taken
 * as the expected quantity and the variance computed (domain/variance.ts) against the task's plan
 * threshold: within it, the count posts at once (inventory's count: on hand set to the counted quantity,
 * reason count) and the task is done; above it, the task waits for approval (status counted) and no stock
 * changes. The guarded transition (status 'open') makes one of two concurrent counts win; the other gets
 * 409 count_task_not_open. A "confirm empty" task (no SKU) counted 0 is done if the bin holds nothing;
 * counted more, it needs the SKU found.
 * Errors: count_task_not_found (404); count_task_not_open, bin_not_empty, count_below_reserved (409);
 * sku_required, sku_mismatch, unknown_sku, invalid_quantity (422).
 */
export async function countCountTask(ctx: Context, id: string, input: CountTaskInput) {
  const counted = nonNegativeQty(input.countedQty, 'countedQty');
  return runCommand(
    ctx,
    'counting.count_task',
    { id, ...input },
    async (tx, audit): Promise<CountTaskOutcome> => {
      const task = await findTaskRow(tx, ctx, id);
      if (!task) throw countTaskNotFound(id);
      if (task.status !== 'open') throw countTaskNotOpen(id, task.status);
      if (
        task.sku !== null &&
        input.sku !== undefined &&
        input.sku.toLowerCase() !== task.sku.toLowerCase()
      ) {
        throw unprocessable(
          'sku_mismatch',
          `Count task ${id} is for ${task.sku}, not ${input.sku}; count ${task.sku} or leave sku out.`,
          { field: 'sku', countTask: id, sku: task.sku },
        );
      }
      const skuCode = task.sku ?? input.sku ?? null;
      if (skuCode === null) {
        if (counted > 0) throw skuRequired(id);
        return confirmEmpty(ctx, tx, task, audit);
      }
      const locked = await lockCountBalance(tx, ctx, { sku: skuCode, location: task.location });
      const expected = locked.onHand;
      // Refused now rather than at approval: a count under what is promised cannot be posted either way.
      if (counted < locked.reserved) {
        throw conflict(
          'count_below_reserved',
          `${locked.reserved} unit(s) of ${locked.sku.code} at ${task.location} are reserved, more than the ${counted} counted. ` +
            'Void or move those reservations first.',
          { sku: locked.sku.code, location: task.location, countedQty: counted, reserved: locked.reserved },
        );
      }
      const currency = task.plan_currency;
      const unitValue = await unitValueOf(tx, locked.sku.id, currency);
      const decision = decideVariance({
        expectedQty: expected,
        countedQty: counted,
        unitValueMinor: unitValue,
        threshold: thresholdOf(task),
      });
      const { rowCount } = await tx.query(
        `UPDATE count_tasks
            SET sku_id = $2, counted_qty = $3::bigint, expected_qty = $4::bigint, variance = $3::bigint - $4::bigint,
                variance_value_minor = $5, value_currency = $6, is_within_threshold = $7,
                counted_at = now(), counted_by = $8,
                status = CASE WHEN $7::boolean THEN 'done' ELSE 'counted' END,
                done_at = CASE WHEN $7::boolean THEN now() END, done_by = CASE WHEN $7::boolean THEN $8 END
          WHERE count_task_id = $1 AND status = 'open'`,
        [
          id,
          locked.sku.id,
          counted,
          expected,
          decision.valueMinor,
          decision.valueMinor === null ? null : currency,
          decision.isWithinThreshold,
          ctx.actor.id,
        ],
      );
      if (rowCount === 0) {
        const now = await findTaskRow(tx, ctx, id);
        throw countTaskNotOpen(id, now?.status ?? 'gone');
      }
      let moveId: string | null = null;
      if (decision.isWithinThreshold) {
        const { result } = await countInTransaction(tx, ctx, {
          sku: skuCode,
          location: task.location,
          countedQty: counted,
          expectedQty: expected,
          note: input.note ?? `count task ${id}`,
        });
        moveId = result.move?.id ?? null;
      }
      const after = (await findTaskRow(tx, ctx, id))!;
      audit.record({
        targetType: 'count_task',
        targetId: id,
        before: { status: 'open' },
        after: {
          status: after.status,
          countedQty: counted,
          expectedQty: expected,
          variance: decision.variance,
          exceeded: decision.exceeded,
        },
        reason: 'count',
        warehouseId: task.warehouse_id,
      });
      return { task: toCountTask(after, ctx), posted: decision.isWithinThreshold, moveId };
    },
  );
}

/** A bin counted empty: done when the ledger agrees (its balances locked in the ledger's order). */
async function confirmEmpty(
  ctx: Context,
  tx: Queryable,
  task: CountTaskRow,
  audit: AuditRecorder,
): Promise<CountTaskOutcome> {
  const { rows } = await tx.query<{ on_hand: number }>(
    `SELECT on_hand FROM stock_balances WHERE location_id = $1 ORDER BY sku_id COLLATE "C" FOR UPDATE`,
    [task.location_id],
  );
  const onHand = rows.reduce((s, r) => s + Number(r.on_hand), 0);
  if (onHand > 0) throw binNotEmpty(task.count_task_id, task.location, onHand);
  const { rowCount } = await tx.query(
    `UPDATE count_tasks
        SET counted_qty = 0, expected_qty = 0, variance = 0, is_within_threshold = true,
            counted_at = now(), counted_by = $2, status = 'done', done_at = now(), done_by = $2
      WHERE count_task_id = $1 AND status = 'open'`,
    [task.count_task_id, ctx.actor.id],
  );
  if (rowCount === 0) {
    const now = await findTaskRow(tx, ctx, task.count_task_id);
    throw countTaskNotOpen(task.count_task_id, now?.status ?? 'gone');
  }
  const after = (await findTaskRow(tx, ctx, task.count_task_id))!;
  audit.record({
    targetType: 'count_task',
    targetId: task.count_task_id,
    before: { status: 'open' },
    after: { status: 'done', countedQty: 0, expectedQty: 0, variance: 0 },
    reason: 'count',
    warehouseId: task.warehouse_id,
  });
  return { task: toCountTask(after, ctx), posted: true, moveId: null };
}
