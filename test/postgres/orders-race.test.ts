/** Orders taken at once by 64 clients through four server processes never allocate more than was received (every allocated unit held by exactly one open reservation), and an order sent by several clients at once is created once. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { SHIP_TO } from '../support/orders.js';
import {
  type CallResult,
  call,
  runClients,
  type ServerProcess,
  seededRandom,
  startServers,
  testSeed,
} from '../support/servers.js';

const PROCESSES = 4;
const CLIENTS = 64;
/**
 * The number the issue names. Measured on a 2-core machine: the 2,000 orders take about 22 s (the hot
 * SKUs make most orders wait for one another) and the whole file about 40 s, within its 90 s budget, so
 * the number is kept.
 */
const ORDERS = 2_000;
const HOT_SKUS = Array.from({ length: 10 }, (_, i) => `HOT-${String(i + 1).padStart(2, '0')}`);
const COLD_SKUS = Array.from({ length: 20 }, (_, i) => `COLD-${String(i + 1).padStart(2, '0')}`);
/** Most lines ask for a hot SKU, so stock runs out early and most orders contend for the same rows. */
const HOT_SHARE = 0.8;
const COLD_STOCK = 500;
/** SKUs of the duplicate-submission tests, with stock to spare so that every order is allocated in full. */
const DUP_SKUS = ['DUP-1', 'DUP-2', 'DUP-3'];
const DIF_SKUS = ['DIF-1', 'DIF-2'];
const SPARE_STOCK = 1_000;
const DUPLICATED_ORDERS = 50;
const CONFLICTING_ORDERS = 20;
const COPIES = 8;
const CHANNEL = 'RACE-WEB';
const WAREHOUSES = ['ORA', 'ORB'];
const PLACED_AT = '2026-11-20T10:00:00.000Z';

interface LineSpec {
  sku: string;
  qty: number;
  unitPriceMinor: number;
}

const orderBody = (externalId: string, lines: LineSpec[]) => ({
  channel: CHANNEL,
  externalId,
  placedAt: PLACED_AT,
  currency: 'EUR',
  shipTo: SHIP_TO,
  lines,
});

