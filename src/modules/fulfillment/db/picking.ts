import type { Context, Queryable } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import type { PickLayout } from '../domain/pick-path.js';
import { groupIntoPickLists, type PickListKind, sequenceTasks, toteCode } from '../domain/plan-pick-lists.js';

/**
 * Pick lists and their tasks: the SQL shared by the wave, pick-list, confirm and shipment commands.
 * Every function runs inside the caller's transaction, after the order's lock (see lockShipmentOrder).
 */

/**
 * Refuses to pack or ship a shipment whose pick tasks are not all confirmed (picked or short).
 * Errors: picking_incomplete (409).
 */
export async function assertPickingDone(tx: Queryable, shipmentId: string): Promise<void> {
  const { rows } = await tx.query<{ open: number }>(
    `SELECT count(*)::int AS open FROM pick_tasks WHERE shipment_id = $1 AND status = 'open'`,
    [shipmentId],
  );
  const open = rows[0]?.open ?? 0;
  if (open > 0) {
    throw conflict(
      'picking_incomplete',
      `Shipment ${shipmentId} still has ${open} pick task(s) to confirm; pick them (or record them short) first.`,
      { shipment: shipmentId, openTasks: open },
    );
  }
}

/**
 * Locks a pick list for a change of its tasks. Every such change takes the order's lock first, then the
 * list's, then the tasks' — so pickers on one batch list, and voids, queue instead of deadlocking.
 */
export async function lockPickList(tx: Queryable, pickListId: string): Promise<void> {
  await tx.query('SELECT 1 FROM pick_lists WHERE pick_list_id = $1 FOR NO KEY UPDATE', [pickListId]);
}

/**
 * A shipment was voided: its open pick tasks are cancelled, what was already picked is to be put back in
 * its bins (qty_put_back), and the pick lists and waves it was on are settled again.
 */
export async function releaseShipmentTasks(tx: Queryable, shipmentId: string): Promise<void> {
  // The lists first (in id order), then their tasks: the order confirmations take them in.
  const { rows: lists } = await tx.query<{ pick_list_id: string }>(
    'SELECT DISTINCT pick_list_id FROM pick_tasks WHERE shipment_id = $1 ORDER BY pick_list_id',
    [shipmentId],
  );
  for (const l of lists) await lockPickList(tx, l.pick_list_id);
  const { rows } = await tx.query<{ pick_list_id: string }>(
    `UPDATE pick_tasks SET status = CASE WHEN status = 'open' THEN 'cancelled' ELSE status END,
            qty_put_back = CASE WHEN status = 'open' THEN 0 ELSE qty_picked END
      WHERE shipment_id = $1 AND status <> 'cancelled'
      RETURNING pick_list_id`,
    [shipmentId],
  );
  await settlePickLists(tx, [...new Set(rows.map((r) => r.pick_list_id))]);
}

/**
 * Recomputes the status of pick lists (and their waves) from their tasks: picking once a task is
 * confirmed, picked when none is open, cancelled when every task was cancelled. A cancelled wave stays
 * cancelled (see cancelWave: its lists may hold picked units to put back).
 */
export async function settlePickLists(tx: Queryable, pickListIds: readonly string[]): Promise<void> {
  if (pickListIds.length === 0) return;
  const { rows } = await tx.query<{ wave_id: string | null }>(
    `WITH t AS (
       SELECT pick_list_id,
              count(*) FILTER (WHERE status = 'open') AS open,
              count(*) FILTER (WHERE status IN ('picked', 'short')) AS done,
              count(*) AS total
         FROM pick_tasks WHERE pick_list_id = ANY($1::text[]) GROUP BY pick_list_id)
     UPDATE pick_lists pl
        SET status = CASE WHEN t.open = 0 AND t.done = 0 THEN 'cancelled'
                          WHEN t.open = 0 THEN 'picked'
                          WHEN t.done > 0 THEN 'picking' ELSE 'open' END,
            started_at = CASE WHEN t.done > 0 THEN coalesce(pl.started_at, now()) ELSE pl.started_at END,
            completed_at = CASE WHEN t.open = 0 AND t.done > 0 THEN coalesce(pl.completed_at, now()) ELSE NULL END
       FROM t
      WHERE pl.pick_list_id = t.pick_list_id
      RETURNING pl.wave_id`,
    [pickListIds],
  );
  const waves = [...new Set(rows.map((r) => r.wave_id).filter((w): w is string => w !== null))];
  if (waves.length === 0) return;
  await tx.query(
    `WITH l AS (
       SELECT wave_id,
              count(*) FILTER (WHERE status IN ('open', 'picking')) AS open,
              count(*) FILTER (WHERE status IN ('picking', 'picked')) AS started,
              count(*) FILTER (WHERE status = 'picked') AS picked
         FROM pick_lists WHERE wave_id = ANY($1::text[]) GROUP BY wave_id)
     UPDATE waves w
        SET status = CASE WHEN l.open = 0 AND l.picked = 0 THEN 'cancelled'
                          WHEN l.open = 0 THEN 'picked'
                          WHEN l.started > 0 THEN 'picking' ELSE 'released' END,
            completed_at = CASE WHEN l.open = 0 AND l.picked > 0 THEN coalesce(w.completed_at, now()) ELSE NULL END,
            cancelled_at = CASE WHEN l.open = 0 AND l.picked = 0 THEN coalesce(w.cancelled_at, now()) ELSE NULL END
       FROM l
      WHERE w.wave_id = l.wave_id AND w.status <> 'cancelled'`,
    [waves],
  );
}

