/**
 * Waves, pick lists and scan-confirmed picks through HTTP: a wave chosen by rules and split into batch lists
 * walked along the planned path; scans of the wrong bin or item refused (and counted as caught mistakes);
 * short picks replaced from another bin, reallocated to another warehouse, or backordered, each leaving a
 * count task and a clean ledger (the harness checks it after every test); voids, scope and bad input.
 */
import { expect, it } from 'vitest';
import { withCheckDigit } from '../../src/kernel/gtin.js';
import { makeKey } from '../support/access.js';
import {
  describeDb,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

let gtinSeq = 0;
const newGtin = () =>
  withCheckDigit(`40${String(process.pid % 10000).padStart(4, '0')}${String(++gtinSeq).padStart(6, '0')}`);

async function layout(t: TestApp, code: string, body: Record<string, unknown>) {
  const r = await t.call('PUT', `/v1/locations/${encodeURIComponent(code)}/layout`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A warehouse with a depot and two aisles of bins (x = aisle centreline, y = position along it). */
async function laidOutWarehouse(t: TestApp) {
  const wh = await makeWarehouse(t);
  await layout(t, wh, { x: 0, y: 0 });
  const bins: Record<string, string> = {};
  for (const [name, aisle, x, y] of [
    ['a1', 'A', 100, 200],
    ['a9', 'A', 100, 1800],
    ['b1', 'B', 400, 200],
    ['b9', 'B', 400, 1800],
  ] as const) {
    const code = await makeBin(t, wh, unique(`BIN-${name}`));
    await layout(t, code, { aisle, x, y });
    bins[name] = code;
  }
  return { wh, bins: bins as Record<'a1' | 'a9' | 'b1' | 'b9', string> };
}

async function task(t: TestApp, listId: string, where: (task: any) => boolean) {
  const list = await t.get(`/v1/pick-lists/${listId}`);
  expect(list.status).toBe(200);
  return list.body.items.find(where);
}

describeDb('picking', () => {
  const t = useTestApp();

  it('releases a wave by rules into batch lists, picks by scan along the path, refuses wrong scans', async () => {
    const { wh, bins } = await laidOutWarehouse(t());
    const gtin = newGtin();
    const a = await makeSku(t(), { gtin });
    const b = await makeSku(t());
    await receive(t(), a, bins.b9, 10);
    await receive(t(), b, bins.a1, 10);
    const channel = await makeChannel(t(), [wh]);
    const other = await makeChannel(t(), [wh]);
    const orders = [];
    for (const promisedAt of [
      '2026-11-21T12:00:00.000Z',
      '2026-11-21T09:00:00.000Z',
      '2026-11-22T09:00:00.000Z',
    ]) {
      orders.push(
        await makeOrder(
          t(),
          channel,
          [
            { sku: a, qty: 1 },
            { sku: b, qty: 2 },
          ],
          { promisedAt },
        ),
      );
    }
    const elsewhere = await makeOrder(t(), other, [{ sku: b, qty: 1 }]);
    const held = await makeOrder(t(), channel, [{ sku: a, qty: 1 }]);
    const hold = await t().post(`/v1/orders/${held.id}/hold`, { reason: 'fraud check' });
    expect(hold.status, JSON.stringify(hold.body)).toBe(200);

    const wave = await t().post('/v1/waves', {
      warehouse: wh,
      channels: [channel],
      cutoff: '2026-11-21T23:59:59.000Z',
      pickLists: 'batch',
      ordersPerList: 1,
    });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    // The cut-off leaves the third order out, the channel rule the other channel's, the hold the held one;
    // the earliest promise comes first.
    expect(wave.body.shipments.map((s: any) => s.orderId)).toEqual([orders[1].id, orders[0].id]);
    expect(wave.body).toMatchObject({ status: 'released', orderCount: 2, lineCount: 4, warehouse: wh });
    expect(wave.body.pickLists).toHaveLength(2);
    expect(wave.body.shipments.every((s: any) => /^P\d+-01$/.test(s.tote))).toBe(true);
    for (const o of [orders[2], elsewhere, held]) {
      expect((await t().get(`/v1/orders/${o.id}`)).body.status).not.toBe('in_fulfilment');
    }

    const listId = wave.body.pickLists[0].id;
    const list = (await t().get(`/v1/pick-lists/${listId}`)).body;
    expect(list.items.map((i: any) => [i.bin, i.sku, i.qty])).toEqual([
      [bins.a1, b, 2],
      [bins.b9, a, 1],
    ]);
    expect(list.pathLengthCm).toBeLessThanOrEqual(list.naiveLengthCm);
    expect(list.items.every((i: any) => i.tote === wave.body.shipments[0].tote)).toBe(true);

    // Wrong bin, wrong item: refused, nothing changes, and the mistakes are counted.
    const first = list.items[0];
    const wrongBin = await t().post(`/v1/pick-tasks/${first.id}/confirm`, { bin: bins.b9, item: b });
    expect(wrongBin.status).toBe(422);
    expect(wrongBin.body.error).toMatchObject({ code: 'wrong_bin', details: { expected: bins.a1 } });
    const wrongItem = await t().post(`/v1/pick-tasks/${first.id}/confirm`, { bin: bins.a1, item: a });
    expect(wrongItem.status).toBe(422);
    expect(wrongItem.body.error.code).toBe('wrong_item');
    expect((await task(t(), listId, (x) => x.id === first.id)).status).toBe('open');

    const ok = await t().post(`/v1/pick-tasks/${first.id}/confirm`, { bin: bins.a1.toLowerCase(), item: b });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      task: { status: 'picked', qtyPicked: 2 },
      pickList: { status: 'picking', openTasks: 1 },
      short: null,
    });
    const again = await t().post(`/v1/pick-tasks/${first.id}/confirm`, { bin: bins.a1, item: b });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('pick_task_not_open');
    // The item by its GTIN, sent as a GS1 element string.
    const second = list.items[1];
    const byGtin = await t().post(`/v1/pick-tasks/${second.id}/confirm`, {
      bin: bins.b9,
      item: `(01)${gtin.padStart(14, '0')}`,
      tote: wave.body.shipments[0].tote,
    });
    expect(byGtin.status, JSON.stringify(byGtin.body)).toBe(200);
    expect(byGtin.body.pickList).toEqual({ id: listId, status: 'picked', openTasks: 0 });
    expect((await t().get(`/v1/waves/${wave.body.id}`)).body.status).toBe('picking');

    // Nothing is picked yet for the second list: shipping it is refused until picking is done.
    const secondShipment = wave.body.shipments[1].id;
    const early = await t().post(`/v1/shipments/${secondShipment}/ship`, { carrier: 'manual' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('picking_incomplete');
    for (const item of (await t().get(`/v1/pick-lists/${wave.body.pickLists[1].id}`)).body.items) {
      const r = await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin: item.bin, item: item.sku });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const done = (await t().get(`/v1/waves/${wave.body.id}`)).body;
    expect(done.status).toBe('picked');
    expect(done.completedAt).not.toBeNull();
    for (const s of done.shipments) {
      const shipped = await t().post(`/v1/shipments/${s.id}/ship`, {
        carrier: 'manual',
        trackingNumber: unique('T'),
      });
      expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    }
    expect((await t().get(`/v1/orders/${orders[1].id}`)).body.status).toBe('shipped');
    // Two shipped; the third order and the held one still hold theirs.
    expect(await stockOf(t(), a, bins.b9)).toEqual({ onHand: 8, reserved: 2, available: 6 });

    const floor = await t().get(`/v1/reports/warehouse?warehouse=${wh}`);
    expect(floor.status, JSON.stringify(floor.body)).toBe(200);
    expect(floor.body.errorsCaught).toEqual([
      { kind: 'pick', code: 'wrong_bin', count: 1 },
      { kind: 'pick', code: 'wrong_item', count: 1 },
    ]);
    expect(floor.body.picksPerHour.reduce((n: number, r: any) => n + r.tasks, 0)).toBe(4);
    expect(floor.body.shipments.shippedInPeriod).toBe(2);
    expect(floor.body.openOrders.byStatus.length).toBeGreaterThan(0);
  });

  it('replaces a short pick from another bin, writes the missing units off and opens a count task', async () => {
    const { wh, bins } = await laidOutWarehouse(t());
    const a = await makeSku(t());
    const c = await makeSku(t());
    const d = await makeSku(t());
    await receive(t(), a, bins.a1, 3);
    await receive(t(), c, bins.a9, 5);
    await receive(t(), d, bins.b1, 5);
    const channel = await makeChannel(t(), [wh]);
    const order = await makeOrder(t(), channel, [
      { sku: a, qty: 3 },
      { sku: c, qty: 1 },
      { sku: d, qty: 1 },
    ]);
    await receive(t(), a, bins.b9, 5);
    const wave = await t().post('/v1/waves', { warehouse: wh, orders: [order.id], pickLists: 'single' });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    const listId = wave.body.pickLists[0].id;
    const planned = (await t().get(`/v1/pick-lists/${listId}`)).body.items;
    expect(planned.map((i: any) => i.bin)).toEqual([bins.a1, bins.a9, bins.b1]);
    const first = planned[0];
    expect(first).toMatchObject({ bin: bins.a1, qty: 3 });

    const short = await t().post(`/v1/pick-tasks/${first.id}/confirm`, { bin: bins.a1, item: a, qty: 1 });
    expect(short.status, JSON.stringify(short.body)).toBe(200);
    expect(short.body.task).toMatchObject({ status: 'short', qtyPicked: 1, qtyShort: 2 });
    expect(short.body.short).toMatchObject({
      missing: 2,
      replacements: [{ bin: bins.b9, qty: 2 }],
      removedFromShipment: 0,
      shipmentVoided: false,
    });
    // The bin lost the two units it did not have; the shipment holds one there and two in the other bin.
    expect(await stockOf(t(), a, bins.a1)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    expect(await stockOf(t(), a, bins.b9)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    const moves = await t().get(`/v1/stock/moves?sku=${a}&type=adjustment`);
    expect(moves.body.items[0]).toMatchObject({
      from: bins.a1,
      to: `${wh}/@adjustment`,
      qty: 2,
      reason: 'short_pick',
    });
    const counts = await t().get(`/v1/count-tasks?warehouse=${wh}&status=open`);
    expect(counts.body.items).toEqual([
      expect.objectContaining({
        id: short.body.short.countTaskId,
        location: bins.a1,
        sku: a,
        source: 'short_pick',
      }),
    ]);

    // The open tasks are walked again from the bin just confirmed: up aisle A, across the back to the
    // replacement at the back of aisle B, down to its front — not back up aisle B for it at the end.
    const replanned = (await t().get(`/v1/pick-lists/${listId}`)).body.items;
    expect(replanned.map((i: any) => [i.bin, i.status])).toEqual([
      [bins.a1, 'short'],
      [bins.a9, 'open'],
      [bins.b9, 'open'],
      [bins.b1, 'open'],
    ]);
    expect(replanned[2].id).toBe(short.body.short.replacements[0].taskId);
    expect(replanned[0].seq).toBe(first.seq);
    const seqs = replanned.map((i: any) => i.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    let picked: any;
    for (const item of replanned.slice(1)) {
      picked = await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin: item.bin, item: item.sku });
      expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    }
    expect(picked.body.pickList.status).toBe('picked');
    const shipment = wave.body.shipments[0].id;
    const shipped = await t().post(`/v1/shipments/${shipment}/ship`, { carrier: 'manual' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('shipped');
    expect(await stockOf(t(), a, bins.b9)).toEqual({ onHand: 3, reserved: 0, available: 3 });

    // Counting the bin settles its count task.
    const counted = await t().post('/v1/stock/counts', { sku: a, location: bins.a1, countedQty: 0 });
    expect(counted.status, JSON.stringify(counted.body)).toBe(201);
    expect((await t().get(`/v1/count-tasks?warehouse=${wh}&status=open`)).body.items).toEqual([]);
  });

  it('moves what no bin has to another warehouse, or backorders it; an emptied shipment is voided', async () => {
    const wh1 = await makeWarehouse(t());
    const wh2 = await makeWarehouse(t());
    const bin1 = await makeBin(t(), wh1);
    const bin2 = await makeBin(t(), wh2);
    const a = await makeSku(t());
    const b = await makeSku(t());
    await receive(t(), a, bin1, 4);
    await receive(t(), b, bin1, 2);
    const channel = await makeChannel(t(), [wh1, wh2]);
    const order = await makeOrder(t(), channel, [
      { sku: a, qty: 4 },
      { sku: b, qty: 2 },
    ]);
    await receive(t(), a, bin2, 10);
    const wave = await t().post('/v1/waves', { warehouse: wh1, orders: [order.id] });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    const listId = wave.body.pickLists[0].id;
    const taskA = await task(t(), listId, (x) => x.sku === a);
    const short = await t().post(`/v1/pick-tasks/${taskA.id}/confirm`, { bin: bin1, item: a, qty: 1 });
    expect(short.status, JSON.stringify(short.body)).toBe(200);
    expect(short.body.short).toMatchObject({ missing: 3, replacements: [], removedFromShipment: 3 });
    const after = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(after.lines[0]).toMatchObject({ qtyAllocated: 4, qtyInFulfilment: 1, qtyBackordered: 0 });
    expect(after.lines[0].allocations).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: bin2, qty: 3 })]),
    );
    expect(after.timeline.map((e: any) => e.event)).toContain('short_pick');
    const shipment = (await t().get(`/v1/shipments/${wave.body.shipments[0].id}`)).body;
    expect(shipment.lines.map((l: any) => [l.lineNo, l.qty])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(await stockOf(t(), a, bin1)).toEqual({ onHand: 1, reserved: 1, available: 0 });

    // A single-line order whose only bin is empty and no warehouse has more: backordered, shipment voided.
    const c = await makeSku(t());
    await receive(t(), c, bin1, 2);
    const lonely = await makeChannel(t(), [wh1]);
    const order2 = await makeOrder(t(), lonely, [{ sku: c, qty: 2 }]);
    const wave2 = await t().post('/v1/waves', { warehouse: wh1, orders: [order2.id], pickLists: 'single' });
    expect(wave2.status, JSON.stringify(wave2.body)).toBe(201);
    const taskC = await task(t(), wave2.body.pickLists[0].id, () => true);
    const none = await t().post(`/v1/pick-tasks/${taskC.id}/confirm`, { bin: bin1, item: c, qty: 0 });
    expect(none.status, JSON.stringify(none.body)).toBe(200);
    expect(none.body.short).toMatchObject({ missing: 2, removedFromShipment: 2, shipmentVoided: true });
    const backordered = (await t().get(`/v1/orders/${order2.id}`)).body;
    expect(backordered.status).toBe('backordered');
    expect(backordered.lines[0]).toMatchObject({ qtyAllocated: 0, qtyBackordered: 2, qtyInFulfilment: 0 });
    expect((await t().get(`/v1/shipments/${wave2.body.shipments[0].id}`)).body).toMatchObject({
      status: 'voided',
      voidReason: 'short_pick',
    });
    expect((await t().get(`/v1/waves/${wave2.body.id}`)).body.status).toBe('picked');
    expect(await stockOf(t(), c, bin1)).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it('a kit short of one component gives up whole kits and keeps what is already in the tote', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const x = await makeSku(t());
    const y = await makeSku(t());
    const kit = await makeSku(t());
    const parts = await t().call('PUT', `/v1/skus/${kit}/components`, {
      components: [
        { sku: x, qty: 2 },
        { sku: y, qty: 1 },
      ],
    });
    expect(parts.status, JSON.stringify(parts.body)).toBe(200);
    await receive(t(), x, bin, 6);
    await receive(t(), y, bin, 3);
    const channel = await makeChannel(t(), [wh]);
    const order = await makeOrder(t(), channel, [{ sku: kit, qty: 3 }]);
    expect(order.status, JSON.stringify(order)).toBe('allocated');
    const wave = await t().post('/v1/waves', { warehouse: wh, orders: [order.id] });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    const listId = wave.body.pickLists[0].id;
    const taskY = await task(t(), listId, (i) => i.sku === y);
    expect((await t().post(`/v1/pick-tasks/${taskY.id}/confirm`, { bin, item: y })).status).toBe(200);
    const taskX = await task(t(), listId, (i) => i.sku === x);
    expect(taskX.qty).toBe(6);
    // 3 of 6 found: one kit short (2 per kit) → 2 kits stay, 1 unit of x and 1 of y go back.
    const short = await t().post(`/v1/pick-tasks/${taskX.id}/confirm`, { bin, item: x, qty: 3 });
    expect(short.status, JSON.stringify(short.body)).toBe(200);
    expect(short.body.short).toMatchObject({ missing: 3, removedFromShipment: 2 });
    const shipment = (await t().get(`/v1/shipments/${wave.body.shipments[0].id}`)).body;
    expect(shipment.lines[0].qty).toBe(1);
    const tasks = (await t().get(`/v1/pick-lists/${listId}`)).body.items;
    expect(tasks.find((i: any) => i.sku === y)).toMatchObject({
      status: 'picked',
      qtyPicked: 3,
      qtyPutBack: 2,
    });
    expect(tasks.find((i: any) => i.sku === x)).toMatchObject({
      status: 'short',
      qtyPicked: 3,
      qtyPutBack: 1,
    });
    const o = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(o.lines[0]).toMatchObject({ qtyInFulfilment: 1, qtyAllocated: 1, qtyBackordered: 2 });
    expect(await stockOf(t(), x, bin)).toEqual({ onHand: 3, reserved: 2, available: 1 });
    expect(await stockOf(t(), y, bin)).toEqual({ onHand: 3, reserved: 1, available: 2 });
  });

  it('voiding a shipment cancels its open tasks and marks picked units to put back', async () => {
    const { wh, bins } = await laidOutWarehouse(t());
    const a = await makeSku(t());
    const b = await makeSku(t());
    await receive(t(), a, bins.a9, 5);
    await receive(t(), b, bins.b1, 5);
    const channel = await makeChannel(t(), [wh]);
    const order = await makeOrder(t(), channel, [
      { sku: a, qty: 1 },
      { sku: b, qty: 1 },
    ]);
    const made = await t().post('/v1/shipments', { order: order.id });
    const list = await t().post('/v1/pick-lists', { shipments: [made.body.id] });
    expect(list.status, JSON.stringify(list.body)).toBe(201);
    expect(list.body).toMatchObject({ kind: 'single', status: 'open' });
    const dup = await t().post('/v1/pick-lists', { shipments: [made.body.id] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('shipment_already_on_pick_list');
    const [firstTask] = list.body.items;
    expect(
      (await t().post(`/v1/pick-tasks/${firstTask.id}/confirm`, { bin: firstTask.bin, item: firstTask.sku }))
        .status,
    ).toBe(200);
    const voided = await t().post(`/v1/shipments/${made.body.id}/void`, { reason: 'customer_request' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    const after = (await t().get(`/v1/pick-lists/${list.body.id}`)).body;
    expect(after.status).toBe('picked');
    expect(after.items.map((i: any) => [i.status, i.qtyPutBack])).toEqual([
      ['picked', 1],
      ['cancelled', 0],
    ]);
    const late = await t().post(`/v1/pick-tasks/${after.items[1].id}/confirm`, {
      bin: after.items[1].bin,
      item: after.items[1].sku,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('pick_task_not_open');
  });

  it('cancelling a wave voids its open shipments, keeps the shipped one and leaves the units allocated', async () => {
    const { wh, bins } = await laidOutWarehouse(t());
    const a = await makeSku(t());
    const b = await makeSku(t());
    await receive(t(), a, bins.a1, 10);
    await receive(t(), b, bins.b9, 10);
    const channel = await makeChannel(t(), [wh]);
    const orders = [];
    for (let i = 0; i < 3; i++)
      orders.push(
        await makeOrder(t(), channel, [
          { sku: a, qty: 1 },
          { sku: b, qty: 1 },
        ]),
      );
    const wave = await t().post('/v1/waves', {
      warehouse: wh,
      orders: orders.map((o) => o.id),
      pickLists: 'single',
    });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    const shipments: { id: string; orderId: string }[] = wave.body.shipments;
    expect(shipments).toHaveLength(3);
    const listIds = new Map<string, string>();
    for (const l of wave.body.pickLists) {
      const items = (await t().get(`/v1/pick-lists/${l.id}`)).body.items;
      listIds.set(items[0].shipmentId, l.id);
    }
    const listOf = (shipmentId: string) => listIds.get(shipmentId)!;
    const confirm = async (item: any) => {
      const r = await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin: item.bin, item: item.sku });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    // The first shipment is picked and shipped; the second half picked; the third untouched.
    const [gone, half, untouched] = shipments as [
      { id: string; orderId: string },
      { id: string; orderId: string },
      { id: string; orderId: string },
    ];
    for (const item of (await t().get(`/v1/pick-lists/${listOf(gone.id)}`)).body.items) await confirm(item);
    const shipped = await t().post(`/v1/shipments/${gone.id}/ship`, { carrier: 'manual' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    const halfItems = (await t().get(`/v1/pick-lists/${listOf(half.id)}`)).body.items;
    await confirm(halfItems[0]);

    // Outside the caller's warehouses the wave does not exist, and nothing changes.
    const other = await makeWarehouse(t());
    const key = await makeKey(t(), ['shipments.read', 'shipments.write'], [other]);
    const hidden = await key.call('POST', `/v1/waves/${wave.body.id}/cancel`, { reason: 'wrong cut-off' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('wave_not_found');
    expect((await t().get(`/v1/shipments/${half.id}`)).body.status).toBe('open');
    expect((await t().post(`/v1/waves/${wave.body.id}/cancel`, { reason: '' })).status).toBe(400);
    expect((await t().post('/v1/waves/wav_nope/cancel', { reason: 'x' })).body.error.code).toBe(
      'wave_not_found',
    );

    const cancelled = await t().post(`/v1/waves/${wave.body.id}/cancel`, { reason: 'wrong cut-off' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    // A shipment left: the wave keeps its picking status and says which one stayed.
    expect(cancelled.body).toMatchObject({
      id: wave.body.id,
      status: 'picked',
      voided: [half.id, untouched.id].sort(),
      kept: [{ id: gone.id, orderId: gone.orderId, status: 'shipped' }],
    });
    for (const s of [half, untouched]) {
      expect((await t().get(`/v1/shipments/${s.id}`)).body).toMatchObject({
        status: 'voided',
        voidReason: 'wrong cut-off',
      });
      const order = (await t().get(`/v1/orders/${s.orderId}`)).body;
      expect(order.status).toBe('allocated');
      expect(order.lines.map((l: any) => l.qtyInFulfilment)).toEqual([0, 0]);
      expect(order.timeline.filter((e: any) => e.event === 'shipment_voided')).toHaveLength(1);
    }
    expect((await t().get(`/v1/shipments/${gone.id}`)).body.status).toBe('shipped');
    // The two voided orders still hold their units at the bins.
    expect(await stockOf(t(), a, bins.a1)).toEqual({ onHand: 9, reserved: 2, available: 7 });
    expect(await stockOf(t(), b, bins.b9)).toEqual({ onHand: 9, reserved: 2, available: 7 });
    const halfAfter = (await t().get(`/v1/pick-lists/${listOf(half.id)}`)).body;
    expect(halfAfter.items.map((i: any) => [i.id, i.status, i.qtyPutBack])).toEqual([
      [halfItems[0].id, 'picked', 1],
      [halfItems[1].id, 'cancelled', 0],
    ]);
    const untouchedAfter = (await t().get(`/v1/pick-lists/${listOf(untouched.id)}`)).body;
    expect(untouchedAfter.status).toBe('cancelled');
    expect(untouchedAfter.items.every((i: any) => i.status === 'cancelled')).toBe(true);

    const again = await t().post(`/v1/waves/${wave.body.id}/cancel`, { reason: 'wrong cut-off' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('wave_not_open');

    // Released again and cancelled with nothing shipped: cancelled, although a list was picked.
    const wave2 = await t().post('/v1/waves', {
      warehouse: wh,
      orders: [half.orderId, untouched.orderId],
      pickLists: 'single',
    });
    expect(wave2.status, JSON.stringify(wave2.body)).toBe(201);
    for (const item of (await t().get(`/v1/pick-lists/${wave2.body.pickLists[0].id}`)).body.items)
      await confirm(item);
    const cancelled2 = await t().post(`/v1/waves/${wave2.body.id}/cancel`, { reason: 'wrong channel' });
    expect(cancelled2.status, JSON.stringify(cancelled2.body)).toBe(200);
    expect(cancelled2.body).toMatchObject({ status: 'cancelled', kept: [] });
    expect(cancelled2.body.voided).toHaveLength(2);
    expect((await t().get(`/v1/waves/${wave2.body.id}`)).body.status).toBe('cancelled');
    const again2 = await t().post(`/v1/waves/${wave2.body.id}/cancel`, { reason: 'wrong channel' });
    expect(again2.body.error).toMatchObject({ code: 'wave_not_open', details: { status: 'cancelled' } });
    expect(await stockOf(t(), a, bins.a1)).toEqual({ onHand: 9, reserved: 2, available: 7 });
  });

  it('refuses bad input and keeps other warehouses out of sight', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const a = await makeSku(t());
    await receive(t(), a, bin, 5);
    const channel = await makeChannel(t(), [wh]);
    const order = await makeOrder(t(), channel, [{ sku: a, qty: 2 }]);

    const nothing = await t().post('/v1/waves', { warehouse: wh, channels: ['NO-SUCH'] });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.code).toBe('nothing_to_wave');
    expect((await t().get(`/v1/waves?warehouse=${wh}`)).body.items).toEqual([]);
    expect((await t().post('/v1/waves', { warehouse: 'NOPE' })).body.error.code).toBe('unknown_warehouse');
    expect((await t().post('/v1/waves', { warehouse: wh, maxOrders: 0 })).status).toBe(400);
    expect((await t().post('/v1/waves', { warehouse: wh, cutoff: 'soon' })).status).toBe(400);
    expect((await t().post('/v1/waves', { warehouse: wh, extra: 1 })).status).toBe(400);

    const wave = await t().post('/v1/waves', { warehouse: wh });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    expect(wave.body.shipments.map((s: any) => s.orderId)).toEqual([order.id]);
    const item = (await t().get(`/v1/pick-lists/${wave.body.pickLists[0].id}`)).body.items[0];
    const tooMany = await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin, item: a, qty: 3 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({ code: 'pick_exceeds_task', details: { expected: 2 } });
    expect((await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin, item: a, qty: -1 })).status).toBe(400);
    const wrongTote = await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin, item: a, tote: 'X-99' });
    expect(wrongTote.body.error).toMatchObject({ code: 'wrong_tote', details: { expected: item.tote } });
    expect((await t().post('/v1/pick-tasks/pkt_nope/confirm', { bin, item: a })).status).toBe(404);
    expect((await t().get('/v1/waves/wav_nope')).status).toBe(404);

    // A key scoped to another warehouse sees none of it.
    const other = await makeWarehouse(t());
    const key = await makeKey(t(), ['shipments.read', 'shipments.write'], [other]);
    expect((await key.call('GET', `/v1/waves/${wave.body.id}`)).status).toBe(404);
    expect((await key.call('GET', `/v1/pick-lists/${wave.body.pickLists[0].id}`)).status).toBe(404);
    expect((await key.call('POST', `/v1/pick-tasks/${item.id}/confirm`, { bin, item: a })).status).toBe(404);
    expect((await key.call('GET', `/v1/waves?warehouse=${wh}`)).body.items).toEqual([]);
    expect((await key.call('GET', `/v1/reports/warehouse?warehouse=${wh}`)).status).toBe(404);
    expect((await t().get(`/v1/pick-lists/${wave.body.pickLists[0].id}`)).body.items[0].status).toBe('open');
    const ok = await t().post(`/v1/pick-tasks/${item.id}/confirm`, { bin, item: a, tote: item.tote });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});
