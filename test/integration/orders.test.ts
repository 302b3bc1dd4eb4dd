/**
 * Orders through HTTP: channels, intake keyed by (channel, external id) with replays and conflicts, bad
 * input refused with nothing written, explainable routing (single warehouse, split, no-split, nearest,
 * backorder, shared SKUs), hold/release/cancel guarded and releasing stock, the timeline and the outbox,
 * and the list's filters (the warehouse one by where units are allocated or shipped from).
 */
import { expect, it } from 'vitest';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder, orderBody, SHIP_TO } from '../support/orders.js';

async function counts(t: TestApp) {
  const { rows } = await t.db.query(
    `SELECT (SELECT count(*) FROM orders)::bigint AS orders, (SELECT count(*) FROM order_lines)::bigint AS lines,
            (SELECT count(*) FROM customers)::bigint AS customers, (SELECT count(*) FROM outbox_events)::bigint AS events,
            (SELECT count(*) FROM order_events)::bigint AS timeline`,
  );
  return rows[0];
}

/** Two warehouses with a bin each; SKU a in both, SKU b only in the second. */
async function twoWarehouses(t: TestApp, stock: { a1: number; a2: number; b2: number }) {
  const wh1 = await makeWarehouse(t);
  const wh2 = await makeWarehouse(t);
  const bin1 = await makeBin(t, wh1);
  const bin2 = await makeBin(t, wh2);
  const a = await makeSku(t);
  const b = await makeSku(t);
  if (stock.a1) await receive(t, a, bin1, stock.a1);
  if (stock.a2) await receive(t, a, bin2, stock.a2);
  if (stock.b2) await receive(t, b, bin2, stock.b2);
  return { wh1, wh2, bin1, bin2, a, b };
}

