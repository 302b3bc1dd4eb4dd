import pino from 'pino';
import { type Config, describeConfig } from '../config.js';
import { type Db, migrate, openDatabase } from '../db/index.js';
import { type BackgroundJobs, startBackgroundJobs } from '../jobs/background.js';
import { buildApp } from './app.js';
import type { App } from './types.js';

export interface RunningServer {
  readonly app: App;
  readonly db: Db;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Opens the database, applies pending migrations (serialized across processes), listens, and starts the
 * background jobs. `close` stops taking requests, lets in-flight ones finish, then closes the database.
 */
export async function startServer(
  config: Config,
  options: { beforeListen?: ((db: Db) => Promise<void>) | undefined } = {},
): Promise<RunningServer> {
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
  });
  const db = await openDatabase(config, (e) => logger.warn({ err: e }, 'database connection error'));
  let jobs: BackgroundJobs | null = null;
  try {
    const report = await migrate(db);
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'migrations applied');
    await options.beforeListen?.(db);
    const app = await buildApp({ db, config, logger });
    const address = await app.listen({ port: config.port, host: config.host });
    logger.info({ address, config: describeConfig(config) }, 'coulisse listening');
    jobs = startBackgroundJobs(db, config, logger);
    const url = address.replace('://0.0.0.0', '://localhost').replace('://127.0.0.1', '://localhost');
    let closing: Promise<void> | null = null;
    return {
      app,
      db,
      url,
      close() {
        closing ??= (async () => {
          app.beginShutdown();
          await jobs?.stop();
          await app.close();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await jobs?.stop();
    await db.close();
    throw e;
  }
}
