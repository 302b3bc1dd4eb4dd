/**
 * Put-away raced across server processes on one PostgreSQL: several operators confirming the same task get
 * one confirmation (one move dock → bin, the others 409 putaway_task_not_open), and two tasks confirmed at
 * once into a bin with room for only one of them fill it exactly (the other 422 bin_full). The ledger is
 * checked at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 2;
const CLIENTS = 4;
const TASKS = 8;

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('put-away across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const via = (i: number) => servers[i % servers.length]!.baseUrl;

  async function ok(method: string, path: string, body: unknown, status = 201): Promise<CallResult> {
    const r = await call(via(0), method, path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  }

  const units = async (sku: string, location: string) =>
    Number(
      (
        await fresh.db.query<{ on_hand: string }>(
          `SELECT coalesce(sum(b.on_hand), 0) AS on_hand FROM stock_balances b
             JOIN skus s ON s.sku_id = b.sku_id JOIN locations l ON l.location_id = b.location_id
            WHERE s.code = $1 AND l.code = $2`,
          [sku, location],
        )
      ).rows[0]!.on_hand,
    );

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
    await ok('POST', '/v1/locations', { code: 'PRW', kind: 'warehouse' });
    await ok('POST', '/v1/locations', { code: 'DOCK', kind: 'bin', parent: 'PRW', usage: 'receiving' });
    await ok('POST', '/v1/locations', { code: 'Z', kind: 'zone', parent: 'PRW' });
    for (const bin of ['Z-01', 'Z-02', 'Z-03'])
      await ok('POST', '/v1/locations', { code: bin, kind: 'bin', parent: 'PRW/Z' });
    await ok('POST', '/v1/locations', { code: 'SMALL', kind: 'bin', parent: 'PRW' });
    await ok('PUT', `/v1/locations/${encodeURIComponent('PRW/SMALL')}/capacity`, { capacityUnits: 5 }, 200);
    await ok('POST', '/v1/putaway-rules', { warehouse: 'PRW', priority: 0, kind: 'zone', target: 'PRW/Z' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  it('one confirmation per task, however many operators scan it at once', async () => {
    await ok('POST', '/v1/skus', { code: 'PR-1', name: 'PR-1' });
    for (let n = 0; n < TASKS; n++) {
      await ok('POST', '/v1/stock/receipts', { sku: 'PR-1', location: 'PRW/DOCK', qty: 3 });
      const planned = await ok('POST', '/v1/putaway-tasks', { warehouse: 'PRW', source: `R-${n}` });
      expect(planned.body.tasks).toHaveLength(1);
      const task = planned.body.tasks[0];
      const bins = ['PRW/Z-01', 'PRW/Z-02', 'PRW/Z-03'];
      const confirmed = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(via(i), 'POST', `/v1/putaway-tasks/${task.id}/confirm`, { bin: bins[i % bins.length] }),
        ),
      );
      expect(codes(confirmed), `task ${n}`).toEqual([
        '200',
        ...Array(CLIENTS - 1).fill('409 putaway_task_not_open'),
      ]);
    }
    const { rows } = await fresh.db.query<{ moves: number; qty: number }>(
      `SELECT count(*)::int AS moves, coalesce(sum(m.qty), 0)::int AS qty FROM stock_moves m
         JOIN locations l ON l.location_id = m.from_location_id WHERE l.code = 'PRW/DOCK'`,
    );
    expect(rows[0]).toEqual({ moves: TASKS, qty: TASKS * 3 });
    expect(await units('PR-1', 'PRW/DOCK')).toBe(0);
    expect(
      (await units('PR-1', 'PRW/Z-01')) +
        (await units('PR-1', 'PRW/Z-02')) +
        (await units('PR-1', 'PRW/Z-03')),
    ).toBe(TASKS * 3);
  }, 240_000);

  it('two tasks into a bin with room for one: it is filled exactly, the other is refused', async () => {
    await ok('POST', '/v1/skus', { code: 'PR-2', name: 'PR-2' });
    for (let n = 0; n < 4; n++) {
      await ok('POST', '/v1/stock/receipts', { sku: 'PR-2', location: 'PRW/DOCK', qty: 10 });
      const planned = await ok('POST', '/v1/putaway-tasks', { warehouse: 'PRW', sku: 'PR-2' });
      const [task] = planned.body.tasks;
      // Split the planned task in two of 5, then race both into the small bin.
      const part = await ok('POST', `/v1/putaway-tasks/${task.id}/confirm`, { bin: 'PRW/Z-01', qty: 5 }, 200);
      await ok('POST', '/v1/stock/receipts', { sku: 'PR-2', location: 'PRW/DOCK', qty: 5 });
      const second = (await ok('POST', '/v1/putaway-tasks', { warehouse: 'PRW', sku: 'PR-2' })).body.tasks[0];
      const first = part.body.remainder;
      const before = await units('PR-2', 'PRW/SMALL');
      const raced = await Promise.all([
        call(via(n), 'POST', `/v1/putaway-tasks/${first.id}/confirm`, { bin: 'PRW/SMALL' }),
        call(via(n + 1), 'POST', `/v1/putaway-tasks/${second.id}/confirm`, { bin: 'PRW/SMALL' }),
      ]);
      if (before === 0) {
        expect(codes(raced), `round ${n}`).toEqual(['200', '422 bin_full']);
        expect(await units('PR-2', 'PRW/SMALL')).toBe(5);
      } else {
        expect(codes(raced), `round ${n}`).toEqual(['422 bin_full', '422 bin_full']);
      }
      // Empty the small bin for the next round and put the refused task away elsewhere.
      if ((await units('PR-2', 'PRW/SMALL')) > 0)
        await ok('POST', '/v1/stock/transfers', { sku: 'PR-2', from: 'PRW/SMALL', to: 'PRW/Z-02', qty: 5 });
      const refused = raced[0]!.status === 200 ? second : first;
      await ok('POST', `/v1/putaway-tasks/${refused.id}/confirm`, { bin: 'PRW/Z-03' }, 200);
    }
    expect(await units('PR-2', 'PRW/DOCK')).toBe(0);
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
