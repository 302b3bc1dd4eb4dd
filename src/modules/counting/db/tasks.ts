import type { Context, Queryable } from '../../../db/index.js';
import type { AbcClass } from '../domain/abc.js';
import type { VarianceThreshold } from '../domain/variance.js';

export const COUNT_TASK_STATUSES = ['open', 'counted', 'done', 'approved', 'rejected', 'cancelled'] as const;
export type CountTaskStatus = (typeof COUNT_TASK_STATUSES)[number];
export const COUNT_TASK_SOURCES = ['short_pick', 'manual', 'plan', 'negative_adjustment', 'abc'] as const;

/** A count task as the API shows it. */
export interface CountTask {
  id: string;
  warehouse: string;
  location: string;
  /** Null for a location plan's "confirm empty" task (a bin that held nothing when the task was made). */
  sku: string | null;
  source: string;
  planId: string | null;
  pickTaskId: string | null;
  status: CountTaskStatus;
  blind: boolean;
  abcClass: AbcClass | null;
  /**
   * What the ledger says: live on hand while the task is open, the snapshot taken under lock when it was
   * counted afterwards. Null for a blind task when the caller lacks counts.approve.
   */
  expectedQty: number | null;
  countedQty: number | null;
  /** countedQty − expectedQty; hidden like expectedQty. */
  variance: number | null;
  varianceValueMinor: number | null;
  currency: string | null;
  withinThreshold: boolean | null;
  createdAt: string;
  createdBy: string;
  countedAt: string | null;
  countedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  approvalReason: string | null;
  doneAt: string | null;
  doneBy: string | null;
  recountOf: string | null;
}

/** The task row with what counting and approving need (ids, the plan's threshold). */
export interface CountTaskRow {
  count_task_id: string;
  warehouse_id: string;
  warehouse: string;
  location_id: string;
  location: string;
  sku_id: string | null;
  sku: string | null;
  source: string;
  plan_id: string | null;
  pick_task_id: string | null;
  status: CountTaskStatus;
  is_blind: boolean;
  abc_class: AbcClass | null;
  expected_qty: number | null;
  expected_now: number | null;
  counted_qty: number | null;
  variance: number | null;
  variance_value_minor: number | null;
  value_currency: string | null;
  is_within_threshold: boolean | null;
  created_at: Date;
  created_by: string;
  counted_at: Date | null;
  counted_by: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  approval_reason: string | null;
  done_at: Date | null;
  done_by: string | null;
  recount_of_task_id: string | null;
  plan_currency: string | null;
  threshold_units: number | null;
  threshold_percent: number | null;
  threshold_value_minor: number | null;
}

export const TASK_SELECT = `
  SELECT ct.count_task_id, ct.warehouse_id, w.code AS warehouse, ct.location_id, l.code AS location,
         ct.sku_id, s.code AS sku, ct.source, ct.plan_id, ct.pick_task_id, ct.status, ct.is_blind, ct.abc_class,
         ct.expected_qty,
         CASE WHEN ct.status = 'open' THEN
           (SELECT coalesce(sum(b.on_hand), 0)::bigint FROM stock_balances b
             WHERE b.location_id = ct.location_id AND (ct.sku_id IS NULL OR b.sku_id = ct.sku_id)) END AS expected_now,
         ct.counted_qty, ct.variance, ct.variance_value_minor, ct.value_currency, ct.is_within_threshold,
         ct.created_at, ct.created_by, ct.counted_at, ct.counted_by, ct.approved_at, ct.approved_by,
         ct.approval_reason, ct.done_at, ct.done_by, ct.recount_of_task_id,
         p.currency AS plan_currency, p.threshold_units, p.threshold_percent, p.threshold_value_minor
    FROM count_tasks ct
    JOIN locations w ON w.location_id = ct.warehouse_id
    JOIN locations l ON l.location_id = ct.location_id
    LEFT JOIN skus s ON s.sku_id = ct.sku_id
    LEFT JOIN count_plans p ON p.plan_id = ct.plan_id`;

