/** The stock ledger through HTTP: each operation's moves and balances, the queries, and history as of a date. */
import { expect, it } from 'vitest';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stocked,
  stockOf,
  useTestApp,
} from '../support/harness.js';

describeDb('stock ledger', () => {
  const t = useTestApp();

  it('receives from the warehouse supplier location, with reference, note and actor', async () => {
    const sku = await makeSku(t());
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const r = await t().post('/v1/stock/receipts', {
      sku,
      location: bin,
      qty: 12,
      reference: 'PO-1001',
      note: 'first delivery',
    });
    expect(r.status).toBe(201);
    expect(r.body.moves).toEqual([
      expect.objectContaining({
        sku,
        from: `${wh}/@supplier`,
        to: bin,
        qty: 12,
        type: 'receipt',
        reason: 'receipt',
        reference: 'PO-1001',
        note: 'first delivery',
        actor: { kind: 'api_key', id: t().actorId },
      }),
    ]);
    expect(r.body.balances).toEqual([{ sku, location: bin, onHand: 12, reserved: 0, available: 12 }]);
    const supplier = await t().get(
      `/v1/stock?sku=${sku}&location=${encodeURIComponent(`${wh}/@supplier`)}&includeVirtual=true`,
    );
    expect(supplier.body.items[0]).toMatchObject({ onHand: -12, isPhysical: false });
  });

  it('adjusts with reason codes: losses down, finds up, other needs a note', async () => {
    const f = await stocked(t(), 10);
    const damage = await t().post('/v1/stock/adjustments', {
      sku: f.sku,
      location: f.bin,
      delta: -2,
      reason: 'damage',
    });
    expect(damage.status).toBe(201);
    expect(damage.body.moves[0]).toMatchObject({
      from: f.bin,
      to: `${f.warehouse}/@adjustment`,
      qty: 2,
      type: 'adjustment',
      reason: 'damage',
    });
    const found = await t().post('/v1/stock/adjustments', {
      sku: f.sku,
      location: f.bin,
      delta: 1,
      reason: 'found',
    });
    expect(found.body.moves[0]).toMatchObject({
      from: `${f.warehouse}/@adjustment`,
      to: f.bin,
      qty: 1,
      reason: 'found',
    });
    expect(await stockOf(t(), f.sku, f.bin)).toMatchObject({ onHand: 9 });

    const before = await ledgerSnapshot(t().db);
    for (const [body, code] of [
      [{ delta: 1, reason: 'theft' }, 'reason_sign_mismatch'],
      [{ delta: -1, reason: 'found' }, 'reason_sign_mismatch'],
      [{ delta: 1, reason: 'other' }, 'note_required'],
      [{ delta: -10, reason: 'loss' }, 'insufficient_stock'],
    ] as const) {
      const r = await t().post('/v1/stock/adjustments', { sku: f.sku, location: f.bin, ...body });
      expect(r.body.error.code, JSON.stringify(body)).toBe(code);
    }
    const short = await t().post('/v1/stock/adjustments', {
      sku: f.sku,
      location: f.bin,
      delta: -10,
      reason: 'loss',
    });
    expect(short.status).toBe(409);
    expect(short.body.error.details).toMatchObject({
      sku: f.sku,
      location: f.bin,
      requested: 10,
      available: 9,
    });
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect(
      (
        await t().post('/v1/stock/adjustments', {
          sku: f.sku,
          location: f.bin,
          delta: 3,
          reason: 'other',
          note: 'vendor bonus units',
        })
      ).status,
    ).toBe(201);
  });

  it('counts: sets on hand with one count move, compare-and-set on expectedQty, never below reserved', async () => {
    const f = await stocked(t(), 10);
    const same = await t().post('/v1/stock/counts', { sku: f.sku, location: f.bin, countedQty: 10 });
    expect(same.status).toBe(201);
    expect(same.body).toMatchObject({
      count: { countedQty: 10, previousQty: 10, delta: 0 },
      move: null,
      balance: { onHand: 10 },
    });

    const down = await t().post('/v1/stock/counts', {
      sku: f.sku,
      location: f.bin,
      countedQty: 7,
      expectedQty: 10,
      note: 'cycle count',
    });
    expect(down.body).toMatchObject({
      count: { delta: -3, expectedQty: 10 },
      move: { qty: 3, type: 'count', reason: 'count', from: f.bin, to: `${f.warehouse}/@adjustment` },
      balance: { onHand: 7 },
    });

    const stale = await t().post('/v1/stock/counts', {
      sku: f.sku,
      location: f.bin,
      countedQty: 8,
      expectedQty: 10,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'expected_quantity_mismatch',
      details: { expectedQty: 10, currentQty: 7 },
    });

    const res = await t().post('/v1/reservations', {
      lines: [{ sku: f.sku, location: f.bin, qty: 5 }],
      reference: 'ORD-COUNT',
    });
    expect(res.status).toBe(201);
    const below = await t().post('/v1/stock/counts', { sku: f.sku, location: f.bin, countedQty: 4 });
    expect(below.status).toBe(409);
    expect(below.body.error).toMatchObject({
      code: 'count_below_reserved',
      details: { reserved: 5, countedQty: 4 },
    });
    await t().post(`/v1/reservations/${res.body.id}/void`);

    // A count in a bin that never held the SKU starts from zero.
    const bin = await makeBin(t(), f.warehouse);
    const up = await t().post('/v1/stock/counts', {
      sku: f.sku,
      location: bin,
      countedQty: 2,
      expectedQty: 0,
    });
    expect(up.body).toMatchObject({
      count: { previousQty: 0, delta: 2 },
      move: { from: `${f.warehouse}/@adjustment`, to: bin },
    });
    const virtual = await t().post('/v1/stock/counts', {
      sku: f.sku,
      location: `${f.warehouse}/@customer`,
      countedQty: 2,
    });
    expect(virtual.body.error.code).toBe('location_not_physical');
  });

  it('transfers directly between bins and through transit between warehouses', async () => {
    const f = await stocked(t(), 20);
    const bin2 = await makeBin(t(), f.warehouse);
    const direct = await t().post('/v1/stock/transfers', { sku: f.sku, from: f.bin, to: bin2, qty: 5 });
    expect(direct.status).toBe(201);
    expect(direct.body.transfer).toBeNull();
    expect(direct.body.balances).toHaveLength(2);
    expect(direct.body.balances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: f.bin, onHand: 15 }),
        expect.objectContaining({ location: bin2, onHand: 5 }),
      ]),
    );
    expect(await stockOf(t(), f.sku, bin2)).toMatchObject({ onHand: 5 });

    const wh2 = await makeWarehouse(t());
    const far = await makeBin(t(), wh2);
    const sent = await t().post('/v1/stock/transfers', {
      sku: f.sku,
      from: f.bin,
      to: far,
      qty: 6,
      via: 'transit',
      reference: 'TR-1',
    });
    expect(sent.status).toBe(201);
    const transfer = sent.body.transfer;
    expect(transfer).toMatchObject({
      from: f.bin,
      to: far,
      via: `${wh2}/@transit`,
      qty: 6,
      receivedQty: 0,
      inTransitQty: 6,
      status: 'in_transit',
    });
    expect(sent.body.moves[0]).toMatchObject({
      type: 'transfer_out',
      to: `${wh2}/@transit`,
      transferId: transfer.id,
    });
    expect(
      (await t().get(`/v1/stock/transfers?status=in_transit`)).body.items.map((x: { id: string }) => x.id),
    ).toContain(transfer.id);

    const part = await t().post(`/v1/stock/transfers/${transfer.id}/receive`, { qty: 4 });
    expect(part.body.transfer).toMatchObject({ receivedQty: 4, inTransitQty: 2, status: 'in_transit' });
    const over = await t().post(`/v1/stock/transfers/${transfer.id}/receive`, { qty: 3 });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'receive_exceeds_transfer', details: { inTransitQty: 2 } });
    const close = await t().post(`/v1/stock/transfers/${transfer.id}/receive`, {
      qty: 1,
      closeShort: true,
      note: 'one missing',
    });
    expect(close.body.transfer).toMatchObject({
      receivedQty: 5,
      lostQty: 1,
      inTransitQty: 0,
      status: 'received',
    });
    expect(
      close.body.moves.map((m: { type: string; reason: string; qty: number }) => [m.type, m.reason, m.qty]),
    ).toEqual([
      ['transfer_in', 'transfer', 1],
      ['adjustment', 'loss', 1],
    ]);
    const done = await t().post(`/v1/stock/transfers/${transfer.id}/receive`, {});
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe('transfer_not_open');
    expect(await stockOf(t(), f.sku, far)).toMatchObject({ onHand: 5 });
    expect((await t().get(`/v1/stock/transfers/${transfer.id}`)).body.status).toBe('received');
    expect((await t().get('/v1/stock/transfers/trf_nope')).status).toBe(404);

    const sameWh = await t().post('/v1/stock/transfers', {
      sku: f.sku,
      from: f.bin,
      to: bin2,
      qty: 1,
      via: 'transit',
    });
    expect(sameWh.body.error.code).toBe('transit_requires_two_warehouses');
  });

  it('never moves reserved units', async () => {
    const f = await stocked(t(), 5);
    const bin2 = await makeBin(t(), f.warehouse);
    const res = await t().post('/v1/reservations', {
      lines: [{ sku: f.sku, location: f.bin, qty: 4 }],
      reference: 'HOLD',
    });
    const r = await t().post('/v1/stock/transfers', { sku: f.sku, from: f.bin, to: bin2, qty: 2 });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { requested: 2, available: 1 },
    });
    expect(
      (await t().post('/v1/stock/scraps', { sku: f.sku, location: f.bin, qty: 2, reason: 'damage' })).status,
    ).toBe(409);
    expect(
      (await t().post('/v1/stock/scraps', { sku: f.sku, location: f.bin, qty: 1, reason: 'expired' })).status,
    ).toBe(201);
    await t().post(`/v1/reservations/${res.body.id}/void`);
  });

  it('scraps to the warehouse scrap location', async () => {
    const f = await stocked(t(), 3);
    const r = await t().post('/v1/stock/scraps', {
      sku: f.sku,
      location: f.bin,
      qty: 2,
      reason: 'defective',
      note: 'seams',
    });
    expect(r.body.moves[0]).toMatchObject({
      from: f.bin,
      to: `${f.warehouse}/@scrap`,
      type: 'scrap',
      reason: 'defective',
    });
    expect(
      (await t().post('/v1/stock/scraps', { sku: f.sku, location: f.bin, qty: 1, reason: 'other' })).body
        .error.code,
    ).toBe('note_required');
  });

  it('reports stock per location with totals, for a SKU or a whole warehouse', async () => {
    const sku = await makeSku(t());
    const wh = await makeWarehouse(t());
    const zone = (await t().post('/v1/locations', { code: 'Z', kind: 'zone', parent: wh })).body.code;
    const a = await makeBin(t(), zone);
    const b = await makeBin(t(), wh);
    await receive(t(), sku, a, 4);
    await receive(t(), sku, b, 6);
    await t()
      .post('/v1/reservations', { lines: [{ sku, location: b, qty: 2 }], reference: 'R' })
      .then((r) => t().post(`/v1/reservations/${r.body.id}/void`));
    await t().post('/v1/reservations', { lines: [{ sku, location: b, qty: 1 }], reference: 'R2' });

    const bySku = await t().get(`/v1/stock?sku=${sku}`);
    expect(bySku.body.totals).toEqual({ onHand: 10, reserved: 1, available: 9 });
    expect(
      bySku.body.items.map((i: { location: string; available: number }) => [i.location, i.available]),
    ).toEqual(
      [
        [a, 4],
        [b, 5],
      ].sort(),
    );
    const byZone = await t().get(`/v1/stock?location=${encodeURIComponent(zone)}`);
    expect(byZone.body.items).toEqual([
      expect.objectContaining({ sku, location: a, onHand: 4, warehouse: wh }),
    ]);
    const byWarehouse = await t().get(`/v1/stock?location=${wh}`);
    expect(byWarehouse.body.totals.onHand).toBe(10);
    const withVirtual = await t().get(`/v1/stock?location=${wh}&includeVirtual=true`);
    expect(
      withVirtual.body.items.find((i: { location: string }) => i.location === `${wh}/@supplier`),
    ).toMatchObject({ onHand: -10 });
    expect((await t().get('/v1/stock?sku=NOPE')).status).toBe(404);
    expect((await t().get('/v1/stock?location=NOPE')).status).toBe(404);
    const page = await t().get(`/v1/stock?location=${wh}&limit=1`);
    expect(page.body.items).toHaveLength(1);
    const next = await t().get(`/v1/stock?location=${wh}&limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].location).not.toBe(page.body.items[0].location);
    expect(next.body.totals.onHand).toBe(10);
  });

  it('explains a balance: history with deltas and running balance, filters, and stock as of a past date', async () => {
    const f = await stocked(t(), 0);
    const t0 = new Date(Date.now() - 10 * 86_400_000);
    const day = (n: number) => new Date(t0.getTime() + n * 86_400_000).toISOString();
    await t().post('/v1/stock/receipts', {
      sku: f.sku,
      location: f.bin,
      qty: 10,
      occurredAt: day(0),
      reference: 'PO-9',
    });
    await t().post('/v1/stock/adjustments', {
      sku: f.sku,
      location: f.bin,
      delta: -3,
      reason: 'theft',
      occurredAt: day(2),
    });
    const bin2 = await makeBin(t(), f.warehouse);
    await t().post('/v1/stock/transfers', { sku: f.sku, from: f.bin, to: bin2, qty: 2, occurredAt: day(4) });

    const history = await t().get(`/v1/stock/moves?sku=${f.sku}&location=${encodeURIComponent(f.bin)}`);
    expect(
      history.body.items.map((m: { type: string; delta: number; balanceAfter: number }) => [
        m.type,
        m.delta,
        m.balanceAfter,
      ]),
    ).toEqual([
      ['transfer', -2, 5],
      ['adjustment', -3, 7],
      ['receipt', 10, 10],
    ]);
    const thefts = await t().get(`/v1/stock/moves?sku=${f.sku}&reason=theft`);
    expect(thefts.body.items).toHaveLength(1);
    const window = await t().get(
      `/v1/stock/moves?sku=${f.sku}&since=${encodeURIComponent(day(1))}&until=${encodeURIComponent(day(3))}`,
    );
    expect(window.body.items.map((m: { reason: string }) => m.reason)).toEqual(['theft']);
    const byRef = await t().get('/v1/stock/moves?reference=PO-9');
    expect(byRef.body.items.every((m: { reference: string }) => m.reference === 'PO-9')).toBe(true);
    const warehouseView = await t().get(`/v1/stock/moves?sku=${f.sku}&location=${f.warehouse}`);
    expect(warehouseView.body.items.find((m: { type: string }) => m.type === 'transfer').delta).toBe(0);

    const asOf = async (n: number) =>
      (
        await t().get(
          `/v1/stock?sku=${f.sku}&location=${encodeURIComponent(f.bin)}&asOf=${encodeURIComponent(day(n))}&includeZero=true`,
        )
      ).body;
    expect((await asOf(-1)).items).toEqual([]);
    expect((await asOf(1)).items[0]).toMatchObject({ onHand: 10 });
    expect((await asOf(3)).items[0]).toMatchObject({ onHand: 7 });
    expect((await asOf(5)).totals).toEqual({ onHand: 5, reserved: 0, available: 5 });

    const page = await t().get(`/v1/stock/moves?sku=${f.sku}&limit=2`);
    expect(page.body.items).toHaveLength(2);
    const rest = await t().get(`/v1/stock/moves?sku=${f.sku}&limit=2&cursor=${page.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.items.every((m: { seq: number }) => m.seq < page.body.items[1].seq)).toBe(true);
  });

  it('refuses business times in the future', async () => {
    const f = await stocked(t(), 1);
    const r = await t().post('/v1/stock/receipts', {
      sku: f.sku,
      location: f.bin,
      qty: 1,
      occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('occurred_in_future');
  });

  it('keeps moves append-only in the database', async () => {
    const f = await stocked(t(), 1);
    await t().post('/v1/stock/counts', { sku: f.sku, location: f.bin, countedQty: 1 });
    await expect(t().db.query('UPDATE stock_moves SET qty = qty + 1')).rejects.toThrow(/append-only/);
    await expect(t().db.query('DELETE FROM stock_moves')).rejects.toThrow(/append-only/);
    await expect(t().db.query('DELETE FROM stock_counts')).rejects.toThrow(/append-only/);
    expect(await stockOf(t(), f.sku, f.bin)).toMatchObject({ onHand: 1 });
  });
});
