import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import { type Db, purgeIdempotencyKeys } from '../db/index.js';
import { deliverDue, fanOutEvents } from '../events/webhooks.js';
import { expireReservations } from '../modules/inventory/index.js';

/**
 * The chores a serving process runs on timers: expiring due reservations (every process may do it; row
 * locks with SKIP LOCKED keep them from doing the same work), forgetting old idempotency keys, delivering
 * webhooks from the outbox (events/webhooks.ts, safe across processes the same way), and, on the embedded
 * engine which has no autovacuum, refreshing planner statistics and vacuuming.
 */
export interface BackgroundJobs {
  stop(): Promise<void>;
}

export function startBackgroundJobs(db: Db, config: Config, log: FastifyBaseLogger): BackgroundJobs {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const every = (name: string, ms: number, job: () => Promise<void>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopped) return;
      busy = true;
      const p = job()
        .catch((e: unknown) => log.warn({ err: e, job: name }, 'background job failed; will retry'))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  every('expire_reservations', config.expirySweepMs, async () => {
    const n = await expireReservations({ db });
    if (n > 0) log.info({ job: 'expire_reservations', expired: n }, 'expired reservations');
  });
  every('purge_idempotency_keys', 15 * 60_000, async () => {
    const n = await purgeIdempotencyKeys(db, config.idempotencyRetentionHours);
    if (n > 0) log.info({ job: 'purge_idempotency_keys', purged: n }, 'purged idempotency keys');
  });
  every('webhooks', config.webhookIntervalMs, async () => {
    await fanOutEvents(db);
    await deliverDue(db, {
      maxAttempts: config.webhookMaxAttempts,
      backoffBaseMs: config.webhookBackoffMs,
      timeoutMs: config.webhookTimeoutMs,
      batchSize: 50,
    });
  });
  if (db.engine === 'pglite') {
    let runs = 0;
    every('pglite_maintenance', config.maintenanceIntervalMs, async () => {
      runs++;
      await db.exec(runs % 10 === 0 ? 'VACUUM ANALYZE' : 'ANALYZE');
    });
  }

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