interface PieceRow {
  shipment_id: string;
  order_id: string;
  line_no: number;
  sku_id: string;
  location_id: string;
  qty: number;
  bin: string;
  aisle: string | null;
  x_cm: number | null;
  y_cm: number | null;
  pick_seq: number | null;
}

/** The warehouse's depot and the ends of its aisles (the cross aisles), when its layout is known. */
export async function readPickLayout(tx: Queryable, warehouseId: string): Promise<PickLayout | null> {
  const { rows } = await tx.query<{
    x_cm: number | null;
    y_cm: number | null;
    front: number | null;
    back: number | null;
  }>(
    `SELECT w.x_cm, w.y_cm, min(b.y_cm) AS front, max(b.y_cm) AS back
       FROM locations w
       LEFT JOIN locations b ON b.warehouse_id = w.location_id AND b.location_id <> w.location_id
            AND b.y_cm IS NOT NULL
      WHERE w.location_id = $1
      GROUP BY w.location_id, w.x_cm, w.y_cm`,
    [warehouseId],
  );
  const r = rows[0];
  if (!r || r.x_cm === null || r.y_cm === null || r.front === null || r.back === null) return null;
  return { depot: { x: r.x_cm, y: r.y_cm }, frontY: r.front, backY: r.back };
}

/** The units each of these shipments holds, per line, SKU and bin, with the bins' layout. */
async function shipmentPieces(tx: Queryable, shipmentIds: readonly string[]): Promise<PieceRow[]> {
  const { rows } = await tx.query<PieceRow>(
    `SELECT sl.shipment_id, sl.order_id, sl.line_no, rl.sku_id, rl.location_id, (rl.qty - rl.posted_qty)::bigint AS qty,
            l.code AS bin, l.aisle, l.x_cm, l.y_cm, l.pick_seq
       FROM shipment_lines sl
       JOIN reservation_lines rl ON rl.reservation_id = sl.reservation_id
       JOIN locations l ON l.location_id = rl.location_id
      WHERE sl.shipment_id = ANY($1::text[]) AND sl.qty > 0 AND rl.qty > rl.posted_qty
      ORDER BY sl.shipment_id, sl.line_no, l.code, rl.sku_id`,
    [shipmentIds],
  );
  return rows.map((r) => ({ ...r, qty: Number(r.qty) }));
}

export interface NewPickList {
  id: string;
  number: number;
  shipments: { id: string; tote: string | null }[];
  tasks: number;
}

/**
 * Creates the pick lists of a set of open shipments at one warehouse (in the given order: it decides who
 * shares a list) and their tasks — one per shipment line, SKU and bin — in the walking order the planner
 * gives. Multi-order lists put each shipment in its own tote.
 */
