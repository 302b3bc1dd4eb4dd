import type { Context } from '../../../db/index.js';
import { getLowStockReport, getShrinkageReport } from '../../inventory/index.js';

/** Order statuses still waiting for work; shipped, delivered and cancelled orders are done. */
export const OPEN_STATUSES = [
  'pending',
  'allocated',
  'partially_allocated',
  'backordered',
  'in_fulfilment',
  'partially_shipped',
] as const;

export interface DashboardInput {
  /** How many UTC days back (today included) the period-based figures cover: 1 to 366. */
  days: number;
}

export interface Dashboard {
  days: number;
  /** Start of the period: midnight UTC, `days − 1` days before today. */
  since: string;
  /** End of the period (exclusive): midnight UTC tomorrow. */
  until: string;
  /** The channels shipping from the caller's warehouses, for the legend of ordersPerDay. */
  channels: { code: string; name: string }[];
  /** One entry per UTC day of the period, oldest first, days without orders included. */
  ordersPerDay: { date: string; total: number; byChannel: Record<string, number> }[];
  /** Open orders per status (every open status, zeros included) and how many of them are on hold. */
  ordersByStatus: { statuses: { status: string; orders: number }[]; onHold: number };
  /** Orders with units waiting for stock, and how many units. */
  backorders: { orders: number; units: number };
  /** The ten SKUs furthest below their reorder point; null without stock.read. */
  lowStock: LowStockEntry[] | null;
  /** Units over physical locations per warehouse; null without stock.read. */
  stockByWarehouse:
    | { warehouse: string; name: string; onHand: number; reserved: number; available: number }[]
    | null;
  /** The ten SKUs with the most units shipped to customers in the period; null without stock.read. */
  topSkus: { sku: string; name: string; units: number }[] | null;
  /** Shrinkage in the period by reason, most lost first; null without reports.shrinkage. */
  shrinkage: {
    byReason: { reason: string; qtyLost: number; qtyFound: number }[];
    qtyLost: number;
    qtyFound: number;
  } | null;
}

export interface LowStockEntry {
  sku: string;
  skuName: string;
  warehouse: string;
  available: number;
  lowAt: number;
  shortBy: number;
}

const DAY_MS = 86_400_000;

/** The principal's permissions allow `permission` (null permissions: a system context, allowed everything). */
const holds = (ctx: Context, permission: string) =>
  ctx.permissions === null || ctx.permissions.has(permission);

/**
 * Orders are in the caller's scope when their channel ships from one of the caller's warehouses ($n:
 * warehouse ids, NULL = all); the same rule as the orders module's list.
 */
const orderInScope = (param: string) =>
  `(${param}::text[] IS NULL OR EXISTS (
      SELECT 1 FROM channel_warehouses scw WHERE scw.channel_id = o.channel_id AND scw.warehouse_id = ANY(${param}::text[])))`;

/**
 * The back-office dashboard: a read model over the orders, stock and ledger tables, within the caller's
 * warehouses. Orders per day count every order placed in the period (cancelled ones too) by the UTC date
 * of placed_at. "Top SKUs" are best performers by units shipped: stock moves of type `post` with reason
 * `shipment` into a customer location, by business time, from the caller's warehouses — what actually
 * left for customers, rather than ordered units that may still be cancelled. Shrinkage is the shrinkage
 * report's totals over the period. Sections whose own endpoint needs a permission the caller lacks
 * (stock.read, reports.shrinkage) are null, so the dashboard never shows more than those endpoints would.
 * Raises no domain errors; `days` is validated at the HTTP edge.
 */
