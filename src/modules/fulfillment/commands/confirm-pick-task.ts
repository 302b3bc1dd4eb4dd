import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, DomainError, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { adjustInTransaction, reserveInTransaction, voidInTransaction } from '../../inventory/index.js';
import { type Order, recordShipmentVoided, recordShortPick } from '../../orders/index.js';
import { recordWarehouseException } from '../db/exceptions.js';
import { lockPickList, reconcileLineTasks, releaseShipmentTasks, settlePickLists } from '../db/picking.js';
import { lockShipmentOrder } from '../db/shipments.js';
import { parseItemScan, scanMatchesBin, scanMatchesSku } from '../domain/scan.js';
import { pickTaskNotFound } from '../errors.js';
import { getPickTaskInTransaction, type PickTask } from '../queries/picking.js';

export interface ConfirmPickInput {
  /** What the picker scanned at the bin (its label). */
  bin: string;
  /** What the picker scanned on the item: SKU code, GTIN, or a GS1 (01) element string. */
  item: string;
  /** Units taken; fewer than the task asks records a short pick. Defaults to the task's quantity. */
  qty?: number | undefined;
  /** The tote scanned, when the list picks into totes. */
  tote?: string | undefined;
}

export interface ShortPickOutcome {
  /** Units the bin lacked (written off from it with reason short_pick). */
  missing: number;
  /** Units found in other bins of the warehouse: new tasks on the same pick list. */
  replacements: { taskId: string; bin: string; qty: number }[];
  /** Units (of the order line) the shipment gave up: decided again for the order (another warehouse or backorder). */
  removedFromShipment: number;
  orderStatus: string;
  countTaskId: string;
  shipmentVoided: boolean;
}

export interface PickConfirmation {
  task: PickTask;
  pickList: { id: string; status: string; openTasks: number };
  short: ShortPickOutcome | null;
}

/** Scan mistakes are refused and, separately, recorded for the warehouse dashboard. */
const RECORDED = new Set(['wrong_bin', 'wrong_item', 'wrong_tote']);

/**
 * Confirms a pick task by scan: the bin label and the item (SKU code or GTIN) must be the task's, else the
 * pick is refused (wrong_bin / wrong_item, recorded as a caught mistake). The task is confirmed once —
 * guarded by its status under the order's lock, so two pickers on one task end with one confirmation.
 * Fewer units than asked is a short pick: the missing units are written off from the bin (reason
 * short_pick), replaced from other bins of the warehouse when they have them (new tasks on the same list),
 * otherwise taken off the shipment and decided again for the order (another warehouse, or backordered);
 * a count task is opened for the bin. Errors: pick_task_not_found (404); pick_task_not_open,
 * shipment_not_open (409); wrong_bin, wrong_item, wrong_tote, pick_exceeds_task, invalid_quantity (422).
 */
