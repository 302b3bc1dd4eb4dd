import type { Context } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';

export interface AccuracyFigures {
  /** Counts that settled a task (done or approved) in the period. */
  counts: number;
  zeroVariance: number;
  zeroVariancePercent: number | null;
  /** Counts posted at once (within the plan's threshold, or with no threshold). */
  withinThreshold: number;
  withinThresholdPercent: number | null;
  /** Counts a manager rejected in the period (recounted). */
  rejected: number;
  absUnitsVariance: number;
  netUnitsVariance: number;
  /** Variance value per currency (counts whose plan has a currency and whose SKU has a price in it). */
  value: { currency: string; netMinor: number; absMinor: number }[];
}

export interface AccuracyRow extends AccuracyFigures {
  warehouse: string;
  /** The class the task was made for (ABC plans); null for other tasks. */
  abcClass: 'A' | 'B' | 'C' | null;
}

export interface AccuracyReport {
  since: string;
  until: string;
  warehouse: string | null;
  rows: AccuracyRow[];
  total: AccuracyFigures;
}

const DAY_MS = 86_400_000;

interface Agg {
  warehouse: string;
  abc_class: 'A' | 'B' | 'C' | null;
  value_currency: string | null;
  counts: number;
  zero_variance: number;
  within_threshold: number;
  rejected: number;
  abs_units: number;
  net_units: number;
  net_value: number | null;
  abs_value: number | null;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part * 1000) / whole) / 10;

function figures(rows: Agg[]): AccuracyFigures {
  const counts = rows.reduce((s, r) => s + r.counts, 0);
  const zeroVariance = rows.reduce((s, r) => s + r.zero_variance, 0);
  const withinThreshold = rows.reduce((s, r) => s + r.within_threshold, 0);
  const value = new Map<string, { currency: string; netMinor: number; absMinor: number }>();
  for (const r of rows) {
    if (r.value_currency === null) continue;
    const v = value.get(r.value_currency) ?? { currency: r.value_currency, netMinor: 0, absMinor: 0 };
    v.netMinor += Number(r.net_value ?? 0);
    v.absMinor += Number(r.abs_value ?? 0);
    value.set(r.value_currency, v);
  }
  return {
    counts,
    zeroVariance,
    zeroVariancePercent: percent(zeroVariance, counts),
    withinThreshold,
    withinThresholdPercent: percent(withinThreshold, counts),
    rejected: rows.reduce((s, r) => s + r.rejected, 0),
    absUnitsVariance: rows.reduce((s, r) => s + Number(r.abs_units), 0),
    netUnitsVariance: rows.reduce((s, r) => s + Number(r.net_units), 0),
    value: [...value.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
  };
}

/**
 * Inventory accuracy over [since, until) (default: the last 30 days), from the count tasks counted in the
 * period, by warehouse and ABC class: how many counts, how many found the ledger exact, how many were
 * within threshold, and the units and value variance (absolute and net). A count settled by a plain stock
 * count (POST /v1/stock/counts) of a task's bin counts as within threshold.
 * Errors: invalid_period (422).
 */
export async function getAccuracyReport(
  ctx: Context,
  input: { warehouse?: string | undefined; since?: string | undefined; until?: string | undefined },
): Promise<AccuracyReport> {
  const until = input.until ? new Date(input.until) : ctx.clock.now();
  const since = input.since ? new Date(input.since) : new Date(until.getTime() - 30 * DAY_MS);
  if (!(since.getTime() < until.getTime())) {
    throw unprocessable('invalid_period', 'since must be before until.', {
      since: since.toISOString(),
      until: until.toISOString(),
    });
  }
  const { rows } = await ctx.db.query<Agg>(
    `SELECT w.code AS warehouse, ct.abc_class, ct.value_currency,
            count(*) FILTER (WHERE ct.status IN ('done', 'approved'))::int AS counts,
            count(*) FILTER (WHERE ct.status IN ('done', 'approved') AND ct.variance = 0)::int AS zero_variance,
            count(*) FILTER (WHERE ct.status = 'done' AND ct.is_within_threshold IS NOT FALSE)::int AS within_threshold,
            count(*) FILTER (WHERE ct.status = 'rejected')::int AS rejected,
            coalesce(sum(abs(ct.variance)) FILTER (WHERE ct.status IN ('done', 'approved')), 0)::bigint AS abs_units,
            coalesce(sum(ct.variance) FILTER (WHERE ct.status IN ('done', 'approved')), 0)::bigint AS net_units,
            sum(ct.variance_value_minor) FILTER (WHERE ct.status IN ('done', 'approved'))::bigint AS net_value,
            sum(abs(ct.variance_value_minor)) FILTER (WHERE ct.status IN ('done', 'approved'))::bigint AS abs_value
       FROM count_tasks ct JOIN locations w ON w.location_id = ct.warehouse_id
      WHERE ct.counted_at >= $1 AND ct.counted_at < $2 AND ct.counted_qty IS NOT NULL
        AND ($3::text IS NULL OR lower(w.code) = lower($3))
        AND ($4::text[] IS NULL OR ct.warehouse_id = ANY($4::text[]))
      GROUP BY w.code, ct.abc_class, ct.value_currency`,
    [since, until, input.warehouse ?? null, ctx.warehouseScope],
  );
  const groups = new Map<string, Agg[]>();
  for (const r of rows) {
    const key = `${r.warehouse}\u0000${r.abc_class ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: AccuracyRow[] = [...groups.values()].map((g) => ({
    warehouse: g[0]!.warehouse,
    abcClass: g[0]!.abc_class,
    ...figures(g),
  }));
  out.sort(
    (a, b) => a.warehouse.localeCompare(b.warehouse) || (a.abcClass ?? 'Z').localeCompare(b.abcClass ?? 'Z'),
  );
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    warehouse: input.warehouse ?? null,
    rows: out,
    total: figures(rows),
  };
}
