/** Several server processes started together on a brand-new empty database all come up healthy, having applied each migration exactly once between them. */
import { expect, it } from 'vitest';
import { loadMigrations, openPostgres } from '../../src/db/index.js';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { bootstrapAccess, describeDb, postgresUrl, withDatabase } from '../support/harness.js';
import { call, registerAuthorization, type ServerProcess, startServers } from '../support/servers.js';

const PROCESSES = 4;

describeDb('migrations on an empty database', () => {
  it('lets four processes that start at once migrate it once and serve', async () => {
    // Not from the migrated template: a database as an operator creates it, with nothing in it.
    const name = `coulisse_empty_${process.pid}_${Date.now().toString(36)}`;
    const admin = await openPostgres({ url: postgresUrl, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = withDatabase(postgresUrl, name);
    const db = await openPostgres({ url, poolSize: 2 });
    let servers: ServerProcess[] = [];
    try {
      const before = await db.query<{ n: number }>(
        `SELECT count(*)::bigint AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(before.rows[0]!.n).toBe(0);

      servers = await startServers(PROCESSES, { databaseUrl: url });

      const { rows } = await db.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      const expected = loadMigrations().map((m) => ({
        version: m.version,
        name: m.name,
        checksum: m.checksum,
      }));
      expect(expected.length).toBeGreaterThan(0);
      expect(rows).toEqual(expected);

      // Each process serves the complete schema, to an owner's key made once the schema is there.
      const { authorization } = await bootstrapAccess(db);
      registerAuthorization(url, authorization);
      for (const [i, server] of servers.entries()) {
        const health = await call(server.baseUrl, 'GET', '/health');
        expect(health).toMatchObject({ status: 200, body: { status: 'ok', engine: 'postgres' } });
        const sku = await call(server.baseUrl, 'POST', '/v1/skus', {
          code: `MIG-${i}`,
          name: `Migrated ${i}`,
        });
        expect(sku.status, JSON.stringify(sku.body)).toBe(201);
        const wh = await call(server.baseUrl, 'POST', '/v1/locations', { code: `WM${i}`, kind: 'warehouse' });
        expect(wh.status, JSON.stringify(wh.body)).toBe(201);
        const receipt = await call(server.baseUrl, 'POST', '/v1/stock/receipts', {
          sku: `MIG-${i}`,
          location: `WM${i}`,
          qty: 1,
        });
        expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
      }
      expect((await checkLedger(db)).problems).toEqual([]);

      // SIGTERM closes each process gracefully.
      const exits = await Promise.all(servers.map((s) => s.stop()));
      expect(exits).toEqual(servers.map(() => ({ code: 0, signal: null, forced: false })));
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await db.close();
      try {
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.close();
      }
    }
  });
});
