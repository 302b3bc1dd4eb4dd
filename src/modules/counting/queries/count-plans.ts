import type { Context, Queryable } from '../../../db/index.js';
import { countPlanNotFound } from '../errors.js';

export interface CountPlan {
  id: string;
  warehouse: string;
  name: string | null;
  kind: 'location' | 'abc';
  blind: boolean;
  /** Location plans: the zones and bins named (a zone stands for its bins). */
  locations: string[];
  /** Location plans: bins whose code starts with this. */
  prefix: string | null;
  /** ABC plans: days between counts per class. */
  frequencies: { A: number; B: number; C: number } | null;
  /** ABC plans: the sales window (days) the classes come from. */
  windowDays: number | null;
  currency: string | null;
  varianceThreshold: { units: number | null; percent: number | null; valueMinor: number | null };
  createdAt: string;
  createdBy: string;
  lastGeneratedAt: string | null;
  tasks: {
    open: number;
    counted: number;
    done: number;
    approved: number;
    rejected: number;
    cancelled: number;
  };
}

interface PlanRow {
  plan_id: string;
  warehouse: string;
  name: string | null;
  kind: 'location' | 'abc';
  is_blind: boolean;
  locations: string[] | null;
  location_prefix: string | null;
  freq_a_days: number | null;
  freq_b_days: number | null;
  freq_c_days: number | null;
  window_days: number | null;
  currency: string | null;
  threshold_units: number | null;
  threshold_percent: number | null;
  threshold_value_minor: number | null;
  created_at: Date;
  created_by: string;
  last_generated_at: Date | null;
  tasks: Record<string, number> | null;
}

const PLAN_SELECT = `
  SELECT p.plan_id, w.code AS warehouse, p.name, p.kind, p.is_blind,
         (SELECT array_agg(l.code ORDER BY l.code) FROM count_plan_locations pl
            JOIN locations l ON l.location_id = pl.location_id WHERE pl.plan_id = p.plan_id) AS locations,
         p.location_prefix, p.freq_a_days, p.freq_b_days, p.freq_c_days, p.window_days, p.currency,
         p.threshold_units, p.threshold_percent, p.threshold_value_minor, p.created_at, p.created_by,
         p.last_generated_at,
         (SELECT jsonb_object_agg(x.status, x.n) FROM
            (SELECT ct.status, count(*)::int AS n FROM count_tasks ct WHERE ct.plan_id = p.plan_id GROUP BY ct.status) x
         ) AS tasks
    FROM count_plans p JOIN locations w ON w.location_id = p.warehouse_id`;

const scoped = `($2::text[] IS NULL OR p.warehouse_id = ANY($2::text[]))`;

function toPlan(r: PlanRow): CountPlan {
  const t = r.tasks ?? {};
  return {
    id: r.plan_id,
    warehouse: r.warehouse,
    name: r.name,
    kind: r.kind,
    blind: r.is_blind,
    locations: r.locations ?? [],
    prefix: r.location_prefix,
    frequencies:
      r.kind === 'abc' ? { A: r.freq_a_days ?? 0, B: r.freq_b_days ?? 0, C: r.freq_c_days ?? 0 } : null,
    windowDays: r.window_days,
    currency: r.currency,
    varianceThreshold: {
      units: r.threshold_units,
      percent: r.threshold_percent,
      valueMinor: r.threshold_value_minor,
    },
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    lastGeneratedAt: r.last_generated_at?.toISOString() ?? null,
    tasks: {
      open: t.open ?? 0,
      counted: t.counted ?? 0,
      done: t.done ?? 0,
      approved: t.approved ?? 0,
      rejected: t.rejected ?? 0,
      cancelled: t.cancelled ?? 0,
    },
  };
}

/** One plan in the caller's scope. Errors: count_plan_not_found (404). */
export async function getCountPlan(ctx: Context, id: string, tx: Queryable = ctx.db): Promise<CountPlan> {
  const { rows } = await tx.query<PlanRow>(`${PLAN_SELECT} WHERE p.plan_id = $1 AND ${scoped}`, [
    id,
    ctx.warehouseScope,
  ]);
  if (!rows[0]) throw countPlanNotFound(id);
  return toPlan(rows[0]);
}

/** Plans in the caller's warehouses, newest first. */
export async function listCountPlans(
  ctx: Context,
  input: { warehouse?: string | undefined; limit: number },
): Promise<{ items: CountPlan[] }> {
  const { rows } = await ctx.db.query<PlanRow>(
    `${PLAN_SELECT} WHERE ($1::text IS NULL OR lower(w.code) = lower($1)) AND ${scoped}
      ORDER BY p.created_at DESC, p.plan_id DESC LIMIT $3`,
    [input.warehouse ?? null, ctx.warehouseScope, input.limit],
  );
  return { items: rows.map(toPlan) };
}
