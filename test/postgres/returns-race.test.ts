/**
 * Returns raced across server processes on one PostgreSQL: clients receiving the same return's last units
 * at once never receive more than was authorised (exactly the units left are accepted, the rest refused),
 * grading races grade each unit once, and authorisations racing on one order never claim more than
 * shipped. The ledger is checked at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { SHIP_TO } from '../support/orders.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 3;
const CLIENTS = 6;
const ROUNDS = 6;
const CHANNEL = 'RET-RACE';

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('returns across server processes', () => {
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
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url!, readyTimeoutMs: 120_000 });
    await ok('/v1/locations', { code: 'RRW', kind: 'warehouse' });
    await ok('/v1/locations', { code: 'A-01', kind: 'bin', parent: 'RRW' });
    await ok('/v1/locations', { code: 'Q-01', kind: 'bin', parent: 'RRW', usage: 'quarantine' });
    await ok('/v1/skus', { code: 'RR-1', name: 'RR-1' });
    await ok('/v1/stock/receipts', { sku: 'RR-1', location: 'RRW/A-01', qty: 1_000 });
    await ok('/v1/channels', {
      code: CHANNEL,
      name: 'Return race',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: [{ warehouse: 'RRW', priority: 0 }],
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  /** An order of `qty` units, shipped. */
  const shippedOrder = async (n: number, qty: number) => {
    const order = (
      await ok('/v1/orders', {
        channel: CHANNEL,
        externalId: `RR-${n}`,
        placedAt: '2026-11-20T10:00:00.000Z',
        currency: 'EUR',
        shipTo: SHIP_TO,
        lines: [{ sku: 'RR-1', qty, unitPriceMinor: 999 }],
      })
    ).body;
    const shipment = (await ok('/v1/shipments', { order: order.id })).body;
    await ok(`/v1/shipments/${shipment.id}/ship`, { carrier: 'Race' }, 200);
    return order.id as string;
  };

  it('receives the last units once however many clients bring them, and grades each unit once', async () => {
    let received = 0;
    for (let n = 0; n < ROUNDS; n++) {
      const orderId = await shippedOrder(n, 4);
      const ret = (
        await ok('/v1/returns', { order: orderId, lines: [{ lineNo: 1, qty: 4, reason: 'other' }] })
      ).body;
      await ok(`/v1/returns/${ret.id}/receive`, { lines: [{ lineNo: 1, qty: 2 }] }, 200);
      // Two units left; six clients each bring one.
      const raced = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(via(i), 'POST', `/v1/returns/${ret.id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] }),
        ),
      );
      const accepted = raced.filter((r) => r.status === 200).length;
      expect(accepted, `round ${n}: ${codes(raced).join(', ')}`).toBe(2);
      for (const r of raced.filter((x) => x.status !== 200)) {
        expect(['409 return_not_open', '422 receipt_exceeds_authorised']).toContain(
          `${r.status} ${r.body?.error?.code}`,
        );
      }
      received += 4;
      const after = (await call(via(0), 'GET', `/v1/returns/${ret.id}`)).body;
      expect(after).toMatchObject({ status: 'received', lines: [{ qtyReceived: 4 }] });
      // Every received unit graded once: clients racing to grade two units each get two of them graded.
      const graded = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(via(i), 'POST', `/v1/returns/${ret.id}/inspect`, {
            units: [{ lineNo: 1, grade: 'quarantine', qty: 2 }],
          }),
        ),
      );
      expect(graded.filter((r) => r.status === 200).length, codes(graded).join(', ')).toBe(2);
      const closed = (await call(via(0), 'GET', `/v1/returns/${ret.id}`)).body;
      expect(closed).toMatchObject({ status: 'closed', lines: [{ qtyGraded: 4 }] });
      expect(closed.units.map((u: any) => u.unitNo)).toEqual([1, 2, 3, 4]);
    }
    const { rows } = await fresh.db.query<{ quarantine: number; returned: number; units: number }>(
      `SELECT (SELECT on_hand FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
                WHERE l.code = 'RRW/Q-01')::int AS quarantine,
              (SELECT sum(qty_returned) FROM order_lines)::int AS returned,
              (SELECT count(*) FROM return_units)::int AS units`,
    );
    expect(rows[0]).toEqual({ quarantine: received, returned: received, units: received });
  }, 240_000);

  it('never authorises more than shipped when clients authorise returns of one order at once', async () => {
    for (let n = 0; n < ROUNDS; n++) {
      const orderId = await shippedOrder(100 + n, 3);
      const raced = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(via(i), 'POST', '/v1/returns', {
            order: orderId,
            lines: [{ lineNo: 1, qty: 1, reason: 'other' }],
          }),
        ),
      );
      expect(codes(raced), `round ${n}`).toEqual([
        '201',
        '201',
        '201',
        ...Array(CLIENTS - 3).fill('422 return_exceeds_shipped'),
      ]);
    }
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
