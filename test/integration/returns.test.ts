/**
 * Customer returns through HTTP: a shipped order's units authorised, received from the customer location
 * into quarantine, graded unit by unit (restocked units fill a backorder, quarantined stay, scrapped are
 * written off) and closed with the exact refund; over-returning, over-receiving and over-grading are 422s
 * that change nothing; cancel and close; warehouse scope. The harness checks the ledger after every test.
 */
import { expect, it } from 'vitest';
import { makeKey } from '../support/access.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  type TestApp,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';
import { authorisedReturn, makeQuarantine, receivedReturn, shippedOrder } from '../support/returns.js';

async function eventsOf(t: TestApp, aggregateId: string, type: string) {
  const { rows } = await t.db.query<{ payload: any }>(
    'SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY event_seq',
    [aggregateId, type],
  );
  return rows.map((r) => r.payload);
}

/** Everything a rejected returns request must leave untouched. */
async function snapshot(t: TestApp) {
  const q = async (sql: string) => (await t.db.query(sql)).rows;
  return {
    ledger: await ledgerSnapshot(t.db),
    returns: await q('SELECT return_id, status, refund_minor FROM returns ORDER BY 1'),
    lines: await q(
      'SELECT return_id, line_no, qty_received, qty_graded, refund_minor FROM return_lines ORDER BY 1, 2',
    ),
    units: await q('SELECT count(*)::int AS n FROM return_units'),
    orderLines: await q('SELECT order_id, line_no, qty_returned FROM order_lines ORDER BY 1, 2'),
    events: await q('SELECT count(*)::int AS n FROM outbox_events'),
    audit: await q('SELECT count(*)::int AS n FROM audit_log'),
  };
}

