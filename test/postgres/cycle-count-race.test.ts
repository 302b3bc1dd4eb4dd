/** Two or more counters on one count task through separate server processes: exactly one count is recorded (the others get 409 count_task_not_open), on hand ends at the winner's count, and a manager's approve racing a reject on a waiting count settles it once. */
import { expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 2;
const COUNTERS = 6;
const ROUNDS = 4;

describeDb('racing counts of one count task across server processes', () => {
  it('records one count per task; approve and reject of one count settle it once', {
    timeout: 240_000,
  }, async () => {
    const fresh: FreshDatabase = await freshDatabase({ poolSize: 3 });
    let servers: ServerProcess[] = [];
    try {
      servers = await startServers(PROCESSES, { databaseUrl: fresh.url!, readyTimeoutMs: 150_000 });
      const admin = servers[0]!.baseUrl;
      expect((await call(admin, 'POST', '/v1/locations', { code: 'WR', kind: 'warehouse' })).status).toBe(
        201,
      );
      for (let round = 0; round < ROUNDS; round++) {
        const sku = `RACE-${round}`;
        expect((await call(admin, 'POST', '/v1/skus', { code: sku, name: 'Raced' })).status).toBe(201);
        const bin = (
          await call(admin, 'POST', '/v1/locations', { code: `R${round}`, kind: 'bin', parent: 'WR' })
        ).body.code as string;
        expect(
          (await call(admin, 'POST', '/v1/stock/receipts', { sku, location: bin, qty: 30 })).status,
        ).toBe(201);
        // Even rounds post at once (no threshold); odd rounds wait for approval (no variance allowed).
        const waits = round % 2 === 1;
        const plan = await call(admin, 'POST', '/v1/count-plans', {
          warehouse: 'WR',
          kind: 'location',
          locations: [bin],
          ...(waits ? { varianceThreshold: { units: 0 } } : {}),
        });
        expect(plan.status, JSON.stringify(plan.body)).toBe(201);
        const generated = await call(admin, 'POST', `/v1/count-plans/${plan.body.id}/generate`, {});
        expect(generated.body.created).toBe(1);
        const taskId = generated.body.taskIds[0] as string;

        const replies: { countedQty: number; reply: CallResult }[] = await Promise.all(
          Array.from({ length: COUNTERS }, async (_, i) => {
            const countedQty = 20 + i;
            const reply = await call(
              servers[i % PROCESSES]!.baseUrl,
              'POST',
              `/v1/count-tasks/${taskId}/count`,
              {
                countedQty,
              },
            );
            return { countedQty, reply };
          }),
        );
        const won = replies.filter((r) => r.reply.status === 200);
        const lost = replies.filter((r) => r.reply.status !== 200);
        expect(won, JSON.stringify(replies.map((r) => r.reply.body))).toHaveLength(1);
        for (const l of lost) {
          expect(l.reply.status, JSON.stringify(l.reply.body)).toBe(409);
          expect(l.reply.body.error.code).toBe('count_task_not_open');
        }
        const winner = won[0]!;
        const stock = await call(
          admin,
          'GET',
          `/v1/stock?sku=${sku}&location=${encodeURIComponent(bin)}&includeZero=true`,
        );
        const task = await call(admin, 'GET', `/v1/count-tasks/${taskId}`);
        expect(task.body).toMatchObject({ countedQty: winner.countedQty, expectedQty: 30 });
        if (!waits) {
          expect(task.body.status).toBe('done');
          expect(stock.body.items[0].onHand).toBe(winner.countedQty);
          continue;
        }
        expect(task.body.status).toBe('counted');
        expect(stock.body.items[0].onHand).toBe(30);
        const [approve, reject] = await Promise.all([
          call(servers[1]!.baseUrl, 'POST', `/v1/count-tasks/${taskId}/approve`, {}),
          call(servers[0]!.baseUrl, 'POST', `/v1/count-tasks/${taskId}/reject`, { reason: 'race' }),
        ]);
        const statuses = [approve.status, reject.status].sort();
        expect(statuses, JSON.stringify([approve.body, reject.body])).toEqual([200, 409]);
        const loser = approve.status === 409 ? approve : reject;
        expect(loser.body.error.code).toBe('count_task_not_counted');
        const after = await call(
          admin,
          'GET',
          `/v1/stock?sku=${sku}&location=${encodeURIComponent(bin)}&includeZero=true`,
        );
        expect(after.body.items[0].onHand).toBe(approve.status === 200 ? winner.countedQty : 30);
      }
      const { rows } = await fresh.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_counts`);
      // One stock count per posted task: the even rounds, and the odd rounds whose approval won.
      expect(rows[0]!.n).toBeGreaterThanOrEqual(ROUNDS / 2);
      expect((await checkLedger(fresh.db)).problems).toEqual([]);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await fresh.drop();
    }
  });
});
