/**
 * Webhooks: subscriptions to the events in the outbox, and their delivery log. Delivery itself (fan-out,
 * signing, retries, dead letters) is in src/events/webhooks.ts, run by the serving processes' background
 * jobs.
 */
export { createWebhook, EVENT_TYPES, retryDelivery, updateWebhook } from './commands/webhooks.js';
export { webhookRoutes } from './http/routes.js';
export { listDeliveries, listWebhooks } from './queries/webhooks.js';