export async function confirmPickTask(ctx: Context, id: string, input: ConfirmPickInput) {
  if (input.qty !== undefined && (!Number.isSafeInteger(input.qty) || input.qty < 0)) {
    throw unprocessable('invalid_quantity', 'qty must be a whole number of units, 0 or more.', {
      field: 'qty',
    });
  }
  // Where a refused scan happened, for the floor report (known once the task is read).
  const at: { current: { warehouseId: string; shipmentId: string } | null } = { current: null };
  try {
    return await runCommand(
      ctx,
      'fulfillment.confirm_pick_task',
      { id, ...input },
      async (tx, audit): Promise<PickConfirmation> => {
        const { shipmentId, pickListId } = await taskShipment(tx, id, ctx.warehouseScope);
        const order = await lockShipmentOrder(tx, ctx, shipmentId);
        // Then the pick list: every change of a list's tasks takes it after the order's lock and before the
        // tasks (a short pick re-sequences the list's open tasks; a void cancels some), so two pickers on
        // one batch list, or a pick and a void, wait for each other instead of deadlocking.
        await lockPickList(tx, pickListId);
        const task = await lockTask(tx, id);
        at.current = { warehouseId: task.warehouse_id, shipmentId: task.shipment_id };
        if (task.status !== 'open') {
          throw conflict('pick_task_not_open', `Pick task ${id} is already ${task.status}.`, {
            pickTask: id,
            status: task.status,
            confirmedBy: task.confirmed_by,
          });
        }
        if (task.shipment_status !== 'open') {
          throw conflict(
            'shipment_not_open',
            `Shipment ${task.shipment_id} is ${task.shipment_status}; its tasks can no longer be picked.`,
            { shipment: task.shipment_id, status: task.shipment_status },
          );
        }
        if (!scanMatchesBin(input.bin, task.bin)) {
          throw unprocessable(
            'wrong_bin',
            `Scanned bin ${input.bin.trim()}, but this pick is from ${task.bin}. Go to ${task.bin} and scan its label.`,
            { expected: task.bin, scanned: input.bin.trim() },
          );
        }
        if (!scanMatchesSku(parseItemScan(input.item), { code: task.sku, gtin: task.gtin })) {
          throw unprocessable(
            'wrong_item',
            `Scanned ${input.item.trim()}, which is not ${task.sku}${task.gtin ? ` (GTIN ${task.gtin})` : ''}. Leave it in the bin and pick ${task.sku}.`,
            { expected: task.sku, expectedGtin: task.gtin, scanned: input.item.trim() },
          );
        }
        if (
          input.tote !== undefined &&
          task.tote !== null &&
          input.tote.trim().toLowerCase() !== task.tote.toLowerCase()
        ) {
          throw unprocessable(
            'wrong_tote',
            `This pick goes into tote ${task.tote}, not ${input.tote.trim()}.`,
            {
              expected: task.tote,
              scanned: input.tote.trim(),
            },
          );
        }
        const qty = input.qty ?? Number(task.qty);
        if (qty > Number(task.qty)) {
          throw unprocessable(
            'pick_exceeds_task',
            `The task asks for ${task.qty} unit(s) of ${task.sku}; ${qty} cannot be picked. Put ${qty - Number(task.qty)} back.`,
            { field: 'qty', requested: qty, expected: Number(task.qty) },
          );
        }
        let short: ShortPickOutcome | null = null;
        if (qty === Number(task.qty)) {
          await tx.query(
            `UPDATE pick_tasks SET status = 'picked', qty_picked = qty, confirmed_at = now(), confirmed_by_kind = $2,
                    confirmed_by = $3
              WHERE pick_task_id = $1 AND status = 'open'`,
            [id, ctx.actor.kind, ctx.actor.id],
          );
        } else {
          short = await recordShort(tx, ctx, order, task, qty);
        }
        await tx.query(
          'UPDATE pick_lists SET assigned_to = coalesce(assigned_to, $2) WHERE pick_list_id = $1',
          [task.pick_list_id, ctx.actor.id],
        );
        await settlePickLists(tx, [task.pick_list_id]);
        const { rows: list } = await tx.query<{ status: string; open: number }>(
          `SELECT pl.status, (SELECT count(*)::int FROM pick_tasks t WHERE t.pick_list_id = pl.pick_list_id
                                 AND t.status = 'open') AS open
             FROM pick_lists pl WHERE pl.pick_list_id = $1`,
          [task.pick_list_id],
        );
        audit.record({
          targetType: 'pick_task',
          targetId: id,
          before: { status: 'open' },
          after: {
            status: short ? 'short' : 'picked',
            qtyPicked: qty,
            bin: task.bin,
            sku: task.sku,
            shipmentId: task.shipment_id,
            ...(short ? { short } : {}),
          },
          reason: short ? 'short_pick' : null,
          warehouseIds: [task.warehouse_id],
        });
        return {
          task: await getPickTaskInTransaction(tx, id, null),
          pickList: { id: task.pick_list_id, status: list[0]!.status, openTasks: list[0]!.open },
          short,
        };
      },
    );
  } catch (e) {
    if (e instanceof DomainError && RECORDED.has(e.code) && at.current !== null) {
      await recordWarehouseException(ctx.db, ctx, {
        kind: 'pick',
        ...at.current,
        pickTaskId: id,
        code: e.code,
        scanned:
          e.code === 'wrong_bin' ? input.bin : e.code === 'wrong_tote' ? (input.tote ?? '') : input.item,
      });
    }
    throw e;
  }
}

