/** Transfer orders between warehouses: requested, shipped from several bins through transit, received partly with damaged units into quarantine, closed short with the rest lost in transit — every unit accounted for in the ledger — plus incoming, cancel, bad input that writes nothing, and warehouse scope. */
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
  unique,
  useTestApp,
} from '../support/harness.js';

/** Balances of a SKU over every location, grouped by location kind (bins and docks are "physical"). */
async function balancesByKind(t: TestApp, sku: string) {
  const { rows } = await t.db.query<{ kind: string; usage: string; on_hand: number }>(
    `SELECT l.kind, l.usage, sum(b.on_hand)::bigint AS on_hand
       FROM stock_balances b JOIN locations l ON l.location_id = b.location_id JOIN skus s ON s.sku_id = b.sku_id
      WHERE s.code = $1 GROUP BY l.kind, l.usage`,
    [sku],
  );
  const out: Record<string, number> = {};
  for (const r of rows) {
    const key = r.kind === 'bin' || r.kind === 'zone' || r.kind === 'warehouse' ? r.usage : r.kind;
    out[key] = (out[key] ?? 0) + Number(r.on_hand);
  }
  return out;
}

async function twoWarehouses(t: TestApp) {
  const sku = await makeSku(t);
  const src = await makeWarehouse(t);
  const dst = await makeWarehouse(t);
  const binA = await makeBin(t, src, `${src}/A-01`);
  const binB = await makeBin(t, src, `${src}/B-01`);
  const dock = await makeLocation(t, dst, 'receiving');
  const quarantine = await makeLocation(t, dst, 'quarantine');
  const dstBin = await makeBin(t, dst);
  return { sku, src, dst, binA, binB, dock, quarantine, dstBin };
}

