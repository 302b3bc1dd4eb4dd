/**
 * Receiving raced across server processes on one PostgreSQL: many clients receiving the last units of a
 * purchase-order line at once never take it beyond ordered + tolerance — the accepted receipts add up to
 * exactly what the line credits and what the dock holds, the refused ones are 422 over_receipt_tolerance
 * and left nothing behind — and two inspectors deciding the same QC line end with one decision.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { type CallResult, call, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 3;
const CLIENTS = 8;

const codes = (rs: readonly CallResult[]) =>
  rs.map((r) => (r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`)).sort();

describeDb('receiving across server processes', () => {
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  const via = (i: number) => servers[i % servers.length]!.baseUrl;

  async function ok(method: string, path: string, body: unknown, status = 201): Promise<CallResult> {
    const r = await call(via(0), method, path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  }

  beforeAll(async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url!, readyTimeoutMs: 120_000 });
    await ok('POST', '/v1/locations', { code: 'RRW', kind: 'warehouse' });
    await ok('POST', '/v1/locations', { code: 'DOCK', kind: 'bin', parent: 'RRW', usage: 'receiving' });
    await ok('POST', '/v1/locations', { code: 'QC', kind: 'bin', parent: 'RRW', usage: 'quarantine' });
    await ok('POST', '/v1/skus', { code: 'RR-1', name: 'Race item' });
    // 10 % tolerance: a line of 50 takes at most 55.
    await ok('POST', '/v1/suppliers', {
      code: 'RACE-SUP',
      name: 'Race supplier',
      currency: 'EUR',
      overReceiptToleranceBp: 1000,
    });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await fresh?.drop();
  });

  const newPo = async (qty: number) => {
    const po = await ok('POST', '/v1/purchase-orders', {
      supplier: 'RACE-SUP',
      warehouse: 'RRW',
      lines: [{ sku: 'RR-1', qty, unitCostMinor: 100 }],
    });
    await ok('POST', `/v1/purchase-orders/${po.body.id}/send`, {}, 200);
    return po.body.id as string;
  };

  it('concurrent receipts of a line never exceed ordered + tolerance, and the ledger agrees', async () => {
    let docked = 0;
    for (let round = 0; round < 4; round++) {
      const poId = await newPo(50);
      // 46 of 50 are in; the line may take 9 more. Clients bring 2 to 10 units (some damaged): a receipt
      // that would pass 55 is refused, and once one takes the line to 50 or more the order is received.
      await ok('POST', `/v1/purchase-orders/${poId}/receipts`, { lines: [{ lineNo: 1, qty: 46 }] });
      docked += 46;
      const sizes = [2, 4, 6, 10];
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call(via(i), 'POST', `/v1/purchase-orders/${poId}/receipts`, {
            lines: [{ lineNo: 1, qty: sizes[(i + round) % sizes.length]! - (i % 2), damaged: i % 2 }],
          }),
        ),
      );
      for (const r of results) expect([201, 409, 422], JSON.stringify(r.body)).toContain(r.status);
      const accepted = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status !== 201);
      for (const r of refused)
        expect(['over_receipt_tolerance', 'purchase_order_not_open']).toContain(r.body.error.code);
      expect(accepted.length, codes(results).join(', ')).toBeGreaterThanOrEqual(1);
      const units = accepted.reduce((n, r) => n + r.body.lines[0].qty + r.body.lines[0].qtyDamaged, 0);
      docked += accepted.reduce((n, r) => n + r.body.lines[0].qty, 0);
      const { rows } = await fresh.db.query<{ qty_received: string; receipts: string; lines: string }>(
        `SELECT l.qty_received,
                (SELECT count(*) FROM receipts r WHERE r.po_id = l.po_id) AS receipts,
                (SELECT coalesce(sum(x.qty + x.qty_damaged), 0) FROM receipt_lines x JOIN receipts r ON r.receipt_id = x.receipt_id
                  WHERE r.po_id = l.po_id) AS lines
           FROM purchase_order_lines l WHERE l.po_id = $1`,
        [poId],
      );
      expect(Number(rows[0]!.qty_received), codes(results).join(', ')).toBeLessThanOrEqual(55);
      expect(Number(rows[0]!.qty_received)).toBeGreaterThanOrEqual(48);
      expect(Number(rows[0]!.qty_received)).toBe(46 + units);
      expect(Number(rows[0]!.lines)).toBe(46 + units);
      expect(Number(rows[0]!.receipts)).toBe(1 + accepted.length);
    }
    const { rows } = await fresh.db.query<{ on_hand: string }>(
      `SELECT b.on_hand FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
        JOIN skus s ON s.sku_id = b.sku_id WHERE l.code = 'RRW/DOCK' AND s.code = 'RR-1'`,
    );
    expect(Number(rows[0]!.on_hand)).toBe(docked);
    const report = await checkLedger(fresh.db, { expiryGraceSeconds: 3600 });
    expect(report.problems).toEqual([]);
  }, 240_000);

  it('two inspectors deciding the same QC line: one decision, one set of moves', async () => {
    for (let round = 0; round < 3; round++) {
      const poId = await newPo(10);
      const receipt = await ok('POST', `/v1/purchase-orders/${poId}/receipts`, {
        qc: true,
        lines: [{ lineNo: 1, qty: 10 }],
      });
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          call(via(i), 'POST', `/v1/receipts/${receipt.body.id}/qc`, {
            lines: [{ lineNo: 1, accept: 8, reject: 2, rejectTo: i % 2 === 0 ? 'supplier' : 'scrap' }],
          }),
        ),
      );
      expect(codes(results)).toEqual([
        '200',
        '409 qc_not_pending',
        '409 qc_not_pending',
        '409 qc_not_pending',
      ]);
      const { rows } = await fresh.db.query<{ moves: number; rejected: number }>(
        `SELECT (SELECT count(*)::int FROM stock_moves m JOIN receipts r ON r.number = m.reference
                  WHERE r.receipt_id = $1 AND m.reason IN ('transfer', 'rejected')) AS moves,
                (SELECT qty_rejected::int FROM purchase_order_lines WHERE po_id = $2) AS rejected`,
        [receipt.body.id, poId],
      );
      expect(rows[0]).toEqual({ moves: 2, rejected: 2 });
    }
    const report = await checkLedger(fresh.db, { expiryGraceSeconds: 3600 });
    expect(report.problems).toEqual([]);
  }, 240_000);
});
