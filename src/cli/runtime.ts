import cliProgress from 'cli-progress';
import { type Config, ConfigError, loadConfig } from '../config.js';
import {
  type Context,
  type Db,
  MigrationError,
  mapDatabaseError,
  migrate,
  openDatabase,
  systemContext,
} from '../db/index.js';
import { systemActor } from '../kernel/actor.js';
import { systemClock } from '../kernel/clock.js';
import { DomainError } from '../kernel/errors.js';

/** Exit codes: 0 done, 1 the operation failed or found problems, 2 bad usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(EXIT.usage, e.message);
    throw e;
  }
}

/** Opens the configured database (migrating it), runs `fn` as the CLI's system actor, and closes it. */
export async function withContext<T>(
  fn: (ctx: Context, db: Db, config: Config) => Promise<T>,
  component = 'cli',
): Promise<T> {
  const config = cliConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const ctx: Context = systemContext(db, systemActor(component), systemClock);
    return await fn(ctx, db, config);
  } finally {
    await db.close();
  }
}

/** A progress bar on stderr when it is a terminal; silent otherwise (scripts, CI logs). */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Prints rows as aligned columns. */
export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}

/** Turns anything thrown into a message and an exit code; never a stack trace for expected failures. */
export function explain(e: unknown): { message: string; exitCode: number } {
  if (e instanceof CliExit) return { message: e.message, exitCode: e.exitCode };
  if (e instanceof MigrationError) return { message: `${e.code}: ${e.message}`, exitCode: EXIT.failed };
  const domain = e instanceof DomainError ? e : mapDatabaseError(e);
  if (domain) {
    const details =
      Object.keys(domain.details).length > 0 ? `\n${JSON.stringify(domain.details, null, 2)}` : '';
    return {
      message: `${domain.code}: ${domain.message}${details}`,
      exitCode: domain.kind === 'validation' ? EXIT.usage : EXIT.failed,
    };
  }
  return { message: `Unexpected error: ${(e as Error)?.stack ?? String(e)}`, exitCode: EXIT.failed };
}
