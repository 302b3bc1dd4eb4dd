/**
 * Shipments raced across server processes on one PostgreSQL: several clients setting the same order aside
 * get one shipment; several confirming the same shipment ship it once (stock posted once, one
 * order.shipped); ship against void, and cancel against a new shipment, end in one consistent outcome.
 * The ledger is checked at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { SHIP_TO } from '../support/orders.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 3;
const CLIENTS = 6;
const ORDERS = 24;
const CHANNEL = 'SHIP-RACE';

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('shipments across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const via = (i: number) => servers[i % servers.length]!.baseUrl;

  async function ok(path: string, body: unknown, status = 201): Promise<CallResult> {
    const r = await call(via(0), 'POST', path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  }

  /** The same call from CLIENTS clients at once, spread over the processes. */
  const race = (path: string, body: unknown) =>
    Promise.all(Array.from({ length: CLIENTS }, (_, i) => call(via(i), 'POST', path, body)));

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
    await ok('/v1/locations', { code: 'SRW', kind: 'warehouse' });
    await ok('/v1/locations', { code: 'A-01', kind: 'bin', parent: 'SRW' });
    for (const sku of ['SR-1', 'SR-2']) {
      await ok('/v1/skus', { code: sku, name: sku });
      await ok('/v1/stock/receipts', { sku, location: 'SRW/A-01', qty: 1_000 });
    }
    await ok('/v1/channels', {
      code: CHANNEL,
      name: 'Ship race',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: [{ warehouse: 'SRW', priority: 0 }],
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  const newOrder = async (n: number) =>
    (
      await ok('/v1/orders', {
        channel: CHANNEL,
        externalId: `SR-${n}`,
        placedAt: '2026-11-20T10:00:00.000Z',
        currency: 'EUR',
        shipTo: SHIP_TO,
        lines: [
          { sku: 'SR-1', qty: 1 + (n % 3), unitPriceMinor: 500 },
          { sku: 'SR-2', qty: 2, unitPriceMinor: 700 },
        ],
      })
    ).body;

  it('one shipment per order and one ship per shipment, however many clients ask at once', async () => {
    let shippedUnits = 0;
    for (let n = 0; n < ORDERS; n++) {
      const order = await newOrder(n);
      const created = await race('/v1/shipments', { order: order.id });
      expect(codes(created), `order ${n}`).toEqual([
        '201',
        ...Array(CLIENTS - 1).fill('409 nothing_to_ship'),
      ]);
      const shipment = created.find((r) => r.status === 201)!.body;
      const shipped = await race(`/v1/shipments/${shipment.id}/ship`, {
        carrier: 'Race',
        trackingNumber: `T${n}`,
      });
      expect(codes(shipped), `order ${n}`).toEqual([
        '200',
        ...Array(CLIENTS - 1).fill('409 shipment_not_open'),
      ]);
      shippedUnits += 1 + (n % 3);
    }
    const { rows } = await fresh.db.query<{
      posts: number;
      shipped: number;
      events: number;
      on_hand: number;
    }>(
      `SELECT (SELECT count(*) FROM stock_moves m JOIN skus s ON s.sku_id = m.sku_id
                WHERE m.move_type = 'post' AND s.code = 'SR-1')::int AS posts,
              (SELECT coalesce(sum(qty), 0) FROM stock_moves m JOIN skus s ON s.sku_id = m.sku_id
                WHERE m.move_type = 'post' AND s.code = 'SR-1')::int AS shipped,
              (SELECT count(*) FROM outbox_events WHERE type = 'order.shipped')::int AS events,
              (SELECT on_hand FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
                 JOIN locations l ON l.location_id = b.location_id
                WHERE s.code = 'SR-1' AND l.code = 'SRW/A-01')::int AS on_hand`,
    );
    expect(rows[0]).toEqual({
      posts: ORDERS,
      shipped: shippedUnits,
      events: ORDERS,
      on_hand: 1_000 - shippedUnits,
    });
  }, 240_000);

  it('ship against void, and cancel against a new shipment: one outcome each, consistent with the ledger', async () => {
    for (let n = 0; n < 10; n++) {
      const order = await newOrder(1_000 + n);
      const shipment = (await ok('/v1/shipments', { order: order.id })).body;
      const [ship, cancelVoid] = await Promise.all([
        call(via(n), 'POST', `/v1/shipments/${shipment.id}/ship`, { carrier: 'Race' }),
        call(via(n + 1), 'POST', `/v1/shipments/${shipment.id}/void`, { reason: 'race' }),
      ]);
      expect(codes([ship, cancelVoid]).filter((c) => c === '200')).toHaveLength(1);
      const after = (await call(via(0), 'GET', `/v1/orders/${order.id}`)).body;
      expect(after.status).toBe(ship.status === 200 ? 'shipped' : 'allocated');

      const other = await newOrder(2_000 + n);
      const [made, cancel] = await Promise.all([
        call(via(n), 'POST', '/v1/shipments', { order: other.id }),
        call(via(n + 1), 'POST', `/v1/orders/${other.id}/cancel`, { reason: 'race' }),
      ]);
      const final = (await call(via(0), 'GET', `/v1/orders/${other.id}`)).body;
      if (made.status === 201) {
        // The shipment came first: the cancel found its units in fulfilment and changed nothing.
        expect(`${cancel.status} ${cancel.body?.error?.code}`).toBe('409 units_in_fulfilment');
        expect(final.status).toBe('in_fulfilment');
      } else {
        expect(cancel.status).toBe(200);
        expect(`${made.status} ${made.body?.error?.code}`).toBe('409 order_not_open');
        expect(final.status).toBe('cancelled');
      }
    }
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
