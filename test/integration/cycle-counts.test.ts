/**
 * Cycle counts through HTTP: plans make count tasks (by location, with "confirm empty" bins, and by ABC
 * class from shipped sales value); a blind task hides the ledger's quantity from a warehouse operator and
 * shows it to a manager; a count within the threshold posts a count move at once, one above waits for a
 * manager who approves it (the variance posted with reason count, applied to today's on hand) or rejects
 * it (a recount opens); losses and short picks open tasks in the same list; the accuracy report adds it up;
 * bad input changes nothing; tasks and plans elsewhere are as missing.
 */
import { expect, it } from 'vitest';
import { signIn } from '../support/access.js';
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
import { makeChannel, makeOrder, orderBody } from '../support/orders.js';

async function plan(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const r = await t.post('/v1/count-plans', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

async function generate(t: TestApp, planId: string) {
  const r = await t.post(`/v1/count-plans/${planId}/generate`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { created: number; alreadyPending: number; taskIds: string[] };
}

async function tasksOf(t: TestApp, planId: string) {
  const r = await t.get(`/v1/count-tasks?plan=${planId}&limit=500`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as any[];
}

/** Ships `qty` of `sku` at `unitPriceMinor` from the warehouse (channel stocked from it). */
async function sell(t: TestApp, warehouse: string, sku: string, qty: number, unitPriceMinor: number) {
  const channel = await makeChannel(t, [warehouse]);
  const order = await t.post('/v1/orders', orderBody(channel, [{ sku, qty, unitPriceMinor }]));
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const shipment = await t.post('/v1/shipments', { order: order.body.id });
  expect(shipment.status, JSON.stringify(shipment.body)).toBe(201);
  const shipped = await t.post(`/v1/shipments/${shipment.body.id}/ship`, { carrier: 'manual' });
  expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
}

describeDb('cycle counts', () => {
  const t = useTestApp();

  it('location plan: blind tasks hide the expected quantity from an operator, a count within threshold posts at once', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const empty = await makeBin(t(), wh);
    const sku = await makeSku(t());
    await receive(t(), sku, bin, 10);
    const operator = await signIn(t(), 'warehouse_operator', [wh]);
    const manager = await signIn(t(), 'manager', [wh]);

    const created = await manager.call('POST', '/v1/count-plans', {
      warehouse: wh,
      kind: 'location',
      locations: [bin, empty],
      varianceThreshold: { units: 2 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'location', blind: true, locations: [bin, empty].sort() });
    const planId = created.body.id as string;
    expect(await generate(t(), planId)).toMatchObject({ created: 2, alreadyPending: 0 });
    expect(await generate(t(), planId)).toMatchObject({ created: 0, alreadyPending: 2 });

    const seen = (await operator.call('GET', `/v1/count-tasks?plan=${planId}`)).body.items;
    expect(seen).toHaveLength(2);
    for (const task of seen)
      expect(task).toMatchObject({ status: 'open', blind: true, expectedQty: null, source: 'plan' });
    const skuTask = seen.find((x: any) => x.sku !== null);
    const emptyTask = seen.find((x: any) => x.sku === null);
    expect(skuTask.location).toBe(bin);
    expect(emptyTask.location).toBe(empty);
    expect((await operator.call('GET', `/v1/count-tasks/${skuTask.id}`)).body.expectedQty).toBeNull();
    expect((await manager.call('GET', `/v1/count-tasks/${skuTask.id}`)).body.expectedQty).toBe(10);
    const managerList = (await manager.call('GET', `/v1/count-tasks?plan=${planId}`)).body.items;
    expect(managerList.map((x: any) => x.expectedQty).sort()).toEqual([0, 10]);

    const counted = await operator.call('POST', `/v1/count-tasks/${skuTask.id}/count`, { countedQty: 9 });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    expect(counted.body).toMatchObject({ posted: true });
    expect(counted.body.task).toMatchObject({
      status: 'done',
      countedQty: 9,
      expectedQty: null,
      variance: null,
    });
    expect(await stockOf(t(), sku, bin)).toMatchObject({ onHand: 9 });
    const moves = await t().get(`/v1/stock/moves?sku=${sku}&type=count`);
    expect(moves.body.items).toEqual([
      expect.objectContaining({
        id: counted.body.moveId,
        from: bin,
        to: `${wh}/@adjustment`,
        qty: 1,
        reason: 'count',
      }),
    ]);
    expect((await manager.call('GET', `/v1/count-tasks/${skuTask.id}`)).body).toMatchObject({
      expectedQty: 10,
      countedQty: 9,
      variance: -1,
      withinThreshold: true,
    });

    const again = await operator.call('POST', `/v1/count-tasks/${skuTask.id}/count`, { countedQty: 9 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'count_task_not_open', details: { status: 'done' } });

    const stray = await operator.call('POST', `/v1/count-tasks/${emptyTask.id}/count`, { countedQty: 2 });
    expect(stray.status).toBe(422);
    expect(stray.body.error.code).toBe('sku_required');
    const confirmed = await operator.call('POST', `/v1/count-tasks/${emptyTask.id}/count`, { countedQty: 0 });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.task).toMatchObject({ status: 'done', countedQty: 0, sku: null });
    const refreshed = (await manager.call('GET', `/v1/count-plans/${planId}`)).body;
    expect(refreshed.tasks).toMatchObject({ open: 0, done: 2 });
  });

  it("a count above threshold waits; approval posts the variance (reason count) on today's on hand; rejection opens a recount", async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const [a, b] = [await makeSku(t()), await makeSku(t())];
    await receive(t(), a, bin, 20);
    await receive(t(), b, bin, 8);
    const operator = await signIn(t(), 'warehouse_operator', [wh]);
    const manager = await signIn(t(), 'manager', [wh]);
    const planId = await plan(t(), {
      warehouse: wh,
      kind: 'location',
      locations: [bin],
      varianceThreshold: { units: 2, percent: 10 },
    });
    await generate(t(), planId);
    const tasks = await tasksOf(t(), planId);
    const ta = tasks.find((x) => x.sku === a);
    const tb = tasks.find((x) => x.sku === b);

    const counted = await operator.call('POST', `/v1/count-tasks/${ta.id}/count`, { countedQty: 15 });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    expect(counted.body).toMatchObject({ posted: false, moveId: null });
    expect(counted.body.task).toMatchObject({
      status: 'counted',
      countedQty: 15,
      variance: null,
      withinThreshold: false,
    });
    expect(await stockOf(t(), a, bin)).toMatchObject({ onHand: 20 });

    const refused = await operator.call('POST', `/v1/count-tasks/${ta.id}/approve`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');

    // Three more units arrive after the count: the approval applies the counted −5 to today's 23.
    await receive(t(), a, bin, 3);
    const approved = await manager.call('POST', `/v1/count-tasks/${ta.id}/approve`, {
      reason: 'checked twice',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.task).toMatchObject({
      status: 'approved',
      expectedQty: 20,
      countedQty: 15,
      variance: -5,
      approvalReason: 'checked twice',
    });
    expect(await stockOf(t(), a, bin)).toMatchObject({ onHand: 18 });
    const moves = await t().get(`/v1/stock/moves?sku=${a}&type=count`);
    expect(moves.body.items).toEqual([
      expect.objectContaining({ id: approved.body.moveId, qty: 5, reason: 'count' }),
    ]);
    const twice = await manager.call('POST', `/v1/count-tasks/${ta.id}/approve`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('count_task_not_counted');

    const high = await operator.call('POST', `/v1/count-tasks/${tb.id}/count`, { countedQty: 12 });
    expect(high.body.task.status).toBe('counted');
    const noReason = await manager.call('POST', `/v1/count-tasks/${tb.id}/reject`, {});
    expect(noReason.status).toBe(400);
    const rejected = await manager.call('POST', `/v1/count-tasks/${tb.id}/reject`, {
      reason: 'miscount, pallet behind',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.task).toMatchObject({
      status: 'rejected',
      countedQty: 12,
      approvalReason: 'miscount, pallet behind',
    });
    expect(rejected.body.recount).toMatchObject({
      status: 'open',
      sku: b,
      location: bin,
      planId,
      recountOf: tb.id,
      blind: true,
    });
    expect(await stockOf(t(), b, bin)).toMatchObject({ onHand: 8 });
    const recount = await operator.call('POST', `/v1/count-tasks/${rejected.body.recount.id}/count`, {
      countedQty: 8,
    });
    expect(recount.body).toMatchObject({ posted: true, task: { status: 'done' } });
  });

  it("a negative adjustment opens a count task; a short pick's task is in the same list", async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const other = await makeBin(t(), wh);
    const sku = await makeSku(t());
    await receive(t(), sku, bin, 5);
    const up = await t().post('/v1/stock/adjustments', { sku, location: bin, delta: 1, reason: 'found' });
    expect(up.status).toBe(201);
    expect((await t().get(`/v1/count-tasks?warehouse=${wh}`)).body.items).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const down = await t().post('/v1/stock/adjustments', {
        sku,
        location: bin,
        delta: -1,
        reason: 'damage',
      });
      expect(down.status, JSON.stringify(down.body)).toBe(201);
    }
    const afterLoss = (await t().get(`/v1/count-tasks?warehouse=${wh}&status=open`)).body.items;
    expect(afterLoss).toEqual([
      expect.objectContaining({
        location: bin,
        sku,
        source: 'negative_adjustment',
        blind: false,
        expectedQty: 4,
      }),
    ]);

    const picked = await makeSku(t());
    await receive(t(), picked, other, 2);
    const order = await makeOrder(t(), await makeChannel(t(), [wh]), [{ sku: picked, qty: 2 }]);
    const wave = await t().post('/v1/waves', { warehouse: wh, orders: [order.id], pickLists: 'single' });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    const list = await t().get(`/v1/pick-lists/${wave.body.pickLists[0].id}`);
    const pick = list.body.items[0];
    const short = await t().post(`/v1/pick-tasks/${pick.id}/confirm`, { bin: other, item: picked, qty: 1 });
    expect(short.status, JSON.stringify(short.body)).toBe(200);
    const all = (await t().get(`/v1/count-tasks?warehouse=${wh}&status=open`)).body.items;
    expect(all.map((x: any) => x.source).sort()).toEqual(['negative_adjustment', 'short_pick']);
    const shortTask = all.find((x: any) => x.source === 'short_pick');
    expect(shortTask).toMatchObject({ id: short.body.short.countTaskId, location: other, sku: picked });
    const counted = await t().post(`/v1/count-tasks/${shortTask.id}/count`, { countedQty: 1 });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    expect(counted.body).toMatchObject({ posted: true, task: { status: 'done', variance: 0 } });
  });

  it('ABC: classes by shipped value, an ABC plan counts what is due and not what was just counted', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const [top, mid, low, idle] = [
      await makeSku(t()),
      await makeSku(t()),
      await makeSku(t()),
      await makeSku(t()),
    ];
    for (const s of [top, mid, low, idle]) await receive(t(), s, bin, 10);
    await sell(t(), wh, top, 4, 2000); // 8000
    await sell(t(), wh, mid, 1, 1500); // 1500
    await sell(t(), wh, low, 1, 500); // 500
    const report = await t().get(`/v1/reports/abc?warehouse=${wh}&days=30`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ currency: 'EUR', totalValueMinor: 10000 });
    expect(report.body.items.map((i: any) => [i.sku, i.abcClass, i.valueMinor])).toEqual([
      [top, 'A', 8000],
      [mid, 'B', 1500],
      [low, 'C', 500],
      [idle, 'C', 0],
    ]);
    expect(report.body.classes).toEqual([
      { abcClass: 'A', skus: 1, valueMinor: 8000 },
      { abcClass: 'B', skus: 1, valueMinor: 1500 },
      { abcClass: 'C', skus: 2, valueMinor: 500 },
    ]);

    // Count the top seller now: with A every 30 days it is not due; the others never were counted.
    const counted = await t().post('/v1/stock/counts', { sku: top, location: bin, countedQty: 6 });
    expect(counted.status, JSON.stringify(counted.body)).toBe(201);
    const planId = await plan(t(), {
      warehouse: wh,
      kind: 'abc',
      frequencies: { A: 30, B: 90, C: 180 },
      windowDays: 30,
    });
    const generated = await generate(t(), planId);
    expect(generated.created).toBe(3);
    const tasks = await tasksOf(t(), planId);
    expect(tasks.map((x) => [x.sku, x.abcClass, x.source]).sort()).toEqual(
      [
        [mid, 'B', 'abc'],
        [low, 'C', 'abc'],
        [idle, 'C', 'abc'],
      ].sort(),
    );
  });

  it('accuracy report: counts, exact and within-threshold rates, units and value variance by class', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const [a, b, c] = [await makeSku(t()), await makeSku(t()), await makeSku(t())];
    for (const s of [a, b, c]) await receive(t(), s, bin, 10);
    await sell(t(), wh, a, 1, 300);
    const planId = await plan(t(), {
      warehouse: wh,
      kind: 'location',
      locations: [bin],
      currency: 'EUR',
      varianceThreshold: { units: 1, valueMinor: 10000 },
    });
    await generate(t(), planId);
    const tasks = await tasksOf(t(), planId);
    const byS = (s: string) => tasks.find((x) => x.sku === s).id;
    // a: 9 on hand after the sale, 7 counted: −2 exceeds 1 unit and waits; at 300 a unit, −600.
    expect((await t().post(`/v1/count-tasks/${byS(a)}/count`, { countedQty: 7 })).body.task).toMatchObject({
      status: 'counted',
      variance: -2,
      varianceValueMinor: -600,
      currency: 'EUR',
    });
    await t().post(`/v1/count-tasks/${byS(a)}/approve`, {});
    await t().post(`/v1/count-tasks/${byS(b)}/count`, { countedQty: 10 });
    await t().post(`/v1/count-tasks/${byS(c)}/count`, { countedQty: 11 });
    const r = await t().get(`/v1/reports/inventory-accuracy?warehouse=${wh}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.total).toEqual({
      counts: 3,
      zeroVariance: 1,
      zeroVariancePercent: 33.3,
      withinThreshold: 2,
      withinThresholdPercent: 66.7,
      rejected: 0,
      absUnitsVariance: 3,
      netUnitsVariance: -1,
      value: [{ currency: 'EUR', netMinor: -600, absMinor: 600 }],
    });
    expect(r.body.rows).toEqual([expect.objectContaining({ warehouse: wh, abcClass: null, counts: 3 })]);
    const none = await t().get(`/v1/reports/inventory-accuracy?warehouse=${wh}&until=2020-01-01T00:00:00Z`);
    expect(none.body.total.counts).toBe(0);
    const bad = await t().get(
      `/v1/reports/inventory-accuracy?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_period');
  });

  it('bad input: stable codes, nothing changed', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const sku = await makeSku(t());
    await receive(t(), sku, bin, 4);
    const planId = await plan(t(), {
      warehouse: wh,
      kind: 'location',
      locations: [bin],
      varianceThreshold: { units: 0 },
    });
    await generate(t(), planId);
    const [task] = await tasksOf(t(), planId);
    const before = await ledgerSnapshot(t().db);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/v1/count-plans', { warehouse: wh, kind: 'location' }, 422, 'plan_locations_required'],
      ['POST', '/v1/count-plans', { warehouse: wh, kind: 'abc' }, 422, 'abc_frequencies_required'],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: 'NOPE', kind: 'location', prefix: 'X' },
        422,
        'unknown_warehouse',
      ],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: wh, kind: 'location', locations: ['NOPE/1'] },
        422,
        'unknown_location',
      ],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: wh, kind: 'location', locations: [`${wh}/@scrap`] },
        422,
        'location_not_physical',
      ],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: wh, kind: 'sometimes', locations: [bin] },
        400,
        'validation_failed',
      ],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: wh, kind: 'location', locations: [bin], varianceThreshold: { percent: 101 } },
        400,
        'invalid_threshold',
      ],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: wh, kind: 'location', locations: [bin], varianceThreshold: { valueMinor: 5 } },
        422,
        'currency_required',
      ],
      [
        'POST',
        '/v1/count-plans',
        { warehouse: wh, kind: 'location', locations: [bin], extra: 1 },
        400,
        'unknown_field',
      ],
      ['POST', `/v1/count-tasks/${task.id}/count`, { countedQty: -1 }, 400, 'invalid_quantity'],
      ['POST', `/v1/count-tasks/${task.id}/count`, { countedQty: 1.5 }, 400, 'invalid_quantity'],
      ['POST', `/v1/count-tasks/${task.id}/count`, {}, 400, 'validation_failed'],
      ['POST', `/v1/count-tasks/${task.id}/count`, { countedQty: 4, sku: 'OTHER' }, 422, 'sku_mismatch'],
      ['POST', '/v1/count-tasks/cnk_nope/count', { countedQty: 1 }, 404, 'count_task_not_found'],
      ['POST', `/v1/count-tasks/${task.id}/approve`, {}, 409, 'count_task_not_counted'],
      ['POST', `/v1/count-tasks/${task.id}/reject`, { reason: 'no' }, 409, 'count_task_not_counted'],
      ['POST', '/v1/count-plans/cpl_nope/generate', {}, 404, 'count_plan_not_found'],
      ['GET', '/v1/count-plans/cpl_nope', undefined, 404, 'count_plan_not_found'],
      ['GET', '/v1/count-tasks/cnk_nope', undefined, 404, 'count_task_not_found'],
      ['GET', '/v1/count-tasks?status=lost', undefined, 400, 'validation_failed'],
      ['GET', `/v1/reports/abc?warehouse=${wh}&days=0`, undefined, 400, 'invalid_period'],
      ['GET', '/v1/reports/abc', undefined, 400, 'validation_failed'],
    ];
    for (const [method, url, body, status, code] of cases) {
      const r = await t().call(method, url, body);
      expect({ url, body, status: r.status, code: r.body?.error?.code }).toEqual({ url, body, status, code });
    }
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect((await t().get(`/v1/count-tasks/${task.id}`)).body.status).toBe('open');
    // Below reserved: the count would set on hand under what is promised; refused, nothing written.
    const reserve = await t().post('/v1/reservations', {
      lines: [{ sku, location: bin, qty: 3 }],
      reference: 'HOLD',
    });
    expect(reserve.status, JSON.stringify(reserve.body)).toBe(201);
    const low = await t().post(`/v1/count-tasks/${task.id}/count`, { countedQty: 4 - 4 });
    expect(low.status).toBe(409);
    expect(low.body.error.code).toBe('count_below_reserved');
    expect((await t().get(`/v1/count-tasks/${task.id}`)).body.status).toBe('open');
    await t().post(`/v1/reservations/${reserve.body.id}/void`, {});
  });

  it('scope: plans and tasks of another warehouse are as missing', async () => {
    const mine = await makeWarehouse(t());
    const theirs = await makeWarehouse(t());
    const [binMine, binTheirs] = [await makeBin(t(), mine), await makeBin(t(), theirs)];
    const sku = await makeSku(t());
    await receive(t(), sku, binMine, 2);
    await receive(t(), sku, binTheirs, 2);
    const theirPlan = await plan(t(), { warehouse: theirs, kind: 'location', locations: [binTheirs] });
    await generate(t(), theirPlan);
    const [theirTask] = await tasksOf(t(), theirPlan);
    const manager = await signIn(t(), 'manager', [mine]);
    const operator = await signIn(t(), 'warehouse_operator', [mine]);
    const before = await ledgerSnapshot(t().db);
    for (const [who, method, url, body] of [
      [manager, 'GET', `/v1/count-plans/${theirPlan}`, undefined],
      [manager, 'POST', `/v1/count-plans/${theirPlan}/generate`, {}],
      [operator, 'GET', `/v1/count-tasks/${theirTask.id}`, undefined],
      [operator, 'POST', `/v1/count-tasks/${theirTask.id}/count`, { countedQty: 2 }],
      [manager, 'POST', `/v1/count-tasks/${theirTask.id}/approve`, {}],
    ] as const) {
      const r = await who.call(method, url, body);
      expect([url, r.status]).toEqual([url, 404]);
    }
    const create = await manager.call('POST', '/v1/count-plans', {
      warehouse: theirs,
      kind: 'location',
      locations: [binTheirs],
    });
    expect(create.status).toBe(422);
    expect(create.body.error.code).toBe('unknown_warehouse');
    expect(
      (await operator.call('GET', '/v1/count-tasks?limit=500')).body.items.map((x: any) => x.warehouse),
    ).not.toContain(theirs);
    expect((await manager.call('GET', '/v1/count-plans')).body.items.map((x: any) => x.id)).not.toContain(
      theirPlan,
    );
    expect(await ledgerSnapshot(t().db)).toEqual(before);
  });
});
