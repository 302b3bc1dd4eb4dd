import { randomBytes } from 'node:crypto';
import { type Context, runCommand } from '../../../db/index.js';
import { conflict, notFound, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { readWebhook, type Webhook } from '../queries/webhooks.js';

export const EVENT_TYPES = [
  'order.created',
  'order.allocated',
  'order.backordered',
  'order.held',
  'order.released',
  'order.cancelled',
  'order.updated',
  'order.shipped',
  'order.delivered',
  'stock.changed',
  'stock.low',
  'return.authorised',
  'return.received',
  'return.closed',
  'receipt.posted',
  'transfer.shipped',
  'transfer.received',
] as const;

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string | undefined;
}

function checkEvents(events: readonly string[]): void {
  for (const [i, e] of events.entries()) {
    if (!(EVENT_TYPES as readonly string[]).includes(e)) {
      throw unprocessable('unknown_event_type', `"${e}" is not an event type (${EVENT_TYPES.join(', ')}).`, {
        field: `events[${i}]`,
      });
    }
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw unprocessable('invalid_url', 'The webhook URL is not a valid URL.', { field: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw unprocessable('invalid_url', 'The webhook URL must be http(s).', { field: 'url' });
  }
  if (parsed.username || parsed.password) {
    throw unprocessable('invalid_url', 'Put no credentials in the URL; verify the signature instead.', {
      field: 'url',
    });
  }
}

/**
 * Subscribes a URL to event types. Only events written after the subscription are delivered. The signing
 * secret is returned once (a replay with the same Idempotency-Key returns the record without it).
 * Errors: invalid_url, unknown_event_type (422).
 */
export async function createWebhook(ctx: Context, input: WebhookInput) {
  checkUrl(input.url);
  checkEvents(input.events);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return runCommand(
    ctx,
    'webhooks.create_webhook',
    input,
    async (tx, audit): Promise<Webhook & { secret: string | null }> => {
      const id = newId('webhook');
      await tx.query(
        `INSERT INTO webhook_subscriptions (webhook_id, url, events, secret, description, scanned_seq, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(event_seq), 0) FROM outbox_events), $6, $6)`,
        [id, input.url, [...new Set(input.events)].sort(), secret, input.description ?? null, ctx.actor.id],
      );
      const webhook = await readWebhook(tx, id);
      audit.record({
        targetType: 'webhook',
        targetId: id,
        before: null,
        after: { url: webhook.url, events: webhook.events },
      });
      return { ...webhook, secret };
    },
    { storeForReplay: (v) => ({ ...v, secret: null }) },
  );
}

/** Changes a subscription's URL, events, description or active flag. Errors: webhook_not_found (404). */
export async function updateWebhook(
  ctx: Context,
  id: string,
  input: Partial<WebhookInput> & { isActive?: boolean | undefined },
) {
  if (input.url !== undefined) checkUrl(input.url);
  checkEvents(input.events ?? []);
  return runCommand(ctx, 'webhooks.update_webhook', { id, ...input }, async (tx, audit): Promise<Webhook> => {
    const before = await readWebhook(tx, id);
    await tx.query(
      `UPDATE webhook_subscriptions SET url = coalesce($2, url), events = coalesce($3, events),
              description = coalesce($4, description), is_active = coalesce($5, is_active),
              -- Switched back on: deliver from now on, not what happened while it was off.
              scanned_seq = CASE WHEN $5 AND NOT is_active
                                 THEN (SELECT coalesce(max(event_seq), 0) FROM outbox_events) ELSE scanned_seq END,
              version = version + 1, updated_at = now(), updated_by = $6
        WHERE webhook_id = $1`,
      [
        id,
        input.url ?? null,
        input.events ? [...new Set(input.events)].sort() : null,
        input.description ?? null,
        input.isActive ?? null,
        ctx.actor.id,
      ],
    );
    const after = await readWebhook(tx, id);
    audit.record({ targetType: 'webhook', targetId: id, before, after });
    return after;
  });
}

/**
 * Puts a dead (or failed) delivery back in the queue now. Errors: delivery_not_found (404);
 * delivery_not_retryable (409) when it was delivered or is being delivered.
 */
export async function retryDelivery(ctx: Context, webhookId: string, deliveryId: string) {
  return runCommand(ctx, 'webhooks.retry_delivery', { webhookId, deliveryId }, async (tx, audit) => {
    const r = await tx.query<{ status: string }>(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), attempts = 0
        WHERE delivery_id = $1 AND webhook_id = $2 AND status IN ('dead', 'failed')
        RETURNING status`,
      [deliveryId, webhookId],
    );
    if (r.rowCount === 0) {
      const { rows } = await tx.query<{ status: string }>(
        'SELECT status FROM webhook_deliveries WHERE delivery_id = $1 AND webhook_id = $2',
        [deliveryId, webhookId],
      );
      if (!rows[0])
        throw notFound('delivery_not_found', `No delivery ${deliveryId}.`, { delivery: deliveryId });
      throw conflict('delivery_not_retryable', `Delivery ${deliveryId} is ${rows[0].status}.`, {
        status: rows[0].status,
      });
    }
    audit.record({ targetType: 'webhook_delivery', targetId: deliveryId, after: { status: 'pending' } });
    return { id: deliveryId, status: 'pending' };
  });
}
