/** Counts with expectedQty racing through four server processes behave as compare-and-set: every accepted count was applied to exactly the quantity it expected, every refused one is told the current quantity, and on hand ends at the last accepted count. */
import { expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import {
  type CallResult,
  call,
  runClients,
  type ServerProcess,
  seededRandom,
  startServers,
  testSeed,
} from '../support/servers.js';

const CLIENTS = 16;
const PROCESSES = 4;
const ITERATIONS = 12;
const INITIAL_QTY = 50;

describeDb('racing counts across server processes', () => {
  it('applies each accepted count against the quantity it expected and refuses stale ones', async () => {
    const seed = testSeed();
    const at = `(seed ${seed}; rerun with COULISSE_TEST_SEED=${seed})`;
    const fresh: FreshDatabase = await freshDatabase({ poolSize: 3 });
    let servers: ServerProcess[] = [];
    try {
      servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
      const admin = servers[0]!.baseUrl;
      const sku = 'COUNT-1';
      expect((await call(admin, 'POST', '/v1/skus', { code: sku, name: 'Counted' })).status).toBe(201);
      expect((await call(admin, 'POST', '/v1/locations', { code: 'WC', kind: 'warehouse' })).status).toBe(
        201,
      );
      const binReply = await call(admin, 'POST', '/v1/locations', { code: 'B1', kind: 'bin', parent: 'WC' });
      expect(binReply.status).toBe(201);
      const bin: string = binReply.body.code;
      const receipt = await call(admin, 'POST', '/v1/stock/receipts', {
        sku,
        location: bin,
        qty: INITIAL_QTY,
      });
      expect(receipt.status).toBe(201);
      const stockPath = `/v1/stock?sku=${sku}&location=${encodeURIComponent(bin)}&includeZero=true`;

      const sent: { expectedQty: number; countedQty: number; reply: CallResult }[] = [];
      const rngs = Array.from({ length: CLIENTS }, (_, client) => seededRandom(seed + client));
      await runClients(
        CLIENTS,
        async (client) => {
          const rng = rngs[client]!;
          // Read through one process, count through another: the processes share nothing but the database.
          const read = await call(servers[client % PROCESSES]!.baseUrl, 'GET', stockPath);
          expect(read.status).toBe(200);
          const expectedQty: number = read.body.items[0].onHand;
          // Never equal to what was read, so every accepted count writes a move and has a place in the ledger.
          const step = rng.int(1, 4) * (rng.next() < 0.5 ? -1 : 1);
          const countedQty = expectedQty + step >= 0 ? expectedQty + step : expectedQty - step;
          const reply = await call(servers[(client + 1) % PROCESSES]!.baseUrl, 'POST', '/v1/stock/counts', {
            sku,
            location: bin,
            countedQty,
            expectedQty,
          });
          sent.push({ expectedQty, countedQty, reply });
        },
        { iterations: ITERATIONS },
      );

      expect(sent).toHaveLength(CLIENTS * ITERATIONS);
      const accepted = sent.filter((s) => s.reply.status === 201);
      const refused = sent.filter((s) => s.reply.status !== 201);
      for (const s of accepted) {
        expect(s.reply.body.count, at).toMatchObject({
          countedQty: s.countedQty,
          expectedQty: s.expectedQty,
          previousQty: s.expectedQty,
          delta: s.countedQty - s.expectedQty,
        });
        expect(s.reply.body.move, at).not.toBeNull();
      }
      for (const s of refused) {
        expect(s.reply.status, JSON.stringify(s.reply.body)).toBe(409);
        expect(s.reply.body.error, at).toMatchObject({
          code: 'expected_quantity_mismatch',
          details: { sku, location: bin, expectedQty: s.expectedQty },
        });
        expect(s.reply.body.error.details.currentQty).not.toBe(s.expectedQty);
      }
      // Without a race there would be nothing to prove.
      expect(accepted.length, at).toBeGreaterThan(1);
      expect(refused.length, at).toBeGreaterThan(0);

      // The database's own record of each count: previous = expected, for every count that had an expectation.
      const { rows } = await fresh.db.query<{
        count_id: string;
        counted_qty: number;
        expected_qty: number | null;
        previous_qty: number;
        move_seq: number | null;
      }>(
        `SELECT c.count_id, c.counted_qty, c.expected_qty, c.previous_qty, m.move_seq
           FROM stock_counts c LEFT JOIN stock_moves m ON m.move_id = c.move_id
          ORDER BY m.move_seq`,
      );
      expect(rows.map((r) => r.count_id).sort()).toEqual(accepted.map((s) => s.reply.body.count.id).sort());
      const mismatched = rows.filter((r) => r.expected_qty !== null && r.previous_qty !== r.expected_qty);
      expect(mismatched, at).toEqual([]);
      expect(rows.every((r) => r.move_seq !== null)).toBe(true);

      // In ledger order the accepted counts form one chain: each found what the one before it left.
      let onHand = INITIAL_QTY;
      for (const r of rows) {
        expect(r.previous_qty, `count ${r.count_id} in ledger order ${at}`).toBe(onHand);
        onHand = r.counted_qty;
      }
      const last = rows.at(-1)!;
      for (const server of servers) {
        const final = await call(server.baseUrl, 'GET', stockPath);
        expect(final.body.items[0]).toMatchObject({ onHand: last.counted_qty, reserved: 0 });
      }
      const report = await checkLedger(fresh.db);
      expect(report.problems, at).toEqual([]);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await fresh.drop();
    }
  });
});
