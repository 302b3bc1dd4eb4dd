/** The same Idempotency-Key and body sent at once by 16 clients through four server processes takes effect once, and every caller gets the same answer, all but one marked as replayed. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const CLIENTS = 16;
const PROCESSES = 4;

describeDb('idempotency keys across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const sku = 'IDEM-1';
  let bin = '';

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
    const admin = servers[0]!.baseUrl;
    expect((await call(admin, 'POST', '/v1/skus', { code: sku, name: 'Idempotent' })).status).toBe(201);
    expect((await call(admin, 'POST', '/v1/locations', { code: 'WI', kind: 'warehouse' })).status).toBe(201);
    const r = await call(admin, 'POST', '/v1/locations', { code: 'B1', kind: 'bin', parent: 'WI' });
    expect(r.status).toBe(201);
    bin = r.body.code;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  /** CLIENTS calls at once, client i through process i mod PROCESSES. */
  const together = (path: string, body: (client: number) => unknown, key: string) =>
    Promise.all(
      Array.from({ length: CLIENTS }, (_, client) =>
        call(servers[client % PROCESSES]!.baseUrl, 'POST', path, body(client), { 'Idempotency-Key': key }),
      ),
    );

  /** One original and CLIENTS - 1 replays of it, all with the same status and body. */
  function expectOneEffect(replies: CallResult[], status: number) {
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => status));
    for (const r of replies) expect(r.body).toEqual(replies[0]!.body);
    const replayed = replies.filter((r) => r.headers.get('idempotent-replayed') === 'true');
    expect(replayed).toHaveLength(CLIENTS - 1);
  }

  it('creates one move for a receipt sent 16 times at once', async () => {
    const body = { sku, location: bin, qty: 7, reference: 'idem-receipt' };
    const replies = await together('/v1/stock/receipts', () => body, 'idem-receipt-key');
    expectOneEffect(replies, 201);
    const { rows } = await fresh.db.query<{ move_id: string; qty: number }>(
      `SELECT move_id, qty FROM stock_moves WHERE reference = 'idem-receipt'`,
    );
    expect(rows).toEqual([{ move_id: replies[0]!.body.moves[0].id, qty: 7 }]);

    // The key stays bound to its request: another body under it changes nothing.
    const reused = await call(
      servers[3]!.baseUrl,
      'POST',
      '/v1/stock/receipts',
      { ...body, qty: 8 },
      { 'Idempotency-Key': 'idem-receipt-key' },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const after = await fresh.db.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM stock_moves WHERE reference = 'idem-receipt'`,
    );
    expect(after.rows[0]!.n).toBe(1);
  });

  it('creates one reservation, then posts it once, when each call is sent 16 times at once', async () => {
    const hold = { lines: [{ sku, location: bin, qty: 3 }], reference: 'idem-hold' };
    const reserved = await together('/v1/reservations', () => hold, 'idem-hold-key');
    expectOneEffect(reserved, 201);
    expect(reserved[0]!.body).toMatchObject({ status: 'open', reference: 'idem-hold' });
    const holds = await fresh.db.query<{ reservation_id: string }>(
      `SELECT reservation_id FROM reservations WHERE reference = 'idem-hold'`,
    );
    expect(holds.rows).toEqual([{ reservation_id: reserved[0]!.body.id }]);

    const id: string = reserved[0]!.body.id;
    const posted = await together(`/v1/reservations/${id}/post`, () => ({}), 'idem-post-key');
    expectOneEffect(posted, 200);
    expect(posted[0]!.body.reservation.status).toBe('posted');
    const moves = await fresh.db.query<{ move_id: string; qty: number }>(
      'SELECT move_id, qty FROM stock_moves WHERE reservation_id = $1',
      [id],
    );
    expect(moves.rows).toEqual([{ move_id: posted[0]!.body.moves[0].id, qty: 3 }]);
    const stock = await call(
      servers[1]!.baseUrl,
      'GET',
      `/v1/stock?sku=${sku}&location=${bin}&includeZero=true`,
    );
    expect(stock.body.items[0]).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
  });

  it('lets one of two different bodies sent at once under the same key win; the other gets 422', async () => {
    const bodies = [
      { sku, location: bin, qty: 1, reference: 'idem-split-a' },
      { sku, location: bin, qty: 2, reference: 'idem-split-b' },
    ];
    const replies = await together('/v1/stock/receipts', (client) => bodies[client % 2], 'idem-split-key');
    const won = replies.filter((r) => r.status === 201);
    const lost = replies.filter((r) => r.status !== 201);
    expect(won).toHaveLength(CLIENTS / 2);
    for (const r of won) expect(r.body).toEqual(won[0]!.body);
    expect(won.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect(lost.map((r) => [r.status, r.body.error?.code])).toEqual(
      lost.map(() => [422, 'idempotency_key_reused']),
    );
    const { rows } = await fresh.db.query<{ reference: string }>(
      `SELECT reference FROM stock_moves WHERE reference LIKE 'idem-split-%'`,
    );
    expect(rows).toEqual([{ reference: won[0]!.body.moves[0].reference }]);
  });

  it('leaves a sound ledger', async () => {
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
    expect(report.stats.moves).toBe(3);
  });
});
