import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import {
  type Move,
  reserveInTransaction,
  transferInTransaction,
  voidInTransaction,
} from '../../inventory/index.js';
import { findTask, type PutawayTask, type TaskRow, toTask } from '../db/tasks.js';
import { putawayTaskNotFound, putawayTaskNotOpen } from '../errors.js';

export interface ConfirmPutawayInput {
  /** The label scanned at the destination bin (its code, any case). */
  bin: string;
  /** Units put there; fewer than the task's splits it (the rest stays open in a new task). Default: all. */
  qty?: number | undefined;
}

export interface PutawayConfirmation {
  task: PutawayTask;
  /** The open task for the units not put away yet (a partial confirmation), or null. */
  remainder: PutawayTask | null;
  moves: Move[];
}

interface ScannedBin {
  location_id: string;
  code: string;
  kind: string;
  usage: string;
  is_archived: boolean;
  capacity_units: number | null;
}

/**
 * Confirms a put-away by scanning the destination bin. The bin may differ from the suggestion if it is a
 * storage bin of the task's warehouse with room for the units (its on-hand units plus what other open tasks
 * are bringing it, under its capacity), checked under a lock on the bin's row so that two confirmations
 * cannot both take its last free space. In one transaction: the task's reservation is voided, the units
 * move dock → bin (a transfer, which counts as an arrival in storage: backorders fill), and the task goes
 * open → done by a guarded update under its row lock — two operators on one task end with one move. A
 * partial quantity ends this task with what was put away and opens a new one (held by a new reservation)
 * for the rest.
 * Errors: putaway_task_not_found (404); putaway_task_not_open, reservation_not_open (409); wrong_bin,
 * bin_full, putaway_exceeds_task (422).
 */
export async function confirmPutawayTask(ctx: Context, id: string, input: ConfirmPutawayInput) {
  return runCommand(
    ctx,
    'putaway.confirm_task',
    { id, ...input },
    async (tx, audit): Promise<PutawayConfirmation> => {
      const task = await lockOpenTask(tx, ctx, id);
      const taskQty = Number(task.qty);
      const qty = input.qty ?? taskQty;
      if (qty > taskQty) {
        throw unprocessable(
          'putaway_exceeds_task',
          `Task ${id} carries ${taskQty} unit(s) of ${task.sku}; ${qty} cannot be put away under it.`,
          { field: 'qty', requested: qty, taskQty },
        );
      }
      const bin = await lockScannedBin(tx, task, input.bin);
      await checkRoom(tx, task, bin, qty);
      await voidInTransaction(tx, ctx, task.reservation_id);
      const { moves } = await transferInTransaction(tx, ctx, {
        sku: task.sku,
        from: task.from_code,
        to: bin.code,
        qty,
        reference: `put-away task ${id}`,
      });
      const rest = taskQty - qty;
      let remainderId: string | null = null;
      if (rest > 0) {
        remainderId = newId('putawayTask');
        const held = await reserveInTransaction(tx, ctx, {
          lines: [{ sku: task.sku, location: task.from_code, qty: rest }],
          reference: `put-away task ${remainderId}`,
        });
        await tx.query(
          `INSERT INTO putaway_tasks (task_id, warehouse_id, sku_id, from_location_id, suggested_location_id, rule_id,
                                      qty, reservation_id, split_from, source, created_by_kind, created_by, request_id)
           SELECT $2, warehouse_id, sku_id, from_location_id, suggested_location_id, rule_id, $3, $4, task_id, source,
                  $5, $6, $7
             FROM putaway_tasks WHERE task_id = $1`,
          [id, remainderId, rest, held.id, ctx.actor.kind, ctx.actor.id, ctx.requestId],
        );
      }
      const done = await tx.query(
        `UPDATE putaway_tasks SET status = 'done', qty = $2, to_location_id = $3, done_at = now(), done_by_kind = $4,
                done_by = $5
          WHERE task_id = $1 AND status = 'open'`,
        [id, qty, bin.location_id, ctx.actor.kind, ctx.actor.id],
      );
      if (done.rowCount !== 1) throw putawayTaskNotOpen(id, 'done', null);
      const after = (await findTask(tx, id, null))!;
      const remainder = remainderId ? await findTask(tx, remainderId, null) : null;
      audit.record({
        targetType: 'putaway_task',
        targetId: id,
        before: { status: 'open', qty: taskQty, suggestedBin: task.suggested_code },
        after: {
          status: 'done',
          qty,
          sku: task.sku,
          from: task.from_code,
          to: bin.code,
          remainderTaskId: remainderId,
        },
        warehouseId: task.warehouse_id,
      });
      return { task: toTask(after), remainder: remainder ? toTask(remainder) : null, moves };
    },
  );
}

