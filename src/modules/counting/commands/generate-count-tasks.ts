import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { classifySales } from '../db/sales.js';
import type { AbcClass } from '../domain/abc.js';
import { isCountDue } from '../domain/due.js';
import { countPlanNotFound } from '../errors.js';

export interface GenerateResult {
  plan: string;
  /** Tasks made now. */
  created: number;
  /** Pairs that were due but already had a task waiting (open or counted). */
  alreadyPending: number;
  taskIds: string[];
}

interface PlanLock {
  plan_id: string;
  warehouse_id: string;
  kind: 'location' | 'abc';
  is_blind: boolean;
  location_prefix: string | null;
  freq_a_days: number | null;
  freq_b_days: number | null;
  freq_c_days: number | null;
  window_days: number | null;
  currency: string | null;
}

interface Candidate {
  locationId: string;
  skuId: string | null;
  abcClass: AbcClass | null;
}

const DAY_MS = 86_400_000;

/**
 * Makes the count tasks a plan has due now. A location plan: every SKU held in its bins (a zone stands
 * for its bins) and one "confirm empty" task per bin holding nothing. An ABC plan: each SKU × location
 * pair holding stock whose class's period has passed since its last count (never counted: due), the
 * classes computed from the plan's sales window. A pair that already has a task waiting (open or counted)
 * gets no second one (the unique index on open tasks holds this under concurrency too). The plan row is
 * locked, so two generations of one plan run one after the other.
 * Errors: count_plan_not_found (404); currency_required (422, an ABC plan without a currency whose
 * warehouse sold in several).
 */
export async function generateCountTasks(ctx: Context, planId: string) {
  return runCommand(ctx, 'counting.generate_count_tasks', { planId }, async (tx, audit) => {
    const { rows } = await tx.query<PlanLock>(
      `SELECT plan_id, warehouse_id, kind, is_blind, location_prefix, freq_a_days, freq_b_days, freq_c_days,
              window_days, currency
         FROM count_plans WHERE plan_id = $1 AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))
        FOR UPDATE`,
      [planId, ctx.warehouseScope],
    );
    const plan = rows[0];
    if (!plan) throw countPlanNotFound(planId);
    const now = ctx.clock.now();
    const { due, pending } =
      plan.kind === 'location' ? await locationCandidates(tx, plan) : await abcCandidates(tx, plan, now);
    const ids = due.map(() => newId('countTask'));
    const inserted = await tx.query<{ count_task_id: string }>(
      `INSERT INTO count_tasks (count_task_id, warehouse_id, location_id, sku_id, source, plan_id, is_blind,
                                abc_class, created_by_kind, created_by)
       SELECT x.id, $1, x.location_id, x.sku_id, $2, $3, $4, x.abc_class, $5, $6
         FROM unnest($7::text[], $8::text[], $9::text[], $10::text[]) AS x(id, location_id, sku_id, abc_class)
       ON CONFLICT (location_id, (coalesce(sku_id, ''))) WHERE status = 'open' DO NOTHING
       RETURNING count_task_id`,
      [
        plan.warehouse_id,
        plan.kind === 'abc' ? 'abc' : 'plan',
        plan.plan_id,
        plan.is_blind,
        ctx.actor.kind,
        ctx.actor.id,
        ids,
        due.map((c) => c.locationId),
        due.map((c) => c.skuId),
        due.map((c) => c.abcClass),
      ],
    );
    await tx.query(`UPDATE count_plans SET last_generated_at = now() WHERE plan_id = $1`, [plan.plan_id]);
    const taskIds = inserted.rows.map((r) => r.count_task_id).sort();
    const result: GenerateResult = {
      plan: plan.plan_id,
      created: taskIds.length,
      alreadyPending: pending + (due.length - taskIds.length),
      taskIds,
    };
    audit.record({
      targetType: 'count_plan',
      targetId: plan.plan_id,
      after: { created: result.created, alreadyPending: result.alreadyPending },
      warehouseId: plan.warehouse_id,
    });
    return result;
  });
}

const PENDING = `EXISTS (SELECT 1 FROM count_tasks t WHERE t.location_id = c.location_id
                          AND t.sku_id IS NOT DISTINCT FROM c.sku_id AND t.status IN ('open', 'counted'))`;

async function locationCandidates(
  tx: Queryable,
  plan: PlanLock,
): Promise<{ due: Candidate[]; pending: number }> {
  const { rows } = await tx.query<{ location_id: string; sku_id: string | null; pending: boolean }>(
    `WITH bins AS (
       SELECT l.location_id FROM locations l
        WHERE l.warehouse_id = $1 AND l.kind IN ('zone', 'bin') AND NOT l.is_archived
          AND (l.location_id IN (SELECT location_id FROM count_plan_locations WHERE plan_id = $2)
               OR l.parent_id IN (SELECT location_id FROM count_plan_locations WHERE plan_id = $2)
               OR ($3::text IS NOT NULL AND l.kind = 'bin' AND starts_with(lower(l.code), lower($3))))
     ), c AS (
       SELECT b.location_id, b.sku_id FROM stock_balances b JOIN bins USING (location_id) WHERE b.on_hand > 0
       UNION ALL
       SELECT bins.location_id, NULL FROM bins
        WHERE NOT EXISTS (SELECT 1 FROM stock_balances b WHERE b.location_id = bins.location_id AND b.on_hand > 0)
     )
     SELECT c.location_id, c.sku_id, ${PENDING} AS pending FROM c
      ORDER BY c.location_id, c.sku_id NULLS FIRST`,
    [plan.warehouse_id, plan.plan_id, plan.location_prefix],
  );
  return {
    due: rows
      .filter((r) => !r.pending)
      .map((r) => ({ locationId: r.location_id, skuId: r.sku_id, abcClass: null })),
    pending: rows.filter((r) => r.pending).length,
  };
}

async function abcCandidates(
  tx: Queryable,
  plan: PlanLock,
  now: Date,
): Promise<{ due: Candidate[]; pending: number }> {
  const classes = await classifySales(tx, {
    warehouseId: plan.warehouse_id,
    since: new Date(now.getTime() - (plan.window_days ?? 90) * DAY_MS),
    until: now,
    currency: plan.currency,
  });
  const classOf = new Map(classes.items.map((i) => [i.skuId, i.abcClass]));
  const frequency: Record<AbcClass, number> = {
    A: plan.freq_a_days ?? 30,
    B: plan.freq_b_days ?? 90,
    C: plan.freq_c_days ?? 180,
  };
  const { rows } = await tx.query<{
    location_id: string;
    sku_id: string;
    last_counted_at: Date | null;
    pending: boolean;
  }>(
    `WITH c AS (
       SELECT b.location_id, b.sku_id FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
        WHERE l.warehouse_id = $1 AND b.is_physical AND b.on_hand > 0
     )
     SELECT c.location_id, c.sku_id,
            (SELECT max(sc.counted_at) FROM stock_counts sc
              WHERE sc.location_id = c.location_id AND sc.sku_id = c.sku_id) AS last_counted_at,
            ${PENDING} AS pending
       FROM c ORDER BY c.location_id, c.sku_id`,
    [plan.warehouse_id],
  );
  let pending = 0;
  const due: Candidate[] = [];
  for (const r of rows) {
    const abcClass = classOf.get(r.sku_id) ?? 'C';
    if (!isCountDue(r.last_counted_at, frequency[abcClass], now)) continue;
    if (r.pending) pending++;
    else due.push({ locationId: r.location_id, skuId: r.sku_id, abcClass });
  }
  return { due, pending };
}
