import type { Context, Db } from '../../src/db/index.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createApiKey, createUser } from '../../src/modules/access/index.js';
import { createLocation } from '../../src/modules/inventory/index.js';
import { createChannel } from '../../src/modules/orders/index.js';
import { type Cores, type CpuGroups, coresBetween, cpuSnapshot } from './cpu.js';
import { Connection } from './load.js';
import { Latencies, round } from './stats.js';

/**
 * The orders list (GET /v1/orders) on a large order book: what the web UI's Orders screen asks for.
 *
 * Seeding: two warehouses (WH1, WH2) with 10 bins each, four channels, an owner and an API key with
 * `orders.read` over every warehouse go through the app's commands; then, set-based in SQL
 * (generate_series, deterministic hashes of the row number), 1,000 SKUs, 20,000 customers with emails and
 * `orders` orders (default 100,000) placed over the last 365 days, 1–5 lines each. An order placed in the
 * last 14 days is mostly open (allocated, partially allocated, backordered, in fulfilment, pending), an
 * older one mostly shipped or delivered, some cancelled, a few still backordered; 5 % of the open ones are
 * on hold. Every allocated line holds an open reservation at a bin of the order's warehouse and every
 * shipped line a posted one, so `warehouse=` finds them as it would in production. The reservations are
 * not reflected in stock balances or moves (a listing reads neither): such a database would not pass
 * `coulisse check`, and the benchmark drops it afterwards.
 */
export interface OrdersListSeed {
  readonly authorization: string;
  /** Values the request kinds filter on, taken from the seeded rows. */
  readonly probe: {
    readonly status: string;
    readonly channel: string;
    readonly warehouse: string;
    readonly sku: string;
    readonly customerEmail: string;
    readonly placedSince: string;
    readonly placedUntil: string;
  };
  readonly counts: Record<string, number>;
}

export const LIST_CHANNELS = [
  { code: 'WEB', kind: 'web_shop', warehouses: ['WH1', 'WH2'] },
  { code: 'MARKETPLACE', kind: 'marketplace', warehouses: ['WH1'] },
  { code: 'SOCIAL', kind: 'social', warehouses: ['WH2'] },
  { code: 'STORE', kind: 'point_of_sale', warehouses: ['WH1'] },
] as const;

const SKUS = 1000;
const CUSTOMERS = 20_000;
const BINS = 10;

