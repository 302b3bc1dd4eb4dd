/** Killing a server process with SIGKILL in the middle of a stream of writes loses no acknowledged write and leaves a sound ledger, and every write that got no answer is settled exactly once by retrying it with its Idempotency-Key. */
import { expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import {
  call,
  runClients,
  type ServerProcess,
  seededRandom,
  startServers,
  testSeed,
} from '../support/servers.js';

const WRITERS = 4;
const ROUNDS = 3;
const WRITE_PAUSE_MS = 20;
const DOWN_PAUSE_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Receipt {
  sku: string;
  location: string;
  qty: number;
  reference: string;
}

describeDb('kill -9 of a server process during writes', () => {
  it('keeps every acknowledged receipt and settles the unanswered ones once, over three crashes', async () => {
    const rng = seededRandom(testSeed());
    const at = `(seed ${rng.seed}; rerun with COULISSE_TEST_SEED=${rng.seed})`;
    const fresh: FreshDatabase = await freshDatabase({ poolSize: 3 });
    const servers: ServerProcess[] = [];
    try {
      servers.push(...(await startServers(2, { databaseUrl: fresh.url! })));
      // A restarted process listens on its old port, so the writers keep their two addresses throughout.
      const urls = servers.map((s) => s.baseUrl);
      const sku = 'CRASH-1';
      expect((await call(urls[0]!, 'POST', '/v1/skus', { code: sku, name: 'Crash' })).status).toBe(201);
      expect((await call(urls[0]!, 'POST', '/v1/locations', { code: 'WK', kind: 'warehouse' })).status).toBe(
        201,
      );
      const binReply = await call(urls[0]!, 'POST', '/v1/locations', {
        code: 'B1',
        kind: 'bin',
        parent: 'WK',
      });
      expect(binReply.status).toBe(201);
      const bin: string = binReply.body.code;

      let seq = 0;
      let totalQty = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const acked = new Map<string, { qty: number; moveId: string }>();
        const unanswered = new Map<string, Receipt>();
        const unexpected: unknown[] = [];
        let stop = false;
        // A steady stream rather than a flood: two cores also have to restart the victim meanwhile.
        const writers = runClients(WRITERS, async () => {
          if (stop) return false;
          const n = ++seq;
          const key = `crash-${n}`;
          const body: Receipt = { sku, location: bin, qty: n, reference: key };
          totalQty += n;
          try {
            const r = await call(urls[n % urls.length]!, 'POST', '/v1/stock/receipts', body, {
              'Idempotency-Key': key,
            });
            if (r.status === 201) acked.set(key, { qty: n, moveId: r.body.moves[0].id });
            else unexpected.push({ key, status: r.status, body: r.body });
            await sleep(WRITE_PAUSE_MS);
          } catch {
            // No answer: the write may or may not have been committed.
            unanswered.set(key, body);
            await sleep(DOWN_PAUSE_MS);
          }
          return true;
        });

        const killAfterMs = rng.int(300, 1500);
        const victimIndex = rng.int(0, servers.length - 1);
        const victim = servers[victimIndex]!;
        await sleep(killAfterMs);
        const ackedBeforeKill = acked.size;
        victim.kill('SIGKILL');
        expect((await victim.exited).signal).toBe('SIGKILL');
        await sleep(300);
        servers[victimIndex] = await victim.restart();
        await sleep(500);
        stop = true;
        await writers;
        const where = `round ${round}: killed pid ${victim.pid} after ${killAfterMs} ms ${at}`;

        expect(unexpected, where).toEqual([]);
        expect(ackedBeforeKill, where).toBeGreaterThan(0);
        expect(servers[victimIndex]!.pid).not.toBe(victim.pid);

        // Every acknowledged write is in the ledger, as acknowledged.
        const { rows } = await fresh.db.query<{ move_id: string; qty: number; reference: string }>(
          'SELECT move_id, qty, reference FROM stock_moves WHERE move_id = ANY($1::text[])',
          [[...acked.values()].map((a) => a.moveId)],
        );
        const found = new Map(rows.map((r) => [r.reference, r]));
        for (const [key, a] of acked) {
          expect(found.get(key), `acknowledged ${key} ${where}`).toEqual({
            move_id: a.moveId,
            qty: a.qty,
            reference: key,
          });
        }

        // A write without an answer is retried with its key: replayed if it had been committed, applied now
        // if not, and in both cases present exactly once.
        const committed = await fresh.db.query<{ reference: string; move_id: string }>(
          'SELECT reference, move_id FROM stock_moves WHERE reference = ANY($1::text[])',
          [[...unanswered.keys()]],
        );
        const committedBefore = new Map(committed.rows.map((r) => [r.reference, r.move_id]));
        const retries = [...unanswered];
        await runClients(8, async () => {
          const next = retries.pop();
          if (!next) return false;
          const [key, body] = next;
          const r = await call(urls[0]!, 'POST', '/v1/stock/receipts', body, { 'Idempotency-Key': key });
          expect(r.status, `retry of ${key} ${where}: ${JSON.stringify(r.body)}`).toBe(201);
          const before = committedBefore.get(key);
          expect(r.headers.get('idempotent-replayed') === 'true', `retry of ${key} ${where}`).toBe(
            before !== undefined,
          );
          if (before !== undefined) expect(r.body.moves[0].id).toBe(before);
          return true;
        });

        const perKey = await fresh.db.query<{ reference: string; n: number; qty: number }>(
          `SELECT reference, count(*)::bigint AS n, sum(qty)::bigint AS qty FROM stock_moves
            WHERE reference LIKE 'crash-%' GROUP BY reference`,
        );
        expect(
          perKey.rows.filter((r) => r.n !== 1),
          where,
        ).toEqual([]);
        expect(perKey.rows.length, where).toBe(seq);
        expect(new Set(perKey.rows.map((r) => r.reference))).toEqual(
          new Set(Array.from({ length: seq }, (_, i) => `crash-${i + 1}`)),
        );

        const report = await checkLedger(fresh.db);
        expect(report.problems, where).toEqual([]);
        const stock = await call(urls[1]!, 'GET', `/v1/stock?sku=${sku}&location=${encodeURIComponent(bin)}`);
        expect(stock.body.items[0], where).toMatchObject({ onHand: totalQty, reserved: 0 });
      }
      expect(totalQty).toBe((seq * (seq + 1)) / 2);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await fresh.drop();
    }
  });
});
