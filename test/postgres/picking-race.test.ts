/**
 * Picking raced across server processes on one PostgreSQL: waves released at once never put an order in
 * two waves; several operators confirming one pick task end with one confirmation; short picks on
 * different orders competing for the same replacement bin never promise more than it holds; two cancels of
 * one wave (with a pick racing them) void each shipment once. The ledger is checked at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { SHIP_TO } from '../support/orders.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 3;
const CLIENTS = 6;
const CHANNEL = 'PICK-RACE';

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('picking across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const via = (i: number) => servers[i % servers.length]!.baseUrl;

  async function ok(path: string, body: unknown, status = 201): Promise<CallResult> {
    const r = await call(via(0), 'POST', path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  }

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
    await ok('/v1/locations', { code: 'PRW', kind: 'warehouse' });
    for (const bin of ['A-01', 'A-02', 'B-01'])
      await ok('/v1/locations', { code: `PRW/${bin}`, kind: 'bin', parent: 'PRW' });
    await ok('/v1/skus', { code: 'PR-1', name: 'PR-1' });
    await ok('/v1/skus', { code: 'PR-2', name: 'PR-2' });
    await ok('/v1/stock/receipts', { sku: 'PR-1', location: 'PRW/A-01', qty: 500 });
    await ok('/v1/stock/receipts', { sku: 'PR-2', location: 'PRW/A-02', qty: 40 });
    await ok('/v1/channels', {
      code: CHANNEL,
      name: 'Pick race',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: [{ warehouse: 'PRW', priority: 0 }],
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  const newOrder = async (n: number, lines: { sku: string; qty: number }[]) =>
    (
      await ok('/v1/orders', {
        channel: CHANNEL,
        externalId: `PR-${n}`,
        placedAt: '2026-11-20T10:00:00.000Z',
        currency: 'EUR',
        shipTo: SHIP_TO,
        lines: lines.map((l) => ({ ...l, unitPriceMinor: 500 })),
      })
    ).body;

  it('waves released at once share no order; one confirmation per task however many operators scan it', async () => {
    const orders = [];
    for (let n = 0; n < 30; n++) orders.push(await newOrder(n, [{ sku: 'PR-1', qty: 1 + (n % 3) }]));
    const waves = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        call(via(i), 'POST', '/v1/waves', { warehouse: 'PRW', maxOrders: 10, pickLists: 'single' }),
      ),
    );
    const released = waves.filter((w) => w.status === 201);
    for (const w of waves) expect([201, 409], JSON.stringify(w.body)).toContain(w.status);
    const waved = released.flatMap((w) => w.body.shipments.map((s: any) => s.orderId));
    expect(new Set(waved).size).toBe(waved.length);
    expect(waved.length).toBe(30);
    const { rows: perOrder } = await fresh.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM shipments WHERE status = 'open' GROUP BY order_id ORDER BY 1 DESC LIMIT 1`,
    );
    expect(perOrder[0]!.n).toBe(1);

    const lists = released.flatMap((w) => w.body.pickLists.map((l: any) => l.id));
    for (const listId of lists.slice(0, 12)) {
      const list = (await call(via(0), 'GET', `/v1/pick-lists/${listId}`)).body;
      const task = list.items[0];
      const confirmed = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(via(i), 'POST', `/v1/pick-tasks/${task.id}/confirm`, {
            bin: task.bin,
            item: task.sku,
            // Half of them report the bin one unit short: still exactly one outcome.
            ...(i % 2 === 1 && task.qty > 1 ? { qty: task.qty - 1 } : {}),
          }),
        ),
      );
      expect(codes(confirmed), listId).toEqual(['200', ...Array(CLIENTS - 1).fill('409 pick_task_not_open')]);
    }
    const { rows } = await fresh.db.query<{ confirmed: number; short_units: number }>(
      `SELECT (SELECT count(*) FROM pick_tasks WHERE status IN ('picked', 'short'))::int AS confirmed,
              (SELECT coalesce(sum(qty_short), 0) FROM pick_tasks)::int AS short_units`,
    );
    expect(rows[0]!.confirmed).toBeGreaterThanOrEqual(12);
    const { rows: lost } = await fresh.db.query<{ qty: number }>(
      `SELECT coalesce(sum(qty), 0)::int AS qty FROM stock_moves WHERE reason = 'short_pick'`,
    );
    expect(lost[0]!.qty).toBe(rows[0]!.short_units);
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);

  it('short picks racing for the same replacement bin never promise more than it holds', async () => {
    // 10 orders of 4 × PR-2 held at A-02 (40 units); then 12 more units arrive at B-01 only. Every picker
    // finds 2 of 4: 20 missing units compete for B-01's 12. All ten orders are on one list, so the
    // replacement tasks are appended to (and the open tasks re-sequenced on) the same list at once.
    const orders = [];
    for (let n = 0; n < 10; n++) orders.push(await newOrder(100 + n, [{ sku: 'PR-2', qty: 4 }]));
    await ok('/v1/stock/receipts', { sku: 'PR-2', location: 'PRW/B-01', qty: 12 });
    const wave = (
      await ok('/v1/waves', { warehouse: 'PRW', orders: orders.map((o) => o.id), pickLists: 'wave' })
    ).body;
    expect(wave.pickLists).toHaveLength(1);
    const tasks = (await call(via(0), 'GET', `/v1/pick-lists/${wave.pickLists[0].id}`)).body.items as {
      id: string;
      bin: string;
      sku: string;
    }[];
    expect(tasks).toHaveLength(10);
    const shorts = await Promise.all(
      tasks.map((task, i) =>
        call(via(i), 'POST', `/v1/pick-tasks/${task.id}/confirm`, { bin: task.bin, item: task.sku, qty: 2 }),
      ),
    );
    for (const s of shorts) expect(s.status, JSON.stringify(s.body)).toBe(200);
    const replaced = shorts.reduce(
      (n, s) => n + s.body.short.replacements.reduce((m: number, r: any) => m + r.qty, 0),
      0,
    );
    const removed = shorts.reduce((n, s) => n + s.body.short.removedFromShipment, 0);
    expect(replaced).toBe(12);
    expect(removed).toBe(8);
    const { rows } = await fresh.db.query<{ on_hand: number; reserved: number }>(
      `SELECT b.on_hand::int, b.reserved::int FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
         JOIN skus s ON s.sku_id = b.sku_id WHERE l.code = 'PRW/B-01' AND s.code = 'PR-2'`,
    );
    expect(rows[0]).toEqual({ on_hand: 12, reserved: 12 });
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);

  it('two cancels of one wave at once: one cancels, the other is refused, each shipment voided once', async () => {
    for (let round = 0; round < 3; round++) {
      const orders = [];
      for (let n = 0; n < 4; n++)
        orders.push(await newOrder(200 + round * 10 + n, [{ sku: 'PR-1', qty: 1 }]));
      const wave = (
        await ok('/v1/waves', { warehouse: 'PRW', orders: orders.map((o) => o.id), pickLists: 'batch' })
      ).body;
      const list = (await call(via(0), 'GET', `/v1/pick-lists/${wave.pickLists[0].id}`)).body;
      const [first, racing] = list.items;
      const picked = await call(via(0), 'POST', `/v1/pick-tasks/${first.id}/confirm`, {
        bin: first.bin,
        item: first.sku,
      });
      expect(picked.status, JSON.stringify(picked.body)).toBe(200);
      // Two operators cancel through two processes while a picker confirms another task of the wave.
      const [one, two, pick] = await Promise.all([
        call(via(1), 'POST', `/v1/waves/${wave.id}/cancel`, { reason: 'wrong cut-off' }),
        call(via(2), 'POST', `/v1/waves/${wave.id}/cancel`, { reason: 'wrong channel' }),
        call(via(0), 'POST', `/v1/pick-tasks/${racing.id}/confirm`, { bin: racing.bin, item: racing.sku }),
      ]);
      expect(codes([one!, two!])).toEqual(['200', '409 wave_not_open']);
      expect(codes([pick!])[0]).toMatch(/^(200|409 (shipment_not_open|pick_task_not_open))$/);
      const winner = one!.status === 200 ? one! : two!;
      expect(winner.body).toMatchObject({ status: 'cancelled', kept: [] });
      expect(winner.body.voided).toHaveLength(4);
      const { rows: events } = await fresh.db.query<{ order_id: string; n: number }>(
        `SELECT o.order_id, count(e.*)::int AS n FROM orders o
           LEFT JOIN order_events e ON e.order_id = o.order_id AND e.event = 'shipment_voided'
          WHERE o.order_id = ANY($1::text[]) GROUP BY o.order_id`,
        [orders.map((o) => o.id)],
      );
      expect(events.map((e) => e.n)).toEqual([1, 1, 1, 1]);
      const { rows: state } = await fresh.db.query<{
        open_tasks: number;
        open_shipments: number;
        status: string;
      }>(
        `SELECT (SELECT count(*)::int FROM pick_tasks t JOIN pick_lists pl ON pl.pick_list_id = t.pick_list_id
                  WHERE pl.wave_id = $1 AND t.status = 'open') AS open_tasks,
                (SELECT count(*)::int FROM shipments WHERE wave_id = $1 AND status <> 'voided') AS open_shipments,
                (SELECT status FROM waves WHERE wave_id = $1) AS status`,
        [wave.id],
      );
      expect(state[0]).toEqual({ open_tasks: 0, open_shipments: 0, status: 'cancelled' });
      const { rows: statuses } = await fresh.db.query<{ status: string }>(
        'SELECT DISTINCT status FROM orders WHERE order_id = ANY($1::text[])',
        [orders.map((o) => o.id)],
      );
      expect(statuses).toEqual([{ status: 'allocated' }]);
    }
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
