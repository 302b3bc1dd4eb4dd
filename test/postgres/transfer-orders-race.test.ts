/**
 * Transfer orders raced across server processes on one PostgreSQL: several clients shipping the same
 * transfer order ship it once (stock leaves the source bins once), several receiving it in full receive it
 * once, and ship against cancel ends in one outcome. The ledger is checked at the end.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 2;
const CLIENTS = 6;
const ROUNDS = 8;

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('transfer orders across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const via = (i: number) => servers[i % servers.length]!.baseUrl;

  async function ok(path: string, body: unknown, status = 201): Promise<CallResult> {
    const r = await call(via(0), 'POST', path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  }

  const race = (path: string, body: unknown) =>
    Promise.all(Array.from({ length: CLIENTS }, (_, i) => call(via(i), 'POST', path, body)));

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    // Generous start-up wait: each process compiles the sources, and the test machine may be busy.
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url!, readyTimeoutMs: 150_000 });
    await ok('/v1/locations', { code: 'TRA', kind: 'warehouse' });
    await ok('/v1/locations', { code: 'TRB', kind: 'warehouse' });
    await ok('/v1/locations', { code: 'A-01', kind: 'bin', parent: 'TRA' });
    await ok('/v1/locations', { code: 'A-02', kind: 'bin', parent: 'TRA' });
    await ok('/v1/locations', { code: 'DOCK', kind: 'bin', parent: 'TRB', usage: 'receiving' });
    await ok('/v1/skus', { code: 'TR-1', name: 'TR-1' });
    await ok('/v1/stock/receipts', { sku: 'TR-1', location: 'TRA/A-01', qty: 20 });
    await ok('/v1/stock/receipts', { sku: 'TR-1', location: 'TRA/A-02', qty: 1_000 });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  const newOrder = async (qty: number) =>
    (await ok('/v1/transfers', { from: 'TRA', to: 'TRB', lines: [{ sku: 'TR-1', qty }] })).body.id as string;

  it('ships a transfer order once and receives it once, however many clients ask at once', async () => {
    let units = 0;
    for (let n = 0; n < ROUNDS; n++) {
      const qty = 3 + (n % 4);
      const id = await newOrder(qty);
      const shipped = await race(`/v1/transfers/${id}/ship`, {});
      expect(codes(shipped), `round ${n}`).toEqual([
        '200',
        ...Array(CLIENTS - 1).fill('409 transfer_order_not_requested'),
      ]);
      const received = await race(`/v1/transfers/${id}/receive`, { lines: [{ lineNo: 1, qty }] });
      const winners = received.filter((r) => r.status === 200);
      expect(winners, `round ${n}: ${codes(received)}`).toHaveLength(1);
      for (const r of received.filter((x) => x.status !== 200)) {
        // Losers either found it received or found nothing left in transit for their units.
        expect(['transfer_order_not_in_transit', 'over_receipt']).toContain(r.body?.error?.code);
      }
      expect(winners[0]!.body.status).toBe('received');
      units += qty;
    }
    const { rows } = await fresh.db.query<{ out: number; in: number; src: number; dock: number }>(
      `SELECT (SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE move_type = 'transfer_out')::int AS out,
              (SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE move_type = 'transfer_in')::int AS in,
              (SELECT sum(on_hand) FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
                WHERE l.code IN ('TRA/A-01', 'TRA/A-02'))::int AS src,
              (SELECT on_hand FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
                WHERE l.code = 'TRB/DOCK')::int AS dock`,
    );
    expect(rows[0]).toEqual({ out: units, in: units, src: 1_020 - units, dock: units });
  }, 240_000);

  it('ship against cancel: one of them wins, and the ledger agrees', async () => {
    for (let n = 0; n < ROUNDS; n++) {
      const id = await newOrder(2);
      const [ship, cancel] = await Promise.all([
        call(via(n), 'POST', `/v1/transfers/${id}/ship`, {}),
        call(via(n + 1), 'POST', `/v1/transfers/${id}/cancel`, {}),
      ]);
      const statuses = [ship.status, cancel.status].sort();
      expect(statuses, `${JSON.stringify(ship.body)} ${JSON.stringify(cancel.body)}`).toEqual([200, 409]);
      const { rows } = await fresh.db.query<{ status: string; moves: number }>(
        `SELECT o.status, (SELECT count(*) FROM stock_moves m JOIN transfer_order_picks p
                             ON p.stock_transfer_id = m.transfer_id WHERE p.transfer_order_id = o.transfer_order_id)::int AS moves
           FROM transfer_orders o WHERE o.transfer_order_id = $1`,
        [id],
      );
      expect(rows[0]).toEqual(
        ship.status === 200 ? { status: 'shipped', moves: 1 } : { status: 'cancelled', moves: 0 },
      );
    }
    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
