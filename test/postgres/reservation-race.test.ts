/** Concurrent reservations through four server processes never hold more than is on hand, and the ledger checker does catch the oversell when the stock guard is removed. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { type CallResult, call, runClients, type ServerProcess, startServers } from '../support/servers.js';

const ON_HAND = 100;
const ATTEMPTS = 200;
const CLIENTS = 64;
const PROCESSES = 4;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Stock {
  sku: string;
  bin: string;
}

/** A SKU with ON_HAND units in a new bin of a new warehouse, made through the API. */
async function stockedBin(server: ServerProcess, tag: string): Promise<Stock> {
  const sku = `RACE-${tag}`;
  const skuReply = await call(server.baseUrl, 'POST', '/v1/skus', { code: sku, name: `Race ${tag}` });
  expect(skuReply.status, JSON.stringify(skuReply.body)).toBe(201);
  const wh = await call(server.baseUrl, 'POST', '/v1/locations', { code: `WR${tag}`, kind: 'warehouse' });
  expect(wh.status, JSON.stringify(wh.body)).toBe(201);
  const bin = await call(server.baseUrl, 'POST', '/v1/locations', {
    code: 'B1',
    kind: 'bin',
    parent: `WR${tag}`,
  });
  expect(bin.status, JSON.stringify(bin.body)).toBe(201);
  const receipt = await call(server.baseUrl, 'POST', '/v1/stock/receipts', {
    sku,
    location: bin.body.code,
    qty: ON_HAND,
  });
  expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
  return { sku, bin: bin.body.code };
}

/** CLIENTS clients, each bound to one process, share ATTEMPTS attempts to reserve one unit. */
async function reserveRace(servers: ServerProcess[], stock: Stock): Promise<CallResult[]> {
  let next = 0;
  const replies: CallResult[] = [];
  await runClients(CLIENTS, async (client) => {
    const attempt = next++;
    if (attempt >= ATTEMPTS) return false;
    const server = servers[client % servers.length]!;
    replies.push(
      await call(server.baseUrl, 'POST', '/v1/reservations', {
        lines: [{ sku: stock.sku, location: stock.bin, qty: 1 }],
        reference: `race-${attempt}`,
      }),
    );
    return true;
  });
  return replies;
}

function tally(replies: CallResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replies) {
    const key = r.status === 409 || r.status === 422 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

async function balanceOf(server: ServerProcess, stock: Stock) {
  const r = await call(
    server.baseUrl,
    'GET',
    `/v1/stock?sku=${encodeURIComponent(stock.sku)}&location=${encodeURIComponent(stock.bin)}&includeZero=true`,
  );
  expect(r.status).toBe(200);
  expect(r.body.items).toHaveLength(1);
  const item = r.body.items[0];
  return {
    onHand: item.onHand as number,
    reserved: item.reserved as number,
    available: item.available as number,
  };
}

/** `coulisse check` as an operator runs it: exit 0 when the ledger is sound, 1 listing the problems. */
function cliCheck(databaseUrl: string): Promise<{ exitCode: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'check', '--no-expire'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode, stdout: `${stdout}${stderr}` });
      },
    );
  });
}

describeDb('reservation race across server processes', () => {
  let fresh: FreshDatabase | undefined;
  let servers: ServerProcess[] = [];

  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await fresh?.drop();
    fresh = undefined;
  });

  it('lets exactly 100 of 200 concurrent one-unit reservations through for 100 on hand', async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
    const stock = await stockedBin(servers[0]!, 'G');

    const replies = await reserveRace(servers, stock);

    expect(replies).toHaveLength(ATTEMPTS);
    expect(tally(replies)).toEqual({ '201': ON_HAND, '409 insufficient_stock': ATTEMPTS - ON_HAND });
    const created = replies.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(ON_HAND);
    for (const r of created) {
      expect(r.body).toMatchObject({
        status: 'open',
        lines: [{ sku: stock.sku, location: stock.bin, qty: 1, postedQty: 0 }],
      });
    }
    for (const r of replies.filter((x) => x.status === 409)) {
      expect(r.body.error.details).toMatchObject({
        sku: stock.sku,
        location: stock.bin,
        requested: 1,
        available: 0,
      });
    }

    const report = await checkLedger(fresh.db);
    expect(report.problems).toEqual([]);
    expect(report.stats.openReservations).toBe(ON_HAND);
    for (const server of servers) {
      expect(await balanceOf(server, stock)).toEqual({ onHand: ON_HAND, reserved: ON_HAND, available: 0 });
    }
    const { rows } = await fresh.db.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM reservations WHERE status = 'open' AND reference LIKE 'race-%'`,
    );
    expect(rows[0]!.n).toBe(ON_HAND);
    const cli = await cliCheck(fresh.url!);
    expect(cli, 'coulisse check on a sound ledger').toMatchObject({ exitCode: 0 });
    expect(cli.stdout).toContain('Ledger OK');
  });

  it('detects the oversell when the guarded statement is replaced by a racy read-modify-write', async () => {
    fresh = await freshDatabase({ poolSize: 3 });
    // Without this constraint the database would still refuse the oversell; the point is to show that the
    // checker catches what gets past every guard.
    await fresh.db.exec('ALTER TABLE stock_balances DROP CONSTRAINT stock_balances_on_hand_check');
    servers = await startServers(PROCESSES, {
      databaseUrl: fresh.url!,
      env: { NODE_ENV: 'test', COULISSE_UNSAFE_DISABLE_STOCK_GUARD: '1' },
    });

    const rounds: { successes: number; onHand: number; reserved: number; problems: number }[] = [];
    let detected: { stock: Stock; successes: number; balance: { onHand: number; reserved: number } } | null =
      null;
    // The race is a matter of timing; a round where it happens not to trigger is repeated on a new SKU.
    for (let round = 1; round <= 3 && detected === null; round++) {
      const stock = await stockedBin(servers[0]!, `U${round}`);
      const replies = await reserveRace(servers, stock);
      const successes = replies.filter((r) => r.status === 201).length;
      const balance = await balanceOf(servers[0]!, stock);
      const report = await checkLedger(fresh.db);
      rounds.push({ successes, ...balance, problems: report.problems.length });
      // What the test itself can see, independently of the checker: more holds than stock, or a balance
      // whose reserved count is not the number of holds that were granted.
      const oversold =
        successes > ON_HAND || balance.reserved > balance.onHand || balance.reserved !== successes;
      // A checker that misses what the test sees, or sees what did not happen, is wrong either way.
      expect(!report.ok, `checker verdict in round ${round}: ${JSON.stringify(report.problems)}`).toBe(
        oversold,
      );
      if (oversold) {
        expect(report.problems.map((p) => p.check)).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^(reserved_matches_reservations|physical_not_oversold)$/),
          ]),
        );
        expect(report.problems.every((p) => p.key.sku === stock.sku)).toBe(true);
        detected = { stock, successes, balance };
      }
    }
    expect(detected, `the race never triggered: ${JSON.stringify(rounds)}`).not.toBeNull();

    const cli = await cliCheck(fresh.url!);
    expect(cli, 'coulisse check on an oversold ledger').toMatchObject({ exitCode: 1 });
    expect(cli.stdout).toMatch(/\d+ problem\(s\)/);
    expect(cli.stdout).toContain(detected!.stock.sku);
  });
});
