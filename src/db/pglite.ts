import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DomainError } from '../kernel/errors.js';
import { OID, parseDate, parseInt8 } from './parsers.js';
import { withRetry } from './retry.js';
import type { Db, Queryable, QueryResult, Statement } from './types.js';

export interface PgliteOptions {
  /** Directory for the data; null keeps the database in memory (tests). */
  readonly dataDir: string | null;
  /** A dump made by `dumpDataDir` to start from (tests start from a migrated template this way). */
  readonly loadDataDir?: Blob | File;
}

const parsers = { [OID.int8]: parseInt8, [OID.date]: parseDate };

function textOf(sql: string | Statement): string {
  return typeof sql === 'string' ? sql : sql.text;
}

type PgliteLike = Pick<PGlite, 'query'> | Pick<Transaction, 'query'>;

function wrap(target: PgliteLike): Queryable {
  return {
    async query<R>(sql: string | Statement, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await target.query<R>(textOf(sql), params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/**
 * Embedded PostgreSQL (PGlite, WASM) in this process. One session: transactions run one at a time
 * through PGlite's own transaction mutex, never through hand-written BEGIN (which would interleave).
 * A pid lock file keeps a second process from opening the same data directory.
 */
export interface PgliteDb extends Db {
  /** A snapshot of the whole database (tests start each file from a migrated template this way). */
  dump(): Promise<Blob>;
}

export async function openPglite(options: PgliteOptions): Promise<PgliteDb> {
  let releaseLock = () => {};
  let pgDir: string | undefined;
  if (options.dataDir !== null) {
    const root = resolve(options.dataDir);
    mkdirSync(root, { recursive: true });
    releaseLock = acquireDirLock(root);
    pgDir = join(root, 'pgdata');
  }
  let pg: PGlite;
  try {
    pg = new PGlite({
      ...(pgDir ? { dataDir: pgDir } : {}),
      parsers,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    await pg.waitReady;
  } catch (e) {
    releaseLock();
    throw e;
  }
  const direct = wrap(pg);
  let closed = false;
  return {
    engine: 'pglite',
    query: direct.query,
    transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions?: { maxAttempts?: number }): Promise<T> {
      return withRetry(() => pg.transaction((tx) => fn(wrap(tx))), txOptions?.maxAttempts);
    },
    async exec(script: string): Promise<void> {
      await pg.exec(script);
    },
    withSession(fn) {
      return fn({ query: direct.query, exec: async (script: string) => void (await pg.exec(script)) });
    },
    async dump(): Promise<Blob> {
      return pg.dumpDataDir('none');
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        releaseLock();
      }
    },
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireDirLock(root: string): () => void {
  const lockPath = join(root, 'coulisse.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
        throw new DomainError(
          'unavailable',
          'data_dir_locked',
          `The embedded database in ${root} is in use by process ${pid}. Stop that process first, or use a ` +
            'PostgreSQL server (DATABASE_URL) to run several Coulisse processes at once.',
          { dataDir: root, pid },
        );
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${root}`);
}