const outcome = (r: CallResult) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`);

function tally(replies: readonly CallResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replies) out[outcome(r)] = (out[outcome(r)] ?? 0) + 1;
  return out;
}

/** Distinct SKUs drawn for one order: 1–5 lines of 1–3 units, mostly hot. */
function drawLines(rng: ReturnType<typeof seededRandom>): LineSpec[] {
  const count = rng.int(1, 5);
  const skus = new Set<string>();
  while (skus.size < count) {
    skus.add(
      rng.next() < HOT_SHARE
        ? HOT_SKUS[rng.int(0, HOT_SKUS.length - 1)]!
        : COLD_SKUS[rng.int(0, COLD_SKUS.length - 1)]!,
    );
  }
  return [...skus].map((sku) => ({ sku, qty: rng.int(1, 3), unitPriceMinor: rng.int(100, 9_999) }));
}

describeDb('order intake across server processes', () => {
  const seed = testSeed();
  const at = `(seed ${seed}; rerun with COULISSE_TEST_SEED=${seed})`;
  const rng = seededRandom(seed);
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  /** Units received per SKU, over every bin of both warehouses. */
  const received = new Map<string, number>();

  async function post(path: string, body: unknown): Promise<CallResult> {
    const r = await call(servers[0]!.baseUrl, 'POST', path, body);
    expect(r.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(201);
    return r;
  }

  async function receive(sku: string, location: string, qty: number) {
    if (qty === 0) return;
    await post('/v1/stock/receipts', { sku, location, qty, reference: `seed ${sku}` });
    received.set(sku, (received.get(sku) ?? 0) + qty);
  }

  /** Per SKU: what the balances hold (physical locations) and what open reservations hold, all and orders'. */
  async function stockBySku(): Promise<
    Map<string, { onHand: number; reserved: number; held: number; heldByOrders: number }>
  > {
    const { rows } = await fresh.db.query<{
      sku: string;
      on_hand: number;
      reserved: number;
      held: number;
      held_by_orders: number;
    }>(
      `WITH balances AS (
         SELECT b.sku_id, sum(b.on_hand)::bigint AS on_hand, sum(b.reserved)::bigint AS reserved
           FROM stock_balances b WHERE b.is_physical GROUP BY b.sku_id),
       held AS (
         SELECT rl.sku_id, sum(rl.qty)::bigint AS held,
                coalesce(sum(rl.qty) FILTER (WHERE olr.reservation_id IS NOT NULL), 0)::bigint AS held_by_orders
           FROM reservation_lines rl
           JOIN reservations r ON r.reservation_id = rl.reservation_id AND r.status = 'open'
           LEFT JOIN order_line_reservations olr ON olr.reservation_id = r.reservation_id
          GROUP BY rl.sku_id)
       SELECT s.code AS sku, coalesce(b.on_hand, 0)::bigint AS on_hand, coalesce(b.reserved, 0)::bigint AS reserved,
              coalesce(h.held, 0)::bigint AS held, coalesce(h.held_by_orders, 0)::bigint AS held_by_orders
         FROM skus s LEFT JOIN balances b ON b.sku_id = s.sku_id LEFT JOIN held h ON h.sku_id = s.sku_id`,
    );
    return new Map(
      rows.map((r) => [
        r.sku,
        { onHand: r.on_hand, reserved: r.reserved, held: r.held, heldByOrders: r.held_by_orders },
      ]),
    );
  }

  interface LineRow {
    order_id: string;
    external_id: string;
    line_no: number;
    sku: string;
    qty_ordered: number;
    qty_allocated: number;
    qty_backordered: number;
    qty_cancelled: number;
    qty_shipped: number;
    /** What the line's open reservations hold. */
    held: number;
  }

  /** Every line of the orders whose external id starts with `prefix`, with what its reservations hold. */
  async function orderLines(prefix: string): Promise<LineRow[]> {
    const { rows } = await fresh.db.query<LineRow>(
      `SELECT o.order_id, o.external_id, l.line_no, s.code AS sku, l.qty_ordered, l.qty_allocated,
              l.qty_backordered, l.qty_cancelled, l.qty_shipped,
              coalesce((SELECT sum(rl.qty) FROM order_line_reservations olr
                          JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
                          JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
                         WHERE olr.order_id = l.order_id AND olr.line_no = l.line_no), 0)::bigint AS held
         FROM order_lines l JOIN orders o ON o.order_id = l.order_id JOIN skus s ON s.sku_id = l.sku_id
        WHERE o.external_id LIKE $1 || '%'
        ORDER BY o.external_id, l.line_no`,
      [prefix],
    );
    return rows;
  }

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });

    // Two warehouses with two bins each; the channel ships from both, ORA first.
    const bins: string[] = [];
    for (const wh of WAREHOUSES) {
      await post('/v1/locations', { code: wh, kind: 'warehouse' });
      for (const code of ['A-01', 'A-02']) {
        bins.push((await post('/v1/locations', { code, kind: 'bin', parent: wh })).body.code);
      }
    }
    await post('/v1/channels', {
      code: CHANNEL,
      name: 'Race web shop',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: WAREHOUSES.map((warehouse, priority) => ({ warehouse, priority })),
    });
    const allSkus = [...HOT_SKUS, ...COLD_SKUS, ...DUP_SKUS, ...DIF_SKUS];
    for (const sku of allSkus) await post('/v1/skus', { code: sku, name: `Race ${sku}` });

    // Hot SKUs: 20–40 units spread at random over the four bins (drawn before any call, so that the seed
    // alone decides them). Cold ones: plenty in one bin of each warehouse.
    const hotStock = HOT_SKUS.map((sku) => {
      let left = rng.int(20, 40);
      return {
        sku,
        qty: bins.map((_, i) => {
          const qty = i === bins.length - 1 ? left : rng.int(0, left);
          left -= qty;
          return qty;
        }),
      };
    });
    await Promise.all([
      ...hotStock.map(async ({ sku, qty }) => {
        for (const [i, bin] of bins.entries()) await receive(sku, bin, qty[i]!);
      }),
      ...COLD_SKUS.map(async (sku) => {
        await receive(sku, bins[0]!, COLD_STOCK * 0.6);
        await receive(sku, bins[2]!, COLD_STOCK * 0.4);
      }),
      ...[...DUP_SKUS, ...DIF_SKUS].map((sku) => receive(sku, bins[1]!, SPARE_STOCK)),
    ]);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  it('no oversell under concurrent order intake', async () => {
    const specs = Array.from({ length: ORDERS }, (_, i) => ({
      externalId: `RACE-${String(i).padStart(5, '0')}`,
      lines: drawLines(rng),
    }));
    const replies: CallResult[] = new Array(ORDERS);
    let next = 0;
    const started = Date.now();
    await runClients(CLIENTS, async (client) => {
      const i = next++;
      if (i >= ORDERS) return false;
      const spec = specs[i]!;
      replies[i] = await call(
        servers[client % PROCESSES]!.baseUrl,
        'POST',
        '/v1/orders',
        orderBody(spec.externalId, spec.lines),
      );
      return true;
    });
    const elapsedMs = Date.now() - started;
    console.info(`${ORDERS} orders by ${CLIENTS} clients through ${PROCESSES} processes in ${elapsedMs} ms`);

    const refused = replies.filter((r) => r.status !== 201).slice(0, 5);
    expect(tally(replies), `${at} first refusals: ${JSON.stringify(refused.map((r) => r.body))}`).toEqual({
      '201': ORDERS,
    });

    // Every order is there once, with the lines it was sent with, and each line's units are all accounted
    // for: allocated (and held by its open reservations), backordered, nothing cancelled or shipped.
    const rows = await orderLines('RACE-');
    const byOrder = new Map<string, LineRow[]>();
    for (const row of rows) byOrder.set(row.external_id, [...(byOrder.get(row.external_id) ?? []), row]);
    expect(byOrder.size, at).toBe(ORDERS);
    const badLines = rows.filter(
      (l) =>
        l.qty_allocated + l.qty_backordered + l.qty_cancelled !== l.qty_ordered ||
        l.qty_cancelled !== 0 ||
        l.qty_shipped !== 0 ||
        l.held !== l.qty_allocated,
    );
    expect(badLines, at).toEqual([]);
    for (const [i, spec] of specs.entries()) {
      const lines = byOrder.get(spec.externalId) ?? [];
      expect(
        lines.map((l) => ({ sku: l.sku, qty: l.qty_ordered })),
        `${spec.externalId} ${at}`,
      ).toEqual(spec.lines.map((l) => ({ sku: l.sku, qty: l.qty })));
      // The reply told the caller what was stored.
      const reply = replies[i]!.body;
      expect(reply.id, `${spec.externalId} ${at}`).toBe(lines[0]!.order_id);
      expect(
        reply.lines.map(
          (l: { qtyAllocated: number; qtyBackordered: number; allocations: { qty: number }[] }) => ({
            allocated: l.qtyAllocated,
            backordered: l.qtyBackordered,
            inAllocations: l.allocations.reduce((s, a) => s + a.qty, 0),
          }),
        ),
        `${spec.externalId} ${at}`,
      ).toEqual(
        lines.map((l) => ({
          allocated: l.qty_allocated,
          backordered: l.qty_backordered,
          inAllocations: l.qty_allocated,
        })),
      );
    }

    // Per SKU: Σ allocated over the orders = Σ reserved in the balances = Σ held by the orders' open
    // reservations = Σ held by all open reservations; on hand is what was received (nothing ships), so
    // allocated + available = received, and allocated never exceeds it.
    const stock = await stockBySku();
    const ordered = new Map<string, number>();
    const allocated = new Map<string, number>();
    for (const l of rows) {
      ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.qty_ordered);
      allocated.set(l.sku, (allocated.get(l.sku) ?? 0) + l.qty_allocated);
    }
    const accounts = [...HOT_SKUS, ...COLD_SKUS].map((sku) => {
      const s = stock.get(sku)!;
      return {
        sku,
        received: received.get(sku)!,
        ordered: ordered.get(sku) ?? 0,
        allocated: allocated.get(sku) ?? 0,
        ...s,
        available: s.onHand - s.reserved,
      };
    });
    const broken = accounts.filter(
      (a) =>
        a.allocated !== a.reserved ||
        a.allocated !== a.heldByOrders ||
        a.held !== a.heldByOrders ||
        a.onHand !== a.received ||
        a.allocated + a.available !== a.received ||
        a.allocated > a.received,
    );
    expect(broken, at).toEqual([]);

    // The test did what it meant to: every hot SKU was asked for more than it had, every cold one for less.
    expect(
      accounts.filter((a) => (HOT_SKUS.includes(a.sku) ? a.ordered <= a.received : a.ordered > a.received)),
      at,
    ).toEqual([]);
    // Nothing is ever released here, and partial allocation and splits are allowed, so no unit is left
    // idle while a line waits for it: each SKU is allocated as far as its stock goes.
    expect(
      accounts.filter((a) => a.allocated !== Math.min(a.ordered, a.received)),
      at,
    ).toEqual([]);

    const report = await checkLedger(fresh.db);
    expect(report.problems, at).toEqual([]);
    const { rows: olr } = await fresh.db.query<{ n: number }>(
      'SELECT count(*)::bigint AS n FROM order_line_reservations',
    );
    expect(report.stats.openReservations, at).toBe(olr[0]!.n);
  }, 150_000);

  it('the same order submitted concurrently by several clients is created once', async () => {
    const specs = Array.from({ length: DUPLICATED_ORDERS }, (_, i) => {
      const skus = DUP_SKUS.filter(() => rng.next() < 0.6);
      return {
        externalId: `DUP-${String(i).padStart(3, '0')}`,
        lines: (skus.length > 0 ? skus : [DUP_SKUS[0]!]).map((sku) => ({
          sku,
          qty: rng.int(1, 3),
          unitPriceMinor: 1_000,
        })),
      };
    });
    // COPIES identical requests per order at once, copy k through process (i + k) mod PROCESSES; eight
    // orders in flight at a time, so 64 requests contend.
    const groups: CallResult[][] = new Array(DUPLICATED_ORDERS);
    let next = 0;
    await runClients(CLIENTS / COPIES, async () => {
      const i = next++;
      if (i >= DUPLICATED_ORDERS) return false;
      const body = orderBody(specs[i]!.externalId, specs[i]!.lines);
      groups[i] = await Promise.all(
        Array.from({ length: COPIES }, (_, k) =>
          call(servers[(i + k) % PROCESSES]!.baseUrl, 'POST', '/v1/orders', body),
        ),
      );
      return true;
    });

    for (const [i, replies] of groups.entries()) {
      const name = `${specs[i]!.externalId} ${at}`;
      expect(tally(replies), name).toEqual({ '201': 1, '200': COPIES - 1 });
      const created = replies.find((r) => r.status === 201)!;
      // Every caller gets the one order, as it was stored.
      for (const r of replies) expect(r.body, name).toEqual(created.body);
    }

    // One order per (channel, external id), one timeline start, one outbox event, one audit record.
    const { rows: counts } = await fresh.db.query<{
      external_id: string;
      orders: number;
      created_events: number;
      outbox: number;
      audits: number;
    }>(
      `SELECT o.external_id, count(*)::bigint AS orders,
              sum((SELECT count(*) FROM order_events e WHERE e.order_id = o.order_id AND e.event = 'created'))::bigint
                AS created_events,
              sum((SELECT count(*) FROM outbox_events x
                    WHERE x.aggregate_id = o.order_id AND x.type = 'order.created'))::bigint AS outbox,
              sum((SELECT count(*) FROM audit_log a
                    WHERE a.target_id = o.order_id AND a.operation = 'orders.create_order'))::bigint AS audits
         FROM orders o WHERE o.external_id LIKE 'DUP-%' GROUP BY o.external_id ORDER BY o.external_id`,
    );
    expect(counts, at).toEqual(
      specs.map((s) => ({ external_id: s.externalId, orders: 1, created_events: 1, outbox: 1, audits: 1 })),
    );
    expect(
      groups.map((replies) => replies[0]!.body.externalId),
      at,
    ).toEqual(specs.map((s) => s.externalId));

    // The stock held is one order's worth per order, all of it allocated.
    const lines = await orderLines('DUP-');
    expect(
      lines.filter((l) => l.qty_allocated !== l.qty_ordered || l.held !== l.qty_ordered),
      at,
    ).toEqual([]);
    const stock = await stockBySku();
    for (const sku of DUP_SKUS) {
      const oneEach = specs
        .flatMap((s) => s.lines)
        .filter((l) => l.sku === sku)
        .reduce((n, l) => n + l.qty, 0);
      expect({ sku, ...stock.get(sku)! }, at).toEqual({
        sku,
        onHand: SPARE_STOCK,
        reserved: oneEach,
        held: oneEach,
        heldByOrders: oneEach,
      });
    }

    const report = await checkLedger(fresh.db);
    expect(report.problems, at).toEqual([]);
  });

  it('the same order id sent at once with different content is created once; the other content gets 409 order_conflict', async () => {
    const specs = Array.from({ length: CONFLICTING_ORDERS }, (_, i) => {
      const externalId = `DIF-${String(i).padStart(3, '0')}`;
      const first = { sku: DIF_SKUS[0]!, qty: rng.int(1, 3), unitPriceMinor: 1_000 };
      const second = { sku: DIF_SKUS[1]!, qty: rng.int(1, 3), unitPriceMinor: 1_000 };
      // Two contents under one key: the second asks for one more unit of the second SKU.
      return {
        externalId,
        variants: [
          orderBody(externalId, [first, second]),
          orderBody(externalId, [first, { ...second, qty: second.qty + 1 }]),
        ],
      };
    });
    const groups: CallResult[][] = new Array(CONFLICTING_ORDERS);
    let next = 0;
    await runClients(CLIENTS / COPIES, async () => {
      const i = next++;
      if (i >= CONFLICTING_ORDERS) return false;
      groups[i] = await Promise.all(
        Array.from({ length: COPIES }, (_, k) =>
          call(servers[(i + k) % PROCESSES]!.baseUrl, 'POST', '/v1/orders', specs[i]!.variants[k % 2]),
        ),
      );
      return true;
    });

    const winners: number[] = [];
    for (const [i, replies] of groups.entries()) {
      const name = `${specs[i]!.externalId} ${at}`;
      const created = replies.filter((r) => r.status === 201);
      expect(created, `${name}: ${JSON.stringify(tally(replies))}`).toHaveLength(1);
      const winner = replies.indexOf(created[0]!) % 2;
      winners.push(winner);
      const orderId: string = created[0]!.body.id;
      // Copy k sent variant k mod 2: the winner's content is answered with the order, the other refused.
      expect(replies.map(outcome), name).toEqual(
        replies.map((r, k) => (k % 2 === winner ? (r === created[0] ? '201' : '200') : '409 order_conflict')),
      );
      for (const [k, r] of replies.entries()) {
        if (k % 2 === winner) expect(r.body, name).toEqual(created[0]!.body);
        else expect(r.body.error.details, name).toMatchObject({ externalId: specs[i]!.externalId, orderId });
      }
    }

    // One order per external id, with the winner's lines, holding the winner's units and no more.
    const lines = await orderLines('DIF-');
    const ids = new Set(lines.map((l) => l.order_id));
    expect(ids.size, at).toBe(CONFLICTING_ORDERS);
    expect(
      lines.map((l) => ({
        externalId: l.external_id,
        sku: l.sku,
        qty: l.qty_ordered,
        allocated: l.qty_allocated,
        held: l.held,
      })),
      at,
    ).toEqual(
      specs.flatMap((s, i) =>
        s.variants[winners[i]!]!.lines.map((l) => ({
          externalId: s.externalId,
          sku: l.sku,
          qty: l.qty,
          allocated: l.qty,
          held: l.qty,
        })),
      ),
    );
    const stock = await stockBySku();
    for (const sku of DIF_SKUS) {
      const wanted = specs
        .flatMap((s, i) => s.variants[winners[i]!]!.lines)
        .filter((l) => l.sku === sku)
        .reduce((n, l) => n + l.qty, 0);
      expect({ sku, ...stock.get(sku)! }, at).toEqual({
        sku,
        onHand: SPARE_STOCK,
        reserved: wanted,
        held: wanted,
        heldByOrders: wanted,
      });
    }

    const report = await checkLedger(fresh.db);
    expect(report.problems, at).toEqual([]);
  });
});
