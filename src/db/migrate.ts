import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.js';

/**
 * Forward-only SQL migrations: `migrations/NNNN_<module>_<slug>.sql`, applied in order, each in its own
 * transaction, recorded with a SHA-256 checksum. A migration edited after it was applied stops start-up
 * (`migration_checksum_mismatch`): history is corrected by a new migration, never by editing an old one.
 * A session-level advisory lock serializes runners, so several processes starting together are safe.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

export class MigrationError extends Error {
  constructor(
    readonly code:
      | 'migration_checksum_mismatch'
      | 'migration_unknown'
      | 'migration_failed'
      | 'migration_bad_name',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_RE = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;
/** 'coulisse' as a 64-bit advisory lock key. */
const MIGRATION_LOCK_KEY = 0x636f756c69737365n.toString();

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = FILE_RE.exec(file);
    if (!m)
      throw new MigrationError(
        'migration_bad_name',
        `Migration file name ${file} is not NNNN_<module>_<slug>.sql`,
      );
    const version = Number(m[1]);
    if (seen.has(version))
      throw new MigrationError('migration_bad_name', `Two migrations share version ${m[1]}`);
    seen.add(version);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    return {
      version,
      name: file.replace(/\.sql$/, ''),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
}

export async function migrate(
  db: Db,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationReport> {
  return db.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await session.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      const byVersion = new Map(migrations.map((m) => [m.version, m]));
      for (const row of rows) {
        const known = byVersion.get(row.version);
        if (!known) {
          throw new MigrationError(
            'migration_unknown',
            `The database has migration ${row.name}, which this version of Coulisse does not know. ` +
              'It was written by a newer version; run that version instead.',
          );
        }
        if (known.checksum !== row.checksum) {
          throw new MigrationError(
            'migration_checksum_mismatch',
            `Migration ${row.name} was changed after it was applied (checksum differs). Restore the file and ` +
              'put the change in a new migration.',
          );
        }
      }
      const done = new Set(rows.map((r) => r.version));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        try {
          await session.exec(
            `BEGIN;\n${m.sql}\n;\nINSERT INTO schema_migrations (version, name, checksum) VALUES ` +
              `(${m.version}, '${m.name}', '${m.checksum}');\nCOMMIT;`,
          );
        } catch (e) {
          await session.exec('ROLLBACK').catch(() => {});
          throw new MigrationError('migration_failed', `Migration ${m.name} failed: ${(e as Error).message}`);
        }
        applied.push(m.name);
      }
      // Fresh tables have no planner statistics; PGlite never autovacuums, so analyze now.
      if (applied.length > 0) await session.exec('ANALYZE');
      return { applied, alreadyApplied: rows.length };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  });
}
