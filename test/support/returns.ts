import { expect } from 'vitest';
import { makeBin, makeSku, makeWarehouse, receive, type TestApp, unique } from './harness.js';
import { makeChannel, makeOrder } from './orders.js';

/** Builders for returns tests: a warehouse with a quarantine location, and an order shipped from it. */
export async function makeQuarantine(t: TestApp, warehouse: string): Promise<string> {
  const r = await t.post('/v1/locations', {
    code: unique('QUAR'),
    kind: 'bin',
    parent: warehouse,
    usage: 'quarantine',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.code as string;
}

export interface ShippedOrder {
  warehouse: string;
  bin: string;
  quarantine: string;
  sku: string;
  channel: string;
  order: any;
  shipmentId: string;
}

/** An order of `qty` units of one SKU (stock exactly that), shipped whole from a fresh warehouse. */
export async function shippedOrder(
  t: TestApp,
  qty = 5,
  orderOverrides: Record<string, unknown> = {},
): Promise<ShippedOrder> {
  const warehouse = await makeWarehouse(t);
  const bin = await makeBin(t, warehouse);
  const quarantine = await makeQuarantine(t, warehouse);
  const sku = await makeSku(t);
  await receive(t, sku, bin, qty);
  const channel = await makeChannel(t, [warehouse]);
  const order = await makeOrder(t, channel, [{ sku, qty }], orderOverrides);
  const made = await t.post('/v1/shipments', { order: order.id });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const shipped = await t.post(`/v1/shipments/${made.body.id}/ship`, { carrier: 'Colissimo' });
  expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
  return { warehouse, bin, quarantine, sku, channel, order, shipmentId: made.body.id };
}

/** A return authorised for `qty` units of the shipped order's first line. */
export async function authorisedReturn(t: TestApp, qty = 1): Promise<{ id: string; shipped: ShippedOrder }> {
  const shipped = await shippedOrder(t, Math.max(qty, 1));
  const r = await t.post('/v1/returns', {
    order: shipped.order.id,
    lines: [{ lineNo: 1, qty, reason: 'damaged' }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, shipped };
}

/** A return of `qty` units, all received into quarantine. */
export async function receivedReturn(t: TestApp, qty = 1): Promise<{ id: string; shipped: ShippedOrder }> {
  const made = await authorisedReturn(t, qty);
  const r = await t.post(`/v1/returns/${made.id}/receive`, { lines: [{ lineNo: 1, qty }] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return made;
}
