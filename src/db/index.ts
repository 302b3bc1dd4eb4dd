import type { Config } from '../config.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export {
  type AuditEntry,
  type AuditRecorder,
  type CommandOutcome,
  type Context,
  purgeIdempotencyKeys,
  redactSecrets,
  runCommand,
  systemContext,
  writeAudit,
} from './command.js';
export { asPgError, mapDatabaseError, registerConstraintErrors, SQLSTATE } from './errors.js';
export { loadMigrations, MigrationError, migrate } from './migrate.js';
export { openPglite, type PgliteDb } from './pglite.js';
export { openPostgres } from './postgres.js';
export {
  type Db,
  type Engine,
  type Queryable,
  type QueryResult,
  type Row,
  type Statement,
  statement,
} from './types.js';

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function openDatabase(config: Config, onError?: (e: Error) => void): Promise<Db> {
  if (config.databaseUrl !== null) {
    return openPostgres({
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      ...(onError ? { onError } : {}),
    });
  }
  return openPglite({ dataDir: config.dataDir });
}