async function taskShipment(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<{ shipmentId: string; pickListId: string }> {
  const { rows } = await tx.query<{ shipment_id: string; pick_list_id: string }>(
    `SELECT t.shipment_id, t.pick_list_id FROM pick_tasks t JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
      WHERE t.pick_task_id = $1 AND ($2::text[] IS NULL OR pl.warehouse_id = ANY($2::text[]))`,
    [id, scope],
  );
  if (!rows[0]) throw pickTaskNotFound(id);
  return { shipmentId: rows[0].shipment_id, pickListId: rows[0].pick_list_id };
}

interface LockedTask {
  pick_task_id: string;
  pick_list_id: string;
  shipment_id: string;
  shipment_status: string;
  order_id: string;
  line_no: number;
  sku_id: string;
  sku: string;
  gtin: string | null;
  location_id: string;
  bin: string;
  warehouse_id: string;
  qty: number;
  tote: string | null;
  status: string;
  confirmed_by: string | null;
}

async function lockTask(tx: Queryable, id: string): Promise<LockedTask> {
  const { rows } = await tx.query<LockedTask>(
    `SELECT t.pick_task_id, t.pick_list_id, t.shipment_id, sh.status AS shipment_status, t.order_id, t.line_no,
            t.sku_id, s.code AS sku, s.gtin, t.location_id, l.code AS bin, l.warehouse_id, t.qty, t.tote, t.status,
            t.confirmed_by
       FROM pick_tasks t JOIN shipments sh ON sh.shipment_id = t.shipment_id
       JOIN skus s ON s.sku_id = t.sku_id JOIN locations l ON l.location_id = t.location_id
      WHERE t.pick_task_id = $1 FOR UPDATE OF t`,
    [id],
  );
  return { ...rows[0]!, qty: Number(rows[0]!.qty) };
}

interface Piece {
  skuId: string;
  sku: string;
  locationId: string;
  location: string;
  qty: number;
}

/**
 * The short pick's ledger and order work (see confirmPickTask). The shipment line's hold is voided and held
 * again as it now stands, in this transaction, so no one else can take its units in between.
 */
async function recordShort(
  tx: Queryable,
  ctx: Context,
  order: Order,
  task: LockedTask,
  found: number,
): Promise<ShortPickOutcome> {
  const inner: Context = { ...ctx, warehouseScope: null };
  const missing = task.qty - found;
  await tx.query(
    `UPDATE pick_tasks SET status = 'short', qty_picked = $2, qty_short = $3, confirmed_at = now(),
            confirmed_by_kind = $4, confirmed_by = $5
      WHERE pick_task_id = $1 AND status = 'open'`,
    [task.pick_task_id, found, missing, ctx.actor.kind, ctx.actor.id],
  );
  const { rows: lineRows } = await tx.query<{ qty: number; reservation_id: string; tote: string | null }>(
    `SELECT sl.qty, sl.reservation_id, sh.tote FROM shipment_lines sl JOIN shipments sh ON sh.shipment_id = sl.shipment_id
      WHERE sl.shipment_id = $1 AND sl.line_no = $2 FOR UPDATE OF sl`,
    [task.shipment_id, task.line_no],
  );
  const line = {
    qty: Number(lineRows[0]!.qty),
    reservationId: lineRows[0]!.reservation_id,
    tote: lineRows[0]!.tote,
  };
  const { rows: held } = await tx.query<{
    sku_id: string;
    sku: string;
    location_id: string;
    location: string;
    qty: number;
  }>(
    `SELECT rl.sku_id, s.code AS sku, rl.location_id, l.code AS location, (rl.qty - rl.posted_qty)::bigint AS qty
       FROM reservation_lines rl JOIN skus s ON s.sku_id = rl.sku_id JOIN locations l ON l.location_id = rl.location_id
      WHERE rl.reservation_id = $1 ORDER BY rl.line_no`,
    [line.reservationId],
  );
  const pieces: Piece[] = held.map((h) => ({
    skuId: h.sku_id,
    sku: h.sku,
    locationId: h.location_id,
    location: h.location,
    qty: Number(h.qty),
  }));
  await voidInTransaction(tx, inner, line.reservationId);
  // The bin did not have them: out of the bin's balance now, so nothing else is promised from it.
  await adjustInTransaction(tx, inner, {
    sku: task.sku,
    location: task.bin,
    delta: -missing,
    reason: 'short_pick',
    reference: `pick task ${task.pick_task_id}`,
    note: `short pick: ${found} of ${task.qty} found`,
  });
  const at = pieces.find((p) => p.skuId === task.sku_id && p.locationId === task.location_id)!;
  at.qty -= missing;

  // Make up for them from the warehouse's other locations, in bin order.
  const { rows: others } = await tx.query<{
    location_id: string;
    code: string;
    pick_seq: number | null;
    available: number;
  }>(
    `SELECT b.location_id, l.code, l.pick_seq, (b.on_hand - b.reserved)::bigint AS available
       FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
      WHERE b.sku_id = $1 AND l.warehouse_id = $2 AND b.is_physical AND b.location_id <> $3 AND NOT l.is_archived
        AND l.usage = 'storage'
        AND b.on_hand > b.reserved
      ORDER BY b.location_id FOR UPDATE OF b`,
    [task.sku_id, task.warehouse_id, task.location_id],
  );
  others.sort(
    (a, b) =>
      (a.pick_seq ?? Number.MAX_SAFE_INTEGER) - (b.pick_seq ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code, 'en', { numeric: true }),
  );
  let toFind = missing;
  for (const o of others) {
    if (toFind === 0) break;
    const take = Math.min(toFind, Number(o.available));
    const existing = pieces.find((p) => p.skuId === task.sku_id && p.locationId === o.location_id);
    if (existing) existing.qty += take;
    else
      pieces.push({
        skuId: task.sku_id,
        sku: task.sku,
        locationId: o.location_id,
        location: o.code,
        qty: take,
      });
    toFind -= take;
  }

  // What no bin has: whole units (kits) leave the shipment.
  const { rows: parts } = await tx.query<{ sku_id: string; qty: number }>(
    `SELECT sc.component_sku_id AS sku_id, sc.qty FROM order_lines ol
       JOIN sku_components sc ON sc.kit_sku_id = ol.sku_id
      WHERE ol.order_id = $1 AND ol.line_no = $2`,
    [task.order_id, task.line_no],
  );
  const perUnit = new Map(
    parts.length > 0 ? parts.map((p) => [p.sku_id, Number(p.qty)]) : [[task.sku_id, 1]],
  );
  const removed = toFind > 0 ? Math.ceil(toFind / (perUnit.get(task.sku_id) ?? 1)) : 0;
  const newQty = line.qty - removed;
  if (removed > 0) trimPieces(pieces, perUnit, newQty, await pickedUnits(tx, task));
  const kept = pieces.filter((p) => p.qty > 0);

  let reservationId: string | null = null;
  if (newQty > 0 && kept.length > 0) {
    const again = await reserveInTransaction(tx, inner, {
      lines: kept.map((p) => ({ sku: p.sku, location: p.location, qty: p.qty })),
      reference: `shipment ${task.shipment_id} order ${task.order_id} line ${task.line_no}`,
    });
    reservationId = again.id;
    await tx.query(
      'INSERT INTO order_line_reservations (order_id, line_no, reservation_id, shipment_id) VALUES ($1, $2, $3, $4)',
      [task.order_id, task.line_no, again.id, task.shipment_id],
    );
  }
  await tx.query(
    `UPDATE shipment_lines SET qty = $3, qty_short = qty_short + $4, reservation_id = $5
      WHERE shipment_id = $1 AND line_no = $2`,
    [task.shipment_id, task.line_no, newQty, removed, reservationId],
  );
  const created = await reconcileLineTasks(tx, {
    pickListId: task.pick_list_id,
    from: task.location_id,
    shipmentId: task.shipment_id,
    orderId: task.order_id,
    lineNo: task.line_no,
    tote: line.tote,
    pieces: kept,
  });
  let orderStatus: string = order.status;
  if (removed > 0) {
    const r = await recordShortPick(tx, ctx, order, {
      shipmentId: task.shipment_id,
      lineNo: task.line_no,
      qty: removed,
      sku: task.sku,
      bin: task.bin,
      pickTaskId: task.pick_task_id,
    });
    orderStatus = r.status;
  }
  const countTaskId = await openCountTask(tx, ctx, task);

  // A shipment left with nothing to carry is voided: there is no parcel to make.
  const { rows: rest } = await tx.query<{ units: string }>(
    'SELECT coalesce(sum(qty), 0) AS units FROM shipment_lines WHERE shipment_id = $1',
    [task.shipment_id],
  );
  let shipmentVoided = false;
  if (Number(rest[0]!.units) === 0) {
    await tx.query(
      `UPDATE shipments SET status = 'voided', voided_at = now(), voided_by = $2, void_reason = 'short_pick'
        WHERE shipment_id = $1 AND status = 'open'`,
      [task.shipment_id, ctx.actor.id],
    );
    const { rows: w } = await tx.query<{ code: string }>(
      'SELECT code FROM locations WHERE location_id = $1',
      [task.warehouse_id],
    );
    orderStatus = await recordShipmentVoided(
      tx,
      ctx,
      { ...order, status: orderStatus as Order['status'] },
      { shipmentId: task.shipment_id, warehouse: w[0]!.code, lines: [] },
      'short_pick',
    );
    await releaseShipmentTasks(tx, task.shipment_id);
    shipmentVoided = true;
  }
  const bins = new Map(pieces.map((p) => [p.locationId, p.location]));
  return {
    missing,
    replacements: created.map((c) => ({
      taskId: c.id,
      bin: bins.get(c.locationId) ?? c.locationId,
      qty: c.qty,
    })),
    removedFromShipment: removed,
    orderStatus,
    countTaskId,
    shipmentVoided,
  };
}

/** Units of the line already in the tote, per (SKU, bin): kept first when kits leave the shipment. */
async function pickedUnits(tx: Queryable, task: LockedTask): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ sku_id: string; location_id: string; qty: string }>(
    `SELECT sku_id, location_id, sum(qty_picked - qty_put_back) AS qty FROM pick_tasks
      WHERE shipment_id = $1 AND line_no = $2 AND status IN ('picked', 'short')
      GROUP BY sku_id, location_id`,
    [task.shipment_id, task.line_no],
  );
  return new Map(rows.map((r) => [`${r.sku_id}\u0000${r.location_id}`, Number(r.qty)]));
}

