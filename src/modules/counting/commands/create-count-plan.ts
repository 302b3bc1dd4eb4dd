import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { type CountPlan, getCountPlan } from '../queries/count-plans.js';

export interface CreateCountPlanInput {
  warehouse: string;
  name?: string | undefined;
  kind: 'location' | 'abc';
  blind?: boolean | undefined;
  /** Location plans: zones (standing for their bins) and bins. */
  locations?: string[] | undefined;
  /** Location plans: bins whose code starts with this (e.g. WH1/A-01). */
  prefix?: string | undefined;
  /** ABC plans: days between counts per class. */
  frequencies?: { A: number; B: number; C: number } | undefined;
  /** ABC plans: the sales window in days (default 90). */
  windowDays?: number | undefined;
  currency?: string | undefined;
  varianceThreshold?: { units?: number; percent?: number; valueMinor?: number } | undefined;
}

/**
 * Creates a count plan for one warehouse: `location` (the named zones and bins and/or a bin code prefix)
 * or `abc` (SKU × bin pairs, counted every frequencies[class] days). Blind by default. A variance above
 * varianceThreshold waits for a manager; a plan with no threshold posts every count at once.
 * Errors: unknown_warehouse, unknown_location, location_not_in_warehouse, location_not_physical,
 * plan_locations_required, abc_frequencies_required, currency_required, invalid_threshold (422).
 */
export async function createCountPlan(ctx: Context, input: CreateCountPlanInput) {
  if (input.kind === 'location' && !input.locations?.length && !input.prefix) {
    throw unprocessable(
      'plan_locations_required',
      'A location plan needs the zones or bins to count (locations) or a bin code prefix (prefix).',
      { field: 'locations' },
    );
  }
  if (input.kind === 'abc' && !input.frequencies) {
    throw unprocessable(
      'abc_frequencies_required',
      'An ABC plan needs how often each class is counted, in days: frequencies {A, B, C}.',
      { field: 'frequencies' },
    );
  }
  if (input.kind === 'abc' && (input.locations?.length || input.prefix)) {
    throw unprocessable(
      'validation_failed',
      'An ABC plan counts SKUs wherever they are held; locations and prefix belong to location plans.',
      { field: input.prefix ? 'prefix' : 'locations' },
    );
  }
  if (input.kind === 'location' && (input.frequencies || input.windowDays !== undefined)) {
    throw unprocessable('validation_failed', 'frequencies and windowDays belong to ABC plans.', {
      field: input.frequencies ? 'frequencies' : 'windowDays',
    });
  }
  return runCommand(ctx, 'counting.create_count_plan', input, async (tx, audit): Promise<CountPlan> => {
    const [warehouse] = await resolveWarehouses(tx, [input.warehouse], {
      field: 'warehouse',
      scope: ctx.warehouseScope,
    });
    const planId = newId('countPlan');
    const t = input.varianceThreshold ?? {};
    await tx.query(
      `INSERT INTO count_plans (plan_id, warehouse_id, name, kind, is_blind, location_prefix, freq_a_days,
                                freq_b_days, freq_c_days, window_days, currency, threshold_units,
                                threshold_percent, threshold_value_minor, created_by_kind, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        planId,
        warehouse!.id,
        input.name?.trim() ?? null,
        input.kind,
        input.blind ?? true,
        input.prefix ?? null,
        input.frequencies?.A ?? null,
        input.frequencies?.B ?? null,
        input.frequencies?.C ?? null,
        input.kind === 'abc' ? (input.windowDays ?? 90) : null,
        input.currency ?? null,
        t.units ?? null,
        t.percent ?? null,
        t.valueMinor ?? null,
        ctx.actor.kind,
        ctx.actor.id,
      ],
    );
    const codes = [...new Set((input.locations ?? []).map((c) => c.toLowerCase()))];
    if (codes.length > 0) {
      const { rows } = await tx.query<{
        location_id: string;
        code: string;
        kind: string;
        warehouse_id: string;
      }>(
        `SELECT location_id, code, kind, warehouse_id FROM locations
          WHERE lower(code) = ANY($1::text[]) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
        [codes, ctx.warehouseScope],
      );
      for (const code of input.locations ?? []) {
        const l = rows.find((r) => r.code.toLowerCase() === code.toLowerCase());
        if (!l)
          throw unprocessable('unknown_location', `There is no location with code ${code}.`, {
            location: code,
            field: 'locations',
          });
        if (l.kind !== 'zone' && l.kind !== 'bin')
          throw unprocessable(
            'location_not_physical',
            `${l.code} is a ${l.kind}; a location plan counts zones and bins.`,
            { location: l.code, field: 'locations' },
          );
        if (l.warehouse_id !== warehouse!.id)
          throw unprocessable(
            'location_not_in_warehouse',
            `${l.code} is not in warehouse ${warehouse!.code}.`,
            { location: l.code, warehouse: warehouse!.code, field: 'locations' },
          );
      }
      await tx.query(
        `INSERT INTO count_plan_locations (plan_id, location_id) SELECT $1, unnest($2::text[])`,
        [planId, rows.map((r) => r.location_id)],
      );
    }
    const plan = await getCountPlan(ctx, planId, tx);
    audit.record({
      targetType: 'count_plan',
      targetId: planId,
      before: null,
      after: {
        kind: plan.kind,
        locations: plan.locations,
        prefix: plan.prefix,
        frequencies: plan.frequencies,
      },
      warehouseId: warehouse!.id,
    });
    return plan;
  });
}
