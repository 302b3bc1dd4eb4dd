// Proves that GET /v1/reports/dashboard adds up a small shop exactly (orders per day and channel, open
// orders by status, backorders, low stock, stock by warehouse, units shipped, shrinkage), that a principal
// scoped to one warehouse sees only that warehouse's figures, that sections needing a permission the
// caller lacks are null, and that a bad `days` is refused.
import { beforeAll, expect, it } from 'vitest';
import { makeKey, signIn } from '../support/access.js';
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

interface Shop {
  whA: string;
  whB: string;
  chA: string;
  chB: string;
  sku1: string;
  sku2: string;
  /** Status of the order that was only partly allocated. */
  partlyStatus: string;
  today: string;
  threeDaysAgo: string;
}

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Warehouse A sells through channel A, B through B. In A: 10 of sku1 received, 1 stolen, an order of 3
 * shipped, an order of 10 allocated 6 and backordered 4, a reorder point at 5. In B: 5 of sku2, 1
 * damaged, an order of 2 placed three days ago, allocated and on hold.
 */
async function seedShop(t: TestApp): Promise<Shop> {
  const whA = await makeWarehouse(t);
  const whB = await makeWarehouse(t);
  const binA = await makeBin(t, whA);
  const binB = await makeBin(t, whB);
  const sku1 = await makeSku(t);
  const sku2 = await makeSku(t);
  await receive(t, sku1, binA, 10);
  await receive(t, sku2, binB, 5);
  const chA = await makeChannel(t, [whA]);
  const chB = await makeChannel(t, [whB]);
  const adjust = async (sku: string, location: string, reason: string) => {
    const r = await t.post('/v1/stock/adjustments', { sku, location, delta: -1, reason });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  await adjust(sku1, binA, 'theft');
  await adjust(sku2, binB, 'damage');

  const now = Date.now();
  const shipped = await makeOrder(t, chA, [{ sku: sku1, qty: 3 }], { placedAt: new Date(now).toISOString() });
  const made = await t.post('/v1/shipments', { order: shipped.id });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const ship = await t.post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'Colissimo' });
  expect(ship.status, JSON.stringify(ship.body)).toBe(200);

  const partly = await makeOrder(t, chA, [{ sku: sku1, qty: 10 }], { placedAt: new Date(now).toISOString() });
  expect(partly.lines[0]).toMatchObject({ qtyAllocated: 6, qtyBackordered: 4 });

  const held = await makeOrder(t, chB, [{ sku: sku2, qty: 2 }], {
    placedAt: new Date(now - 3 * DAY_MS).toISOString(),
  });
  expect(held.status).toBe('allocated');
  const hold = await t.post(`/v1/orders/${held.id}/hold`, { reason: 'Address to check' });
  expect(hold.status, JSON.stringify(hold.body)).toBe(200);

  const points = await t.call('PUT', `/v1/skus/${sku1}/reorder-points`, {
    points: [{ warehouse: whA, lowAt: 5 }],
  });
  expect(points.status, JSON.stringify(points.body)).toBe(200);
  return {
    whA,
    whB,
    chA,
    chB,
    sku1,
    sku2,
    partlyStatus: partly.status,
    today: utcDate(now),
    threeDaysAgo: utcDate(now - 3 * DAY_MS),
  };
}