describeDb('returns', () => {
  const t = useTestApp();

  it('authorises 3 of 5, receives them into quarantine, grades restock/quarantine/scrap, closes with the exact refund', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const shelf = await makeBin(t(), wh);
    const quarantine = await makeQuarantine(t(), wh);
    const a = await makeSku(t());
    const b = await makeSku(t());
    await receive(t(), a, bin, 5);
    await receive(t(), b, bin, 1);
    const channel = await makeChannel(t(), [wh]);
    const priced = [
      { sku: a, qty: 5, unitPriceMinor: 1999 },
      { sku: b, qty: 1, unitPriceMinor: 3000 },
    ];
    const order = await makeOrder(t(), channel, priced, {
      totals: {
        subtotalMinor: 12_995,
        discountMinor: 1_300,
        shippingMinor: 495,
        taxMinor: 2_339,
        totalMinor: 14_529,
      },
    });
    const shipment = await t().post('/v1/shipments', { order: order.id });
    expect(shipment.status, JSON.stringify(shipment.body)).toBe(201);
    expect((await t().post(`/v1/shipments/${shipment.body.id}/ship`, { carrier: 'DHL' })).status).toBe(200);
    // Nothing of A is left: the next order for it waits.
    const waiting = await makeOrder(t(), channel, [{ sku: a, qty: 1 }]);
    expect(waiting.status).toBe('backordered');

    const authorised = await t().post('/v1/returns', {
      order: order.id,
      lines: [{ lineNo: 1, qty: 3, reason: 'damaged' }],
      note: 'Box crushed',
    });
    expect(authorised.status, JSON.stringify(authorised.body)).toBe(201);
    const id = authorised.body.id as string;
    expect(id).toMatch(/^ret_/);
    expect(authorised.body).toMatchObject({
      number: expect.stringMatching(/^RMA-\d{6}$/),
      orderId: order.id,
      warehouse: wh,
      status: 'authorised',
      reason: 'damaged',
      note: 'Box crushed',
      currency: 'EUR',
      refundMinor: 0,
      lines: [{ lineNo: 1, orderLineNo: 1, sku: a, reason: 'damaged', qtyAuthorised: 3, qtyReceived: 0 }],
    });
    expect(await eventsOf(t(), id, 'return.authorised')).toEqual([
      expect.objectContaining({
        returnId: id,
        orderId: order.id,
        lines: [expect.objectContaining({ qty: 3 })],
      }),
    ]);

    // 5 shipped, 3 on this return: 2 more at most.
    const before = await snapshot(t());
    const tooMany = await t().post('/v1/returns', {
      order: order.id,
      lines: [{ lineNo: 1, qty: 3, reason: 'size_fit' }],
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.code).toBe('return_exceeds_shipped');
    expect(tooMany.body.error.details.lines).toEqual([
      { lineNo: 1, sku: a, requested: 3, shipped: 5, onReturns: 3, returnable: 2 },
    ]);
    // Receiving more than authorised.
    const overReceive = await t().post(`/v1/returns/${id}/receive`, { lines: [{ lineNo: 1, qty: 4 }] });
    expect(overReceive.status).toBe(422);
    expect(overReceive.body.error.code).toBe('receipt_exceeds_authorised');
    expect(overReceive.body.error.details.lines).toEqual([
      expect.objectContaining({ lineNo: 1, requested: 4, expected: 3 }),
    ]);
    // Grading before anything was received.
    const early = await t().post(`/v1/returns/${id}/inspect`, { units: [{ lineNo: 1, grade: 'scrap' }] });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('grading_exceeds_received');
    expect(await snapshot(t())).toEqual(before);

    const received = await t().post(`/v1/returns/${id}/receive`, { lines: [{ lineNo: 1, qty: 3 }] });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    // Line 1 paid 9995 − 1000 (its share of the discount) + 1799 (of the tax) = 10794: 2159 × 4 + 2158.
    expect(received.body).toMatchObject({
      status: 'received',
      refundMinor: 3 * 2159,
      lines: [{ qtyReceived: 3, refundMinor: 6477 }],
      receipts: [{ lineNo: 1, qty: 3, location: quarantine }],
    });
    expect(await stockOf(t(), a, quarantine)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    // Quarantined units are not for sale: the backorder still waits.
    expect((await t().get(`/v1/orders/${waiting.id}`)).body.status).toBe('backordered');
    const afterReceipt = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(afterReceipt.status).toBe('shipped');
    expect(afterReceipt.lines.map((l: any) => l.qtyReturned)).toEqual([3, 0]);
    const timeline = await t().db.query<{ event: string; details: any }>(
      `SELECT event, details FROM order_events WHERE order_id = $1 AND event = 'return_received'`,
      [order.id],
    );
    expect(timeline.rows).toEqual([
      {
        event: 'return_received',
        details: expect.objectContaining({ returnId: id, lines: [{ lineNo: 1, sku: a, qty: 3 }] }),
      },
    ]);
    expect(await eventsOf(t(), id, 'return.received')).toEqual([
      expect.objectContaining({
        returnId: id,
        refundMinor: 6477,
        currency: 'EUR',
        lines: [expect.objectContaining({ qty: 3 })],
      }),
    ]);
    // Nothing more to receive.
    const again = await t().post(`/v1/returns/${id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('return_not_open');

    const overGrade = await t().post(`/v1/returns/${id}/inspect`, {
      units: [
        { lineNo: 1, grade: 'restock', qty: 2, location: shelf },
        { lineNo: 1, grade: 'scrap', qty: 2 },
      ],
    });
    expect(overGrade.status).toBe(422);
    expect(overGrade.body.error.code).toBe('grading_exceeds_received');
    expect(overGrade.body.error.details.lines).toEqual([
      expect.objectContaining({ lineNo: 1, requested: 4, ungraded: 3 }),
    ]);
    const toQuarantine = await t().post(`/v1/returns/${id}/inspect`, {
      units: [{ lineNo: 1, grade: 'restock', location: quarantine }],
    });
    expect(toQuarantine.body.error.code).toBe('location_not_storage');

    const inspected = await t().post(`/v1/returns/${id}/inspect`, {
      units: [
        { lineNo: 1, grade: 'restock', location: shelf },
        { lineNo: 1, grade: 'quarantine', note: 'Check the seal' },
        { lineNo: 1, grade: 'scrap' },
      ],
    });
    expect(inspected.status, JSON.stringify(inspected.body)).toBe(200);
    expect(inspected.body).toMatchObject({
      status: 'closed',
      refundMinor: 6477,
      shippingRefundMinor: 0,
      lines: [{ qtyReceived: 3, qtyGraded: 3, graded: { restock: 1, quarantine: 1, scrap: 1 } }],
    });
    expect(inspected.body.units.map((u: any) => [u.unitNo, u.grade, u.location])).toEqual([
      [1, 'restock', shelf],
      [2, 'quarantine', quarantine],
      [3, 'scrap', `${wh}/@scrap`],
    ]);
    expect(inspected.body.closedAt).toEqual(expect.any(String));
    // The restocked unit arrived where it can be sold: the waiting order took it.
    expect((await t().get(`/v1/orders/${waiting.id}`)).body.status).toBe('allocated');
    expect(await stockOf(t(), a, shelf)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    expect(await stockOf(t(), a, quarantine)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    const moves = await t().get(`/v1/stock/moves?sku=${encodeURIComponent(a)}&limit=50`);
    expect(moves.status).toBe(200);
    const scrapped = moves.body.items.filter((m: any) => m.type === 'scrap');
    expect(scrapped).toEqual([
      expect.objectContaining({ from: quarantine, to: `${wh}/@scrap`, qty: 1, reason: 'damage' }),
    ]);
    expect(moves.body.items.filter((m: any) => m.reason === 'return')).toEqual([
      expect.objectContaining({ from: `${wh}/@customer`, to: quarantine, qty: 3, type: 'receipt' }),
    ]);
    // Σ per SKU over every location is 0; the customer location gave back 3 of the 5 it got.
    const { rows: sums } = await t().db.query<{ total: number; customer: number; scrap: number }>(
      `SELECT sum(b.on_hand)::int AS total,
              sum(b.on_hand) FILTER (WHERE l.kind = 'customer')::int AS customer,
              sum(b.on_hand) FILTER (WHERE l.kind = 'scrap')::int AS scrap
         FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id JOIN locations l ON l.location_id = b.location_id
        WHERE s.code = $1`,
      [a],
    );
    expect(sums[0]).toEqual({ total: 0, customer: 5 - 3, scrap: 1 });
    expect(await eventsOf(t(), id, 'return.closed')).toEqual([
      expect.objectContaining({
        returnId: id,
        refundMinor: 6477,
        lines: [expect.objectContaining({ graded: { restock: 1, quarantine: 1, scrap: 1 } })],
      }),
    ]);
    // The two units still with the customer can come back on a new return.
    const rest = await t().post('/v1/returns', {
      order: order.id,
      lines: [
        { lineNo: 1, qty: 2, reason: 'size_fit' },
        { lineNo: 2, qty: 1, reason: 'wrong_item' },
      ],
      refundShipping: true,
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    const restId = rest.body.id as string;
    const got = await t().post(`/v1/returns/${restId}/receive`, {
      lines: [
        { lineNo: 1, qty: 2 },
        { lineNo: 2, qty: 1 },
      ],
    });
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const done = await t().post(`/v1/returns/${restId}/inspect`, {
      units: [
        { lineNo: 1, grade: 'quarantine', qty: 2 },
        { lineNo: 2, grade: 'restock', location: shelf },
      ],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // Every unit back: the two refunds are the order total minus shipping, plus the shipping once.
    expect(done.body).toMatchObject({ status: 'closed', shippingRefundMinor: 495 });
    expect(done.body.refundMinor + 6477).toBe(14_529);
    const finalOrder = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(finalOrder.lines.map((l: any) => l.qtyReturned)).toEqual([5, 1]);
  });

  it('refuses bad lines and locations with a 4xx that changes nothing', async () => {
    const s = await shippedOrder(t(), 2);
    const storage = await makeBin(t(), s.warehouse);
    const before = await snapshot(t());
    const cases: [unknown, number, string][] = [
      [{ order: s.order.id, lines: [{ lineNo: 9, qty: 1, reason: 'other' }] }, 422, 'unknown_line'],
      [
        {
          order: s.order.id,
          lines: [
            { lineNo: 1, qty: 1, reason: 'other' },
            { lineNo: 1, qty: 1, reason: 'damaged' },
          ],
        },
        422,
        'duplicate_line',
      ],
      [{ order: s.order.id, lines: [{ lineNo: 1, qty: 0, reason: 'other' }] }, 400, 'invalid_quantity'],
      [{ order: s.order.id, lines: [{ lineNo: 1, qty: 1, reason: 'bored' }] }, 400, 'validation_failed'],
      [{ order: 'ord_nope', lines: [{ lineNo: 1, qty: 1, reason: 'other' }] }, 404, 'order_not_found'],
      [{ order: s.order.id, lines: [{ lineNo: 1, qty: 3, reason: 'other' }] }, 422, 'return_exceeds_shipped'],
      [
        { order: s.order.id, warehouse: 'NOPE', lines: [{ lineNo: 1, qty: 1, reason: 'other' }] },
        422,
        'unknown_warehouse',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await t().post('/v1/returns', body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const made = await t().post('/v1/returns', {
      order: s.order.id,
      lines: [{ lineNo: 1, qty: 2, reason: 'defective' }],
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const mid = await snapshot(t());
    expect(mid.ledger).toEqual(before.ledger);
    const receipts: [unknown, number, string][] = [
      [{ lines: [{ lineNo: 1, qty: 1 }], location: storage }, 422, 'location_not_quarantine'],
      [{ lines: [{ lineNo: 1, qty: 1 }], location: 'NOWHERE/X' }, 422, 'unknown_location'],
      [{ lines: [{ lineNo: 2, qty: 1 }] }, 422, 'unknown_line'],
    ];
    for (const [body, status, code] of receipts) {
      const r = await t().post(`/v1/returns/${id}/receive`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await snapshot(t())).toEqual(mid);
    const inspectBefore = await t().post(`/v1/returns/${id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] });
    expect(inspectBefore.status).toBe(200);
    const grades: [unknown, number, string][] = [
      [{ units: [{ lineNo: 1, grade: 'restock' }] }, 422, 'restock_location_required'],
      [{ units: [{ lineNo: 1, grade: 'scrap', location: storage }] }, 422, 'location_not_allowed'],
      [{ units: [{ lineNo: 1, grade: 'quarantine', location: storage }] }, 422, 'location_not_quarantine'],
      [
        { units: [{ lineNo: 1, grade: 'restock', qty: 2, location: storage }] },
        422,
        'grading_exceeds_received',
      ],
    ];
    const beforeGrades = await snapshot(t());
    for (const [body, status, code] of grades) {
      const r = await t().post(`/v1/returns/${id}/inspect`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await snapshot(t())).toEqual(beforeGrades);
    // Something came: it can no longer be cancelled, only closed.
    const cancel = await t().post(`/v1/returns/${id}/cancel`, {});
    expect([cancel.status, cancel.body.error.code]).toEqual([409, 'return_has_receipts']);
  });

  it('cancels a return nothing came for, closes one short, and needs a quarantine location', async () => {
    const made = await authorisedReturn(t(), 3);
    const cancelled = await t().post(`/v1/returns/${made.id}/cancel`, { reason: 'customer kept it' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'customer kept it' });
    expect(
      (await t().post(`/v1/returns/${made.id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] })).body.error.code,
    ).toBe('return_not_open');
    // A cancelled return claims nothing: all 3 can be authorised again.
    const again = await t().post('/v1/returns', {
      order: made.shipped.order.id,
      lines: [{ lineNo: 1, qty: 3, reason: 'no_longer_needed' }],
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const nothing = await t().post(`/v1/returns/${again.body.id}/close`, {});
    expect([nothing.status, nothing.body.error.code]).toEqual([409, 'return_nothing_received']);
    expect(
      (await t().post(`/v1/returns/${again.body.id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] })).status,
    ).toBe(200);
    // The other two are not coming; the one received still waits for its grade.
    const closed = await t().post(`/v1/returns/${again.body.id}/close`, {});
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('received');
    const graded = await t().post(`/v1/returns/${again.body.id}/inspect`, {
      units: [{ lineNo: 1, grade: 'quarantine' }],
    });
    expect(graded.body.status).toBe('closed');
    expect((await eventsOf(t(), again.body.id, 'return.closed')).length).toBe(1);
    // The two that did not come are returnable again.
    const third = await t().post('/v1/returns', {
      order: made.shipped.order.id,
      lines: [{ lineNo: 1, qty: 2, reason: 'other' }],
    });
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    const list = await t().get(`/v1/returns?order=${made.shipped.order.id}`);
    expect(list.body.items.map((r: any) => r.status)).toEqual(['authorised', 'closed', 'cancelled']);

    // A warehouse without a quarantine location cannot take returns in by default.
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const sku = await makeSku(t());
    await receive(t(), sku, bin, 1);
    const order = await makeOrder(t(), await makeChannel(t(), [wh]), [{ sku, qty: 1 }]);
    const sh = await t().post('/v1/shipments', { order: order.id });
    expect((await t().post(`/v1/shipments/${sh.body.id}/ship`, { carrier: 'UPS' })).status).toBe(200);
    const ret = await t().post('/v1/returns', {
      order: order.id,
      lines: [{ lineNo: 1, qty: 1, reason: 'other' }],
    });
    const noQuarantine = await t().post(`/v1/returns/${ret.body.id}/receive`, {
      lines: [{ lineNo: 1, qty: 1 }],
    });
    expect([noQuarantine.status, noQuarantine.body.error.code]).toEqual([422, 'returns_location_required']);
  });

  it('keeps returns to their warehouse: elsewhere they answer 404 like missing ones', async () => {
    const made = await receivedReturn(t(), 2);
    const other = await makeWarehouse(t());
    const outsider = await makeKey(t(), ['returns.read', 'returns.write', 'orders.read'], [other]);
    const insider = await makeKey(
      t(),
      ['returns.read', 'returns.write', 'orders.read'],
      [made.shipped.warehouse],
    );
    expect((await outsider.call('GET', `/v1/returns/${made.id}`)).status).toBe(404);
    expect((await outsider.call('GET', `/v1/returns/${made.id}`)).body.error.code).toBe('return_not_found');
    const inspect = await outsider.call('POST', `/v1/returns/${made.id}/inspect`, {
      units: [{ lineNo: 1, grade: 'quarantine' }],
    });
    expect([inspect.status, inspect.body.error.code]).toEqual([404, 'return_not_found']);
    expect((await outsider.call('GET', '/v1/returns?limit=500')).body.items).toEqual([]);
    const seen = await insider.call('GET', `/v1/returns/${made.id}`);
    expect(seen.status).toBe(200);
    const graded = await insider.call('POST', `/v1/returns/${made.id}/inspect`, {
      units: [{ lineNo: 1, grade: 'scrap', qty: 2 }],
    });
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    expect(graded.body.status).toBe('closed');
    // The order itself is outside the outsider's warehouses too.
    const authorise = await outsider.call('POST', '/v1/returns', {
      order: made.shipped.order.id,
      lines: [{ lineNo: 1, qty: 1, reason: 'other' }],
    });
    expect([authorise.status, authorise.body.error.code]).toEqual([404, 'order_not_found']);
  });

  it('refuses to return a kit line (it shipped as its components), writing nothing', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const part = await makeSku(t());
    const kit = await makeSku(t());
    await t().call('PUT', `/v1/skus/${kit}/components`, { components: [{ sku: part, qty: 2 }] });
    await receive(t(), part, bin, 2);
    const order = await makeOrder(t(), await makeChannel(t(), [wh]), [{ sku: kit, qty: 1 }]);
    const sh = await t().post('/v1/shipments', { order: order.id });
    expect((await t().post(`/v1/shipments/${sh.body.id}/ship`, { carrier: 'DPD' })).status).toBe(200);
    const before = await snapshot(t());
    const r = await t().post('/v1/returns', {
      order: order.id,
      lines: [{ lineNo: 1, qty: 1, reason: 'other' }],
    });
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([
      422,
      'kit_not_returnable',
      { lineNo: 1, sku: kit },
    ]);
    expect(await snapshot(t())).toEqual(before);
  });

  it('replays an idempotent receipt without receiving twice', async () => {
    const made = await authorisedReturn(t(), 2);
    const headers = { 'idempotency-key': `recv-${made.id}` };
    const first = await t().post(
      `/v1/returns/${made.id}/receive`,
      { lines: [{ lineNo: 1, qty: 1 }] },
      headers,
    );
    const second = await t().post(
      `/v1/returns/${made.id}/receive`,
      { lines: [{ lineNo: 1, qty: 1 }] },
      headers,
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((await t().get(`/v1/returns/${made.id}`)).body.lines[0].qtyReceived).toBe(1);
    expect(await stockOf(t(), made.shipped.sku, made.shipped.quarantine)).toMatchObject({ onHand: 1 });
  });
});