export async function createPickLists(
  tx: Queryable,
  ctx: Context,
  input: {
    warehouseId: string;
    waveId: string | null;
    kind: PickListKind;
    ordersPerList: number;
    shipmentIds: readonly string[];
  },
): Promise<NewPickList[]> {
  const layout = await readPickLayout(tx, input.warehouseId);
  const pieces = await shipmentPieces(tx, input.shipmentIds);
  const out: NewPickList[] = [];
  for (const group of groupIntoPickLists(input.shipmentIds, input.kind, input.ordersPerList)) {
    const listId = newId('pickList');
    const { rows } = await tx.query<{ number: string }>(
      `INSERT INTO pick_lists (pick_list_id, wave_id, warehouse_id, kind, created_by_kind, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING number`,
      [listId, input.waveId, input.warehouseId, input.kind, ctx.actor.kind, ctx.actor.id],
    );
    const number = Number(rows[0]!.number);
    const totes = group.map((id, i) => ({ id, tote: toteCode(input.kind, number, i) }));
    await tx.query(
      `UPDATE shipments sh SET tote = t.tote FROM unnest($1::text[], $2::text[]) AS t(id, tote)
        WHERE sh.shipment_id = t.id`,
      [totes.map((t) => t.id), totes.map((t) => t.tote)],
    );
    const toteOf = new Map(totes.map((t) => [t.id, t.tote]));
    const mine = new Set(group);
    const tasks = pieces
      .filter((p) => mine.has(p.shipment_id))
      .map((p) => ({ ...p, id: newId('pickTask'), tote: toteOf.get(p.shipment_id) ?? null }));
    const seq = sequenceTasks(
      layout,
      tasks.map((t) => ({ id: t.id, bin: t.bin, x: t.x_cm, y: t.y_cm, aisle: t.aisle, pickSeq: t.pick_seq })),
    );
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const ordered = seq.ids.map((id) => byId.get(id)!);
    await insertTasks(tx, listId, 1, ordered);
    await tx.query(
      `UPDATE pick_lists SET path_length_cm = $2, naive_length_cm = $3, path_strategy = $4 WHERE pick_list_id = $1`,
      [listId, seq.lengthCm, seq.naiveLengthCm, seq.strategy],
    );
    out.push({ id: listId, number, shipments: totes, tasks: ordered.length });
  }
  return out;
}

interface TaskToInsert {
  id: string;
  shipment_id: string;
  order_id: string;
  line_no: number;
  sku_id: string;
  location_id: string;
  qty: number;
  tote: string | null;
}

async function insertTasks(tx: Queryable, listId: string, firstSeq: number, tasks: readonly TaskToInsert[]) {
  if (tasks.length === 0) return;
  await tx.query(
    `INSERT INTO pick_tasks (pick_task_id, pick_list_id, seq, shipment_id, order_id, line_no, sku_id, location_id, qty, tote)
     SELECT t.id, $1, $2 + t.ord - 1, t.shipment_id, t.order_id, t.line_no, t.sku_id, t.location_id, t.qty, t.tote
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::bigint[], $10::text[])
            WITH ORDINALITY AS t(id, shipment_id, order_id, line_no, sku_id, location_id, qty, tote, ord)`,
    [
      listId,
      firstSeq,
      tasks.map((t) => t.id),
      tasks.map((t) => t.shipment_id),
      tasks.map((t) => t.order_id),
      tasks.map((t) => t.line_no),
      tasks.map((t) => t.sku_id),
      tasks.map((t) => t.location_id),
      tasks.map((t) => t.qty),
      tasks.map((t) => t.tote),
    ],
  );
}

/**
 * Brings a shipment line's tasks in line with what the line now holds per (SKU, bin) after a short pick:
 * open tasks shrink or are cancelled, units already picked beyond what is needed are to be put back, and
 * units newly held in other bins get new tasks on the same pick list, which then walks its open tasks
 * again from `from` (the bin of the task just confirmed, where the picker stands). Returns the new tasks.
 */
