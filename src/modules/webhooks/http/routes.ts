import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Nullable, PageQuery, Timestamp } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { createWebhook, EVENT_TYPES, retryDelivery, updateWebhook } from '../commands/webhooks.js';
import { listDeliveries, listWebhooks } from '../queries/webhooks.js';

const Webhook = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    description: Nullable(Type.String()),
    isActive: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Timestamp(),
    deliveries: Type.Record(Type.String(), Type.Integer(), { description: 'Deliveries by status' }),
  },
  { $id: 'Webhook' },
);
const Events = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
  minItems: 1,
  maxItems: EVENT_TYPES.length,
  description: `Event types: ${EVENT_TYPES.join(', ')}`,
});
const Url = Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) URL that receives POSTs' });
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export async function webhookRoutes(app: App): Promise<void> {
  app.addSchema(Webhook);
  const WebhookRef = Type.Ref('Webhook');
  app.get(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'listWebhooks',
        summary: 'Webhook subscriptions with their delivery counts (never their secrets)',
        response: { 200: Type.Object({ items: Type.Array(WebhookRef) }), ...errorResponses },
      },
    },
    async (req) => listWebhooks(req.ctx),
  );
  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'createWebhook',
        summary:
          'Subscribe a URL to events. Deliveries are signed: Coulisse-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>; the secret is in this response only',
        body: Type.Object(
          {
            url: Url,
            events: Events,
            description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([WebhookRef, Type.Object({ secret: Nullable(Type.String()) })]),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => sendOutcome(reply, await createWebhook(req.ctx, req.body), 201),
  );
  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'updateWebhook',
        summary: 'Change a subscription (isActive: false pauses it; switched back on it resumes from now)',
        params: Params,
        body: Type.Object(
          {
            url: Type.Optional(Url),
            events: Type.Optional(Events),
            description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            isActive: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: WebhookRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updateWebhook(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log: status, attempts, last answer, next try',
        params: Params,
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(
                ['pending', 'delivering', 'delivered', 'failed', 'dead'].map((s) => Type.Literal(s)),
              ),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                eventId: Type.String(),
                eventType: Type.String(),
                status: Type.String(),
                attempts: Type.Integer(),
                nextAttemptAt: Nullable(Timestamp()),
                lastStatusCode: Nullable(Type.Integer()),
                lastError: Nullable(Type.String()),
                deliveredAt: Nullable(Timestamp()),
                createdAt: Timestamp(),
              }),
            ),
            nextCursor: Nullable(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      listDeliveries(req.ctx, req.params.id, {
        status: req.query.status as string | undefined,
        limit: req.query.limit ?? 50,
        cursor: req.query.cursor,
      }),
  );
  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'retryWebhookDelivery',
        summary: 'Queue a dead or failed delivery again now',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          deliveryId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      sendOutcome(reply, await retryDelivery(req.ctx, req.params.id, req.params.deliveryId)),
  );
}
