import type { Queryable } from '../../../db/index.js';

export type PutawayTaskStatus = 'open' | 'done' | 'cancelled';

export interface PutawayTask {
  id: string;
  status: PutawayTaskStatus;
  warehouse: string;
  sku: string;
  /** The dock the units wait at. */
  from: string;
  /** Where the rules say they go; the operator may scan another storage bin with room. */
  suggestedBin: string;
  qty: number;
  /** The reservation holding the units at the dock while the task is open. */
  reservationId: string;
  /** Where they actually went (done tasks). */
  to: string | null;
  ruleId: string | null;
  /** The task this one was split from by a partial confirmation. */
  splitFrom: string | null;
  source: string | null;
  createdAt: string;
  createdBy: string;
  doneAt: string | null;
  doneBy: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
}

export interface TaskRow {
  task_id: string;
  status: PutawayTaskStatus;
  warehouse_id: string;
  warehouse: string;
  sku_id: string;
  sku: string;
  from_location_id: string;
  from_code: string;
  suggested_location_id: string;
  suggested_code: string;
  qty: number | string;
  reservation_id: string;
  to_code: string | null;
  rule_id: string | null;
  split_from: string | null;
  source: string | null;
  created_at: Date;
  created_by: string;
  done_at: Date | null;
  done_by: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
}

export const TASK_SELECT = `
  SELECT t.task_id, t.status, t.warehouse_id, w.code AS warehouse, t.sku_id, s.code AS sku,
         t.from_location_id, f.code AS from_code, t.suggested_location_id, g.code AS suggested_code, t.qty,
         t.reservation_id, d.code AS to_code, t.rule_id, t.split_from, t.source, t.created_at, t.created_by,
         t.done_at, t.done_by, t.cancelled_at, t.cancelled_by
    FROM putaway_tasks t
    JOIN locations w ON w.location_id = t.warehouse_id
    JOIN skus s ON s.sku_id = t.sku_id
    JOIN locations f ON f.location_id = t.from_location_id
    JOIN locations g ON g.location_id = t.suggested_location_id
    LEFT JOIN locations d ON d.location_id = t.to_location_id`;

export function toTask(r: TaskRow): PutawayTask {
  return {
    id: r.task_id,
    status: r.status,
    warehouse: r.warehouse,
    sku: r.sku,
    from: r.from_code,
    suggestedBin: r.suggested_code,
    qty: Number(r.qty),
    reservationId: r.reservation_id,
    to: r.to_code,
    ruleId: r.rule_id,
    splitFrom: r.split_from,
    source: r.source,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    doneAt: r.done_at?.toISOString() ?? null,
    doneBy: r.done_by,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    cancelledBy: r.cancelled_by,
  };
}

/** The task if it exists in the caller's warehouses ($2: text[] of warehouse ids, NULL = all). */
export async function findTask(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
  options: { lock: boolean } = { lock: false },
): Promise<TaskRow | null> {
  const { rows } = await tx.query<TaskRow>(
    `${TASK_SELECT} WHERE t.task_id = $1 AND ($2::text[] IS NULL OR t.warehouse_id = ANY($2::text[]))${
      options.lock ? ' FOR UPDATE OF t' : ''
    }`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export interface CandidateBinRow {
  location_id: string;
  code: string;
  zone: string | null;
  usage: 'storage' | 'receiving' | 'quarantine';
  is_archived: boolean;
  capacity_units: number | null;
  pick_seq: number | null;
  /** Units on hand plus units open put-away tasks are bringing (all SKUs), minus `excluding`'s. */
  units: string;
  by_sku: Record<string, number> | null;
}

/**
 * The bins of a warehouse as the planner sees them: on hand (all SKUs) plus what open put-away tasks are
 * bringing, per SKU as well. $2 (a task id or null) is left out of the promised units.
 */
export const CANDIDATE_BINS = `
  WITH bins AS (
    SELECT l.location_id, l.code, CASE WHEN p.kind = 'zone' THEN p.code END AS zone, l.usage, l.is_archived,
           l.capacity_units, l.pick_seq
      FROM locations l JOIN locations p ON p.location_id = l.parent_id
     WHERE l.warehouse_id = $1 AND l.kind = 'bin'
  ), held AS (
    SELECT b.location_id, b.sku_id, b.on_hand AS qty FROM stock_balances b JOIN bins ON bins.location_id = b.location_id
     WHERE b.on_hand > 0
    UNION ALL
    SELECT t.suggested_location_id, t.sku_id, t.qty FROM putaway_tasks t
     WHERE t.warehouse_id = $1 AND t.status = 'open' AND t.task_id IS DISTINCT FROM $2
  ), per_sku AS (
    SELECT h.location_id, s.code, sum(h.qty)::bigint AS qty FROM held h JOIN skus s ON s.sku_id = h.sku_id
     GROUP BY h.location_id, s.code
  )
  SELECT bins.*, coalesce((SELECT sum(qty) FROM per_sku ps WHERE ps.location_id = bins.location_id), 0) AS units,
         (SELECT json_object_agg(ps.code, ps.qty) FROM per_sku ps WHERE ps.location_id = bins.location_id) AS by_sku
    FROM bins`;