/** The task, row-locked, if it is open. Errors: putaway_task_not_found (404), putaway_task_not_open (409). */
export async function lockOpenTask(tx: Queryable, ctx: Context, id: string): Promise<TaskRow> {
  const task = await findTask(tx, id, ctx.warehouseScope, { lock: true });
  if (!task) throw putawayTaskNotFound(id);
  if (task.status !== 'open')
    throw putawayTaskNotOpen(id, task.status, task.status === 'done' ? task.done_by : task.cancelled_by);
  return task;
}

/**
 * The scanned bin, if it may take the units: a storage bin of the task's warehouse, not archived. Its row
 * is locked (FOR NO KEY UPDATE: ordinary stock moves, which share-lock it, go on) so put-aways into it
 * are checked against its capacity one at a time. Errors: wrong_bin (422).
 */
async function lockScannedBin(tx: Queryable, task: TaskRow, scanned: string): Promise<ScannedBin> {
  const label = scanned.trim();
  const { rows } = await tx.query<ScannedBin>(
    `SELECT location_id, code, kind, usage, is_archived, capacity_units FROM locations
      WHERE lower(code) = lower($1) AND warehouse_id = $2 FOR NO KEY UPDATE`,
    [label, task.warehouse_id],
  );
  const bin = rows[0];
  const why = !bin
    ? `is not a location of ${task.warehouse}`
    : bin.kind !== 'bin'
      ? `is a ${bin.kind}, not a bin`
      : bin.usage !== 'storage'
        ? `is a ${bin.usage} bin, not storage`
        : bin.is_archived
          ? 'is archived'
          : null;
  if (why) {
    throw unprocessable(
      'wrong_bin',
      `Scanned ${label}, which ${why}. Put ${task.sku} away in ${task.suggested_code} or another storage bin of ${task.warehouse} and scan its label.`,
      { scanned: label, suggested: task.suggested_code, usage: bin?.usage ?? null, kind: bin?.kind ?? null },
    );
  }
  return bin!;
}

/** Errors: bin_full (422) when the bin's capacity cannot take qty more units. */
async function checkRoom(tx: Queryable, task: TaskRow, bin: ScannedBin, qty: number): Promise<void> {
  if (bin.capacity_units === null) return;
  const { rows } = await tx.query<{ on_hand: string; incoming: string }>(
    `SELECT coalesce((SELECT sum(on_hand) FROM stock_balances WHERE location_id = $1), 0) AS on_hand,
            coalesce((SELECT sum(qty) FROM putaway_tasks
                       WHERE suggested_location_id = $1 AND status = 'open' AND task_id <> $2), 0) AS incoming`,
    [bin.location_id, task.task_id],
  );
  const onHand = Number(rows[0]!.on_hand);
  const incoming = Number(rows[0]!.incoming);
  const free = Math.max(0, bin.capacity_units - onHand - incoming);
  if (qty > free) {
    throw unprocessable(
      'bin_full',
      `${bin.code} has room for ${free} more unit(s) (capacity ${bin.capacity_units}, ${onHand} on hand, ${incoming} on the way); ${qty} do not fit. Use another storage bin${
        bin.code === task.suggested_code ? '' : ` or ${task.suggested_code}`
      }, or confirm fewer.`,
      { bin: bin.code, capacity: bin.capacity_units, onHand, incoming, free, qty },
    );
  }
}
