/** Put-away through HTTP: rules and bin capacity choose the bins, tasks hold the dock's units, a scan of the destination bin confirms (a wrong or full bin is refused and changes nothing, another storage bin with room is accepted), the units leave the dock for the bin in the ledger, a partial quantity splits the task, an arrival in storage fills backorders, and other warehouses' tasks do not exist for a scoped caller. */
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
import { makeChannel, makeOrder } from '../support/orders.js';

const enc = encodeURIComponent;

interface Floor {
  warehouse: string;
  dock: string;
  zoneA: string;
  a1: string;
  a2: string;
  fixed: string;
  overflow: string;
  o1: string;
  quarantine: string;
  spare: string;
}

async function location(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const r = await t.post('/v1/locations', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.code as string;
}

async function capacity(t: TestApp, code: string, units: number | null) {
  const r = await t.call('PUT', `/v1/locations/${enc(code)}/capacity`, { capacityUnits: units });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function rule(t: TestApp, body: Record<string, unknown>) {
  const r = await t.post('/v1/putaway-rules', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** A warehouse with a dock, zone A (two bins), a bin directly in the warehouse, an overflow zone, a quarantine bin. */
async function makeFloor(t: TestApp): Promise<Floor> {
  const warehouse = await makeWarehouse(t);
  const dock = await location(t, {
    code: unique('DOCK'),
    kind: 'bin',
    parent: warehouse,
    usage: 'receiving',
  });
  const zoneA = await location(t, { code: unique('A'), kind: 'zone', parent: warehouse });
  const overflow = await location(t, { code: unique('O'), kind: 'zone', parent: warehouse });
  return {
    warehouse,
    dock,
    zoneA,
    a1: await location(t, { code: unique('A1'), kind: 'bin', parent: zoneA }),
    a2: await location(t, { code: unique('A2'), kind: 'bin', parent: zoneA }),
    fixed: await makeBin(t, warehouse),
    overflow,
    o1: await location(t, { code: unique('O1'), kind: 'bin', parent: overflow }),
    quarantine: await location(t, {
      code: unique('QC'),
      kind: 'bin',
      parent: warehouse,
      usage: 'quarantine',
    }),
    spare: await makeBin(t, warehouse),
  };
}

const plan = (t: TestApp, body: Record<string, unknown>) => t.post('/v1/putaway-tasks', body);
const confirm = (t: TestApp, id: string, body: Record<string, unknown>) =>
  t.post(`/v1/putaway-tasks/${id}/confirm`, body);

describeDb('put-away', () => {
  const t = useTestApp();

  it('plans by rules and capacity, confirms by scanning the bin, and moves the units dock → bin', async () => {
    const f = await makeFloor(t());
    const sku = await makeSku(t(), { category: 'bulky' });
    await receive(t(), sku, f.a2, 2); // zone A already holds 2: consolidation sends more there first
    await receive(t(), sku, f.dock, 30);
    await capacity(t(), f.fixed, 10);
    await capacity(t(), f.a1, 10);
    await capacity(t(), f.a2, 10);
    const catchAll = await rule(t(), {
      warehouse: f.warehouse,
      priority: 0,
      kind: 'overflow',
      target: f.overflow,
    });
    await rule(t(), {
      warehouse: f.warehouse,
      priority: 5,
      kind: 'zone',
      category: 'bulky',
      target: f.zoneA,
    });
    const home = await rule(t(), {
      warehouse: f.warehouse,
      priority: 9,
      kind: 'fixed_bin',
      sku,
      target: f.fixed,
    });
    const listed = await t().get(`/v1/putaway-rules?warehouse=${enc(f.warehouse)}`);
    expect(listed.body.items.map((r: { kind: string }) => r.kind)).toEqual(['fixed_bin', 'zone', 'overflow']);

    const planned = await plan(t(), { warehouse: f.warehouse, source: 'RCPT-1' });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    expect(planned.body.unplaced).toEqual([]);
    expect(planned.body.tasks.map((x: any) => [x.suggestedBin, x.qty, x.status, x.from, x.source])).toEqual([
      [f.fixed, 10, 'open', f.dock, 'RCPT-1'],
      [f.a2, 8, 'open', f.dock, 'RCPT-1'],
      [f.a1, 10, 'open', f.dock, 'RCPT-1'],
      [f.o1, 2, 'open', f.dock, 'RCPT-1'],
    ]);
    expect(planned.body.tasks[0].ruleId).toBe(home.id);
    expect(planned.body.tasks[3].ruleId).toBe(catchAll.id);
    expect(await stockOf(t(), sku, f.dock)).toEqual({ onHand: 30, reserved: 30, available: 0 });
    const again = await plan(t(), { warehouse: f.warehouse });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('nothing_to_put_away');

    const [toFixed, toA2, toA1] = planned.body.tasks;
    // Scans that are not a storage bin of this warehouse with room: refused, nothing changes.
    const otherWarehouseBin = await makeBin(t(), await makeWarehouse(t()));
    const before = await ledgerSnapshot(t().db);
    for (const scanned of [f.dock, f.quarantine, f.zoneA, otherWarehouseBin, 'NO-SUCH-BIN']) {
      const wrong = await confirm(t(), toFixed.id, { bin: scanned });
      expect(wrong.status, scanned).toBe(422);
      expect(wrong.body.error.code).toBe('wrong_bin');
      expect(wrong.body.error.details).toMatchObject({ suggested: f.fixed });
    }
    const full = await confirm(t(), toA1.id, { bin: f.fixed });
    expect(full.status).toBe(422);
    expect(full.body.error.code).toBe('bin_full');
    expect(full.body.error.details).toMatchObject({
      bin: f.fixed,
      capacity: 10,
      onHand: 0,
      incoming: 10,
      free: 0,
    });
    const tooMany = await confirm(t(), toFixed.id, { bin: f.fixed, qty: 11 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.code).toBe('putaway_exceeds_task');
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect((await t().get(`/v1/putaway-tasks/${toFixed.id}`)).body.status).toBe('open');

    // The suggested bin, scanned in lower case.
    const done = await confirm(t(), toFixed.id, { bin: ` ${f.fixed.toLowerCase()} ` });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.task).toMatchObject({ status: 'done', qty: 10, to: f.fixed, suggestedBin: f.fixed });
    expect(done.body.remainder).toBeNull();
    expect(done.body.moves).toEqual([expect.objectContaining({ sku, from: f.dock, to: f.fixed, qty: 10 })]);
    expect(await stockOf(t(), sku, f.fixed)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await stockOf(t(), sku, f.dock)).toEqual({ onHand: 20, reserved: 20, available: 0 });
    const twice = await confirm(t(), toFixed.id, { bin: f.fixed });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('putaway_task_not_open');

    // Another storage bin with room than the one suggested: accepted, recorded as where the units went.
    const elsewhere = await confirm(t(), toA1.id, { bin: f.spare });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    expect(elsewhere.body.task).toMatchObject({ status: 'done', to: f.spare, suggestedBin: f.a1 });
    expect(await stockOf(t(), sku, f.spare)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await stockOf(t(), sku, f.a1)).toEqual({ onHand: 0, reserved: 0, available: 0 });

    // A partial confirmation splits the task; the rest stays open, still held at the dock.
    const part = await confirm(t(), toA2.id, { bin: f.a2, qty: 3 });
    expect(part.status, JSON.stringify(part.body)).toBe(200);
    expect(part.body.task).toMatchObject({ id: toA2.id, status: 'done', qty: 3, to: f.a2 });
    expect(part.body.remainder).toMatchObject({
      status: 'open',
      qty: 5,
      suggestedBin: f.a2,
      splitFrom: toA2.id,
      source: 'RCPT-1',
    });
    expect(await stockOf(t(), sku, f.a2)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await stockOf(t(), sku, f.dock)).toEqual({ onHand: 7, reserved: 7, available: 0 });
    const rest = await confirm(t(), part.body.remainder.id, { bin: f.a2 });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(await stockOf(t(), sku, f.a2)).toEqual({ onHand: 10, reserved: 0, available: 10 });

    const open = await t().get(`/v1/putaway-tasks?warehouse=${enc(f.warehouse)}&status=open`);
    expect(open.body.items.map((x: any) => x.suggestedBin)).toEqual([f.o1]);
    const all = await t().get(`/v1/putaway-tasks?warehouse=${enc(f.warehouse)}&limit=2`);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toEqual(expect.any(String));

    // Moves: dock → bin transfers, nothing else.
    const moves = await t().get(`/v1/stock/moves?sku=${enc(sku)}&location=${enc(f.dock)}`);
    expect(moves.status).toBe(200);
    const out = moves.body.items.filter((m: any) => m.from === f.dock);
    expect(out.map((m: any) => m.qty).sort((a: number, b: number) => a - b)).toEqual([3, 5, 10, 10]);
    expect(new Set(out.map((m: any) => m.type))).toEqual(new Set(['transfer']));
  });

  it('never plans beyond capacity, reports what fits nowhere, and refuses when nothing fits', async () => {
    const f = await makeFloor(t());
    const sku = await makeSku(t());
    await receive(t(), sku, f.dock, 8);
    await rule(t(), { warehouse: f.warehouse, priority: 1, kind: 'fixed_bin', sku, target: f.fixed });
    await capacity(t(), f.fixed, 3);
    await receive(t(), await makeSku(t()), f.fixed, 1); // another SKU takes one place

    const planned = await plan(t(), { warehouse: f.warehouse, location: f.dock });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    expect(planned.body.tasks.map((x: any) => [x.suggestedBin, x.qty])).toEqual([[f.fixed, 2]]);
    expect(planned.body.unplaced).toEqual([{ sku, location: f.dock, qty: 6 }]);
    expect(await stockOf(t(), sku, f.dock)).toEqual({ onHand: 8, reserved: 2, available: 6 });

    const before = await ledgerSnapshot(t().db);
    const none = await plan(t(), { warehouse: f.warehouse });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_putaway_location');
    expect(none.body.error.details.unplaced).toEqual([{ sku, location: f.dock, qty: 6 }]);
    expect(await ledgerSnapshot(t().db)).toEqual(before);

    // Room made: the capacity grows, the rest is planned.
    expect(await capacity(t(), f.fixed, 9)).toEqual({ location: f.fixed, capacityUnits: 9, unitsOnHand: 1 });
    const more = await plan(t(), { warehouse: f.warehouse, sku });
    expect(more.body.tasks.map((x: any) => [x.suggestedBin, x.qty])).toEqual([[f.fixed, 6]]);

    // Cancelling frees the units at the dock.
    const cancelled = await t().post(`/v1/putaway-tasks/${more.body.tasks[0].id}/cancel`, {});
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await stockOf(t(), sku, f.dock)).toEqual({ onHand: 8, reserved: 2, available: 6 });
    const cancelAgain = await t().post(`/v1/putaway-tasks/${more.body.tasks[0].id}/cancel`, {});
    expect(cancelAgain.status).toBe(409);
    expect(cancelAgain.body.error.code).toBe('putaway_task_not_open');

    // Capacity only on bins; a dock given must be a receiving location.
    const onZone = await t().call('PUT', `/v1/locations/${enc(f.zoneA)}/capacity`, { capacityUnits: 5 });
    expect(onZone.status).toBe(422);
    expect(onZone.body.error.code).toBe('capacity_not_for_kind');
    const negative = await t().call('PUT', `/v1/locations/${enc(f.a1)}/capacity`, { capacityUnits: -1 });
    expect(negative.status).toBe(400);
    const notDock = await plan(t(), { warehouse: f.warehouse, location: f.spare });
    expect(notDock.status).toBe(422);
    expect(notDock.body.error.code).toBe('not_a_receiving_location');
    const noWarehouse = await plan(t(), { warehouse: 'NO-SUCH-WH' });
    expect(noWarehouse.status).toBe(422);
    expect(noWarehouse.body.error.code).toBe('unknown_warehouse');
  });

  it('validates rules: one match at most, a fixed bin needs a SKU, the target kind and warehouse must fit', async () => {
    const f = await makeFloor(t());
    const sku = await makeSku(t());
    const bad = async (body: Record<string, unknown>, status: number, code: string) => {
      const r = await t().post('/v1/putaway-rules', { warehouse: f.warehouse, priority: 1, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
    };
    await bad({ kind: 'zone', sku, category: 'bulky', target: f.zoneA }, 422, 'invalid_putaway_rule');
    await bad({ kind: 'fixed_bin', target: f.fixed }, 422, 'invalid_putaway_rule');
    await bad({ kind: 'fixed_bin', sku, target: f.zoneA }, 422, 'invalid_putaway_target');
    await bad({ kind: 'zone', target: f.fixed }, 422, 'invalid_putaway_target');
    await bad(
      { kind: 'zone', target: await makeBin(t(), await makeWarehouse(t())) },
      422,
      'unknown_location',
    );
    await bad({ kind: 'zone', sku: 'NO-SUCH-SKU', target: f.zoneA }, 422, 'unknown_sku');
    await bad({ kind: 'shelf', target: f.zoneA }, 400, 'validation_failed');
    const made = await rule(t(), { warehouse: f.warehouse, priority: 1, kind: 'zone', target: f.zoneA });
    const patched = await t().call('PATCH', `/v1/putaway-rules/${made.id}`, {
      priority: 7,
      isActive: false,
      target: f.overflow,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ priority: 7, isActive: false, target: f.overflow });
    const wrongKind = await t().call('PATCH', `/v1/putaway-rules/${made.id}`, { target: f.fixed });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error.code).toBe('invalid_putaway_target');
    const missing = await t().call('PATCH', '/v1/putaway-rules/pwr_none', { priority: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('putaway_rule_not_found');

    // SKU category: set, changed, cleared, and checked.
    const withCategory = await t().post('/v1/skus', { code: unique('CAT'), name: 'C', category: 'frozen' });
    expect(withCategory.status).toBe(201);
    expect(withCategory.body.category).toBe('frozen');
    const cleared = await t().call('PATCH', `/v1/skus/${withCategory.body.code}`, { category: null });
    expect(cleared.body.category).toBeNull();
    const tooLong = await t().post('/v1/skus', { code: unique('CAT'), name: 'C', category: 'x'.repeat(65) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('invalid_category');
  });

  it('a put-away into storage is an arrival: a backordered order is allocated from it', async () => {
    const f = await makeFloor(t());
    const sku = await makeSku(t());
    await rule(t(), { warehouse: f.warehouse, priority: 1, kind: 'zone', target: f.zoneA });
    const channel = await makeChannel(t(), [f.warehouse]);
    const order = await makeOrder(t(), channel, [{ sku, qty: 2 }]);
    expect(order.status).toBe('backordered');
    await receive(t(), sku, f.dock, 5);
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('backordered');
    const planned = await plan(t(), { warehouse: f.warehouse });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const task = planned.body.tasks[0];
    const done = await confirm(t(), task.id, { bin: task.suggestedBin });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const filled = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(filled.status).toBe('allocated');
    expect(await stockOf(t(), sku, task.suggestedBin)).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it("treats another warehouse's tasks and rules as missing for a scoped caller", async () => {
    const f = await makeFloor(t());
    const sku = await makeSku(t());
    await receive(t(), sku, f.dock, 4);
    const r = await rule(t(), { warehouse: f.warehouse, priority: 1, kind: 'zone', target: f.zoneA });
    const planned = await plan(t(), { warehouse: f.warehouse });
    const task = planned.body.tasks[0];
    const elsewhere = await makeWarehouse(t());
    const key = await makeKey(t(), ['stock.read', 'stock.transfer', 'locations.write'], [elsewhere]);
    expect((await key.call('GET', `/v1/putaway-tasks/${task.id}`)).status).toBe(404);
    const conf = await key.call('POST', `/v1/putaway-tasks/${task.id}/confirm`, { bin: f.a1 });
    expect(conf.status).toBe(404);
    expect(conf.body.error.code).toBe('putaway_task_not_found');
    expect((await key.call('POST', `/v1/putaway-tasks/${task.id}/cancel`, {})).status).toBe(404);
    expect((await key.call('GET', '/v1/putaway-tasks')).body.items).toEqual([]);
    expect((await key.call('GET', '/v1/putaway-rules')).body.items).toEqual([]);
    expect((await key.call('PATCH', `/v1/putaway-rules/${r.id}`, { priority: 2 })).status).toBe(404);
    const plannedThere = await key.call('POST', '/v1/putaway-tasks', { warehouse: f.warehouse });
    expect(plannedThere.status).toBe(422);
    expect(plannedThere.body.error.code).toBe('unknown_warehouse');
    const cap = await key.call('PUT', `/v1/locations/${enc(f.a1)}/capacity`, { capacityUnits: 1 });
    expect(cap.status).toBe(404);
    expect((await t().get(`/v1/putaway-tasks/${task.id}`)).body.status).toBe('open');
  });
});
