import type { Context } from '../../../db/index.js';
import { notFound } from '../../../kernel/errors.js';

export interface WarehouseDashboard {
  warehouse: string;
  since: string;
  until: string;
  /** Orders with units held at the warehouse (not yet in a shipment), by status and by promise. */
  openOrders: {
    byStatus: { status: string; orders: number }[];
    byCutoff: { bucket: 'overdue' | 'today' | 'tomorrow' | 'later' | 'no_date'; orders: number }[];
    onHold: number;
  };
  shipments: { open: number; packed: number; shippedInPeriod: number };
  waves: {
    id: string;
    number: number;
    status: string;
    orderCount: number;
    tasks: number;
    tasksOpen: number;
    createdAt: string;
  }[];
  /** Confirmed pick tasks per operator and hour (UTC) in the period. */
  picksPerHour: { operator: string; hour: string; tasks: number; units: number }[];
  shortPicks: { tasks: number; units: number };
  /** Scan mistakes refused at pick and pack stations in the period. */
  errorsCaught: { kind: 'pick' | 'pack'; code: string; count: number }[];
  openCountTasks: number;
}

/**
 * The warehouse floor at a glance for a shift lead: what is waiting (by status and promised date), waves in
 * progress, pick rate per operator and hour, short picks and the mistakes the scanners caught.
 * Errors: location_not_found (404) for a warehouse that does not exist or is outside the caller's scope.
 */