/**
 * Cuts the line's pieces down to `units` whole units (kits: each component × its quantity per kit), keeping
 * what is already picked before what is still in bins, so as little as possible goes back on the shelf.
 */
function trimPieces(
  pieces: Piece[],
  perUnit: Map<string, number>,
  units: number,
  picked: Map<string, number>,
) {
  for (const [skuId, per] of perUnit) {
    let keep = units * per;
    const mine = pieces.filter((p) => p.skuId === skuId);
    const inTote = new Map(
      mine.map((p) => [p, Math.min(p.qty, picked.get(`${p.skuId}\u0000${p.locationId}`) ?? 0)]),
    );
    const allowed = new Map<Piece, number>();
    for (const p of mine) {
      const take = Math.min(inTote.get(p) ?? 0, keep);
      allowed.set(p, take);
      keep -= take;
    }
    for (const p of mine) {
      const take = Math.min(p.qty - (allowed.get(p) ?? 0), keep);
      allowed.set(p, (allowed.get(p) ?? 0) + take);
      keep -= take;
    }
    for (const p of mine) p.qty = allowed.get(p) ?? 0;
  }
}

/** A count task for the bin (one open task per bin and SKU is enough). */
async function openCountTask(tx: Queryable, ctx: Context, task: LockedTask): Promise<string> {
  const { rows: open } = await tx.query<{ count_task_id: string }>(
    `SELECT count_task_id FROM count_tasks WHERE location_id = $1 AND sku_id = $2 AND status = 'open' LIMIT 1`,
    [task.location_id, task.sku_id],
  );
  if (open[0]) return open[0].count_task_id;
  const id = newId('countTask');
  // A plan or a loss may open one concurrently (count_tasks_open_key): then that one is the bin's task.
  const { rows: made } = await tx.query<{ count_task_id: string }>(
    `INSERT INTO count_tasks (count_task_id, warehouse_id, location_id, sku_id, source, pick_task_id, created_by_kind, created_by)
     VALUES ($1, $2, $3, $4, 'short_pick', $5, $6, $7)
     ON CONFLICT (location_id, (coalesce(sku_id, ''))) WHERE status = 'open' DO NOTHING
     RETURNING count_task_id`,
    [id, task.warehouse_id, task.location_id, task.sku_id, task.pick_task_id, ctx.actor.kind, ctx.actor.id],
  );
  if (made[0]) return made[0].count_task_id;
  const { rows: other } = await tx.query<{ count_task_id: string }>(
    `SELECT count_task_id FROM count_tasks WHERE location_id = $1 AND sku_id = $2 AND status = 'open'`,
    [task.location_id, task.sku_id],
  );
  return other[0]!.count_task_id;
}
