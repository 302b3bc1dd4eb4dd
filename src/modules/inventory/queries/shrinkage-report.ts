import type { Context } from '../../../db/index.js';
import { locationNotFound } from '../errors.js';

export type ShrinkagePeriod = 'day' | 'week' | 'month' | 'all';

export interface ShrinkageInput {
  since?: string | undefined;
  until?: string | undefined;
  /** A warehouse code (or any location code: the report covers everything under it). */
  warehouse?: string | undefined;
  sku?: string | undefined;
  /** An adjustment or scrap reason (damage, theft, loss, found, count, expired, …). */
  reason?: string | undefined;
  /** A user or API key id. */
  actor?: string | undefined;
  period: ShrinkagePeriod;
}

export interface ShrinkageRow {
  /** Start of the period (UTC), or null for period=all. */
  period: string | null;
  sku: string;
  location: string;
  warehouse: string;
  reason: string;
  actor: { kind: string; id: string };
  /** Units that left stock (damage, theft, loss, count shortfalls, scrap). */
  qtyLost: number;
  /** Units that reappeared (found, count surpluses). */
  qtyFound: number;
  /** qtyFound − qtyLost. */
  netQty: number;
  moves: number;
}

export interface ShrinkageReport {
  rows: ShrinkageRow[];
  totals: {
    byReason: Record<string, { qtyLost: number; qtyFound: number }>;
    qtyLost: number;
    qtyFound: number;
  };
  since: string | null;
  until: string | null;
}

/**
 * Shrinkage: every move between a physical location and its warehouse's adjustment or scrap location
 * (adjustments, count corrections, scrap; losses in transit count against the in-transit location), grouped by period, SKU, location, reason and
 * the user or key who recorded it. Business time, [since, until). Within the principal's warehouses.
 * Errors: location_not_found (404) for a warehouse filter that does not exist or is out of scope.
 */
export async function getShrinkageReport(ctx: Context, input: ShrinkageInput): Promise<ShrinkageReport> {
  let warehouseId: string | null = null;
  if (input.warehouse !== undefined) {
    const { rows } = await ctx.db.query<{ warehouse_id: string }>(
      `SELECT warehouse_id FROM locations WHERE lower(code) = lower($1)
          AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
      [input.warehouse, ctx.warehouseScope],
    );
    if (!rows[0]) throw locationNotFound(input.warehouse);
    warehouseId = rows[0].warehouse_id;
  }
  const trunc = input.period === 'all' ? null : input.period;
  const { rows } = await ctx.db.query<{
    period: Date | null;
    sku: string;
    location: string;
    warehouse: string;
    reason: string;
    actor_kind: string;
    actor_id: string;
    lost: number;
    found: number;
    moves: number;
  }>(
    `WITH m AS (
       SELECT m.sku_id, m.qty, coalesce(m.reason, m.move_type) AS reason, m.actor_kind, m.actor_id, m.occurred_at,
              CASE WHEN t.kind IN ('adjustment', 'scrap') THEN f.location_id ELSE t.location_id END AS physical_id,
              CASE WHEN t.kind IN ('adjustment', 'scrap') THEN -m.qty ELSE m.qty END AS signed_qty
         FROM stock_moves m
         JOIN locations f ON f.location_id = m.from_location_id
         JOIN locations t ON t.location_id = m.to_location_id
        WHERE m.move_type IN ('adjustment', 'count', 'scrap')
          AND (f.kind IN ('adjustment', 'scrap')) <> (t.kind IN ('adjustment', 'scrap'))
          AND ($1::timestamptz IS NULL OR m.occurred_at >= $1)
          AND ($2::timestamptz IS NULL OR m.occurred_at < $2)
          AND ($4::text IS NULL OR m.reason = $4 OR (m.reason IS NULL AND m.move_type = $4))
          AND ($5::text IS NULL OR m.actor_id = $5)
     )
     SELECT CASE WHEN $6::text IS NULL THEN NULL ELSE date_trunc($6, m.occurred_at, 'UTC') END AS period,
            s.code AS sku, l.code AS location, w.code AS warehouse, m.reason, m.actor_kind, m.actor_id,
            sum(CASE WHEN m.signed_qty < 0 THEN -m.signed_qty ELSE 0 END)::bigint AS lost,
            sum(CASE WHEN m.signed_qty > 0 THEN m.signed_qty ELSE 0 END)::bigint AS found,
            count(*)::int AS moves
       FROM m
       JOIN skus s ON s.sku_id = m.sku_id
       JOIN locations l ON l.location_id = m.physical_id
       JOIN locations w ON w.location_id = l.warehouse_id
      WHERE ($3::text IS NULL OR lower(s.code) = lower($3))
        AND ($7::text IS NULL OR l.warehouse_id = $7)
        AND ($8::text[] IS NULL OR l.warehouse_id = ANY($8::text[]))
      GROUP BY 1, s.code, l.code, w.code, m.reason, m.actor_kind, m.actor_id
      ORDER BY 1 NULLS FIRST, lost DESC, s.code, l.code, m.reason, m.actor_id
      LIMIT 10000`,
    [
      input.since ?? null,
      input.until ?? null,
      input.sku ?? null,
      input.reason ?? null,
      input.actor ?? null,
      trunc,
      warehouseId,
      ctx.warehouseScope,
    ],
  );
  const byReason: Record<string, { qtyLost: number; qtyFound: number }> = {};
  let qtyLost = 0;
  let qtyFound = 0;
  const out = rows.map((r) => {
    byReason[r.reason] ??= { qtyLost: 0, qtyFound: 0 };
    const t = byReason[r.reason]!;
    t.qtyLost += r.lost;
    t.qtyFound += r.found;
    qtyLost += r.lost;
    qtyFound += r.found;
    return {
      period: r.period ? r.period.toISOString() : null,
      sku: r.sku,
      location: r.location,
      warehouse: r.warehouse,
      reason: r.reason,
      actor: { kind: r.actor_kind, id: r.actor_id },
      qtyLost: r.lost,
      qtyFound: r.found,
      netQty: r.found - r.lost,
      moves: r.moves,
    };
  });
  return {
    rows: out,
    totals: { byReason, qtyLost, qtyFound },
    since: input.since ?? null,
    until: input.until ?? null,
  };
}