/** The seed's SQL, statement by statement, for `n` orders. Runs on PostgreSQL and PGlite. */
const seedSql = (n: number): readonly { name: string; sql: string }[] => [
  {
    name: 'skus',
    sql: `INSERT INTO skus (sku_id, code, name, created_by, updated_by)
          SELECT 'sku_bl' || lpad(n::text, 6, '0'), 'SKU-' || (10000 + n), 'List item ' || n, 'bench', 'bench'
            FROM generate_series(1, ${SKUS}) n`,
  },
  {
    name: 'customers',
    sql: `INSERT INTO customers (customer_id, channel_id, external_id, name, email)
          SELECT 'cus_bl' || lpad(n::text, 6, '0'), c.channel_id, 'C' || n, 'Customer ' || n,
                 CASE WHEN n % 7 = 0 THEN 'Customer' ELSE 'customer' END || n || '@example.com'
            FROM generate_series(1, ${CUSTOMERS}) n
            JOIN channels c ON lower(c.code) = 'web'`,
  },
  // One row per order with its draws: h1..h6 are independent hashes of the order number.
  {
    name: 'draws',
    sql: `CREATE TEMP TABLE bl_orders AS
          SELECT i, placed_at, recent, h1, h2, h3, h4, h5, h6,
                 CASE WHEN recent THEN
                        CASE WHEN h1 < 35 THEN 'allocated' WHEN h1 < 45 THEN 'partially_allocated'
                             WHEN h1 < 55 THEN 'backordered' WHEN h1 < 70 THEN 'in_fulfilment'
                             WHEN h1 < 75 THEN 'pending' WHEN h1 < 80 THEN 'cancelled'
                             WHEN h1 < 95 THEN 'shipped' ELSE 'partially_shipped' END
                      ELSE
                        CASE WHEN h1 < 72 THEN 'shipped' WHEN h1 < 90 THEN 'delivered'
                             WHEN h1 < 97 THEN 'cancelled' WHEN h1 < 98 THEN 'partially_shipped'
                             WHEN h1 < 99 THEN 'backordered' ELSE 'partially_allocated' END
                 END AS status,
                 CASE WHEN h3 < 50 THEN 'WEB' WHEN h3 < 75 THEN 'MARKETPLACE' WHEN h3 < 90 THEN 'SOCIAL'
                      ELSE 'STORE' END AS channel_code,
                 1 + h5 % 5 AS nlines
            FROM (SELECT i, placed_at, placed_at > now() - interval '14 days' AS recent,
                         (hashint8(i * 8 + 1) & 2147483647) % 100 AS h1,
                         (hashint8(i * 8 + 2) & 2147483647) % 100 AS h2,
                         (hashint8(i * 8 + 3) & 2147483647) % 100 AS h3,
                         (hashint8(i * 8 + 4) & 2147483647) % ${CUSTOMERS * 50} AS h4,
                         (hashint8(i * 8 + 5) & 2147483647) % 1000 AS h5,
                         (hashint8(i * 8 + 6) & 2147483647) % 1000 AS h6
                    FROM (SELECT i, now() - (${n}::bigint - i) * (interval '365 days' / ${n}::bigint)
                                 - ((hashint8(i * 8 + 7) & 2147483647) % 60) * interval '1 second' AS placed_at
                            FROM generate_series(1::bigint, ${n}::bigint) i) t) d`,
  },
  {
    name: 'orders',
    sql: `INSERT INTO orders (order_id, channel_id, external_id, customer_id, status, on_hold, hold_reason,
                              placed_at, currency, ship_to, shipping_method, payment_status, total_minor,
                              request_hash, created_at, created_by, updated_at, updated_by)
          SELECT 'ord_bl' || lpad(b.i::text, 8, '0'), c.channel_id, 'BL-' || b.i,
                 CASE WHEN b.channel_code = 'STORE' AND b.h2 < 60 THEN NULL
                      ELSE 'cus_bl' || lpad((1 + b.h4 % ${CUSTOMERS})::text, 6, '0') END,
                 b.status, held, CASE WHEN held THEN 'manual review' END,
                 b.placed_at, c.currency,
                 jsonb_build_object('name', 'Customer', 'line1', b.i || ' rue du Test', 'city', 'Paris', 'country', 'FR'),
                 'standard', CASE WHEN b.status = 'cancelled' THEN 'voided' ELSE 'paid' END,
                 1000 * b.nlines, md5(b.i::text), b.placed_at, 'bench', b.placed_at, 'bench'
            FROM (SELECT *, status IN ('pending', 'allocated', 'partially_allocated', 'backordered') AND h2 >= 95 AS held
                    FROM bl_orders) b
            JOIN channels c ON c.code = b.channel_code`,
  },
  // Line k of order i: a distinct SKU per order (37·k mod 1000 differs for k = 1..5), 1–3 units, its
  // buckets from the order's status, the warehouse (WEB: either) and bin its units are held in.
  {
    name: 'lines',
    sql: `CREATE TEMP TABLE bl_lines AS
          SELECT b.i, k AS line_no, 'ord_bl' || lpad(b.i::text, 8, '0') AS order_id,
                 'sku_bl' || lpad((1 + (b.h6 + 37 * k) % ${SKUS})::text, 6, '0') AS sku_id,
                 q AS qty,
                 CASE WHEN b.status IN ('allocated', 'in_fulfilment') THEN q
                      WHEN b.status = 'partially_allocated' AND k > 1 THEN q
                      WHEN b.status = 'partially_shipped' AND k > 1 THEN q ELSE 0 END AS allocated,
                 CASE WHEN b.status = 'backordered' THEN q
                      WHEN b.status = 'partially_allocated' AND k = 1 THEN q ELSE 0 END AS backordered,
                 CASE WHEN b.status IN ('shipped', 'delivered') THEN q
                      WHEN b.status = 'partially_shipped' AND k = 1 THEN q ELSE 0 END AS shipped,
                 CASE WHEN b.status = 'cancelled' THEN q ELSE 0 END AS cancelled,
                 CASE WHEN b.channel_code IN ('SOCIAL') OR (b.channel_code = 'WEB' AND b.h2 % 2 = 0)
                      THEN 'WH2' ELSE 'WH1' END AS warehouse,
                 1 + (b.h6 + k) % ${BINS} AS bin, b.placed_at
            FROM bl_orders b
            CROSS JOIN LATERAL generate_series(1, b.nlines) k
            CROSS JOIN LATERAL (SELECT 1 + (hashint8(b.i * 8 + k) & 2147483647) % 3 AS q) qq`,
  },
  {
    name: 'order lines',
    sql: `INSERT INTO order_lines (order_id, line_no, sku_id, title, qty_ordered, qty_allocated, qty_backordered,
                                   qty_shipped, qty_cancelled, unit_price_minor)
          SELECT order_id, line_no, sku_id, 'List item', qty, allocated, backordered, shipped, cancelled, 1000
            FROM bl_lines`,
  },
  {
    name: 'reservations',
    sql: `INSERT INTO reservations (reservation_id, reference, status, created_at, created_by_kind, created_by,
                                    ended_at, ended_by_kind, ended_by)
          SELECT 'res_bl' || lpad(i::text, 8, '0') || '_' || line_no, order_id,
                 CASE WHEN allocated > 0 THEN 'open' ELSE 'posted' END, placed_at, 'system', 'bench',
                 CASE WHEN allocated > 0 THEN NULL ELSE placed_at + interval '1 day' END,
                 CASE WHEN allocated > 0 THEN NULL ELSE 'system' END,
                 CASE WHEN allocated > 0 THEN NULL ELSE 'bench' END
            FROM bl_lines WHERE allocated > 0 OR shipped > 0`,
  },
  {
    name: 'reservation lines',
    sql: `INSERT INTO reservation_lines (reservation_id, line_no, sku_id, location_id, qty, posted_qty)
          SELECT 'res_bl' || lpad(l.i::text, 8, '0') || '_' || l.line_no, 1, l.sku_id, bin.location_id,
                 l.allocated + l.shipped, l.shipped
            FROM bl_lines l
            JOIN locations bin ON lower(bin.code) = lower(l.warehouse || '/A-' || (100 + l.bin))
           WHERE l.allocated > 0 OR l.shipped > 0`,
  },
  {
    name: 'order line reservations',
    sql: `INSERT INTO order_line_reservations (order_id, line_no, reservation_id, created_at)
          SELECT order_id, line_no, 'res_bl' || lpad(i::text, 8, '0') || '_' || line_no, placed_at
            FROM bl_lines WHERE allocated > 0 OR shipped > 0`,
  },
  { name: 'drop scratch table lines', sql: 'DROP TABLE bl_lines' },
  { name: 'drop scratch table orders', sql: 'DROP TABLE bl_orders' },
];

