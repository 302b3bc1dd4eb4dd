/**
 * Location usage through HTTP: stock in a receiving dock or a quarantine area is on hand but cannot be
 * promised — orders do not allocate it, channels do not offer it — and moving it into a storage bin is an
 * arrival that fills backorders. A zone's bins follow its usage; reserved units keep a location storage.
 * The harness checks the ledger after every test.
 */
import { expect, it } from 'vitest';
import {
  describeDb,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

describeDb('location usage', () => {
  const t = useTestApp();

  it('keeps dock and quarantine stock out of allocation until it is moved to storage', async () => {
    const wh = await makeWarehouse(t());
    const qc = await t().post('/v1/locations', {
      code: unique('QC'),
      kind: 'zone',
      parent: wh,
      usage: 'quarantine',
    });
    expect(qc.status, JSON.stringify(qc.body)).toBe(201);
    expect(qc.body.usage).toBe('quarantine');
    const qcBin = await t().post('/v1/locations', {
      code: unique('QC-01'),
      kind: 'bin',
      parent: qc.body.code,
    });
    expect(qcBin.body.usage).toBe('quarantine');
    const dock = await t().post('/v1/locations', {
      code: unique('DOCK'),
      kind: 'bin',
      parent: wh,
      usage: 'receiving',
    });
    expect(dock.body.usage).toBe('receiving');
    const shelf = await makeBin(t(), wh);
    expect((await t().get(`/v1/locations/${encodeURIComponent(shelf)}`)).body.usage).toBe('storage');

    const sku = await makeSku(t());
    await receive(t(), sku, qcBin.body.code, 3);
    await receive(t(), sku, dock.body.code, 4);
    const channel = await makeChannel(t(), [wh]);
    const available = await t().get(`/v1/channels/${channel}/availability?sku=${sku}`);
    expect(available.body.items[0]).toMatchObject({ sku, available: 0 });
    const order = await makeOrder(t(), channel, [{ sku, qty: 2 }]);
    expect(order.status).toBe('backordered');

    // Released from QC onto a shelf: an arrival, and the backorder fills from it.
    const moved = await t().post('/v1/stock/transfers', {
      sku,
      from: qcBin.body.code,
      to: shelf,
      qty: 3,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    const filled = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(filled.status).toBe('allocated');
    expect(filled.lines[0].allocations).toEqual([expect.objectContaining({ location: shelf, qty: 2 })]);
    expect(await stockOf(t(), sku, shelf)).toEqual({ onHand: 3, reserved: 2, available: 1 });

    // A location holding reserved units cannot stop being storage; one without can, and its stock stops counting.
    const refused = await t().call('PUT', `/v1/locations/${encodeURIComponent(shelf)}/usage`, {
      usage: 'quarantine',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('location_has_reservations');
    const open = await t().call('PUT', `/v1/locations/${encodeURIComponent(dock.body.code)}/usage`, {
      usage: 'storage',
    });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect((await t().get(`/v1/channels/${channel}/availability?sku=${sku}`)).body.items[0].available).toBe(
      5,
    );
    // A zone's bins follow it.
    const back = await t().call('PUT', `/v1/locations/${encodeURIComponent(qc.body.code)}/usage`, {
      usage: 'storage',
    });
    expect(back.status).toBe(200);
    expect((await t().get(`/v1/locations/${encodeURIComponent(qcBin.body.code)}`)).body.usage).toBe(
      'storage',
    );
  });

  it('refuses a usage on warehouses and virtual locations, and unknown values', async () => {
    const wh = await makeWarehouse(t());
    const onWarehouse = await t().call('PUT', `/v1/locations/${wh}/usage`, { usage: 'quarantine' });
    expect(onWarehouse.status).toBe(422);
    const virtual = await t().call('PUT', `/v1/locations/${encodeURIComponent(`${wh}/@scrap`)}/usage`, {
      usage: 'quarantine',
    });
    expect(virtual.status).toBe(422);
    expect(virtual.body.error.code).toBe('location_not_physical');
    expect((await t().call('PUT', `/v1/locations/${wh}/usage`, { usage: 'shelf' })).status).toBe(400);
    expect((await t().call('PUT', '/v1/locations/NOPE-1/usage', { usage: 'storage' })).status).toBe(404);
    const warehouseUsage = await t().post('/v1/locations', {
      code: unique('WQ'),
      kind: 'warehouse',
      usage: 'quarantine',
    });
    expect(warehouseUsage.status).toBe(422);
  });
});
