import { createHmac } from 'node:crypto';
import type { Db } from '../db/index.js';
import { newId } from '../kernel/ids.js';

/**
 * Webhook delivery from the outbox, safe with several server processes:
 * - fan-out: for each active subscription (locked with SKIP LOCKED, so one process at a time), one
 *   delivery row per new matching event, unique per (subscription, event). The subscription's cursor only
 *   moves past events older than SETTLE_SECONDS (never past the end of a full batch), and the scan looks again at everything after the cursor,
 *   so an event whose transaction committed late (a lower sequence number appearing after a higher one) is
 *   still delivered; the unique key makes the re-scan harmless.
 * - delivery: due deliveries are claimed with SKIP LOCKED and a lease (locked_until); a process that dies
 *   mid-delivery leaves a lease that expires, and the delivery is tried again: at least once, never
 *   concurrently. Success is any 2xx; otherwise the next try waits base × 2^(attempts − 1) (capped at an hour,
 *   with jitter) until maxAttempts, then the delivery is dead (kept, retryable by an admin).
 * Each request is signed: `Coulisse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * with the subscription's secret; `Coulisse-Event-Id` lets receivers drop duplicates.
 */
export interface WebhookSettings {
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly timeoutMs: number;
  readonly batchSize: number;
}

const SETTLE_SECONDS = 30;
const FAN_OUT_BATCH = 5000;

export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Creates delivery rows for events the subscriptions have not seen; returns how many. */
export async function fanOutEvents(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows: subs } = await tx.query<{ webhook_id: string; events: string[]; scanned_seq: number }>(
      `SELECT webhook_id, events, scanned_seq FROM webhook_subscriptions WHERE is_active
        ORDER BY webhook_id FOR UPDATE SKIP LOCKED`,
    );
    let created = 0;
    for (const s of subs) {
      const { rows } = await tx.query<{ event_id: string; event_seq: number }>(
        `SELECT event_id, event_seq FROM outbox_events
          WHERE event_seq > $1 AND type = ANY($2::text[]) ORDER BY event_seq LIMIT $3`,
        [s.scanned_seq, s.events, FAN_OUT_BATCH],
      );
      // A full batch may have left matching events after it: the cursor must not pass them.
      const scannedUpTo = rows.length === FAN_OUT_BATCH ? rows[rows.length - 1]!.event_seq : null;
      if (rows.length > 0) {
        const inserted = await tx.query(
          `INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_id, event_seq)
           SELECT d, $1, e, q FROM unnest($2::text[], $3::text[], $4::bigint[]) AS x(d, e, q)
           ON CONFLICT (webhook_id, event_id) DO NOTHING`,
          [
            s.webhook_id,
            rows.map(() => newId('delivery')),
            rows.map((r) => r.event_id),
            rows.map((r) => r.event_seq),
          ],
        );
        created += inserted.rowCount;
      }
      await tx.query(
        `UPDATE webhook_subscriptions SET scanned_seq = greatest(scanned_seq, least(coalesce(
            (SELECT max(event_seq) FROM outbox_events WHERE event_seq > $2
                AND occurred_at < now() - make_interval(secs => ${SETTLE_SECONDS})), scanned_seq),
            coalesce($3::bigint, 9223372036854775807)))
          WHERE webhook_id = $1`,
        [s.webhook_id, s.scanned_seq, scannedUpTo],
      );
    }
    return created;
  });
}

interface Claimed {
  delivery_id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
}

/** Delivers what is due; returns how many were attempted. */
export async function deliverDue(
  db: Db,
  settings: WebhookSettings,
  send: typeof fetch = fetch,
): Promise<number> {
  const leaseSeconds = Math.ceil(settings.timeoutMs / 1000) + 30;
  const { rows } = await db.query<Claimed>(
    `WITH due AS (
       SELECT delivery_id FROM webhook_deliveries
        WHERE (status IN ('pending', 'failed') AND next_attempt_at <= now())
           OR (status = 'delivering' AND locked_until < now())
        ORDER BY next_attempt_at, delivery_id
        LIMIT $1 FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d SET status = 'delivering', attempts = d.attempts + 1,
              locked_until = now() + make_interval(secs => $2)
         FROM due WHERE d.delivery_id = due.delivery_id
       RETURNING d.delivery_id, d.attempts, d.webhook_id, d.event_id
     )
     SELECT c.delivery_id, c.attempts, w.url, w.secret, e.event_id, e.type, e.aggregate_type, e.aggregate_id,
            e.payload, e.occurred_at
       FROM claimed c
       JOIN webhook_subscriptions w ON w.webhook_id = c.webhook_id
       JOIN outbox_events e ON e.event_id = c.event_id`,
    [settings.batchSize, leaseSeconds],
  );
  await Promise.all(rows.map((d) => deliverOne(db, settings, send, d)));
  return rows.length;
}

async function deliverOne(db: Db, settings: WebhookSettings, send: typeof fetch, d: Claimed): Promise<void> {
  const body = JSON.stringify({
    id: d.event_id,
    type: d.type,
    occurredAt: d.occurred_at.toISOString(),
    data: { [d.aggregate_type]: d.aggregate_id, ...(d.payload as object) },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await send(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Coulisse-Webhooks/1',
        'coulisse-event-id': d.event_id,
        'coulisse-event-type': d.type,
        'coulisse-delivery-id': d.delivery_id,
        'coulisse-timestamp': String(timestamp),
        'coulisse-signature': `t=${timestamp},v1=${signPayload(d.secret, timestamp, body)}`,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    status = response.status;
    await response.arrayBuffer().catch(() => undefined);
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    error = e instanceof Error ? e.message.slice(0, 500) : 'delivery failed';
  }
  if (error === null) {
    // Only while the lease is ours: a process that stalled past it must not overwrite a newer try.
    await db.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), locked_until = NULL,
              last_status_code = $2, last_error = NULL
        WHERE delivery_id = $1 AND status = 'delivering' AND attempts = $3`,
      [d.delivery_id, status, d.attempts],
    );
    return;
  }
  const dead = d.attempts >= settings.maxAttempts;
  const waitMs = Math.min(3_600_000, settings.backoffBaseMs * 2 ** (d.attempts - 1));
  const jittered = Math.round(waitMs * (0.8 + Math.random() * 0.4));
  await db.query(
    `UPDATE webhook_deliveries SET status = $2, locked_until = NULL, last_status_code = $3, last_error = $4,
            next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
      WHERE delivery_id = $1 AND status = 'delivering' AND attempts = $6`,
    [d.delivery_id, dead ? 'dead' : 'failed', status, error, jittered, d.attempts],
  );
}
