import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { skuNotFound } from '../../catalog/index.js';
import { SUBTREE_IDS } from '../db/locations.js';
import { locationNotFound } from '../errors.js';

export interface GetStockInput {
  sku?: string | undefined;
  /** A location code; includes everything under it (a warehouse's zones and bins). */
  location?: string | undefined;
  /** Include virtual locations (supplier, customer, …), whose balances may be negative. */
  includeVirtual?: boolean | undefined;
  /** Include rows where nothing is on hand or reserved. */
  includeZero?: boolean | undefined;
  /** Stock as it stood at this instant, re-derived from the moves (business time). */
  asOf?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface StockItem {
  sku: string;
  skuName: string;
  location: string;
  warehouse: string;
  isPhysical: boolean;
  onHand: number;
  reserved: number;
  available: number;
}

export interface StockReport {
  items: StockItem[];
  totals: { onHand: number; reserved: number; available: number };
  asOf: string | null;
  nextCursor: string | null;
}

interface Row {
  sku_code: string;
  sku_name: string;
  location_code: string;
  warehouse_code: string;
  is_physical: boolean;
  on_hand: number;
  reserved: number;
}

/**
 * Stock per (SKU, location) with on hand, reserved and available (= on hand − reserved), plus totals over
 * every matching physical row (not just this page). With asOf, balances are re-derived from moves that
 * occurred up to then and reserved from the reservations open at that instant.
 * Errors: sku_not_found, location_not_found (404) for filters naming nothing.
 */
export async function getStock(ctx: Context, input: GetStockInput): Promise<StockReport> {
  const after = decodeCursor(input.cursor, ['string', 'string']);
  let skuId: string | null = null;
  let locationId: string | null = null;
  if (input.sku !== undefined) {
    const { rows } = await ctx.db.query<{ sku_id: string }>(
      'SELECT sku_id FROM skus WHERE lower(code) = lower($1)',
      [input.sku],
    );
    if (!rows[0]) throw skuNotFound(input.sku);
    skuId = rows[0].sku_id;
  }
  if (input.location !== undefined) {
    const { rows } = await ctx.db.query<{ location_id: string }>(
      `SELECT location_id FROM locations
        WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
      [input.location, ctx.warehouseScope],
    );
    if (!rows[0]) throw locationNotFound(input.location);
    locationId = rows[0].location_id;
  }
  const asOf = input.asOf ? new Date(input.asOf).toISOString() : null;
  const source = asOf === null ? CURRENT : AS_OF;
  const params = [
    skuId,
    locationId,
    input.includeVirtual ?? false,
    input.includeZero ?? false,
    asOf,
    ctx.warehouseScope,
  ];
  const filtered = `
    WITH src AS (${source})
    SELECT s.code AS sku_code, s.name AS sku_name, l.code AS location_code, w.code AS warehouse_code, l.is_physical,
           src.on_hand, src.reserved
      FROM src JOIN skus s ON s.sku_id = src.sku_id
      JOIN locations l ON l.location_id = src.location_id
      JOIN locations w ON w.location_id = l.warehouse_id
     WHERE ($1::text IS NULL OR src.sku_id = $1)
       AND ($2::text IS NULL OR src.location_id IN (${SUBTREE_IDS.replaceAll('$1', '$2')}))
       AND ($3::boolean OR l.is_physical)
       AND ($4::boolean OR src.on_hand <> 0 OR src.reserved <> 0)
       AND ($6::text[] IS NULL OR l.warehouse_id = ANY($6::text[]))`;
  const { rows } = await ctx.db.query<Row>(
    `SELECT * FROM (${filtered}) f
      WHERE $7::text IS NULL OR (lower(f.sku_code), lower(f.location_code)) > ($7, $8)
      ORDER BY lower(f.sku_code), lower(f.location_code) LIMIT $9`,
    [...params, after?.[0] ?? null, after?.[1] ?? null, input.limit + 1],
  );
  const { rows: totals } = await ctx.db.query<{ on_hand: number; reserved: number }>(
    `SELECT coalesce(sum(on_hand), 0)::bigint AS on_hand, coalesce(sum(reserved), 0)::bigint AS reserved
       FROM (${filtered}) f WHERE f.is_physical`,
    params,
  );
  const page = pageOf(rows, input.limit, (r) => [r.sku_code.toLowerCase(), r.location_code.toLowerCase()]);
  const t = totals[0]!;
  return {
    items: page.rows.map((r) => ({
      sku: r.sku_code,
      skuName: r.sku_name,
      location: r.location_code,
      warehouse: r.warehouse_code,
      isPhysical: r.is_physical,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.on_hand - r.reserved,
    })),
    totals: { onHand: t.on_hand, reserved: t.reserved, available: t.on_hand - t.reserved },
    asOf,
    nextCursor: page.nextCursor,
  };
}

const CURRENT = `SELECT location_id, sku_id, on_hand, reserved FROM stock_balances WHERE $5::timestamptz IS NULL`;

const AS_OF = `
  SELECT coalesce(m.location_id, r.location_id) AS location_id, coalesce(m.sku_id, r.sku_id) AS sku_id,
         coalesce(m.on_hand, 0)::bigint AS on_hand, coalesce(r.reserved, 0)::bigint AS reserved
    FROM (SELECT location_id, sku_id, sum(delta) AS on_hand
            FROM (SELECT to_location_id AS location_id, sku_id, qty AS delta FROM stock_moves WHERE occurred_at <= $5::timestamptz
                  UNION ALL
                  SELECT from_location_id, sku_id, -qty FROM stock_moves WHERE occurred_at <= $5::timestamptz) d
           GROUP BY location_id, sku_id) m
    FULL JOIN (SELECT rl.location_id, rl.sku_id, sum(rl.qty) AS reserved
                 FROM reservation_lines rl JOIN reservations rv ON rv.reservation_id = rl.reservation_id
                WHERE rv.created_at <= $5::timestamptz AND (rv.ended_at IS NULL OR rv.ended_at > $5::timestamptz)
                GROUP BY rl.location_id, rl.sku_id) r
      ON r.location_id = m.location_id AND r.sku_id = m.sku_id`;