async function makeLocation(t: TestApp, warehouse: string, usage: string) {
  const r = await t.post('/v1/locations', {
    code: unique(usage.toUpperCase()),
    kind: 'bin',
    parent: warehouse,
    usage,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.code as string;
}

async function request(t: TestApp, body: unknown) {
  const r = await t.post('/v1/transfers', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describeDb('transfer orders', () => {
  const t = useTestApp();

  it('requests, ships from two bins, receives partly with damage, closes short: every unit accounted for', async () => {
    const f = await twoWarehouses(t());
    const other = await makeSku(t());
    await receive(t(), f.sku, f.binA, 4);
    await receive(t(), f.sku, f.binB, 10);
    await receive(t(), other, f.binB, 3);

    const requested = await request(t(), {
      from: f.src,
      to: f.dst,
      lines: [
        { sku: f.sku, qty: 10 },
        { sku: other, qty: 3 },
      ],
      expectedAt: '2030-01-15T10:00:00.000Z',
      note: 'restock the south',
    });
    expect(requested).toMatchObject({
      from: f.src,
      to: f.dst,
      status: 'requested',
      expectedAt: '2030-01-15T10:00:00.000Z',
      lines: [
        { lineNo: 1, sku: f.sku, qtyRequested: 10, qtyShipped: 0, picks: [] },
        { lineNo: 2, sku: other, qtyRequested: 3, qtyShipped: 0, picks: [] },
      ],
    });
    expect(requested.id).toMatch(/^tro_/);
    expect(requested.number).toMatch(/^TO-\d{6}$/);
    expect(await stockOf(t(), f.sku, f.binA)).toMatchObject({ onHand: 4 });

    // Line 2 ships 2 of 3: recorded as shipped short.
    const ship = await t().post(`/v1/transfers/${requested.id}/ship`, {
      lines: [{ lineNo: 1 }, { lineNo: 2, qty: 2 }],
    });
    expect(ship.status, JSON.stringify(ship.body)).toBe(200);
    expect(ship.body.status).toBe('shipped');
    expect(ship.body.shippedBy).toBe(t().actorId);
    const [l1, l2] = ship.body.lines;
    expect(l1).toMatchObject({ qtyShipped: 10, qtyInTransit: 10 });
    expect(l1.picks.map((p: { from: string; qty: number; to: string }) => [p.from, p.qty, p.to])).toEqual([
      [f.binA, 4, f.dock],
      [f.binB, 6, f.dock],
    ]);
    expect(l2).toMatchObject({ qtyRequested: 3, qtyShipped: 2, qtyInTransit: 2 });
    expect(await stockOf(t(), f.sku, f.binA)).toMatchObject({ onHand: 0 });
    expect(await stockOf(t(), f.sku, f.binB)).toMatchObject({ onHand: 4 });
    expect((await balancesByKind(t(), f.sku)).transit).toBe(10);
    // The stock transfers carrying it keep their destination meaningful.
    const st = await t().get(`/v1/stock/transfers/${l1.picks[0].stockTransferId}`);
    expect(st.body).toMatchObject({ to: f.dock, qty: 4, status: 'in_transit' });

    const incoming = await t().get(`/v1/transfers/incoming?warehouse=${encodeURIComponent(f.dst)}`);
    expect(incoming.status).toBe(200);
    const skuIncoming = incoming.body.items.find((i: { sku: string }) => i.sku === f.sku);
    expect(skuIncoming).toMatchObject({
      warehouse: f.dst,
      qtyInTransit: 10,
      nextExpectedAt: '2030-01-15T10:00:00.000Z',
      transferOrders: [{ id: requested.id, number: requested.number, from: f.src, qtyInTransit: 10 }],
    });

    // 7 of line 1 arrive, 2 of them damaged; line 2 arrives in full.
    const partial = await t().post(`/v1/transfers/${requested.id}/receive`, {
      location: f.dstBin,
      lines: [
        { lineNo: 1, qty: 7, damaged: 2 },
        { lineNo: 2, qty: 2 },
      ],
    });
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body.status).toBe('partially_received');
    expect(partial.body.lines[0]).toMatchObject({
      qtyReceived: 7,
      qtyDamaged: 2,
      qtyLost: 0,
      qtyInTransit: 3,
    });
    expect(partial.body.lines[1]).toMatchObject({ qtyReceived: 2, qtyInTransit: 0 });
    expect(await stockOf(t(), f.sku, f.dstBin)).toMatchObject({ onHand: 5 });
    expect(await stockOf(t(), f.sku, f.quarantine)).toMatchObject({ onHand: 2 });
    expect(await stockOf(t(), other, f.dstBin)).toMatchObject({ onHand: 2 });

    // Receiving more than is still in transit: 422 over_receipt, nothing written.
    const before = await ledgerSnapshot(t().db);
    const over = await t().post(`/v1/transfers/${requested.id}/receive`, { lines: [{ lineNo: 1, qty: 4 }] });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({
      code: 'over_receipt',
      details: { lineNo: 1, inTransit: 3, qty: 4 },
    });
    expect(await ledgerSnapshot(t().db)).toEqual(before);

    // One more arrives; the last two never will.
    const closed = await t().post(`/v1/transfers/${requested.id}/receive`, {
      lines: [{ lineNo: 1, qty: 1 }],
      close: true,
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('received');
    expect(closed.body.receivedAt).not.toBeNull();
    expect(closed.body.lines[0]).toMatchObject({
      qtyShipped: 10,
      qtyReceived: 8,
      qtyDamaged: 2,
      qtyLost: 2,
      qtyInTransit: 0,
    });
    // Without a location, the unit went where its pick was sent: the dock.
    expect(await stockOf(t(), f.sku, f.dock)).toMatchObject({ onHand: 1 });
    const lost = await t().get(
      `/v1/stock/moves?sku=${encodeURIComponent(f.sku)}&location=${encodeURIComponent(`${f.dst}/@adjustment`)}`,
    );
    expect(lost.body.items).toEqual([
      expect.objectContaining({ from: `${f.dst}/@transit`, qty: 2, type: 'adjustment', reason: 'loss' }),
    ]);

    // Conservation: 14 received from the supplier; 4 left at source; 5 + 1 at destination, 2 in quarantine,
    // 2 lost in transit, nothing left in transit.
    expect(await balancesByKind(t(), f.sku)).toEqual({
      supplier: -14,
      storage: 4 + 5,
      receiving: 1,
      quarantine: 2,
      transit: 0,
      adjustment: 2,
    });
    const total = Object.values(await balancesByKind(t(), f.sku)).reduce((a, b) => a + b, 0);
    expect(total).toBe(0);
    expect(Object.values(await balancesByKind(t(), other)).reduce((a, b) => a + b, 0)).toBe(0);

    const gone = await t().get(`/v1/transfers/incoming?warehouse=${encodeURIComponent(f.dst)}`);
    expect(gone.body.items).toEqual([]);
    const done = await t().post(`/v1/transfers/${requested.id}/receive`, { close: true });
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe('transfer_order_not_in_transit');

    const listed = await t().get(`/v1/transfers?sku=${encodeURIComponent(other)}&status=received`);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toEqual([requested.id]);
    const audit = await t().get(`/v1/audit?target=${requested.id}&limit=10`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { operation: string }) => a.operation).sort()).toEqual([
      'transfers.create_transfer_order',
      'transfers.receive_transfer_order',
      'transfers.receive_transfer_order',
      'transfers.ship_transfer_order',
    ]);
  });

  it('cancels a requested transfer order only, and a cancelled one cannot ship or be received', async () => {
    const f = await twoWarehouses(t());
    await receive(t(), f.sku, f.binA, 5);
    const o = await request(t(), { from: f.src, to: f.dst, lines: [{ sku: f.sku, qty: 2 }] });
    const cancelled = await t().post(`/v1/transfers/${o.id}/cancel`, { reason: 'not needed' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'not needed' });
    const before = await ledgerSnapshot(t().db);
    const receiving = await t().post(`/v1/transfers/${o.id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] });
    expect(receiving.status).toBe(409);
    expect(receiving.body.error).toMatchObject({
      code: 'transfer_order_not_in_transit',
      details: { status: 'cancelled' },
    });
    const shipping = await t().post(`/v1/transfers/${o.id}/ship`, {});
    expect(shipping.status).toBe(409);
    expect(shipping.body.error.code).toBe('transfer_order_not_requested');
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect((await t().get(`/v1/transfers/${o.id}`)).body.status).toBe('cancelled');

    const shipped = await request(t(), { from: f.src, to: f.dst, lines: [{ sku: f.sku, qty: 2 }] });
    expect((await t().post(`/v1/transfers/${shipped.id}/ship`, {})).status).toBe(200);
    const late = await t().post(`/v1/transfers/${shipped.id}/cancel`, {});
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'transfer_order_not_requested',
      details: { status: 'shipped' },
    });
  });

  it('rejects bad input with a stable code and writes nothing', async () => {
    const f = await twoWarehouses(t());
    await receive(t(), f.sku, f.binA, 2);
    const count = async () =>
      (await t().db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM transfer_orders')).rows[0]!.n;
    const orders = await count();
    const before = await ledgerSnapshot(t().db);
    const cases: [unknown, number, string][] = [
      [{ from: f.src, to: f.src, lines: [{ sku: f.sku, qty: 1 }] }, 422, 'same_warehouse'],
      [{ from: f.src, to: f.dst, lines: [{ sku: 'NO-SUCH-SKU', qty: 1 }] }, 422, 'unknown_sku'],
      [{ from: f.src, to: 'NO-SUCH-WH', lines: [{ sku: f.sku, qty: 1 }] }, 422, 'unknown_warehouse'],
      [{ from: f.src, to: f.binA, lines: [{ sku: f.sku, qty: 1 }] }, 422, 'unknown_warehouse'],
      [{ from: f.src, to: f.dst, lines: [{ sku: f.sku, qty: 0 }] }, 400, 'invalid_quantity'],
      [
        {
          from: f.src,
          to: f.dst,
          lines: [
            { sku: f.sku, qty: 1 },
            { sku: f.sku.toLowerCase(), qty: 1 },
          ],
        },
        422,
        'duplicate_sku',
      ],
      [{ from: f.src, to: f.dst, lines: [] }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const r = await t().post('/v1/transfers', body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await count()).toBe(orders);
    expect(await ledgerSnapshot(t().db)).toEqual(before);

    const o = await request(t(), { from: f.src, to: f.dst, lines: [{ sku: f.sku, qty: 5 }] });
    const shipBefore = await ledgerSnapshot(t().db);
    const shipCases: [unknown, number, string][] = [
      [{}, 409, 'insufficient_stock'],
      [{ lines: [{ lineNo: 2 }] }, 422, 'unknown_line'],
      [{ lines: [{ lineNo: 1, qty: 6 }] }, 422, 'ship_exceeds_request'],
      [{ lines: [{ lineNo: 1, qty: 3, from: f.binA }] }, 409, 'insufficient_stock'],
      [{ lines: [{ lineNo: 1, qty: 1, from: f.dstBin }] }, 422, 'wrong_warehouse'],
      [{ lines: [{ lineNo: 1, qty: 1 }], to: f.binB }, 422, 'wrong_warehouse'],
    ];
    for (const [body, status, code] of shipCases) {
      const r = await t().post(`/v1/transfers/${o.id}/ship`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await ledgerSnapshot(t().db)).toEqual(shipBefore);
    expect((await t().get(`/v1/transfers/${o.id}`)).body.status).toBe('requested');
    const early = await t().post(`/v1/transfers/${o.id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] });
    expect([early.status, early.body.error.code]).toEqual([409, 'transfer_order_not_in_transit']);

    expect((await t().post(`/v1/transfers/${o.id}/ship`, { lines: [{ lineNo: 1, qty: 2 }] })).status).toBe(
      200,
    );
    const recvBefore = await ledgerSnapshot(t().db);
    const recvCases: [unknown, number, string][] = [
      [{ lines: [{ lineNo: 1, qty: 3 }] }, 422, 'over_receipt'],
      [{ lines: [{ lineNo: 1, qty: 1, damaged: 2 }] }, 422, 'damaged_exceeds_qty'],
      [{ lines: [{ lineNo: 1, qty: 1 }], location: f.binA }, 422, 'wrong_warehouse'],
      [{ lines: [{ lineNo: 1, qty: 1, damaged: 1 }], quarantine: f.dstBin }, 422, 'location_not_quarantine'],
      [{ lines: [{ lineNo: 9, qty: 1 }] }, 422, 'unknown_line'],
      [{}, 422, 'nothing_to_receive'],
      [{ lines: [{ lineNo: 1, qty: 1 }], extra: true }, 400, 'unknown_field'],
    ];
    for (const [body, status, code] of recvCases) {
      const r = await t().post(`/v1/transfers/${o.id}/receive`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await ledgerSnapshot(t().db)).toEqual(recvBefore);
    expect((await t().get('/v1/transfers/tro_01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });

  it('without a quarantine location, damaged units are refused with no_quarantine_location', async () => {
    const sku = await makeSku(t());
    const src = await makeWarehouse(t());
    const dst = await makeWarehouse(t());
    const bin = await makeBin(t(), src);
    await makeBin(t(), dst);
    await receive(t(), sku, bin, 2);
    const o = await request(t(), { from: src, to: dst, lines: [{ sku, qty: 2 }] });
    expect((await t().post(`/v1/transfers/${o.id}/ship`, {})).status).toBe(200);
    const r = await t().post(`/v1/transfers/${o.id}/receive`, { lines: [{ lineNo: 1, qty: 2, damaged: 1 }] });
    expect([r.status, r.body.error.code]).toEqual([422, 'no_quarantine_location']);
    const ok = await t().post(`/v1/transfers/${o.id}/receive`, { lines: [{ lineNo: 1, qty: 2 }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('received');
  });

  it('scope: both warehouses see the order; only the source ships, only the destination receives', async () => {
    const f = await twoWarehouses(t());
    await receive(t(), f.sku, f.binA, 3);
    const scopes = ['stock.read', 'stock.transfer'];
    const atSource = await makeKey(t(), scopes, [f.src]);
    const atDest = await makeKey(t(), scopes, [f.dst]);
    const elsewhere = await makeKey(t(), scopes, [await makeWarehouse(t())]);
    const made = await atDest.call('POST', '/v1/transfers', {
      from: f.src,
      to: f.dst,
      lines: [{ sku: f.sku, qty: 3 }],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    expect((await atSource.call('GET', `/v1/transfers/${id}`)).status).toBe(200);
    expect((await atDest.call('GET', `/v1/transfers/${id}`)).status).toBe(200);
    const hidden = await elsewhere.call('GET', `/v1/transfers/${id}`);
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'transfer_order_not_found']);
    expect((await elsewhere.call('GET', '/v1/transfers')).body.items).toEqual([]);
    const strangers = await elsewhere.call('POST', '/v1/transfers', {
      from: f.src,
      to: f.dst,
      lines: [{ sku: f.sku, qty: 1 }],
    });
    expect([strangers.status, strangers.body.error.code]).toEqual([422, 'unknown_warehouse']);

    for (const who of [atDest, elsewhere]) {
      const r = await who.call('POST', `/v1/transfers/${id}/ship`, {});
      expect([r.status, r.body.error.code]).toEqual([404, 'transfer_order_not_found']);
    }
    const shipped = await atSource.call('POST', `/v1/transfers/${id}/ship`, {});
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect((await atSource.call('GET', '/v1/transfers/incoming')).body.items).toEqual([]);
    expect((await atDest.call('GET', '/v1/transfers/incoming')).body.items).toMatchObject([
      { sku: f.sku, qtyInTransit: 3 },
    ]);
    for (const who of [atSource, elsewhere]) {
      const r = await who.call('POST', `/v1/transfers/${id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] });
      expect([r.status, r.body.error.code]).toEqual([404, 'transfer_order_not_found']);
    }
    const received = await atDest.call('POST', `/v1/transfers/${id}/receive`, {
      lines: [{ lineNo: 1, qty: 3 }],
    });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    expect(received.body.status).toBe('received');
  });

  it('replays a ship with the same Idempotency-Key without shipping twice', async () => {
    const f = await twoWarehouses(t());
    await receive(t(), f.sku, f.binA, 4);
    const o = await request(t(), { from: f.src, to: f.dst, lines: [{ sku: f.sku, qty: 2 }] });
    const key = { 'idempotency-key': unique('ship') };
    const first = await t().post(`/v1/transfers/${o.id}/ship`, {}, key);
    const again = await t().post(`/v1/transfers/${o.id}/ship`, {}, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stockOf(t(), f.sku, f.binA)).toMatchObject({ onHand: 2 });
  });
});
