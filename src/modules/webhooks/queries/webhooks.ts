import type { Context, Queryable } from '../../../db/index.js';
import { notFound } from '../../../kernel/errors.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';

/** A subscription as listings show it: never its secret. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  isActive: boolean;
  version: number;
  createdAt: string;
  /** Deliveries by status. */
  deliveries: Record<string, number>;
}

const SELECT = `
  SELECT w.webhook_id, w.url, w.events, w.description, w.is_active, w.version, w.created_at,
         (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM webhook_deliveries d
           WHERE d.webhook_id = w.webhook_id GROUP BY status) s) AS deliveries
    FROM webhook_subscriptions w`;

interface Row {
  webhook_id: string;
  url: string;
  events: string[];
  description: string | null;
  is_active: boolean;
  version: number;
  created_at: Date;
  deliveries: Record<string, number> | null;
}

const toWebhook = (r: Row): Webhook => ({
  id: r.webhook_id,
  url: r.url,
  events: r.events,
  description: r.description,
  isActive: r.is_active,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  deliveries: r.deliveries ?? {},
});

/** Errors: webhook_not_found (404). */
export async function readWebhook(tx: Queryable, id: string): Promise<Webhook> {
  const { rows } = await tx.query<Row>(`${SELECT} WHERE w.webhook_id = $1`, [id]);
  if (!rows[0]) throw notFound('webhook_not_found', `No webhook ${id}.`, { webhook: id });
  return toWebhook(rows[0]);
}

export async function listWebhooks(ctx: Context) {
  const { rows } = await ctx.db.query<Row>(`${SELECT} ORDER BY w.created_at, w.webhook_id`);
  return { items: rows.map(toWebhook) };
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The delivery log of a subscription, newest first. Errors: webhook_not_found (404). */
export async function listDeliveries(
  ctx: Context,
  webhookId: string,
  input: { status?: string | undefined; limit: number; cursor?: string | undefined },
) {
  await readWebhook(ctx.db, webhookId);
  const before = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<{
    delivery_id: string;
    event_id: string;
    type: string;
    status: string;
    attempts: number;
    next_attempt_at: Date;
    last_status_code: number | null;
    last_error: string | null;
    delivered_at: Date | null;
    created_at: Date;
  }>(
    `SELECT d.delivery_id, d.event_id, e.type, d.status, d.attempts, d.next_attempt_at, d.last_status_code,
            d.last_error, d.delivered_at, d.created_at
       FROM webhook_deliveries d JOIN outbox_events e ON e.event_id = d.event_id
      WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.delivery_id < $3)
      ORDER BY d.delivery_id DESC LIMIT $4`,
    [webhookId, input.status ?? null, before?.[0] ?? null, input.limit + 1],
  );
  const page = pageOf(rows, input.limit, (r) => [r.delivery_id]);
  return {
    items: page.rows.map(
      (r): Delivery => ({
        id: r.delivery_id,
        eventId: r.event_id,
        eventType: r.type,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt:
          r.status === 'delivered' || r.status === 'dead' ? null : r.next_attempt_at.toISOString(),
        lastStatusCode: r.last_status_code,
        lastError: r.last_error,
        deliveredAt: r.delivered_at?.toISOString() ?? null,
        createdAt: r.created_at.toISOString(),
      }),
    ),
    nextCursor: page.nextCursor,
  };
}
