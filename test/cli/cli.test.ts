/**
 * The `coulisse` command line on the embedded database: demo + check, imports with per-row errors,
 * stock queries, a check that catches a corrupted balance, the data-directory lock, and config errors.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openPglite } from '../../src/db/index.js';
import { buildApp } from '../../src/http/app.js';

const root = join(import.meta.dirname, '..', '..');

function run(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timeout: coulisse ${args.join(' ')}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('coulisse CLI [pglite]', () => {
  let dir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coulisse-cli-'));
    env = { COULISSE_DATA_DIR: join(dir, 'data') };
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo shop and checks it clean; refuses to seed twice', async () => {
    const demo = await run(['demo'], env, 120_000);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/Demo data: 200 SKUs, \d+ locations, \d+ moves, \d+ reservations/);
    const check = await run(['check', '--json'], env);
    expect(check.code, check.stdout).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.stats.skus).toBe(200);
    expect(report.stats.moves).toBeGreaterThan(400);
    const again = await run(['demo'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has data/);

    // The printed sign-in works: the owner and the Paris picker sign in, the key answers.
    const password = /^\s*password\s+(\S+)$/m.exec(demo.stdout)?.[1];
    const key = /API key \(owner\)\s+(ck_\S+)/.exec(demo.stdout)?.[1];
    expect(password, demo.stdout).toBeDefined();
    expect(key, demo.stdout).toBeDefined();
    const db = await openPglite({ dataDir: env.COULISSE_DATA_DIR! });
    const app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
    try {
      for (const [email, role] of [
        ['owner@demo.coulisse.dev', 'owner'],
        ['picker.paris@demo.coulisse.dev', 'warehouse_operator'],
      ] as const) {
        const login = await app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email, password },
        });
        expect(login.statusCode, login.body).toBe(200);
        expect(login.json().user.role).toBe(role);
      }
      const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${key}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ kind: 'api_key', role: 'owner', warehouses: null });
    } finally {
      await app.close();
      await db.close();
    }
  }, 180_000);

  it('manages staff, keys and the audit trail from the command line', async () => {
    const created = await run(
      [
        'users',
        'create',
        '--email',
        'Ops@Shop.Example',
        '--name',
        'Ops',
        '--role',
        'manager',
        '--warehouse',
        'PAR',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created manager ops@shop.example/);
    expect(created.stdout).toMatch(/Password \(shown once/);
    const bad = await run(['users', 'create', '--email', 'x@y.z', '--name', 'X', '--role', 'king'], env);
    expect(bad.code).toBe(2);
    const list = await run(['users', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: 'ops@shop.example', warehouses: ['PAR'] })]),
    );
    const key = await run(
      [
        'keys',
        'create',
        '--name',
        'shop sync',
        '--user',
        'owner@demo.coulisse.dev',
        '--scope',
        'stock.read',
        '--json',
      ],
      env,
    );
    expect(key.code, key.stderr).toBe(0);
    const made = JSON.parse(key.stdout);
    expect(made.key).toMatch(/^ck_/);
    const keys = await run(['keys', 'list', '--json'], env);
    expect(keys.stdout).not.toContain(made.key);
    const revoked = await run(['keys', 'revoke', made.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await run(['keys', 'revoke', made.id], env)).code).toBe(1);
    const disabled = await run(['users', 'disable', 'ops@shop.example'], env);
    expect(disabled.stdout).toMatch(/is disabled/);
    const audit = await run(['audit', '--operation', 'access.', '--json'], env);
    const ops = JSON.parse(audit.stdout).map((a: { operation: string }) => a.operation);
    expect(ops.slice(0, 4)).toEqual([
      'access.update_user',
      'access.revoke_api_key',
      'access.create_api_key',
      'access.create_user',
    ]);
    const shrinkage = await run(['shrinkage', '--period', 'month', '--json'], env);
    expect(JSON.parse(shrinkage.stdout).totals.qtyLost).toBeGreaterThan(0);
  }, 120_000);

  it('imports SKUs from CSV with a per-row report, all-or-nothing unless told to skip', async () => {
    const file = join(dir, 'skus.csv');
    writeFileSync(file, 'code,name,gtin\nCLI-1,First,\nCLI-2,,\nCLI-3,Third,4006381333932\n');
    const strict = await run(['skus', 'import', file], env);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/Nothing was written/);
    expect(strict.stdout).toMatch(/3\s+name\s+missing_field/);
    expect(strict.stdout).toMatch(/4\s+gtin\s+invalid_gtin/);
    const lenient = await run(['skus', 'import', file, '--skip-invalid', '--json'], env);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ created: 1, rejected: 2, committed: true });
    const missing = await run(['skus', 'import', join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
  }, 60_000);

  it('shows stock and history for a SKU', async () => {
    const show = await run(['stock', 'show', 'TSH-BLK-M', '--json'], env);
    expect(show.code, show.stderr).toBe(0);
    const report = JSON.parse(show.stdout);
    expect(report.totals.onHand).toBeGreaterThan(0);
    const location = report.items[0].location as string;
    const moves = await run(['stock', 'moves', '--sku', 'TSH-BLK-M', '--location', location], env);
    expect(moves.code).toBe(0);
    expect(moves.stdout).toMatch(/balanceAfter/);
    expect(moves.stdout).toMatch(/receipt/);
    const unknown = await run(['stock', 'show', 'NOPE'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/sku_not_found/);
  }, 60_000);

  it('check fails, listing the key, when a balance no longer matches its moves', async () => {
    const db = await openPglite({ dataDir: env.COULISSE_DATA_DIR! });
    try {
      await db.query(
        `UPDATE stock_balances SET on_hand = on_hand + 1
          WHERE (location_id, sku_id) = (SELECT b.location_id, b.sku_id FROM stock_balances b JOIN skus s USING (sku_id)
                                          JOIN locations l USING (location_id) WHERE s.code = 'TSH-BLK-M' AND l.is_physical LIMIT 1)`,
      );
    } finally {
      await db.close();
    }
    const check = await run(['check'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/balance_matches_moves\s+sku=TSH-BLK-M location=\S+/);
    expect(check.stdout).toMatch(/sku_sums_to_zero\s+sku=TSH-BLK-M/);
  }, 60_000);

  it('refuses to open an embedded database that a running server holds', async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    });
    children.push(server);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
      server.stderr.on('data', (d) => {
        if (String(d).includes('Coulisse is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const check = await run(['check'], env);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/data_dir_locked: .*in use by process \d+/);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('close', r));
    expect(server.exitCode).toBe(0);
  }, 90_000);

  it('reports every bad environment variable with exit code 2', async () => {
    const r = await run(['check'], { ...env, PORT: 'eighty', LOG_LEVEL: 'shout' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT/);
    expect(r.stderr).toMatch(/LOG_LEVEL/);
  });
});