export async function getWarehouseDashboard(
  ctx: Context,
  input: { warehouse: string; hours?: number | undefined },
): Promise<WarehouseDashboard> {
  const { rows: wh } = await ctx.db.query<{ location_id: string; code: string }>(
    `SELECT location_id, code FROM locations WHERE lower(code) = lower($1) AND kind = 'warehouse'
        AND ($2::text[] IS NULL OR location_id = ANY($2::text[]))`,
    [input.warehouse, ctx.warehouseScope],
  );
  const w = wh[0];
  if (!w) {
    throw notFound('location_not_found', `No warehouse ${input.warehouse}.`, { location: input.warehouse });
  }
  const until = ctx.clock.now();
  const since = new Date(until.getTime() - (input.hours ?? 24) * 3600_000);
  const id = w.location_id;
  const [orders, cutoff, shipments, waves, picks, shorts, errors, counts] = await Promise.all([
    ctx.db.query<{ status: string; orders: number; on_hold: number }>(
      `SELECT o.status, count(*)::int AS orders, count(*) FILTER (WHERE o.on_hold)::int AS on_hold
         FROM orders o
        WHERE EXISTS (SELECT 1 FROM order_line_reservations olr
                        JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
                        JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
                        JOIN locations l ON l.location_id = rl.location_id
                       WHERE olr.order_id = o.order_id AND olr.shipment_id IS NULL AND l.warehouse_id = $1)
        GROUP BY o.status ORDER BY o.status`,
      [id],
    ),
    ctx.db.query<{ bucket: WarehouseDashboard['openOrders']['byCutoff'][number]['bucket']; orders: number }>(
      `SELECT CASE WHEN o.promised_at IS NULL THEN 'no_date'
                   WHEN o.promised_at < $2::timestamptz THEN 'overdue'
                   WHEN o.promised_at < date_trunc('day', $2::timestamptz) + interval '1 day' THEN 'today'
                   WHEN o.promised_at < date_trunc('day', $2::timestamptz) + interval '2 days' THEN 'tomorrow'
                   ELSE 'later' END AS bucket, count(*)::int AS orders
         FROM orders o
        WHERE NOT o.on_hold AND EXISTS (SELECT 1 FROM order_line_reservations olr
                        JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
                        JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
                        JOIN locations l ON l.location_id = rl.location_id
                       WHERE olr.order_id = o.order_id AND olr.shipment_id IS NULL AND l.warehouse_id = $1)
        GROUP BY 1 ORDER BY 1`,
      [id, until.toISOString()],
    ),
    ctx.db.query<{ open: number; packed: number; shipped: number }>(
      `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'packed')::int AS packed,
              count(*) FILTER (WHERE status IN ('shipped', 'delivered') AND shipped_at >= $2)::int AS shipped
         FROM shipments WHERE warehouse_id = $1 AND (status IN ('open', 'packed') OR shipped_at >= $2)`,
      [id, since.toISOString()],
    ),
    ctx.db.query<{
      wave_id: string;
      number: string;
      status: string;
      order_count: number;
      tasks: number;
      open: number;
      created_at: Date;
    }>(
      `SELECT wv.wave_id, wv.number, wv.status, wv.order_count, wv.created_at,
              count(t.*) FILTER (WHERE t.status <> 'cancelled')::int AS tasks,
              count(t.*) FILTER (WHERE t.status = 'open')::int AS open
         FROM waves wv LEFT JOIN pick_lists pl ON pl.wave_id = wv.wave_id
         LEFT JOIN pick_tasks t ON t.pick_list_id = pl.pick_list_id
        WHERE wv.warehouse_id = $1 AND wv.status IN ('released', 'picking')
        GROUP BY wv.wave_id ORDER BY wv.number LIMIT 50`,
      [id],
    ),
    ctx.db.query<{ operator: string; hour: Date; tasks: number; units: string }>(
      `SELECT t.confirmed_by AS operator, date_trunc('hour', t.confirmed_at) AS hour, count(*)::int AS tasks,
              sum(t.qty_picked) AS units
         FROM pick_tasks t JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
        WHERE pl.warehouse_id = $1 AND t.confirmed_at >= $2 AND t.confirmed_at < $3
        GROUP BY 1, 2 ORDER BY 2, 1`,
      [id, since.toISOString(), until.toISOString()],
    ),
    ctx.db.query<{ tasks: number; units: string | null }>(
      `SELECT count(*)::int AS tasks, sum(t.qty_short) AS units
         FROM pick_tasks t JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
        WHERE pl.warehouse_id = $1 AND t.status = 'short' AND t.confirmed_at >= $2 AND t.confirmed_at < $3`,
      [id, since.toISOString(), until.toISOString()],
    ),
    ctx.db.query<{ kind: 'pick' | 'pack'; code: string; count: number }>(
      `SELECT kind, code, count(*)::int AS count FROM warehouse_exceptions
        WHERE warehouse_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY kind, code ORDER BY kind, code`,
      [id, since.toISOString(), until.toISOString()],
    ),
    ctx.db.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM count_tasks WHERE warehouse_id = $1 AND status = 'open'`,
      [id],
    ),
  ]);
  return {
    warehouse: w.code,
    since: since.toISOString(),
    until: until.toISOString(),
    openOrders: {
      byStatus: orders.rows.map((r) => ({ status: r.status, orders: r.orders })),
      byCutoff: cutoff.rows,
      onHold: orders.rows.reduce((n, r) => n + r.on_hold, 0),
    },
    shipments: {
      open: shipments.rows[0]?.open ?? 0,
      packed: shipments.rows[0]?.packed ?? 0,
      shippedInPeriod: shipments.rows[0]?.shipped ?? 0,
    },
    waves: waves.rows.map((r) => ({
      id: r.wave_id,
      number: Number(r.number),
      status: r.status,
      orderCount: r.order_count,
      tasks: r.tasks,
      tasksOpen: r.open,
      createdAt: r.created_at.toISOString(),
    })),
    picksPerHour: picks.rows.map((r) => ({
      operator: r.operator,
      hour: r.hour.toISOString(),
      tasks: r.tasks,
      units: Number(r.units),
    })),
    shortPicks: { tasks: shorts.rows[0]?.tasks ?? 0, units: Number(shorts.rows[0]?.units ?? 0) },
    errorsCaught: errors.rows,
    openCountTasks: counts.rows[0]?.open ?? 0,
  };
}
