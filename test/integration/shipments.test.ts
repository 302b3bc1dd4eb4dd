/**
 * Shipments through HTTP: units of an order set aside, shipped (stock posted to the customer location,
 * line buckets and status, `order.shipped` with tracking), delivered, voided (holds back to the order);
 * the order's guarded transitions around them (no cancel/edit of units in a shipment, no cancel of shipped
 * units, holds stop parcels); split orders, kits, warehouse scope and bad input. The harness checks the
 * ledger after every test.
 */
import { expect, it } from 'vitest';
import { makeKey } from '../support/access.js';
import {
  describeDb,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  type TestApp,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

async function oneWarehouse(t: TestApp, qty: { a: number; b: number }) {
  const wh = await makeWarehouse(t);
  const bin = await makeBin(t, wh);
  const a = await makeSku(t);
  const b = await makeSku(t);
  if (qty.a) await receive(t, a, bin, qty.a);
  if (qty.b) await receive(t, b, bin, qty.b);
  const channel = await makeChannel(t, [wh]);
  return { wh, bin, a, b, channel };
}

async function eventsOf(t: TestApp, orderId: string, type: string) {
  const { rows } = await t.db.query<{ payload: any }>(
    'SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY event_seq',
    [orderId, type],
  );
  return rows.map((r) => r.payload);
}

describeDb('shipments', () => {
  const t = useTestApp();

  it('ships a whole order: in fulfilment, posted to the customer, shipped with tracking, delivered', async () => {
    const f = await oneWarehouse(t(), { a: 10, b: 5 });
    const order = await makeOrder(t(), f.channel, [
      { sku: f.a, qty: 3 },
      { sku: f.b, qty: 2 },
    ]);
    expect(order.status).toBe('allocated');

    const made = await t().post('/v1/shipments', { order: order.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({
      orderId: order.id,
      warehouse: f.wh,
      status: 'open',
      lines: [
        { lineNo: 1, sku: f.a, qty: 3, pieces: [{ sku: f.a, location: f.bin, qty: 3 }] },
        { lineNo: 2, sku: f.b, qty: 2, pieces: [{ sku: f.b, location: f.bin, qty: 2 }] },
      ],
    });
    const inFulfilment = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(inFulfilment.status).toBe('in_fulfilment');
    expect(inFulfilment.lines.map((l: any) => [l.qtyAllocated, l.qtyInFulfilment])).toEqual([
      [3, 3],
      [2, 2],
    ]);
    expect(inFulfilment.lines[0].allocations).toEqual([
      expect.objectContaining({ location: f.bin, qty: 3, shipmentId: made.body.id }),
    ]);
    // Setting aside moves nothing: still on hand and reserved at the bin.
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    // A second shipment finds nothing left to take.
    const again = await t().post('/v1/shipments', { order: order.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('nothing_to_ship');

    const shipped = await t().post(`/v1/shipments/${made.body.id}/ship`, {
      carrier: 'Colissimo',
      service: 'Domicile',
      trackingNumber: '6A12345678901',
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      carrier: 'Colissimo',
      trackingNumber: '6A12345678901',
    });
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await stockOf(t(), f.b, f.bin)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    const moves = await t().get(`/v1/stock/moves?sku=${f.a}&type=post`);
    expect(moves.body.items[0]).toMatchObject({
      from: f.bin,
      to: `${f.wh}/@customer`,
      qty: 3,
      reason: 'shipment',
    });
    const after = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(after.status).toBe('shipped');
    expect(after.lines.map((l: any) => [l.qtyAllocated, l.qtyInFulfilment, l.qtyShipped])).toEqual([
      [0, 0, 3],
      [0, 0, 2],
    ]);
    expect(after.timeline.map((e: any) => e.event)).toEqual([
      'created',
      'allocated',
      'shipment_created',
      'shipped',
    ]);
    const [event] = await eventsOf(t(), order.id, 'order.shipped');
    expect(event).toMatchObject({
      orderId: order.id,
      status: 'shipped',
      shipmentId: made.body.id,
      carrier: 'Colissimo',
      service: 'Domicile',
      trackingNumber: '6A12345678901',
      lines: [
        { lineNo: 1, sku: f.a, qty: 3 },
        { lineNo: 2, sku: f.b, qty: 2 },
      ],
    });

    // Exactly once: shipping again, voiding or cancelling a shipped order is refused.
    const twice = await t().post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'Colissimo' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'shipment_not_open', details: { status: 'shipped' } });
    const voided = await t().post(`/v1/shipments/${made.body.id}/void`, { reason: 'too late' });
    expect(voided.status).toBe(409);
    const cancel = await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'changed mind' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe('order_not_open');

    const early = await t().post(`/v1/shipments/${made.body.id}/deliver`, {
      deliveredAt: '2020-01-01T00:00:00Z',
    });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('delivered_before_shipped');
    const delivered = await t().post(`/v1/shipments/${made.body.id}/deliver`, {});
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('delivered');
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('delivered');
    expect(await eventsOf(t(), order.id, 'order.delivered')).toHaveLength(1);
    const redeliver = await t().post(`/v1/shipments/${made.body.id}/deliver`, {});
    expect(redeliver.status).toBe(409);
    expect(redeliver.body.error.code).toBe('shipment_not_shipped');
  });

  it('ships part of a line: units in a shipment cannot be cancelled or edited away; the rest can', async () => {
    const f = await oneWarehouse(t(), { a: 10, b: 5 });
    const order = await makeOrder(t(), f.channel, [
      { sku: f.a, qty: 4 },
      { sku: f.b, qty: 2 },
    ]);
    const made = await t().post('/v1/shipments', { order: order.id, lines: [{ lineNo: 1, qty: 3 }] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.lines).toEqual([expect.objectContaining({ lineNo: 1, qty: 3 })]);
    // The order still holds 4 of a and 2 of b; the shipment holds 3 of the 4.
    expect(await stockOf(t(), f.a, f.bin)).toMatchObject({ reserved: 4 });

    const tooMuch = await t().post(`/v1/orders/${order.id}/cancel`, {
      reason: 'x',
      lines: [{ lineNo: 1, qty: 2 }],
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({
      code: 'units_in_fulfilment',
      details: { lines: [{ lineNo: 1, inFulfilment: 3 }] },
    });
    const whole = await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'x' });
    expect(whole.status).toBe(409);
    expect(whole.body.error.code).toBe('units_in_fulfilment');
    const edit = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'x',
      changeLines: [{ lineNo: 1, qty: 2 }],
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('units_in_fulfilment');
    const address = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'moved',
      shipTo: { name: 'A', line1: '1 rue X', city: 'Lyon', country: 'FR' },
    });
    expect(address.status).toBe(409);
    const remove = await t().post(`/v1/orders/${order.id}/edit`, { reason: 'x', removeLines: [1] });
    expect(remove.status).toBe(409);

    // What is outside the shipment can be cancelled, and reallocation leaves the shipment's units alone.
    const one = await t().post(`/v1/orders/${order.id}/cancel`, {
      reason: 'x',
      lines: [{ lineNo: 1, qty: 1 }],
    });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(await stockOf(t(), f.a, f.bin)).toMatchObject({ reserved: 3 });
    const realloc = await t().post(`/v1/orders/${order.id}/reallocate`, { reason: 'check' });
    expect(realloc.status, JSON.stringify(realloc.body)).toBe(200);
    expect(realloc.body.lines[0]).toMatchObject({ qtyAllocated: 3, qtyInFulfilment: 3, qtyCancelled: 1 });
    expect((await t().get(`/v1/shipments/${made.body.id}`)).body.lines[0].pieces).toEqual([
      { sku: f.a, location: f.bin, qty: 3 },
    ]);

    const shipped = await t().post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'DHL' });
    expect(shipped.status).toBe(200);
    const after = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(after.status).toBe('partially_shipped');
    expect(after.lines[0]).toMatchObject({ qtyShipped: 3, qtyCancelled: 1, qtyAllocated: 0 });
    expect(after.lines[1]).toMatchObject({ qtyAllocated: 2, qtyShipped: 0 });
    // Shipped units cannot be cancelled (that is a return); line 2 can.
    const shippedLine = await t().post(`/v1/orders/${order.id}/cancel`, {
      reason: 'x',
      lines: [{ lineNo: 1 }],
    });
    expect(shippedLine.status).toBe(422);
    expect(shippedLine.body.error.code).toBe('cancel_exceeds_open');
    const rest = await t().post(`/v1/shipments`, { order: order.id });
    expect(rest.status).toBe(201);
    expect(rest.body.lines).toEqual([expect.objectContaining({ lineNo: 2, qty: 2 })]);
    await t().post(`/v1/shipments/${rest.body.id}/ship`, { carrier: 'DHL', trackingNumber: 'JD0002' });
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('shipped');
    expect(await eventsOf(t(), order.id, 'order.shipped')).toHaveLength(2);
  });

  it('voids an open shipment: units stay allocated at the same bins and can then be cancelled', async () => {
    const f = await oneWarehouse(t(), { a: 5, b: 0 });
    const order = await makeOrder(t(), f.channel, [{ sku: f.a, qty: 2 }]);
    const made = await t().post('/v1/shipments', { order: order.id });
    const voided = await t().post(`/v1/shipments/${made.body.id}/void`, { reason: 'carton damaged' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', voidReason: 'carton damaged' });
    const after = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(after.status).toBe('allocated');
    expect(after.lines[0]).toMatchObject({ qtyAllocated: 2, qtyInFulfilment: 0 });
    expect(after.lines[0].allocations).toEqual([
      expect.objectContaining({ location: f.bin, qty: 2, shipmentId: null }),
    ]);
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    const twice = await t().post(`/v1/shipments/${made.body.id}/void`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('shipment_not_open');
    const ship = await t().post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'DHL' });
    expect(ship.status).toBe(409);
    const cancel = await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'customer asked' });
    expect(cancel.status).toBe(200);
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('a hold stops the parcel: no shipment for a held order, no ship after a hold, nothing changed', async () => {
    const f = await oneWarehouse(t(), { a: 5, b: 0 });
    const order = await makeOrder(t(), f.channel, [{ sku: f.a, qty: 1 }]);
    await t().post(`/v1/orders/${order.id}/hold`, { reason: 'fraud check' });
    const refused = await t().post('/v1/shipments', { order: order.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('order_on_hold');
    await t().post(`/v1/orders/${order.id}/release`, {});
    const made = await t().post('/v1/shipments', { order: order.id });
    expect(made.status).toBe(201);
    await t().post(`/v1/orders/${order.id}/hold`, { reason: 'address check' });
    const ship = await t().post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'UPS' });
    expect(ship.status).toBe(409);
    expect(ship.body.error.code).toBe('order_on_hold');
    expect((await t().get(`/v1/shipments/${made.body.id}`)).body.status).toBe('open');
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 5, reserved: 1, available: 4 });
  });

  it('a split order ships per warehouse; a scoped key sees and ships only its own warehouse', async () => {
    const wh1 = await makeWarehouse(t());
    const wh2 = await makeWarehouse(t());
    const bin1 = await makeBin(t(), wh1);
    const bin2 = await makeBin(t(), wh2);
    const a = await makeSku(t());
    const b = await makeSku(t());
    await receive(t(), a, bin1, 2);
    await receive(t(), b, bin2, 2);
    const channel = await makeChannel(t(), [wh1, wh2]);
    const order = await makeOrder(t(), channel, [
      { sku: a, qty: 2 },
      { sku: b, qty: 2 },
    ]);
    expect(order.allocation.warehouses.sort()).toEqual([wh1, wh2].sort());
    const which = await t().post('/v1/shipments', { order: order.id });
    expect(which.status).toBe(422);
    expect(which.body.error).toMatchObject({ code: 'warehouse_required' });
    expect(which.body.error.details.warehouses.sort()).toEqual([wh1, wh2].sort());
    const unknown = await t().post('/v1/shipments', { order: order.id, warehouse: 'NOPE' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_warehouse');

    const operator = await makeKey(t(), ['shipments.write', 'shipments.read', 'orders.read'], [wh1]);
    const first = await operator.call('POST', '/v1/shipments', { order: order.id });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ warehouse: wh1, lines: [{ lineNo: 1, qty: 2 }] });
    const other = await operator.call('POST', '/v1/shipments', { order: order.id, warehouse: wh2 });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('unknown_warehouse');
    const second = await t().post('/v1/shipments', { order: order.id, warehouse: wh2 });
    expect(second.status).toBe(201);
    expect((await operator.call('GET', `/v1/shipments/${second.body.id}`)).status).toBe(404);
    expect(
      (await operator.call('POST', `/v1/shipments/${second.body.id}/ship`, { carrier: 'X' })).status,
    ).toBe(404);
    const mine = await operator.call('GET', `/v1/shipments?order=${order.id}`);
    expect(mine.body.items.map((s: any) => s.id)).toEqual([first.body.id]);
    expect(
      (await operator.call('POST', `/v1/shipments/${first.body.id}/ship`, { carrier: 'X' })).status,
    ).toBe(200);
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('partially_shipped');
    await t().post(`/v1/shipments/${second.body.id}/ship`, { carrier: 'X' });
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('shipped');
    expect(await stockOf(t(), a, bin1)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect(await stockOf(t(), b, bin2)).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it('ships kits as their components, whole kits only', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const part1 = await makeSku(t());
    const part2 = await makeSku(t());
    const kit = await makeSku(t());
    await t().call('PUT', `/v1/skus/${kit}/components`, {
      components: [
        { sku: part1, qty: 2 },
        { sku: part2, qty: 1 },
      ],
    });
    await receive(t(), part1, bin, 10);
    await receive(t(), part2, bin, 10);
    const channel = await makeChannel(t(), [wh]);
    const order = await makeOrder(t(), channel, [{ sku: kit, qty: 3 }]);
    const tooMany = await t().post('/v1/shipments', { order: order.id, lines: [{ lineNo: 1, qty: 4 }] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({
      code: 'shipment_exceeds_allocated',
      details: { lineNo: 1, allocated: 3, requested: 4 },
    });
    const made = await t().post('/v1/shipments', { order: order.id, lines: [{ lineNo: 1, qty: 2 }] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.lines[0].pieces).toEqual(
      expect.arrayContaining([
        { sku: part1, location: bin, qty: 4 },
        { sku: part2, location: bin, qty: 2 },
      ]),
    );
    await t().post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'DPD' });
    expect(await stockOf(t(), part1, bin)).toEqual({ onHand: 6, reserved: 2, available: 4 });
    expect(await stockOf(t(), part2, bin)).toEqual({ onHand: 8, reserved: 1, available: 7 });
    const after = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(after).toMatchObject({ status: 'partially_shipped', lines: [{ qtyShipped: 2, qtyAllocated: 1 }] });
  });

  it('refuses bad input with a code and writes nothing', async () => {
    const f = await oneWarehouse(t(), { a: 1, b: 0 });
    const order = await makeOrder(t(), f.channel, [{ sku: f.a, qty: 1 }]);
    const back = await makeOrder(t(), f.channel, [{ sku: f.b, qty: 1 }]);
    expect(back.status).toBe('backordered');
    const before = (await t().db.query('SELECT count(*)::int AS n FROM shipments')).rows[0];
    const cases: [unknown, number, string][] = [
      [{ order: 'ord_nope' }, 404, 'order_not_found'],
      [{ order: back.id }, 409, 'nothing_to_ship'],
      [{ order: order.id, lines: [{ lineNo: 9, qty: 1 }] }, 422, 'unknown_line'],
      [{ order: order.id, lines: [{ lineNo: 1, qty: 2 }] }, 422, 'shipment_exceeds_allocated'],
      [{ order: order.id, lines: [{ lineNo: 1, qty: 0 }] }, 400, 'invalid_quantity'],
      [{ order: order.id, extra: 1 }, 400, 'unknown_field'],
    ];
    for (const [body, status, code] of cases) {
      const r = await t().post('/v1/shipments', body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await t().db.query('SELECT count(*)::int AS n FROM shipments')).rows[0]).toEqual(before);
    const made = await t().post('/v1/shipments', { order: order.id });
    const noCarrier = await t().post(`/v1/shipments/${made.body.id}/ship`, {});
    expect(noCarrier.status).toBe(400);
    expect((await t().post('/v1/shipments/shp_nope/ship', { carrier: 'X' })).status).toBe(404);
    const notYet = await t().post(`/v1/shipments/${made.body.id}/deliver`, {});
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('shipment_not_shipped');
  });
});
