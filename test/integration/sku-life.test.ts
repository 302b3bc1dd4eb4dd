/**
 * A SKU followed through its whole life through HTTP, as the inbound issue asks: on order from a supplier →
 * received with a damaged unit into quarantine → QC: accepted to the dock, the damaged one scrapped → put
 * away into storage (a backordered order is allocated from it) → part transferred to another warehouse and
 * received short (lost in transit) → shipped to a customer → returned and graded restock / scrap. After
 * every step the ledger check is clean and every unit is somewhere: per SKU the balances over all
 * locations (supplier, customer, scrap, transit and adjustment included) sum to zero, and the lifecycle
 * report (`GET /v1/skus/{code}/lifecycle`) says where.
 */
import { expect, it } from 'vitest';
import {
  describeDb,
  makeBin,
  makeSku,
  makeWarehouse,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

async function ok(t: TestApp, method: 'POST' | 'PUT', url: string, body: unknown, status = [200, 201]) {
  const r = await t.call(method, url, body);
  expect(status, `${method} ${url}: ${JSON.stringify(r.body)}`).toContain(r.status);
  return r.body;
}

async function clean(t: TestApp, sku: string) {
  const check = await t.get('/v1/ledger/check');
  expect(check.body.problems ?? check.body, JSON.stringify(check.body)).toEqual([]);
  const { rows } = await t.db.query<{ total: string }>(
    `SELECT coalesce(sum(b.on_hand), 0) AS total FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
      WHERE s.code = $1`,
    [sku],
  );
  expect(Number(rows[0]!.total)).toBe(0);
  const life = await t.get(`/v1/skus/${encodeURIComponent(sku)}/lifecycle`);
  expect(life.status, JSON.stringify(life.body)).toBe(200);
  return Object.fromEntries(life.body.warehouses.map((w: any) => [w.warehouse, w]));
}

async function eventsOf(t: TestApp, aggregateId: string) {
  const { rows } = await t.db.query<{ type: string; payload: any }>(
    'SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY event_seq',
    [aggregateId],
  );
  return rows;
}

describeDb('the life of a SKU', () => {
  const t = useTestApp();

  it('on order → quarantine → dock → storage → in transit → shipped → returned → scrapped, every unit accounted for', async () => {
    const wh = await makeWarehouse(t());
    const far = await makeWarehouse(t());
    const bin = (parent: string, usage: string) =>
      ok(t(), 'POST', '/v1/locations', {
        code: unique(usage.slice(0, 4).toUpperCase()),
        kind: 'bin',
        parent,
        usage,
      });
    const dock = (await bin(wh, 'receiving')).code;
    const qc = (await bin(wh, 'quarantine')).code;
    const zone = (await ok(t(), 'POST', '/v1/locations', { code: unique('PICK'), kind: 'zone', parent: wh }))
      .code;
    const shelf = await makeBin(t(), zone);
    const farDock = (await bin(far, 'receiving')).code;
    await ok(t(), 'POST', '/v1/putaway-rules', { warehouse: wh, priority: 1, kind: 'zone', target: zone });
    const supplier = unique('SUP');
    await ok(t(), 'POST', '/v1/suppliers', { code: supplier, name: 'Faïencerie', currency: 'EUR' });
    const sku = await makeSku(t());
    const channel = await makeChannel(t(), [wh]);

    // A customer orders what nobody has yet: backordered.
    const order = await makeOrder(t(), channel, [{ sku, qty: 4 }]);
    expect(order.status).toBe('backordered');

    // On order.
    const po = await ok(t(), 'POST', '/v1/purchase-orders', {
      supplier,
      warehouse: wh,
      lines: [{ sku, qty: 10, unitCostMinor: 450 }],
    });
    await ok(t(), 'POST', `/v1/purchase-orders/${po.id}/send`, {});
    expect((await clean(t(), sku))[wh]).toMatchObject({ onOrder: 10, inStorage: 0 });

    // Received with QC: 6 good and 1 damaged land in quarantine; nothing can be promised yet.
    const receipt = await ok(t(), 'POST', `/v1/purchase-orders/${po.id}/receipts`, {
      location: qc,
      qc: true,
      lines: [{ lineNo: 1, qty: 6, damaged: 1 }],
    });
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('backordered');
    expect(await eventsOf(t(), receipt.id)).toEqual([
      expect.objectContaining({
        type: 'receipt.posted',
        payload: expect.objectContaining({ purchaseOrderId: po.id, warehouse: wh, qc: true }),
      }),
    ]);
    expect((await clean(t(), sku))[wh]).toMatchObject({ onOrder: 3, inQuarantine: 7, available: 0 });

    // QC: the good ones to the dock, the damaged one scrapped.
    const decided = await ok(t(), 'POST', `/v1/receipts/${receipt.id}/qc`, {
      lines: [{ lineNo: 1, accept: 6, reject: 1, rejectTo: 'scrap' }],
    });
    expect(decided.lines[0]).toMatchObject({ qtyAccepted: 6, qtyRejected: 1, acceptedTo: dock });
    expect((await clean(t(), sku))[wh]).toMatchObject({ inQuarantine: 0, inReceiving: 6, scrapped: 1 });

    // Put away by scanning the suggested bins: storage, and the backorder fills from it.
    const planned = await ok(t(), 'POST', '/v1/putaway-tasks', { warehouse: wh });
    for (const task of planned.tasks) {
      await ok(t(), 'POST', `/v1/putaway-tasks/${task.id}/confirm`, { bin: task.suggestedBin });
    }
    const allocated = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(allocated.status).toBe('allocated');
    expect((await clean(t(), sku))[wh]).toMatchObject({
      inReceiving: 0,
      inStorage: 6,
      reserved: 4,
      available: 2,
    });

    // Two go to the other warehouse; one arrives, one is lost on the way.
    const transfer = await ok(t(), 'POST', '/v1/transfers', { from: wh, to: far, lines: [{ sku, qty: 2 }] });
    await ok(t(), 'POST', `/v1/transfers/${transfer.id}/ship`, {});
    const inTransit = await clean(t(), sku);
    expect(inTransit[far]).toMatchObject({ inTransit: 2 });
    expect(inTransit[wh]).toMatchObject({ inStorage: 4, available: 0 });
    await ok(t(), 'POST', `/v1/transfers/${transfer.id}/receive`, {
      location: farDock,
      lines: [{ lineNo: 1, qty: 1 }],
      close: true,
    });
    expect((await clean(t(), sku))[far]).toMatchObject({ inTransit: 0, inReceiving: 1, adjustedOut: 1 });
    expect((await eventsOf(t(), transfer.id)).map((e) => [e.type, e.payload.status])).toEqual([
      ['transfer.shipped', 'shipped'],
      ['transfer.received', 'received'],
    ]);

    // Shipped to the customer.
    const shipment = await ok(t(), 'POST', '/v1/shipments', { order: order.id });
    await ok(t(), 'POST', `/v1/shipments/${shipment.id}/ship`, {
      carrier: 'manual',
      trackingNumber: 'LIFE-1',
    });
    expect((await clean(t(), sku))[wh]).toMatchObject({ inStorage: 0, reserved: 0, shipped: 4 });

    // Two come back: one restocked on the shelf, one scrapped.
    const rma = await ok(t(), 'POST', '/v1/returns', {
      order: order.id,
      lines: [{ lineNo: 1, qty: 2, reason: 'damaged' }],
    });
    await ok(t(), 'POST', `/v1/returns/${rma.id}/receive`, { lines: [{ lineNo: 1, qty: 2 }], location: qc });
    expect((await clean(t(), sku))[wh]).toMatchObject({ returned: 2, inQuarantine: 2 });
    const graded = await ok(t(), 'POST', `/v1/returns/${rma.id}/inspect`, {
      units: [
        { lineNo: 1, grade: 'restock', location: shelf },
        { lineNo: 1, grade: 'scrap' },
      ],
    });
    expect(graded.status).toBe('closed');

    const end = await clean(t(), sku);
    expect(end[wh]).toMatchObject({
      onOrder: 3,
      inTransit: 0,
      inReceiving: 0,
      inQuarantine: 0,
      inStorage: 1,
      reserved: 0,
      available: 1,
      shipped: 4,
      returned: 2,
      scrapped: 2,
    });
    expect(end[far]).toMatchObject({ inReceiving: 1, adjustedOut: 1 });
    // 7 came from the supplier: 1 in a Paris bin, 1 at the far dock, 2 with the customer, 2 scrapped, 1 lost.
    const life = (await t().get(`/v1/skus/${encodeURIComponent(sku)}/lifecycle`)).body.totals;
    expect(
      life.inStorage + life.inReceiving + (life.shipped - life.returned) + life.scrapped + life.adjustedOut,
    ).toBe(7);
  });
});
