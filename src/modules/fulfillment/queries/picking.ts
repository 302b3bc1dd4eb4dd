import type { Context, Queryable } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import { pickListNotFound, pickTaskNotFound, waveNotFound } from '../errors.js';

export type WaveStatus = 'released' | 'picking' | 'picked' | 'cancelled';
export type PickListStatus = 'open' | 'picking' | 'picked' | 'cancelled';
export type PickTaskStatus = 'open' | 'picked' | 'short' | 'cancelled';

export interface PickTask {
  id: string;
  pickListId: string;
  seq: number;
  shipmentId: string;
  orderId: string;
  orderRef: string;
  lineNo: number;
  sku: string;
  skuName: string;
  gtin: string | null;
  bin: string;
  aisle: string | null;
  qty: number;
  tote: string | null;
  status: PickTaskStatus;
  qtyPicked: number;
  qtyShort: number;
  qtyPutBack: number;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

export interface PickListSummary {
  id: string;
  number: number;
  waveId: string | null;
  waveNumber: number | null;
  warehouse: string;
  kind: 'single' | 'batch' | 'wave';
  status: PickListStatus;
  assignedTo: string | null;
  pathLengthCm: number | null;
  naiveLengthCm: number | null;
  pathStrategy: string | null;
  tasks: { total: number; open: number; picked: number; short: number; cancelled: number };
  createdAt: string;
  createdBy: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface PickList extends PickListSummary {
  /** In walking order; cancelled tasks last. */
  items: PickTask[];
}

export interface Wave {
  id: string;
  number: number;
  warehouse: string;
  status: WaveStatus;
  rules: Record<string, unknown>;
  orderCount: number;
  lineCount: number;
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
  pickLists: PickListSummary[];
  shipments: { id: string; orderId: string; orderRef: string; tote: string | null; status: string }[];
  /** Orders the rules chose that changed before they could be taken (only in the release's answer). */
  skipped?: { orderId: string; code: string }[];
  /** Shipments the cancellation voided (only in the cancellation's answer). */
  voided?: string[];
  /** Shipments already gone (shipped, delivered) that the cancellation left as they are (idem). */
  kept?: { id: string; orderId: string; status: string }[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

interface PickListRow {
  pick_list_id: string;
  number: string;
  wave_id: string | null;
  wave_number: string | null;
  warehouse: string;
  kind: PickListSummary['kind'];
  status: PickListStatus;
  assigned_to: string | null;
  path_length_cm: string | null;
  naive_length_cm: string | null;
  path_strategy: string | null;
  total: number;
  open: number;
  picked: number;
  short: number;
  cancelled: number;
  created_at: Date;
  created_by: string;
  started_at: Date | null;
  completed_at: Date | null;
}

const PICK_LIST_SELECT = `
  SELECT pl.pick_list_id, pl.number, pl.wave_id, wv.number AS wave_number, w.code AS warehouse, pl.kind, pl.status,
         pl.assigned_to, pl.path_length_cm, pl.naive_length_cm, pl.path_strategy, pl.created_at, pl.created_by,
         pl.started_at, pl.completed_at,
         (SELECT count(*)::int FROM pick_tasks t WHERE t.pick_list_id = pl.pick_list_id) AS total,
         (SELECT count(*)::int FROM pick_tasks t WHERE t.pick_list_id = pl.pick_list_id AND t.status = 'open') AS open,
         (SELECT count(*)::int FROM pick_tasks t WHERE t.pick_list_id = pl.pick_list_id AND t.status = 'picked') AS picked,
         (SELECT count(*)::int FROM pick_tasks t WHERE t.pick_list_id = pl.pick_list_id AND t.status = 'short') AS short,
         (SELECT count(*)::int FROM pick_tasks t WHERE t.pick_list_id = pl.pick_list_id AND t.status = 'cancelled') AS cancelled
    FROM pick_lists pl
    JOIN locations w ON w.location_id = pl.warehouse_id
    LEFT JOIN waves wv ON wv.wave_id = pl.wave_id`;

const num = (v: string | number | null) => (v === null ? null : Number(v));

function toSummary(r: PickListRow): PickListSummary {
  return {
    id: r.pick_list_id,
    number: Number(r.number),
    waveId: r.wave_id,
    waveNumber: num(r.wave_number),
    warehouse: r.warehouse,
    kind: r.kind,
    status: r.status,
    assignedTo: r.assigned_to,
    pathLengthCm: num(r.path_length_cm),
    naiveLengthCm: num(r.naive_length_cm),
    pathStrategy: r.path_strategy,
    tasks: { total: r.total, open: r.open, picked: r.picked, short: r.short, cancelled: r.cancelled },
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
  };
}

const inScope = (alias: string, param: string) =>
  `(${param}::text[] IS NULL OR ${alias}.warehouse_id = ANY(${param}::text[]))`;

interface TaskRow {
  pick_task_id: string;
  pick_list_id: string;
  seq: number;
  shipment_id: string;
  order_id: string;
  external_id: string;
  line_no: number;
  sku: string;
  sku_name: string;
  gtin: string | null;
  bin: string;
  aisle: string | null;
  qty: string;
  tote: string | null;
  status: PickTaskStatus;
  qty_picked: string;
  qty_short: string;
  qty_put_back: string;
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

const TASK_SELECT = `
  SELECT t.pick_task_id, t.pick_list_id, t.seq, t.shipment_id, t.order_id, o.external_id, t.line_no, s.code AS sku,
         s.name AS sku_name, s.gtin, l.code AS bin, l.aisle, t.qty, t.tote, t.status, t.qty_picked, t.qty_short,
         t.qty_put_back, t.confirmed_at, t.confirmed_by
    FROM pick_tasks t
    JOIN orders o ON o.order_id = t.order_id
    JOIN skus s ON s.sku_id = t.sku_id
    JOIN locations l ON l.location_id = t.location_id`;

function toTask(r: TaskRow): PickTask {
  return {
    id: r.pick_task_id,
    pickListId: r.pick_list_id,
    seq: r.seq,
    shipmentId: r.shipment_id,
    orderId: r.order_id,
    orderRef: r.external_id,
    lineNo: r.line_no,
    sku: r.sku,
    skuName: r.sku_name,
    gtin: r.gtin,
    bin: r.bin,
    aisle: r.aisle,
    qty: Number(r.qty),
    tote: r.tote,
    status: r.status,
    qtyPicked: Number(r.qty_picked),
    qtyShort: Number(r.qty_short),
    qtyPutBack: Number(r.qty_put_back),
    confirmedAt: iso(r.confirmed_at),
    confirmedBy: r.confirmed_by,
  };
}

/** A pick list with its tasks in walking order. Errors: pick_list_not_found (404), also outside scope. */
export async function getPickListInTransaction(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<PickList> {
  const { rows } = await tx.query<PickListRow>(
    `${PICK_LIST_SELECT} WHERE pl.pick_list_id = $1 AND ${inScope('pl', '$2')}`,
    [id, scope],
  );
  if (!rows[0]) throw pickListNotFound(id);
  const tasks = await tx.query<TaskRow>(
    `${TASK_SELECT} WHERE t.pick_list_id = $1 ORDER BY (t.status = 'cancelled'), t.seq`,
    [id],
  );
  return { ...toSummary(rows[0]), items: tasks.rows.map(toTask) };
}

export const getPickList = (ctx: Context, id: string) =>
  getPickListInTransaction(ctx.db, id, ctx.warehouseScope);

/** One task. Errors: pick_task_not_found (404), also outside scope. */
export async function getPickTaskInTransaction(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<PickTask> {
  const { rows } = await tx.query<TaskRow>(
    `${TASK_SELECT} JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
      WHERE t.pick_task_id = $1 AND ${inScope('pl', '$2')}`,
    [id, scope],
  );
  if (!rows[0]) throw pickTaskNotFound(id);
  return toTask(rows[0]);
}

export interface ListPickListsInput {
  warehouse?: string | undefined;
  status?: PickListStatus | undefined;
  wave?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Pick lists, newest first, in the caller's warehouses. */
export async function listPickLists(ctx: Context, input: ListPickListsInput) {
  const after = decodeCursor(input.cursor, ['number']);
  const { rows } = await ctx.db.query<PickListRow>(
    `${PICK_LIST_SELECT}
      WHERE ($1::text IS NULL OR lower(w.code) = lower($1))
        AND ($2::text IS NULL OR pl.status = $2)
        AND ($3::text IS NULL OR pl.wave_id = $3)
        AND ($4::bigint IS NULL OR pl.number < $4)
        AND ${inScope('pl', '$6')}
      ORDER BY pl.number DESC LIMIT $5`,
    [
      input.warehouse ?? null,
      input.status ?? null,
      input.wave ?? null,
      after?.[0] ?? null,
      input.limit + 1,
      ctx.warehouseScope,
    ],
  );
  const more = rows.length > input.limit;
  const page = (more ? rows.slice(0, input.limit) : rows).map(toSummary);
  const last = page[page.length - 1];
  return { items: page, nextCursor: more && last ? encodeCursor([last.number]) : null };
}

interface WaveRow {
  wave_id: string;
  number: string;
  warehouse: string;
  status: WaveStatus;
  rules: Record<string, unknown>;
  order_count: number;
  line_count: number;
  created_at: Date;
  created_by: string;
  completed_at: Date | null;
}

const WAVE_SELECT = `
  SELECT wv.wave_id, wv.number, w.code AS warehouse, wv.status, wv.rules, wv.order_count, wv.line_count,
         wv.created_at, wv.created_by, wv.completed_at
    FROM waves wv JOIN locations w ON w.location_id = wv.warehouse_id`;

/** A wave with its pick lists and shipments. Errors: wave_not_found (404), also outside scope. */
export async function getWaveInTransaction(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<Wave> {
  const { rows } = await tx.query<WaveRow>(
    `${WAVE_SELECT} WHERE wv.wave_id = $1 AND ${inScope('wv', '$2')}`,
    [id, scope],
  );
  const r = rows[0];
  if (!r) throw waveNotFound(id);
  const lists = await tx.query<PickListRow>(`${PICK_LIST_SELECT} WHERE pl.wave_id = $1 ORDER BY pl.number`, [
    id,
  ]);
  const shipments = await tx.query<{
    shipment_id: string;
    order_id: string;
    external_id: string;
    tote: string | null;
    status: string;
  }>(
    `SELECT sh.shipment_id, sh.order_id, o.external_id, sh.tote, sh.status
       FROM shipments sh JOIN orders o ON o.order_id = sh.order_id
      WHERE sh.wave_id = $1 ORDER BY sh.shipment_id`,
    [id],
  );
  return {
    id: r.wave_id,
    number: Number(r.number),
    warehouse: r.warehouse,
    status: r.status,
    rules: r.rules,
    orderCount: r.order_count,
    lineCount: r.line_count,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    completedAt: iso(r.completed_at),
    pickLists: lists.rows.map(toSummary),
    shipments: shipments.rows.map((s) => ({
      id: s.shipment_id,
      orderId: s.order_id,
      orderRef: s.external_id,
      tote: s.tote,
      status: s.status,
    })),
  };
}

export const getWave = (ctx: Context, id: string) => getWaveInTransaction(ctx.db, id, ctx.warehouseScope);

export interface ListWavesInput {
  warehouse?: string | undefined;
  status?: WaveStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Waves, newest first (without their lists' details: see GET /v1/waves/{id}). */
export async function listWaves(ctx: Context, input: ListWavesInput) {
  const after = decodeCursor(input.cursor, ['number']);
  const { rows } = await ctx.db.query<WaveRow & { lists: number; tasks_open: number; tasks_total: number }>(
    `SELECT x.*, (SELECT count(*)::int FROM pick_lists pl WHERE pl.wave_id = x.wave_id) AS lists,
            (SELECT count(*)::int FROM pick_tasks t JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
              WHERE pl.wave_id = x.wave_id AND t.status <> 'cancelled') AS tasks_total,
            (SELECT count(*)::int FROM pick_tasks t JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
              WHERE pl.wave_id = x.wave_id AND t.status = 'open') AS tasks_open
       FROM (${WAVE_SELECT}
      WHERE ($1::text IS NULL OR lower(w.code) = lower($1))
        AND ($2::text IS NULL OR wv.status = $2)
        AND ($3::bigint IS NULL OR wv.number < $3)
        AND ${inScope('wv', '$5')}
      ORDER BY wv.number DESC LIMIT $4) x
      ORDER BY x.number DESC`,
    [input.warehouse ?? null, input.status ?? null, after?.[0] ?? null, input.limit + 1, ctx.warehouseScope],
  );
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.wave_id,
      number: Number(r.number),
      warehouse: r.warehouse,
      status: r.status,
      rules: r.rules,
      orderCount: r.order_count,
      lineCount: r.line_count,
      pickLists: r.lists,
      tasks: { total: r.tasks_total, open: r.tasks_open },
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      completedAt: iso(r.completed_at),
    })),
    nextCursor: more && last ? encodeCursor([Number(last.number)]) : null,
  };
}