describeDb('dashboard', () => {
  const t = useTestApp();
  let shop: Shop;

  beforeAll(async () => {
    shop = await seedShop(t());
  });

  it('adds up orders, backorders, stock, units shipped and shrinkage over the period', async () => {
    const r = await t().get('/v1/reports/dashboard?days=7');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = r.body;
    expect(d.days).toBe(7);
    expect(d.ordersPerDay).toHaveLength(7);
    expect(d.ordersPerDay.at(-1).date).toBe(shop.today);
    expect(d.until).toBe(new Date(Date.parse(`${shop.today}T00:00:00Z`) + DAY_MS).toISOString());
    const day = (date: string) => d.ordersPerDay.find((e: any) => e.date === date);
    expect(day(shop.today)).toMatchObject({ total: 2, byChannel: { [shop.chA]: 2 } });
    expect(day(shop.threeDaysAgo)).toMatchObject({ total: 1, byChannel: { [shop.chB]: 1 } });
    expect(d.ordersPerDay.reduce((n: number, e: any) => n + e.total, 0)).toBe(3);
    expect(d.channels.map((c: any) => c.code)).toEqual(expect.arrayContaining([shop.chA, shop.chB]));

    // The shipped order is done; the other two are open, one of them on hold.
    const statuses = Object.fromEntries(d.ordersByStatus.statuses.map((s: any) => [s.status, s.orders]));
    expect(statuses).toEqual({
      pending: 0,
      allocated: 1,
      partially_allocated: 0,
      backordered: 0,
      in_fulfilment: 0,
      partially_shipped: 0,
      [shop.partlyStatus]: 1,
      ...(shop.partlyStatus === 'allocated' ? { allocated: 2 } : {}),
    });
    expect(d.ordersByStatus.onHold).toBe(1);
    expect(d.backorders).toEqual({ orders: 1, units: 4 });

    expect(d.lowStock).toEqual([
      {
        sku: shop.sku1,
        skuName: `Test ${shop.sku1}`,
        warehouse: shop.whA,
        available: 0,
        lowAt: 5,
        shortBy: 5,
      },
    ]);
    expect(d.stockByWarehouse).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ warehouse: shop.whA, onHand: 6, reserved: 6, available: 0 }),
        expect.objectContaining({ warehouse: shop.whB, onHand: 4, reserved: 2, available: 2 }),
      ]),
    );
    expect(d.topSkus).toEqual([{ sku: shop.sku1, name: `Test ${shop.sku1}`, units: 3 }]);
    expect(d.shrinkage).toEqual({
      byReason: [
        { reason: 'damage', qtyLost: 1, qtyFound: 0 },
        { reason: 'theft', qtyLost: 1, qtyFound: 0 },
      ],
      qtyLost: 2,
      qtyFound: 0,
    });

    // One day: today's two orders only; the default is 30 days.
    const oneDay = (await t().get('/v1/reports/dashboard?days=1')).body;
    expect(oneDay.ordersPerDay).toEqual([{ date: shop.today, total: 2, byChannel: { [shop.chA]: 2 } }]);
    expect((await t().get('/v1/reports/dashboard')).body.ordersPerDay).toHaveLength(30);
  });

  it('shows a principal scoped to one warehouse only that warehouse', async () => {
    const manager = await signIn(t(), 'manager', [shop.whB]);
    const r = await manager.call('GET', '/v1/reports/dashboard?days=7');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = r.body;
    expect(d.channels.map((c: any) => c.code)).toEqual([shop.chB]);
    expect(d.ordersPerDay.reduce((n: number, e: any) => n + e.total, 0)).toBe(1);
    expect(d.ordersPerDay.find((e: any) => e.date === shop.threeDaysAgo).byChannel).toEqual({
      [shop.chB]: 1,
    });
    const open = d.ordersByStatus.statuses.filter((s: any) => s.orders > 0);
    expect(open).toEqual([{ status: 'allocated', orders: 1 }]);
    expect(d.ordersByStatus.onHold).toBe(1);
    expect(d.backorders).toEqual({ orders: 0, units: 0 });
    expect(d.lowStock).toEqual([]);
    expect(d.stockByWarehouse).toEqual([
      { warehouse: shop.whB, name: `Warehouse ${shop.whB}`, onHand: 4, reserved: 2, available: 2 },
    ]);
    expect(d.topSkus).toEqual([]);
    expect(d.shrinkage.byReason).toEqual([{ reason: 'damage', qtyLost: 1, qtyFound: 0 }]);
  });

  it('leaves out the sections whose permission the caller lacks', async () => {
    // read_only holds stock.read but not reports.shrinkage.
    const reader = await signIn(t(), 'read_only');
    const asReader = (await reader.call('GET', '/v1/reports/dashboard?days=7')).body;
    expect(asReader.shrinkage).toBeNull();
    expect(asReader.topSkus).toEqual([{ sku: shop.sku1, name: `Test ${shop.sku1}`, units: 3 }]);

    const ordersOnly = await makeKey(t(), ['orders.read']);
    const r = await ordersOnly.call('GET', '/v1/reports/dashboard?days=7');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ lowStock: null, stockByWarehouse: null, topSkus: null, shrinkage: null });
    expect(r.body.backorders).toEqual({ orders: 1, units: 4 });

    const none = await makeKey(t(), ['stock.read']);
    const refused = await none.call('GET', '/v1/reports/dashboard');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');
  });

  it('refuses a period outside 1 to 366 days, or not a number', async () => {
    for (const days of ['0', '367', '-3', 'abc', '1.5']) {
      const r = await t().get(`/v1/reports/dashboard?days=${days}`);
      expect(r.status, `days=${days}`).toBe(400);
      expect(r.body.error.code, `days=${days}`).toBe('validation_failed');
      expect(r.body.error.details).toMatchObject({ field: 'querystring.days' });
    }
    const unknown = await t().get('/v1/reports/dashboard?weeks=2');
    expect(unknown.status).toBe(400);
  });
});