/** Seeds the order book; returns the key's Authorization header and the values the requests filter on. */
export async function seedOrdersList(
  db: Db,
  orders: number,
  log: (line: string) => void,
): Promise<OrdersListSeed> {
  const ctx: Context = {
    db,
    actor: systemActor('bench'),
    userId: null,
    clock: systemClock,
    requestId: null,
    idempotencyKey: null,
    warehouseScope: null,
    permissions: null,
  };
  for (const wh of ['WH1', 'WH2']) {
    await createLocation(ctx, { code: wh, kind: 'warehouse', name: `List warehouse ${wh}` });
    for (let k = 1; k <= BINS; k++)
      await createLocation(ctx, { code: `A-${100 + k}`, kind: 'bin', parent: wh });
  }
  for (const c of LIST_CHANNELS) {
    await createChannel(ctx, {
      code: c.code,
      name: `Channel ${c.code}`,
      kind: c.kind,
      currency: 'EUR',
      warehouses: c.warehouses.map((warehouse, priority) => ({ warehouse, priority })),
    });
  }
  const owner = await createUser(ctx, {
    email: 'list@bench.example',
    name: 'List owner',
    password: 'bench password, not secret',
    role: 'owner',
  });
  const key = await createApiKey(
    ctx,
    { name: 'bench orders list', scopes: ['orders.read'] },
    { userId: owner.value.id, role: 'owner' },
  );
  // One session: the scratch tables are temporary.
  await db.transaction(async (tx) => {
    for (const step of seedSql(orders)) {
      const started = performance.now();
      await tx.query(step.sql);
      log(`    ${step.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  });
  const started = performance.now();
  await db.exec('ANALYZE');
  if (db.engine === 'postgres') await db.exec('CHECKPOINT');
  log(`    ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // A customer who ordered a few times, as the UI's search by e-mail would find.
  const { rows: probeRows } = await db.query<{ email: string; customer_id: string }>(
    `SELECT cu.email, cu.customer_id FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id
      WHERE o.order_id >= 'ord_bl' || lpad(${Math.ceil(orders / 2)}::text, 8, '0')
      ORDER BY o.order_id LIMIT 1`,
  );
  const customer = probeRows[0] ?? { email: 'nobody@example.com', customer_id: '' };
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM orders)::bigint AS orders,
            (SELECT count(*) FROM order_lines)::bigint AS lines,
            (SELECT count(*) FROM reservations)::bigint AS reservations,
            (SELECT count(*) FROM customers)::bigint AS customers,
            (SELECT count(*) FROM orders WHERE on_hold)::bigint AS on_hold,
            (SELECT count(*) FROM orders WHERE status = 'backordered')::bigint AS backordered,
            (SELECT count(*) FROM orders o JOIN channels c USING (channel_id) WHERE c.code = 'STORE')::bigint AS store,
            (SELECT count(*) FROM order_lines WHERE sku_id = 'sku_bl000042')::bigint AS sku_lines,
            (SELECT count(*) FROM orders WHERE customer_id = $1)::bigint AS customer_orders`,
    [customer.customer_id],
  );
  const now = Date.now();
  const day = 86_400_000;
  return {
    authorization: `Bearer ${key.value.key}`,
    probe: {
      // Backordered orders are spread over the year (old backorders), unlike the recent open states.
      status: 'backordered',
      channel: 'STORE',
      warehouse: 'WH2',
      sku: 'SKU-10042',
      customerEmail: customer.email,
      placedSince: new Date(now - 120 * day).toISOString(),
      placedUntil: new Date(now - 90 * day).toISOString(),
    },
    counts: rows[0] ?? {},
  };
}

export interface ListRequestKind {
  readonly name: string;
  readonly query: string;
}

/** The UI's typical requests, each for 50 orders. `page20` is filled in after following the cursor. */
export function listRequestKinds(p: OrdersListSeed['probe']): ListRequestKind[] {
  const q = (s: Record<string, string>) => new URLSearchParams({ limit: '50', ...s }).toString();
  return [
    { name: 'first page', query: q({}) },
    { name: 'page 20 (cursor)', query: '' },
    { name: `status=${p.status}`, query: q({ status: p.status }) },
    { name: `channel=${p.channel}`, query: q({ channel: p.channel }) },
    { name: `warehouse=${p.warehouse}`, query: q({ warehouse: p.warehouse }) },
    { name: `sku=${p.sku}`, query: q({ sku: p.sku }) },
    { name: 'customer=<email>', query: q({ customer: p.customerEmail }) },
    {
      name: 'placedSince/Until (30 days, 3 months ago)',
      query: q({ placedSince: p.placedSince, placedUntil: p.placedUntil }),
    },
    { name: 'onHold=true', query: q({ onHold: 'true' }) },
  ];
}

/** Follows nextCursor from the first page to page `page`; returns that page's query string. */
export async function cursorQuery(port: number, authorization: string, page: number): Promise<string> {
  const c = new Connection(port, authorization);
  try {
    let cursor: string | null = null;
    for (let i = 1; i < page; i++) {
      const query: string = new URLSearchParams({ limit: '50', ...(cursor ? { cursor } : {}) }).toString();
      const answer = await c.get(`/v1/orders?${query}`);
      if (answer.status !== 200)
        throw new Error(`GET /v1/orders → ${answer.status}: ${answer.body.slice(0, 300)}`);
      cursor = (JSON.parse(answer.body) as { nextCursor: string | null }).nextCursor;
      if (!cursor) throw new Error(`only ${i} pages of orders`);
    }
    return new URLSearchParams({ limit: '50', ...(cursor ? { cursor } : {}) }).toString();
  } finally {
    c.close();
  }
}

export interface ListKindResult {
  readonly kind: string;
  readonly query: string;
  /** Orders on the page (the same on every call). */
  readonly items: number;
  readonly responseBytes: number;
  readonly sequential: Percentiles;
  readonly concurrent: Percentiles;
  readonly failures: number;
  /** Cores used while this kind was measured (both modes): client, server, database, machine, other. */
  readonly cpu: Cores;
}

export interface Percentiles {
  readonly requests: number;
  readonly clients: number;
  readonly seconds: number;
  readonly perSec: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** Stopped early: the kind's time budget ran out before `requests` were sent. */
  readonly capped: boolean;
}

function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * `requests` GETs of one query split over `clients` keep-alive connections, each sending its share back to
 * back; a kind stops early when `budgetMs` has passed (so a very slow filter cannot hold the run for
 * minutes) and says so.
 */
export async function measure(
  port: number,
  authorization: string,
  query: string,
  requests: number,
  clients: number,
  budgetMs: number,
): Promise<{ p: Percentiles; failures: number; items: number; bytes: number }> {
  const latencies = new Latencies();
  const all: number[] = [];
  let failures = 0;
  let items = -1;
  let bytes = 0;
  let sent = 0;
  const t0 = performance.now();
  let capped = false;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new Connection(port, authorization);
      try {
        while (sent < requests) {
          if (performance.now() - t0 > budgetMs) {
            capped = true;
            return;
          }
          sent++;
          const started = performance.now();
          const answer = await c.get(`/v1/orders?${query}`);
          const ms = performance.now() - started;
          if (answer.status !== 200) {
            failures++;
            continue;
          }
          latencies.add(ms);
          all.push(ms);
          if (items < 0) {
            items = (JSON.parse(answer.body) as { items: unknown[] }).items.length;
            bytes = Buffer.byteLength(answer.body);
          }
        }
      } finally {
        c.close();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(all).sort();
  const r = (x: number | null) => round(x, 1);
  return {
    p: {
      requests: latencies.count,
      clients,
      seconds: round(seconds, 1)!,
      perSec: round(latencies.count / seconds, 1)!,
      p50Ms: r(percentile(sorted, 0.5)),
      p95Ms: r(percentile(sorted, 0.95)),
      p99Ms: r(percentile(sorted, 0.99)),
      maxMs: r(percentile(sorted, 1)),
      capped,
    },
    failures,
    items,
    bytes,
  };
}

export interface ListRunOptions {
  readonly port: number;
  readonly authorization: string;
  readonly kinds: readonly ListRequestKind[];
  readonly requests: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly budgetMs: number;
  readonly log: (line: string) => void;
  /** The processes to sample for CPU, looked up afresh for each kind (the pool replaces idle connections). */
  readonly groups: () => Promise<CpuGroups>;
}

/** Per kind: a warm-up, then `requests` one after another, then `requests` over `concurrency` connections. */
export async function runListRequests(o: ListRunOptions): Promise<ListKindResult[]> {
  const results: ListKindResult[] = [];
  for (const kind of o.kinds) {
    await measure(o.port, o.authorization, kind.query, o.warmup, o.concurrency, o.budgetMs);
    const groups = await o.groups();
    const before = cpuSnapshot(groups);
    const seq = await measure(o.port, o.authorization, kind.query, o.requests, 1, o.budgetMs);
    const conc = await measure(o.port, o.authorization, kind.query, o.requests, o.concurrency, o.budgetMs);
    const cpu = coresBetween(before, cpuSnapshot(groups));
    const result: ListKindResult = {
      kind: kind.name,
      query: kind.query,
      items: seq.items,
      responseBytes: seq.bytes,
      sequential: seq.p,
      concurrent: conc.p,
      failures: seq.failures + conc.failures,
      cpu,
    };
    o.log(
      `  ${kind.name.padEnd(44)} ${String(result.items).padStart(3)} orders, ` +
        `sequential p50/p95/p99 ${fmtP(seq.p)}, ${o.concurrency} at once ${fmtP(conc.p)}` +
        `${result.failures > 0 ? `, ${result.failures} FAILED` : ''}; CPU cores ${Object.entries(cpu)
          .map(([k, v]) => `${k} ${v === null ? '—' : v.toFixed(2)}`)
          .join(', ')}`,
    );
    results.push(result);
  }
  return results;
}

export const fmtP = (p: Percentiles): string =>
  `${p.p50Ms ?? '—'} / ${p.p95Ms ?? '—'} / ${p.p99Ms ?? '—'} ms` +
  (p.capped ? ` (capped: ${p.requests} requests in ${p.seconds} s)` : '');