export async function reconcileLineTasks(
  tx: Queryable,
  input: {
    pickListId: string;
    /** The location of the task just confirmed. */
    from: string;
    shipmentId: string;
    orderId: string;
    lineNo: number;
    tote: string | null;
    pieces: readonly { skuId: string; locationId: string; qty: number }[];
  },
): Promise<{ id: string; skuId: string; locationId: string; qty: number }[]> {
  const { rows } = await tx.query<{
    pick_task_id: string;
    sku_id: string;
    location_id: string;
    status: string;
    qty: number;
    qty_picked: number;
    qty_put_back: number;
  }>(
    `SELECT pick_task_id, sku_id, location_id, status, qty, qty_picked, qty_put_back FROM pick_tasks
      WHERE shipment_id = $1 AND line_no = $2 AND status <> 'cancelled'
      ORDER BY seq DESC FOR UPDATE`,
    [input.shipmentId, input.lineNo],
  );
  const key = (sku: string, loc: string) => `${sku}\u0000${loc}`;
  const need = new Map<string, number>();
  for (const p of input.pieces)
    need.set(key(p.skuId, p.locationId), (need.get(key(p.skuId, p.locationId)) ?? 0) + p.qty);
  const keys = new Set([...need.keys(), ...rows.map((r) => key(r.sku_id, r.location_id))]);
  const created: { id: string; skuId: string; locationId: string; qty: number }[] = [];
  for (const k of keys) {
    const tasks = rows.filter((r) => key(r.sku_id, r.location_id) === k);
    const picked = tasks
      .filter((t) => t.status !== 'open')
      .reduce((s, t) => s + Number(t.qty_picked) - Number(t.qty_put_back), 0);
    let open = Math.max(0, (need.get(k) ?? 0) - picked);
    for (const t of tasks.filter((x) => x.status === 'open')) {
      const keep = Math.min(Number(t.qty), open);
      open -= keep;
      if (keep === Number(t.qty)) continue;
      await tx.query(
        keep === 0
          ? `UPDATE pick_tasks SET status = 'cancelled' WHERE pick_task_id = $1`
          : 'UPDATE pick_tasks SET qty = $2 WHERE pick_task_id = $1',
        keep === 0 ? [t.pick_task_id] : [t.pick_task_id, keep],
      );
    }
    let surplus = picked - (need.get(k) ?? 0);
    for (const t of tasks.filter((x) => x.status !== 'open')) {
      if (surplus <= 0) break;
      const back = Math.min(surplus, Number(t.qty_picked) - Number(t.qty_put_back));
      if (back <= 0) continue;
      await tx.query('UPDATE pick_tasks SET qty_put_back = qty_put_back + $2 WHERE pick_task_id = $1', [
        t.pick_task_id,
        back,
      ]);
      surplus -= back;
    }
    if (open > 0) {
      const [skuId, locationId] = k.split('\u0000') as [string, string];
      created.push({ id: newId('pickTask'), skuId, locationId, qty: open });
    }
  }
  if (created.length > 0) {
    // Short picks of two orders on one batch list each append tasks: the list's lock (taken by the caller,
    // again here for any other caller) makes them take their sequence numbers one after the other.
    await lockPickList(tx, input.pickListId);
    const { rows: last } = await tx.query<{ seq: number }>(
      'SELECT coalesce(max(seq), 0)::int AS seq FROM pick_tasks WHERE pick_list_id = $1',
      [input.pickListId],
    );
    await insertTasks(
      tx,
      input.pickListId,
      (last[0]?.seq ?? 0) + 1,
      created.map((c) => ({
        id: c.id,
        shipment_id: input.shipmentId,
        order_id: input.orderId,
        line_no: input.lineNo,
        sku_id: c.skuId,
        location_id: c.locationId,
        qty: c.qty,
        tote: input.tote,
      })),
    );
    await resequenceOpenTasks(tx, input.pickListId, input.from);
  }
  return created;
}

/**
 * Orders a pick list's open tasks along the planner's path from `from` (a location of the list's
 * warehouse) back to the depot; confirmed and cancelled tasks keep their places. The open tasks take the
 * numbers after the list's highest, in one statement, so UNIQUE (pick_list_id, seq) never sees two tasks
 * on one number. Runs under the caller's order lock; tasks of other orders on a batch list are locked in
 * id order, and one confirmed meanwhile keeps its number (the status guard).
 */
async function resequenceOpenTasks(tx: Queryable, pickListId: string, from: string): Promise<void> {
  const { rows: open } = await tx.query<{
    pick_task_id: string;
    bin: string;
    aisle: string | null;
    x_cm: number | null;
    y_cm: number | null;
    pick_seq: number | null;
  }>(
    `SELECT t.pick_task_id, l.code AS bin, l.aisle, l.x_cm, l.y_cm, l.pick_seq
       FROM pick_tasks t JOIN locations l ON l.location_id = t.location_id
      WHERE t.pick_list_id = $1 AND t.status = 'open'
      ORDER BY t.pick_task_id FOR UPDATE OF t`,
    [pickListId],
  );
  if (open.length < 2) return;
  const { rows: here } = await tx.query<{
    warehouse_id: string;
    bin: string;
    aisle: string | null;
    x_cm: number | null;
    y_cm: number | null;
    pick_seq: number | null;
  }>(
    `SELECT pl.warehouse_id, l.code AS bin, l.aisle, l.x_cm, l.y_cm, l.pick_seq
       FROM pick_lists pl, locations l WHERE pl.pick_list_id = $1 AND l.location_id = $2`,
    [pickListId, from],
  );
  const start = here[0]!;
  const layout = await readPickLayout(tx, start.warehouse_id);
  const seq = sequenceTasks(
    layout,
    open.map((t) => ({
      id: t.pick_task_id,
      bin: t.bin,
      x: t.x_cm,
      y: t.y_cm,
      aisle: t.aisle,
      pickSeq: t.pick_seq,
    })),
    { bin: start.bin, x: start.x_cm, y: start.y_cm, aisle: start.aisle, pickSeq: start.pick_seq },
  );
  await tx.query(
    `WITH top AS (SELECT max(seq) AS seq FROM pick_tasks WHERE pick_list_id = $1)
     UPDATE pick_tasks t SET seq = top.seq + u.ord
       FROM top, unnest($2::text[]) WITH ORDINALITY AS u(id, ord)
      WHERE t.pick_task_id = u.id AND t.pick_list_id = $1 AND t.status = 'open'`,
    [pickListId, seq.ids],
  );
}
