/**
 * Reorder points and `stock.low`: set per SKU and warehouse (replacing those in the caller's warehouses),
 * crossing below one writes exactly one event in the transaction of the change (adjustment, reservation,
 * order allocation), climbing back and falling again writes another; the low-stock report lists what is
 * below, scoped to the reader's warehouses; bad input changes nothing.
 */
import { expect, it } from 'vitest';
import { makeKey } from '../support/access.js';
import {
  describeDb,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  type TestApp,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

async function lowEvents(t: TestApp, sku: string) {
  const { rows } = await t.db.query<{ payload: any }>(
    `SELECT payload FROM outbox_events WHERE type = 'stock.low' AND aggregate_id = $1 ORDER BY event_seq`,
    [sku],
  );
  return rows.map((r) => r.payload);
}

describeDb('reorder points', () => {
  const t = useTestApp();

  it('writes stock.low once when available crosses below the point, again after climbing back', async () => {
    const wh = await makeWarehouse(t());
    const bin1 = await makeBin(t(), wh);
    const bin2 = await makeBin(t(), wh);
    const sku = await makeSku(t());
    await receive(t(), sku, bin1, 6);
    await receive(t(), sku, bin2, 4);
    const set = await t().call('PUT', `/v1/skus/${sku}/reorder-points`, {
      points: [{ warehouse: wh, lowAt: 5, reorderQty: 20 }],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({
      sku,
      points: [{ warehouse: wh, lowAt: 5, reorderQty: 20, available: 10, isLow: false }],
    });
    // 10 → 6: still at or above 5.
    await t().post('/v1/stock/adjustments', { sku, location: bin1, delta: -4, reason: 'damage' });
    expect(await lowEvents(t(), sku)).toEqual([]);
    // 6 → 5 (reserved 1): not below yet; 5 → 3 across two bins: below.
    const r1 = await t().post('/v1/reservations', {
      lines: [{ sku, location: bin1, qty: 1 }],
      reference: 'R1',
    });
    expect(r1.status).toBe(201);
    expect(await lowEvents(t(), sku)).toEqual([]);
    await t().post('/v1/reservations', {
      lines: [
        { sku, location: bin1, qty: 1 },
        { sku, location: bin2, qty: 1 },
      ],
      reference: 'R2',
    });
    expect(await lowEvents(t(), sku)).toEqual([
      { sku, warehouse: wh, available: 3, lowAt: 5, reorderQty: 20 },
    ]);
    // Falling further: no second event.
    await t().post('/v1/stock/adjustments', { sku, location: bin2, delta: -1, reason: 'theft' });
    expect(await lowEvents(t(), sku)).toHaveLength(1);
    const report = await t().get('/v1/reports/low-stock');
    expect(report.body.items).toContainEqual(
      expect.objectContaining({
        sku,
        warehouse: wh,
        onHand: 5,
        reserved: 3,
        available: 2,
        lowAt: 5,
        shortBy: 3,
      }),
    );
    // Back above, then an order takes it below again.
    await receive(t(), sku, bin2, 10);
    expect((await t().get(`/v1/skus/${sku}/reorder-points`)).body.points[0]).toMatchObject({
      available: 12,
      isLow: false,
    });
    expect((await t().get('/v1/reports/low-stock')).body.items.map((i: any) => i.sku)).not.toContain(sku);
    const channel = await makeChannel(t(), [wh]);
    await makeOrder(t(), channel, [{ sku, qty: 8 }]);
    expect(await lowEvents(t(), sku)).toHaveLength(2);
    expect((await lowEvents(t(), sku))[1]).toMatchObject({ available: 4 });
  });

  it('replaces only the points in the caller warehouses; refuses kits, unknown and repeated warehouses', async () => {
    const wh1 = await makeWarehouse(t());
    const wh2 = await makeWarehouse(t());
    const sku = await makeSku(t());
    await t().call('PUT', `/v1/skus/${sku}/reorder-points`, {
      points: [
        { warehouse: wh1, lowAt: 3 },
        { warehouse: wh2, lowAt: 7 },
      ],
    });
    const scoped = await makeKey(t(), ['catalog.write', 'stock.read'], [wh1]);
    const mine = await scoped.call('GET', `/v1/skus/${sku}/reorder-points`);
    expect(mine.body.points.map((p: any) => p.warehouse)).toEqual([wh1]);
    const cleared = await scoped.call('PUT', `/v1/skus/${sku}/reorder-points`, { points: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.body.points).toEqual([]);
    const all = await t().get(`/v1/skus/${sku}/reorder-points`);
    expect(all.body.points).toEqual([expect.objectContaining({ warehouse: wh2, lowAt: 7 })]);
    expect(
      (await scoped.call('GET', '/v1/reports/low-stock')).body.items.map((i: any) => i.warehouse),
    ).not.toContain(wh2);
    const outside = await scoped.call('PUT', `/v1/skus/${sku}/reorder-points`, {
      points: [{ warehouse: wh2, lowAt: 1 }],
    });
    expect([outside.status, outside.body.error.code]).toEqual([422, 'unknown_warehouse']);

    const kit = await makeSku(t());
    await t().call('PUT', `/v1/skus/${kit}/components`, { components: [{ sku, qty: 2 }] });
    const cases: [string, unknown, number, string][] = [
      [kit, { points: [{ warehouse: wh1, lowAt: 1 }] }, 422, 'sku_is_kit'],
      [sku, { points: [{ warehouse: 'NOPE', lowAt: 1 }] }, 422, 'unknown_warehouse'],
      [
        sku,
        {
          points: [
            { warehouse: wh1, lowAt: 1 },
            { warehouse: wh1.toLowerCase(), lowAt: 2 },
          ],
        },
        422,
        'duplicate_warehouse',
      ],
      [sku, { points: [{ warehouse: wh1, lowAt: 0 }] }, 400, 'validation_failed'],
      ['NO-SUCH-SKU', { points: [] }, 404, 'sku_not_found'],
    ];
    for (const [code, body, status, error] of cases) {
      const r = await t().call('PUT', `/v1/skus/${code}/reorder-points`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, error]);
    }
    expect((await t().get(`/v1/skus/${sku}/reorder-points`)).body.points).toEqual([
      expect.objectContaining({ warehouse: wh2, lowAt: 7 }),
    ]);
  });
});