export async function getDashboard(ctx: Context, input: DashboardInput): Promise<Dashboard> {
  const days = input.days;
  const now = ctx.clock.now();
  const todayMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(todayMs - (days - 1) * DAY_MS);
  const until = new Date(todayMs + DAY_MS);
  const scope = ctx.warehouseScope;

  const channels = await ctx.db.query<{ code: string; name: string }>(
    `SELECT c.code, c.name FROM channels c
      WHERE ($1::text[] IS NULL OR EXISTS (SELECT 1 FROM channel_warehouses cw
                                            WHERE cw.channel_id = c.channel_id AND cw.warehouse_id = ANY($1::text[])))
        AND (NOT c.is_archived OR EXISTS (SELECT 1 FROM orders o WHERE o.channel_id = c.channel_id
                                            AND o.placed_at >= $2 AND o.placed_at < $3))
      ORDER BY c.code`,
    [scope, since.toISOString(), until.toISOString()],
  );

  const perDay = await ctx.db.query<{ day: string; channel: string; orders: number }>(
    `SELECT to_char(o.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, c.code AS channel, count(*)::int AS orders
       FROM orders o JOIN channels c ON c.channel_id = o.channel_id
      WHERE o.placed_at >= $1 AND o.placed_at < $2 AND ${orderInScope('$3')}
      GROUP BY 1, 2`,
    [since.toISOString(), until.toISOString(), scope],
  );
  const byDay = new Map<string, Record<string, number>>();
  for (const row of perDay.rows) {
    const entry = byDay.get(row.day) ?? {};
    entry[row.channel] = row.orders;
    byDay.set(row.day, entry);
  }
  const ordersPerDay: Dashboard['ordersPerDay'] = [];
  for (let i = 0; i < days; i++) {
    const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const byChannel = byDay.get(date) ?? {};
    const total = Object.values(byChannel).reduce((sum, n) => sum + n, 0);
    ordersPerDay.push({ date, total, byChannel });
  }

  const statuses = await ctx.db.query<{ status: string; orders: number; on_hold: number }>(
    `SELECT o.status, count(*)::int AS orders, count(*) FILTER (WHERE o.on_hold)::int AS on_hold
       FROM orders o
      WHERE o.status = ANY($1::text[]) AND ${orderInScope('$2')}
      GROUP BY o.status`,
    [OPEN_STATUSES, scope],
  );
  const counted = new Map(statuses.rows.map((r) => [r.status, r.orders]));
  const ordersByStatus = {
    statuses: OPEN_STATUSES.map((status) => ({ status, orders: counted.get(status) ?? 0 })),
    onHold: statuses.rows.reduce((sum, r) => sum + r.on_hold, 0),
  };

  const backordered = await ctx.db.query<{ orders: number; units: number }>(
    `SELECT count(DISTINCT o.order_id)::int AS orders, coalesce(sum(l.qty_backordered), 0)::bigint AS units
       FROM orders o JOIN order_lines l ON l.order_id = o.order_id
      WHERE l.qty_backordered > 0 AND ${orderInScope('$1')}`,
    [scope],
  );
  const backorders = {
    orders: backordered.rows[0]?.orders ?? 0,
    units: backordered.rows[0]?.units ?? 0,
  };

  let lowStock: Dashboard['lowStock'] = null;
  let stockByWarehouse: Dashboard['stockByWarehouse'] = null;
  let topSkus: Dashboard['topSkus'] = null;
  if (holds(ctx, 'stock.read')) {
    const low = await getLowStockReport(ctx, { limit: 10 });
    lowStock = low.items.map((i) => ({
      sku: i.sku,
      skuName: i.skuName,
      warehouse: i.warehouse,
      available: i.available,
      lowAt: i.lowAt,
      shortBy: i.shortBy,
    }));

    const stock = await ctx.db.query<{ warehouse: string; name: string; on_hand: number; reserved: number }>(
      `SELECT w.code AS warehouse, w.name,
              coalesce(sum(b.on_hand), 0)::bigint AS on_hand, coalesce(sum(b.reserved), 0)::bigint AS reserved
         FROM locations w
         LEFT JOIN locations l ON l.warehouse_id = w.location_id AND l.is_physical
         LEFT JOIN stock_balances b ON b.location_id = l.location_id
        WHERE w.kind = 'warehouse' AND ($1::text[] IS NULL OR w.location_id = ANY($1::text[]))
        GROUP BY w.location_id, w.code, w.name, w.is_archived
       HAVING NOT w.is_archived OR coalesce(sum(b.on_hand), 0) <> 0
        ORDER BY w.code`,
      [scope],
    );
    stockByWarehouse = stock.rows.map((r) => ({
      warehouse: r.warehouse,
      name: r.name,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.on_hand - r.reserved,
    }));

    const top = await ctx.db.query<{ sku: string; name: string; units: number }>(
      `SELECT s.code AS sku, s.name, sum(m.qty)::bigint AS units
         FROM stock_moves m
         JOIN locations t ON t.location_id = m.to_location_id
         JOIN locations f ON f.location_id = m.from_location_id
         JOIN skus s ON s.sku_id = m.sku_id
        WHERE m.move_type = 'post' AND m.reason = 'shipment' AND t.kind = 'customer'
          AND m.occurred_at >= $1 AND m.occurred_at < $2
          AND ($3::text[] IS NULL OR f.warehouse_id = ANY($3::text[]))
        GROUP BY s.sku_id, s.code, s.name
        ORDER BY units DESC, s.code
        LIMIT 10`,
      [since.toISOString(), until.toISOString(), scope],
    );
    topSkus = top.rows;
  }

  let shrinkage: Dashboard['shrinkage'] = null;
  if (holds(ctx, 'reports.shrinkage')) {
    const report = await getShrinkageReport(ctx, {
      since: since.toISOString(),
      until: until.toISOString(),
      period: 'all',
    });
    shrinkage = {
      byReason: Object.entries(report.totals.byReason)
        .map(([reason, t]) => ({ reason, qtyLost: t.qtyLost, qtyFound: t.qtyFound }))
        .sort((a, b) => b.qtyLost - a.qtyLost || b.qtyFound - a.qtyFound || a.reason.localeCompare(b.reason)),
      qtyLost: report.totals.qtyLost,
      qtyFound: report.totals.qtyFound,
    };
  }

  return {
    days,
    since: since.toISOString(),
    until: until.toISOString(),
    channels: channels.rows,
    ordersPerDay,
    ordersByStatus,
    backorders,
    lowStock,
    stockByWarehouse,
    topSkus,
    shrinkage,
  };
}