describeDb('orders', () => {
  const t = useTestApp();

  it('creates, reads and changes a channel; codes are unique; versions guard changes', async () => {
    const wh = await makeWarehouse(t());
    const code = await makeChannel(t(), [wh], { kind: 'marketplace', bufferUnits: 2 });
    const got = await t().get(`/v1/channels/${code.toLowerCase()}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      code,
      kind: 'marketplace',
      currency: 'EUR',
      warehouses: [{ warehouse: wh, priority: 0 }],
      bufferUnits: 2,
      rules: { allowSplit: true, allowPartial: true, allowBackorder: true, preferNearest: true },
      version: 1,
    });
    expect((await t().get(`/v1/channels/${got.body.id}`)).body.code).toBe(code);
    const dup = await t().post('/v1/channels', { code, name: 'Again', kind: 'web_shop', currency: 'EUR' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('channel_code_taken');
    const badWh = await t().post('/v1/channels', {
      code: unique('CH'),
      name: 'Bad',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: [{ warehouse: 'NOPE' }],
    });
    expect(badWh.status).toBe(422);
    expect(badWh.body.error.code).toBe('unknown_warehouse');
    const changed = await t().call('PATCH', `/v1/channels/${code}`, { allowSplit: false, version: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ rules: { allowSplit: false }, version: 2 });
    const stale = await t().call('PATCH', `/v1/channels/${code}`, { allowSplit: true, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(
      (await t().get('/v1/channels?limit=500')).body.items.map((c: { code: string }) => c.code),
    ).toContain(code);
    expect((await t().get('/v1/channels/NOPE-404')).status).toBe(404);
  });

  it('takes an order once: a replay returns it with no second effect, different content is a conflict', async () => {
    const f = await twoWarehouses(t(), { a1: 10, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const body = orderBody(channel, [{ sku: f.a, qty: 3 }], {
      customer: { externalId: 'C-1', email: 'ada@example.com', name: 'Ada' },
      totals: { subtotalMinor: 3000, shippingMinor: 500, taxMinor: 0, totalMinor: 3500 },
    });
    const first = await t().post('/v1/orders', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      channel,
      externalId: body.externalId,
      status: 'allocated',
      flags: [],
      customer: { externalId: 'C-1', email: 'ada@example.com' },
      lines: [{ lineNo: 1, sku: f.a, qtyOrdered: 3, qtyAllocated: 3, qtyBackordered: 0 }],
    });
    expect(await stockOf(t(), f.a, f.bin1)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    const before = { ledger: await ledgerSnapshot(t().db), counts: await counts(t()) };
    for (let i = 0; i < 3; i++) {
      const again = await t().post('/v1/orders', body);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
    }
    expect({ ledger: await ledgerSnapshot(t().db), counts: await counts(t()) }).toEqual(before);
    const changed = await t().post('/v1/orders', {
      ...body,
      lines: [{ sku: f.a, qty: 4, unitPriceMinor: 1000 }],
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'order_conflict', details: { orderId: first.body.id } });
    expect({ ledger: await ledgerSnapshot(t().db), counts: await counts(t()) }).toEqual(before);
    // The same customer on the same channel is one customer.
    const second = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }], { customer: { externalId: 'C-1' } });
    expect(second.customer.id).toBe(first.body.customer.id);
  });

  it('refuses bad orders with a code and writes nothing', async () => {
    const f = await twoWarehouses(t(), { a1: 5, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const ok = orderBody(channel, [{ sku: f.a, qty: 1 }]);
    const cases: [string, unknown, number, string][] = [
      ['unknown SKU', { ...ok, lines: [{ sku: 'NOPE-SKU', qty: 1, unitPriceMinor: 1 }] }, 422, 'unknown_sku'],
      ['zero qty', { ...ok, lines: [{ sku: f.a, qty: 0, unitPriceMinor: 1 }] }, 400, 'invalid_quantity'],
      ['negative qty', { ...ok, lines: [{ sku: f.a, qty: -2, unitPriceMinor: 1 }] }, 400, 'invalid_quantity'],
      [
        'fractional qty',
        { ...ok, lines: [{ sku: f.a, qty: 1.5, unitPriceMinor: 1 }] },
        400,
        'invalid_quantity',
      ],
      ['negative price', { ...ok, lines: [{ sku: f.a, qty: 1, unitPriceMinor: -1 }] }, 400, 'invalid_amount'],
      ['unknown channel', { ...ok, channel: 'NOPE-CH' }, 422, 'unknown_channel'],
      ['currency mismatch', { ...ok, currency: 'USD' }, 422, 'currency_mismatch'],
      ['bad currency', { ...ok, currency: 'euro' }, 400, 'invalid_currency'],
      ['no address', { ...ok, shipTo: undefined }, 422, 'address_required'],
      ['address without city', { ...ok, shipTo: { ...SHIP_TO, city: '' } }, 422, 'address_required'],
      ['no lines', { ...ok, lines: [] }, 400, 'validation_failed'],
      ['server-owned field', { ...ok, status: 'shipped' }, 400, 'unknown_field'],
      ['bad placedAt', { ...ok, placedAt: 'yesterday' }, 400, 'validation_failed'],
    ];
    const before = { ledger: await ledgerSnapshot(t().db), counts: await counts(t()) };
    for (const [name, body, status, code] of cases) {
      const r = await t().post('/v1/orders', { ...(body as object), externalId: unique('BAD') });
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.code, name).toBe(code);
    }
    expect({ ledger: await ledgerSnapshot(t().db), counts: await counts(t()) }).toEqual(before);
  });

  it('ships from the one warehouse that has everything, and says why', async () => {
    const f = await twoWarehouses(t(), { a1: 10, a2: 10, b2: 10 });
    const channel = await makeChannel(t(), [f.wh1, f.wh2]);
    const order = await makeOrder(t(), channel, [
      { sku: f.a, qty: 2 },
      { sku: f.b, qty: 1 },
    ]);
    expect(order.status).toBe('allocated');
    expect(order.allocation.warehouses).toEqual([f.wh2]);
    expect(order.allocation.explanation[0]).toMatch(
      new RegExp(`^${f.wh2}: the only warehouse with all 2 lines; ${f.wh1} lacks ${f.b}`),
    );
    expect(order.lines.flatMap((l: any) => l.allocations.map((a: any) => a.warehouse))).toEqual([
      f.wh2,
      f.wh2,
    ]);
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ reserved: 0 });
    expect(await stockOf(t(), f.a, f.bin2)).toMatchObject({ reserved: 2 });
  });

  it('splits across warehouses when it must, or backorders the rest when the channel forbids splitting', async () => {
    const f = await twoWarehouses(t(), { a1: 5, a2: 0, b2: 5 });
    const split = await makeChannel(t(), [f.wh1, f.wh2]);
    const order = await makeOrder(t(), split, [
      { sku: f.a, qty: 2 },
      { sku: f.b, qty: 2 },
    ]);
    expect(order.status).toBe('allocated');
    expect([...order.allocation.warehouses].sort()).toEqual([f.wh1, f.wh2].sort());

    const noSplit = await makeChannel(t(), [f.wh1, f.wh2], { allowSplit: false });
    const partial = await makeOrder(t(), noSplit, [
      { sku: f.a, qty: 1 },
      { sku: f.b, qty: 1 },
    ]);
    expect(partial.status).toBe('partially_allocated');
    expect(partial.allocation.warehouses).toHaveLength(1);
    const buckets = partial.lines.map((l: any) => [l.qtyAllocated, l.qtyBackordered]);
    expect(buckets.flat().reduce((s: number, n: number) => s + n, 0)).toBe(2);
    expect(buckets.some(([allocated]: number[]) => allocated === 0)).toBe(true);

    const allOrNothing = await makeChannel(t(), [f.wh1, f.wh2], { allowSplit: false, allowPartial: false });
    const waiting = await makeOrder(t(), allOrNothing, [
      { sku: f.a, qty: 1 },
      { sku: f.b, qty: 1 },
    ]);
    expect(waiting.status).toBe('backordered');
    expect(waiting.lines.map((l: any) => l.qtyBackordered)).toEqual([1, 1]);

    const noBackorder = await makeChannel(t(), [f.wh1], { allowBackorder: false });
    const short = await makeOrder(t(), noBackorder, [{ sku: f.b, qty: 1 }]);
    expect(short.status).toBe('cancelled');
    expect(short.lines[0]).toMatchObject({ qtyCancelled: 1, qtyBackordered: 0, qtyAllocated: 0 });
  });

  it('prefers the warehouse nearest to the destination, then priority', async () => {
    const fr = unique('FRW');
    const de = unique('DEW');
    expect((await t().post('/v1/locations', { code: fr, kind: 'warehouse', country: 'FR' })).status).toBe(
      201,
    );
    expect((await t().post('/v1/locations', { code: de, kind: 'warehouse', country: 'DE' })).status).toBe(
      201,
    );
    const sku = await makeSku(t());
    await receive(t(), sku, await makeBin(t(), fr), 5);
    await receive(t(), sku, await makeBin(t(), de), 5);
    const channel = await makeChannel(t(), [de, fr]);
    const toFrance = await makeOrder(t(), channel, [{ sku, qty: 1 }]);
    expect(toFrance.allocation.warehouses).toEqual([fr]);
    const toGermany = await makeOrder(t(), channel, [{ sku, qty: 1 }], {
      shipTo: { ...SHIP_TO, country: 'DE' },
    });
    expect(toGermany.allocation.warehouses).toEqual([de]);
    const byPriority = await makeChannel(t(), [de, fr], { preferNearest: false });
    expect((await makeOrder(t(), byPriority, [{ sku, qty: 1 }])).allocation.warehouses).toEqual([de]);
  });

  it('sums the demand of lines that share a SKU: one unit, two lines → one allocated, one backordered', async () => {
    const f = await twoWarehouses(t(), { a1: 1, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const order = await makeOrder(t(), channel, [
      { sku: f.a, qty: 1 },
      { sku: f.a, qty: 1 },
    ]);
    expect(order.status).toBe('partially_allocated');
    expect(order.lines.map((l: any) => [l.qtyAllocated, l.qtyBackordered])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(await stockOf(t(), f.a, f.bin1)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    // Another order for the same SKU finds nothing left.
    expect((await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }])).status).toBe('backordered');
  });

  it('cancels lines or the whole order, releasing stock at once; never twice, never more than is open', async () => {
    const f = await twoWarehouses(t(), { a1: 10, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const order = await makeOrder(t(), channel, [
      { sku: f.a, qty: 4 },
      { sku: f.a, qty: 2 },
    ]);
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ reserved: 6 });
    const part = await t().post(`/v1/orders/${order.id}/cancel`, {
      reason: 'customer',
      lines: [{ lineNo: 1, qty: 3 }],
    });
    expect(part.status, JSON.stringify(part.body)).toBe(200);
    expect(part.body.lines[0]).toMatchObject({ qtyAllocated: 1, qtyCancelled: 3 });
    expect(part.body.status).toBe('allocated');
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ reserved: 3 });
    const tooMuch = await t().post(`/v1/orders/${order.id}/cancel`, {
      reason: 'x',
      lines: [{ lineNo: 1, qty: 2 }],
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('cancel_exceeds_open');
    const noLine = await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'x', lines: [{ lineNo: 9 }] });
    expect(noLine.body.error.code).toBe('unknown_line');
    const all = await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'fraud' });
    expect(all.status).toBe(200);
    expect(all.body.status).toBe('cancelled');
    expect(all.body.lines.map((l: any) => l.qtyCancelled)).toEqual([4, 2]);
    expect(await stockOf(t(), f.a, f.bin1)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const again = await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_not_open');
  });

  it('holds and releases with guards, and records every step in the timeline and the outbox', async () => {
    const f = await twoWarehouses(t(), { a1: 3, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const order = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }]);
    const held = await t().post(`/v1/orders/${order.id}/hold`, { reason: 'address check' });
    expect(held.body).toMatchObject({ onHold: true, holdReason: 'address check', status: 'allocated' });
    const twice = await t().post(`/v1/orders/${order.id}/hold`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('order_on_hold');
    expect((await t().post(`/v1/orders/${order.id}/release`, {})).body.onHold).toBe(false);
    const notHeld = await t().post(`/v1/orders/${order.id}/release`, {});
    expect(notHeld.body.error.code).toBe('order_not_on_hold');
    await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'done' });
    const closed = await t().post(`/v1/orders/${order.id}/hold`, { reason: 'late' });
    expect(closed.body.error.code).toBe('order_not_open');

    const full = await t().get(`/v1/orders/${order.id}`);
    expect(full.body.timeline.map((e: any) => e.event)).toEqual([
      'created',
      'allocated',
      'held',
      'released',
      'cancelled',
    ]);
    expect(full.body.timeline.every((e: any) => e.actor.id === t().actorId)).toBe(true);
    const { rows } = await t().db.query<{ type: string }>(
      'SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY event_seq',
      [order.id],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'order.created',
      'order.allocated',
      'order.held',
      'order.released',
      'order.cancelled',
    ]);
  });

  it('fills backorders when stock arrives: earliest promise first, then earliest placed', async () => {
    const f = await twoWarehouses(t(), { a1: 0, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const late = await makeOrder(t(), channel, [{ sku: f.a, qty: 2 }], { placedAt: '2026-11-01T08:00:00Z' });
    const early = await makeOrder(t(), channel, [{ sku: f.a, qty: 2 }], {
      placedAt: '2026-11-02T08:00:00Z',
      promisedAt: '2026-11-05T00:00:00Z',
    });
    const third = await makeOrder(t(), channel, [{ sku: f.a, qty: 2 }], { placedAt: '2026-11-03T08:00:00Z' });
    for (const o of [late, early, third]) expect(o.status).toBe('backordered');
    // 3 units arrive: the promised order first (2), then the earliest placed gets what is left (1).
    await receive(t(), f.a, f.bin1, 3);
    const get = async (id: string) => (await t().get(`/v1/orders/${id}`)).body;
    expect((await get(early.id)).lines[0]).toMatchObject({ qtyAllocated: 2, qtyBackordered: 0 });
    expect((await get(early.id)).status).toBe('allocated');
    expect((await get(late.id)).lines[0]).toMatchObject({ qtyAllocated: 1, qtyBackordered: 1 });
    expect((await get(late.id)).status).toBe('partially_allocated');
    expect((await get(third.id)).lines[0]).toMatchObject({ qtyAllocated: 0, qtyBackordered: 2 });
    expect(await stockOf(t(), f.a, f.bin1)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    const timeline = (await get(early.id)).timeline;
    expect(timeline.at(-1)).toMatchObject({
      event: 'allocated',
      reason: 'stock arrived',
      toStatus: 'allocated',
    });
    // A count that finds more serves the rest; stock in another warehouse the channel does not use does not.
    await receive(t(), f.a, f.bin2, 5);
    expect((await get(third.id)).lines[0].qtyAllocated).toBe(0);
    const count = await t().post('/v1/stock/counts', { sku: f.a, location: f.bin1, countedQty: 6 });
    expect(count.status, JSON.stringify(count.body)).toBe(201);
    expect((await get(late.id)).lines[0]).toMatchObject({ qtyAllocated: 2, qtyBackordered: 0 });
    expect((await get(third.id)).lines[0]).toMatchObject({ qtyAllocated: 2, qtyBackordered: 0 });
  });

  it('says what each channel may sell: available over its warehouses less its buffer', async () => {
    const f = await twoWarehouses(t(), { a1: 10, a2: 20, b2: 3 });
    const both = await makeChannel(t(), [f.wh1, f.wh2], { bufferUnits: 1, bufferPercent: 10 });
    const first = await makeChannel(t(), [f.wh1]);
    await makeOrder(t(), first, [{ sku: f.a, qty: 4 }]);
    const all = (await t().get(`/v1/channels/${both}/availability`)).body;
    expect(all.items.find((i: any) => i.sku === f.a)).toEqual({
      sku: f.a,
      onHand: 30,
      reserved: 4,
      available: 26,
      buffer: 1 + 3,
      availableToSell: 22,
    });
    expect(all.items.find((i: any) => i.sku === f.b)).toMatchObject({
      available: 3,
      buffer: 2,
      availableToSell: 1,
    });
    const one = (await t().get(`/v1/channels/${first}/availability?sku=${f.b}`)).body;
    expect(one.items).toEqual([
      { sku: f.b, onHand: 0, reserved: 0, available: 0, buffer: 0, availableToSell: 0 },
    ]);
    expect((await t().get('/v1/channels/NOPE/availability')).status).toBe(404);
  });

  it('edits an open order and re-allocates only what changed; reallocates on demand', async () => {
    const f = await twoWarehouses(t(), { a1: 5, a2: 5, b2: 5 });
    const channel = await makeChannel(t(), [f.wh1, f.wh2]);
    const order = await makeOrder(t(), channel, [{ sku: f.a, qty: 2 }]);
    expect(order.allocation.warehouses).toEqual([f.wh1]);
    // More of line 1, a new line of b (only in wh2): one decision for what is new.
    const more = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'customer added',
      changeLines: [{ lineNo: 1, qty: 4 }],
      addLines: [{ sku: f.b, qty: 1, unitPriceMinor: 500 }],
    });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(more.body.status).toBe('allocated');
    expect(more.body.lines.map((l: any) => [l.sku, l.qtyOrdered, l.qtyAllocated])).toEqual([
      [f.a, 4, 4],
      [f.b, 1, 1],
    ]);
    // Fewer: the allocation shrinks and its stock is released at once.
    const fewer = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'fewer',
      changeLines: [{ lineNo: 1, qty: 1 }],
    });
    expect(fewer.body.lines[0]).toMatchObject({ qtyOrdered: 1, qtyAllocated: 1 });
    const reserved = async (sku: string) =>
      (await stockOf(t(), sku, f.bin1)).reserved + (await stockOf(t(), sku, f.bin2)).reserved;
    expect(await reserved(f.a)).toBe(1);
    // A new address in Germany with a German warehouse: everything is decided again.
    const removed = await t().post(`/v1/orders/${order.id}/edit`, { reason: 'drop b', removeLines: [2] });
    expect(removed.body.lines[1]).toMatchObject({ qtyCancelled: 1, qtyAllocated: 0 });
    expect(await reserved(f.b)).toBe(0);
    const below = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'x',
      changeLines: [{ lineNo: 2, qty: 0 }],
    });
    expect(below.status).toBe(400);
    const unknownLine = await t().post(`/v1/orders/${order.id}/edit`, { reason: 'x', removeLines: [9] });
    expect(unknownLine.body.error.code).toBe('unknown_line');
    const nothing = await t().post(`/v1/orders/${order.id}/edit`, { reason: 'x' });
    expect(nothing.body.error.code).toBe('nothing_to_edit');
    const badAddress = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'x',
      shipTo: { ...SHIP_TO, line1: '' },
    });
    expect(badAddress.body.error.code).toBe('address_required');
    const moved = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'moved',
      shipTo: { ...SHIP_TO, city: 'Lyon' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.shipTo.city).toBe('Lyon');
    expect(await reserved(f.a)).toBe(1);
    // Reallocate after the channel's priorities change: wh2 first now.
    await t().call('PATCH', `/v1/channels/${channel}`, {
      warehouses: [
        { warehouse: f.wh2, priority: 0 },
        { warehouse: f.wh1, priority: 1 },
      ],
    });
    const again = await t().post(`/v1/orders/${order.id}/reallocate`, { reason: 'priorities changed' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.allocation.warehouses).toEqual([f.wh2]);
    expect(await stockOf(t(), f.a, f.bin2)).toMatchObject({ reserved: 1 });
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ reserved: 0 });
    const events = (await t().get(`/v1/orders/${order.id}`)).body.timeline.map((e: any) => e.event);
    expect(events).toEqual(['created', 'allocated', 'edited', 'edited', 'edited', 'edited', 'reallocated']);
    await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'end' });
    const closed = await t().post(`/v1/orders/${order.id}/edit`, {
      reason: 'late',
      changeLines: [{ lineNo: 1, qty: 2 }],
    });
    expect(closed.body.error.code).toBe('order_not_open');
  });

  it('sells kits as their components: whole kits only, shared components summed, released on cancel', async () => {
    const f = await twoWarehouses(t(), { a1: 3, a2: 0, b2: 0 });
    const b = await makeSku(t());
    await receive(t(), b, f.bin1, 5);
    const kit = await makeSku(t());
    const made = await t().call('PUT', `/v1/skus/${kit}/components`, {
      components: [
        { sku: f.a, qty: 2 },
        { sku: b, qty: 1 },
      ],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toEqual({
      sku: kit,
      isKit: true,
      components: [
        { sku: f.a, qty: 2 },
        { sku: b, qty: 1 },
      ].sort((x, y) => x.sku.localeCompare(y.sku)),
    });
    expect((await t().get(`/v1/skus/${kit}`)).body.isKit).toBe(true);
    // A kit holds no stock of its own; kits are one level deep; a stocked SKU cannot become a kit.
    const stockedKit = await t().post('/v1/stock/receipts', { sku: kit, location: f.bin1, qty: 1 });
    expect(stockedKit.status).toBe(422);
    expect(stockedKit.body.error.code).toBe('sku_is_kit');
    const outer = await makeSku(t());
    const nested = await t().call('PUT', `/v1/skus/${outer}/components`, {
      components: [{ sku: kit, qty: 1 }],
    });
    expect(nested.body.error.code).toBe('kit_nested');
    // The database holds the rule too, whoever writes the rows.
    await expect(
      t().db.query(
        `INSERT INTO sku_components (kit_sku_id, component_sku_id, qty)
         SELECT o.sku_id, k.sku_id, 1 FROM skus o, skus k WHERE o.code = $1 AND k.code = $2`,
        [outer, kit],
      ),
    ).rejects.toMatchObject({ constraint: 'sku_components_nesting_check' });
    const stockedSku = await makeSku(t());
    await receive(t(), stockedSku, f.bin2, 1);
    const hadStock = await t().call('PUT', `/v1/skus/${stockedSku}/components`, {
      components: [{ sku: b, qty: 1 }],
    });
    expect(hadStock.body.error.code).toBe('kit_has_stock');

    const channel = await makeChannel(t(), [f.wh1]);
    const avail = (await t().get(`/v1/channels/${channel}/availability?sku=${kit}`)).body.items[0];
    expect(avail).toMatchObject({ sku: kit, available: 1, availableToSell: 1 });
    // Two kits need 4 of a; there are 3: one kit is allocated, one waits.
    const order = await makeOrder(t(), channel, [{ sku: kit, qty: 2 }]);
    expect(order.lines[0]).toMatchObject({ sku: kit, qtyAllocated: 1, qtyBackordered: 1 });
    expect(order.lines[0].allocations.map((x: any) => [x.location, x.qty]).sort()).toEqual(
      [
        [f.bin1, 2],
        [f.bin1, 1],
      ].sort(),
    );
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ reserved: 2, available: 1 });
    expect(await stockOf(t(), b, f.bin1)).toMatchObject({ reserved: 1 });
    // A kit and its own component in one order draw on the same stock: never more than there is.
    const shared = await makeOrder(t(), channel, [
      { sku: f.a, qty: 1 },
      { sku: kit, qty: 1 },
    ]);
    expect(shared.lines.map((l: any) => [l.qtyAllocated, l.qtyBackordered])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
    // Stock of the component arrives: the waiting kits are served, oldest first.
    await receive(t(), f.a, f.bin1, 4);
    const served = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(served.lines[0]).toMatchObject({ qtyAllocated: 2, qtyBackordered: 0 });
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ reserved: 7 });
    // Cancelling one kit releases its components.
    const cancel = await t().post(`/v1/orders/${order.id}/cancel`, {
      reason: 'one less',
      lines: [{ lineNo: 1, qty: 1 }],
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(cancel.body.lines[0]).toMatchObject({ qtyAllocated: 1, qtyCancelled: 1 });
    expect(await stockOf(t(), b, f.bin1)).toMatchObject({ reserved: 2 });
    await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'end' });
    await t().post(`/v1/orders/${shared.id}/cancel`, { reason: 'end' });
    expect(await stockOf(t(), f.a, f.bin1)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await stockOf(t(), b, f.bin1)).toMatchObject({ reserved: 0 });
  });

  it('puts new orders on hold by the first matching rule, named in the reason', async () => {
    const f = await twoWarehouses(t(), { a1: 10, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const big = await t().post('/v1/hold-rules', {
      name: unique('big orders'),
      channel,
      condition: { totalAboveMinor: 50_000, currency: 'EUR' },
      priority: 10,
    });
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    const risky = await t().post('/v1/hold-rules', {
      name: unique('risky customers'),
      condition: { customerTags: ['fraud-watch'] },
    });
    expect(risky.status).toBe(201);
    const held = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }], { totals: { totalMinor: 90_000 } });
    expect(held).toMatchObject({ onHold: true, holdReason: `rule: ${big.body.name}`, status: 'allocated' });
    const tagged = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }], {
      customer: { tags: ['Fraud-Watch'] },
    });
    expect(tagged.holdReason).toBe(`rule: ${risky.body.name}`);
    const fine = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }], { totals: { totalMinor: 1_000 } });
    expect(fine.onHold).toBe(false);
    const timeline = (await t().get(`/v1/orders/${held.id}`)).body.timeline;
    expect(timeline.at(-1)).toMatchObject({ event: 'held', reason: `rule: ${big.body.name}` });
    // Switched off, it holds nothing more.
    expect(
      (await t().call('PATCH', `/v1/hold-rules/${big.body.id}`, { isActive: false })).body.isActive,
    ).toBe(false);
    expect(
      (await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }], { totals: { totalMinor: 90_000 } })).onHold,
    ).toBe(false);
    const dup = await t().post('/v1/hold-rules', { name: big.body.name, condition: { flagged: true } });
    expect(dup.body.error.code).toBe('hold_rule_name_taken');
    const empty = await t().post('/v1/hold-rules', { name: unique('nothing'), condition: {} });
    expect(empty.status).toBe(400);
    await t().call('PATCH', `/v1/hold-rules/${risky.body.id}`, { isActive: false });
    const list = (await t().get('/v1/hold-rules')).body.items.map((r: any) => r.id);
    expect(list).toEqual(expect.arrayContaining([big.body.id, risky.body.id]));
  });

  it('announces every change of stock as stock.changed, in the same transaction', async () => {
    const f = await twoWarehouses(t(), { a1: 0, a2: 0, b2: 0 });
    const last = async () =>
      (
        await t().db.query<{ payload: { items: any[] } }>(
          `SELECT payload FROM outbox_events WHERE type = 'stock.changed' ORDER BY event_seq DESC LIMIT 1`,
        )
      ).rows[0]!.payload.items;
    await receive(t(), f.a, f.bin1, 7);
    expect(await last()).toEqual([
      { sku: f.a, location: f.bin1, warehouse: f.wh1, onHand: 7, reserved: 0, available: 7 },
    ]);
    const channel = await makeChannel(t(), [f.wh1]);
    const order = await makeOrder(t(), channel, [{ sku: f.a, qty: 2 }]);
    expect(await last()).toEqual([
      { sku: f.a, location: f.bin1, warehouse: f.wh1, onHand: 7, reserved: 2, available: 5 },
    ]);
    await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'x' });
    expect((await last())[0]).toMatchObject({ reserved: 0, available: 7 });
    const before = (await t().db.query('SELECT count(*)::int AS n FROM outbox_events')).rows[0];
    const refused = await t().post('/v1/stock/adjustments', {
      sku: f.a,
      location: f.bin1,
      delta: -99,
      reason: 'loss',
    });
    expect(refused.status).toBe(409);
    expect((await t().db.query('SELECT count(*)::int AS n FROM outbox_events')).rows[0]).toEqual(before);
  });

  it('flags totals that do not add up, and keeps what the channel sent', async () => {
    const f = await twoWarehouses(t(), { a1: 3, a2: 0, b2: 0 });
    const channel = await makeChannel(t(), [f.wh1]);
    const order = await makeOrder(t(), channel, [{ sku: f.a, qty: 2, unitPriceMinor: 1250 } as never], {
      totals: { subtotalMinor: 2500, shippingMinor: 490, taxMinor: 0, totalMinor: 9999 },
    });
    expect(order.flags).toEqual(['total_mismatch']);
    expect(order.totals).toMatchObject({ subtotalMinor: 2500, totalMinor: 9999 });
  });

  it('lists and searches orders; a principal scoped to a warehouse sees only its channels', async () => {
    const f = await twoWarehouses(t(), { a1: 3, a2: 3, b2: 0 });
    const c1 = await makeChannel(t(), [f.wh1]);
    const c2 = await makeChannel(t(), [f.wh2]);
    const o1 = await makeOrder(t(), c1, [{ sku: f.a, qty: 1 }], { customer: { email: 'list@example.com' } });
    const o2 = await makeOrder(t(), c2, [{ sku: f.a, qty: 1 }]);
    expect((await t().get(`/v1/orders?channel=${c1}`)).body.items.map((o: any) => o.id)).toEqual([o1.id]);
    expect((await t().get('/v1/orders?customer=list@example.com')).body.items.map((o: any) => o.id)).toEqual([
      o1.id,
    ]);
    expect(
      (await t().get(`/v1/orders?externalId=${o2.externalId}`)).body.items.map((o: any) => o.id),
    ).toEqual([o2.id]);
    const bySku = (await t().get(`/v1/orders?sku=${f.a}&limit=1`)).body;
    expect(bySku.items).toHaveLength(1);
    expect(bySku.nextCursor).not.toBeNull();

    const key = await t().post('/v1/api-keys', {
      name: 'wh1 only',
      scopes: ['orders.read'],
      warehouses: [f.wh1],
    });
    const as = { authorization: `Bearer ${key.body.key}` };
    expect((await t().call('GET', `/v1/orders/${o1.id}`, undefined, as)).status).toBe(200);
    const hidden = await t().call('GET', `/v1/orders/${o2.id}`, undefined, as);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('order_not_found');
    const listed = await t().call('GET', `/v1/orders?sku=${f.a}&limit=500`, undefined, as);
    expect(listed.body.items.map((o: any) => o.id)).not.toContain(o2.id);
  });

  it('filters orders by the warehouse their units are allocated or shipped from, not their channel', async () => {
    const f = await twoWarehouses(t(), { a1: 5, a2: 0, b2: 5 });
    // One channel ships from both warehouses: the filter must look at where the units are.
    const channel = await makeChannel(t(), [f.wh1, f.wh2]);
    const atWh1 = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }]);
    const atWh2 = await makeOrder(t(), channel, [{ sku: f.b, qty: 1 }]);
    const shipped = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }]);
    const cancelled = await makeOrder(t(), channel, [{ sku: f.a, qty: 1 }]);
    const shipment = await t().post('/v1/shipments', { order: shipped.id });
    expect(shipment.status).toBe(201);
    expect((await t().post(`/v1/shipments/${shipment.body.id}/ship`, { carrier: 'DHL' })).status).toBe(200);
    expect((await t().post(`/v1/orders/${cancelled.id}/cancel`, { reason: 'changed mind' })).status).toBe(
      200,
    );

    const ids = async (query: string) =>
      (await t().get(`/v1/orders?channel=${channel}&${query}`)).body.items.map((o: any) => o.id).sort();
    // Allocated (open hold) and shipped (posted hold) count; a cancelled order's voided hold does not.
    expect(await ids(`warehouse=${f.wh1}`)).toEqual([atWh1.id, shipped.id].sort());
    expect(await ids(`warehouse=${f.wh2.toLowerCase()}`)).toEqual([atWh2.id]);
    expect(await ids('warehouse=NOWHERE')).toEqual([]);
    // Combined with the other filters.
    expect(await ids(`warehouse=${f.wh1}&status=shipped`)).toEqual([shipped.id]);
  });

  it('binds an integration key to its channel', async () => {
    const f = await twoWarehouses(t(), { a1: 3, a2: 0, b2: 0 });
    const mine = await makeChannel(t(), [f.wh1]);
    const other = await makeChannel(t(), [f.wh1]);
    const key = await t().post('/v1/api-keys', { name: 'shop', scopes: ['orders.write'], channel: mine });
    const as = { authorization: `Bearer ${key.body.key}` };
    const ok = await t().call('POST', '/v1/orders', orderBody(mine, [{ sku: f.a, qty: 1 }]), as);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const refused = await t().call('POST', '/v1/orders', orderBody(other, [{ sku: f.a, qty: 1 }]), as);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('channel_not_allowed');
  });
});
