/**
 * Packing raced across server processes on one PostgreSQL: two pack stations closing the same shipment at
 * once pack it once (one set of parcels, one SSCC per parcel, none shared across shipments), and scans of
 * the same SKU sent at once never take it above what the shipment holds. The ledger is checked at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isValidSscc } from '../../src/kernel/sscc.js';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { SHIP_TO } from '../support/orders.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 2;
const SHIPMENTS = 12;
const CHANNEL = 'PACK-RACE';

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('packing across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const via = (i: number) => servers[i % servers.length]!.baseUrl;

  async function ok(path: string, body: unknown, status = 201, method = 'POST'): Promise<CallResult> {
    const r = await call(via(0), method, path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  }

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
    await ok('/v1/locations', { code: 'PRW', kind: 'warehouse' });
    await ok('/v1/locations', { code: 'A-01', kind: 'bin', parent: 'PRW' });
    for (const sku of ['PR-1', 'PR-2']) {
      await ok('/v1/skus', { code: sku, name: sku });
      await ok('/v1/stock/receipts', { sku, location: 'PRW/A-01', qty: 1_000 });
    }
    await ok(
      '/v1/warehouses/PRW/shipping-profile',
      {
        address: { name: 'Pack race', line1: '1 quai', city: 'Lyon', country: 'FR' },
        gs1CompanyPrefix: '0614141',
      },
      200,
      'PUT',
    );
    await ok('/v1/channels', {
      code: CHANNEL,
      name: 'Pack race',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: [{ warehouse: 'PRW', priority: 0 }],
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  const newShipment = async (n: number, qty: number) => {
    const order = (
      await ok('/v1/orders', {
        channel: CHANNEL,
        externalId: `PR-${n}`,
        placedAt: '2026-11-20T10:00:00.000Z',
        currency: 'EUR',
        shipTo: SHIP_TO,
        lines: [
          { sku: 'PR-1', qty, unitPriceMinor: 500 },
          { sku: 'PR-2', qty: 1, unitPriceMinor: 700 },
        ],
      })
    ).body;
    return (await ok('/v1/shipments', { order: order.id })).body.id as string;
  };

  it('two stations closing the same shipment: exactly one packs it, SSCCs never shared', async () => {
    const ssccs: string[] = [];
    for (let n = 0; n < SHIPMENTS; n++) {
      const id = await newShipment(n, 2);
      const body = (station: string) => ({
        station,
        parcels: [
          { weightGrams: 900, items: [{ sku: 'PR-1', qty: 2 }] },
          { weightGrams: 300, items: [{ sku: 'PR-2', qty: 1 }] },
        ],
      });
      const results = await Promise.all([
        call(via(n), 'POST', `/v1/shipments/${id}/pack`, body('S1')),
        call(via(n + 1), 'POST', `/v1/shipments/${id}/pack`, body('S2')),
      ]);
      const outcome = codes(results);
      expect(
        outcome.filter((c) => c === '200'),
        `shipment ${n}: ${outcome}`,
      ).toHaveLength(1);
      expect(
        outcome
          .filter((c) => c !== '200')
          .every((c) => ['409 shipment_not_open', '409 shipment_being_packed'].includes(c)),
        `shipment ${n}: ${outcome}`,
      ).toBe(true);
      const packed = results.find((r) => r.status === 200)!.body;
      expect(packed.parcels).toHaveLength(2);
      ssccs.push(...packed.parcels.map((p: any) => p.sscc));
    }
    expect(ssccs.every(isValidSscc)).toBe(true);
    expect(new Set(ssccs).size).toBe(ssccs.length);
    const { rows } = await fresh.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shipment_parcels');
    expect(rows[0]!.n).toBe(SHIPMENTS * 2);
  }, 240_000);

  it('concurrent scans of one SKU never exceed what the shipment holds', async () => {
    for (let n = 0; n < 6; n++) {
      const id = await newShipment(100 + n, 3);
      const scans = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          call(via(i), 'POST', `/v1/shipments/${id}/pack-scans`, { code: 'PR-1', station: 'S1' }),
        ),
      );
      const outcome = codes(scans);
      expect(
        outcome.filter((c) => c === '200'),
        outcome.join(),
      ).toHaveLength(3);
      expect(outcome.filter((c) => c !== '200')).toEqual(Array(3).fill('409 over_scan'));
      const progress = (await call(via(0), 'GET', `/v1/shipments/${id}/pack`)).body;
      expect(progress.items.find((i: any) => i.sku === 'PR-1')).toMatchObject({ required: 3, scanned: 3 });
    }
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
