/** Migrations: forward-only, applied once, a changed or unknown migration stops start-up, a failing one leaves nothing. */
import { expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/index.js';
import { describeDb, useTestApp } from '../support/harness.js';

describeDb('migrations', () => {
  const t = useTestApp();

  it('re-running is a no-op', async () => {
    const report = await migrate(t().db);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(loadMigrations().length);
  });

  it('refuses a migration changed after it was applied', async () => {
    const [first] = loadMigrations();
    await t().db.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
      '0'.repeat(64),
      first!.version,
    ]);
    try {
      await expect(migrate(t().db)).rejects.toMatchObject({ code: 'migration_checksum_mismatch' });
    } finally {
      await t().db.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
        first!.checksum,
        first!.version,
      ]);
    }
  });

  it('refuses a database written by a newer version', async () => {
    await t().db.query(
      `INSERT INTO schema_migrations (version, name, checksum) VALUES (9998, '9998_future_thing', 'x')`,
    );
    try {
      await expect(migrate(t().db)).rejects.toMatchObject({ code: 'migration_unknown' });
    } finally {
      await t().db.query('DELETE FROM schema_migrations WHERE version = 9998');
    }
  });

  it('rolls back a failing migration entirely', async () => {
    const bad = {
      version: 9999,
      name: '9999_test_broken',
      sql: 'CREATE TABLE half_done (x int); SELECT 1/0;',
      checksum: 'c',
    };
    await expect(migrate(t().db, [...loadMigrations(), bad])).rejects.toMatchObject({
      code: 'migration_failed',
    });
    const { rows } = await t().db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done')
            + (SELECT count(*) FROM schema_migrations WHERE version = 9999) AS n`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    expect((await migrate(t().db)).applied).toEqual([]);
  });
});