export const inScope = (alias: string, param: string) =>
  `(${param}::text[] IS NULL OR ${alias}.warehouse_id = ANY(${param}::text[]))`;

/** Whether the caller may see what the ledger expects of a blind count (the system always may). */
export function canSeeExpected(ctx: Context): boolean {
  return ctx.permissions === null || ctx.permissions.has('counts.approve');
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toCountTask(r: CountTaskRow, ctx: Context): CountTask {
  const hide = r.is_blind && !canSeeExpected(ctx);
  return {
    id: r.count_task_id,
    warehouse: r.warehouse,
    location: r.location,
    sku: r.sku,
    source: r.source,
    planId: r.plan_id,
    pickTaskId: r.pick_task_id,
    status: r.status,
    blind: r.is_blind,
    abcClass: r.abc_class,
    expectedQty: hide ? null : (r.expected_qty ?? r.expected_now),
    countedQty: r.counted_qty,
    variance: hide ? null : r.variance,
    varianceValueMinor: hide ? null : r.variance_value_minor,
    currency: r.value_currency,
    withinThreshold: r.is_within_threshold,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    countedAt: iso(r.counted_at),
    countedBy: r.counted_by,
    approvedAt: iso(r.approved_at),
    approvedBy: r.approved_by,
    approvalReason: r.approval_reason,
    doneAt: iso(r.done_at),
    doneBy: r.done_by,
    recountOf: r.recount_of_task_id,
  };
}

export function thresholdOf(r: CountTaskRow): VarianceThreshold | null {
  if (r.plan_id === null) return null;
  return { units: r.threshold_units, percent: r.threshold_percent, valueMinor: r.threshold_value_minor };
}

/** The task in the caller's scope, or null (a task elsewhere is as missing as one that never was). */
export async function findTaskRow(tx: Queryable, ctx: Context, id: string): Promise<CountTaskRow | null> {
  const { rows } = await tx.query<CountTaskRow>(
    `${TASK_SELECT} WHERE ct.count_task_id = $1 AND ${inScope('ct', '$2')}`,
    [id, ctx.warehouseScope],
  );
  return rows[0] ?? null;
}

/**
 * Opens a count task unless the bin and SKU already has an open one (the partial unique index
 * count_tasks_open_key decides, so two concurrent openers make one task). Returns the new id or null.
 */
export async function insertOpenTask(
  tx: Queryable,
  ctx: Context,
  task: {
    id: string;
    warehouseId: string;
    locationId: string;
    skuId: string | null;
    source: string;
    planId?: string | null;
    blind?: boolean;
    abcClass?: AbcClass | null;
    recountOf?: string | null;
    pickTaskId?: string | null;
  },
): Promise<string | null> {
  const { rows } = await tx.query<{ count_task_id: string }>(
    `INSERT INTO count_tasks (count_task_id, warehouse_id, location_id, sku_id, source, plan_id, is_blind,
                              abc_class, recount_of_task_id, pick_task_id, created_by_kind, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (location_id, (coalesce(sku_id, ''))) WHERE status = 'open' DO NOTHING
     RETURNING count_task_id`,
    [
      task.id,
      task.warehouseId,
      task.locationId,
      task.skuId,
      task.source,
      task.planId ?? null,
      task.blind ?? false,
      task.abcClass ?? null,
      task.recountOf ?? null,
      task.pickTaskId ?? null,
      ctx.actor.kind,
      ctx.actor.id,
    ],
  );
  return rows[0]?.count_task_id ?? null;
}

/** The latest unit price of a SKU on an order in a currency (the value of a count variance), or null. */
export async function unitValueOf(
  tx: Queryable,
  skuId: string,
  currency: string | null,
): Promise<number | null> {
  if (currency === null) return null;
  const { rows } = await tx.query<{ unit_price_minor: number }>(
    `SELECT ol.unit_price_minor FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id
      WHERE ol.sku_id = $1 AND o.currency = $2
      ORDER BY o.created_at DESC, o.order_id DESC LIMIT 1`,
    [skuId, currency],
  );
  return rows[0]?.unit_price_minor ?? null;
}
