/**
 * Outgoing webhooks: events from the outbox reach subscribed URLs signed with the documented scheme, once
 * per (subscription, event) however often the fan-out runs, are retried with backoff after a failure,
 * become dead after the limit (and can be queued again), and a delivery whose process died mid-way is
 * delivered again when its lease ends. Receivers are loopback HTTP servers.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverDue, fanOutEvents } from '../../src/events/webhooks.js';
import { describeDb, stocked, useTestApp } from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let url = '';
let answer = 200;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

// Backoff long enough that "not due yet" holds on a loaded machine, short enough to wait out.
const settings = { maxAttempts: 3, backoffBaseMs: 500, timeoutMs: 2000, batchSize: 50 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeDb('webhooks', () => {
  const t = useTestApp();
  const pump = async () => {
    await fanOutEvents(t().db);
    return deliverDue(t().db, settings);
  };

  it('delivers signed events after the subscription, once each, with a delivery log', async () => {
    const f = await stocked(t(), 5);
    const channel = await makeChannel(t(), [f.warehouse]);
    await makeOrder(t(), channel, [{ sku: f.sku, qty: 1 }]); // before the subscription: never delivered
    const made = await t().post('/v1/webhooks', { url, events: ['order.created', 'order.cancelled'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const secret: string = made.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await t().get('/v1/webhooks')).body)).not.toContain(secret);

    received.length = 0;
    answer = 200;
    const order = await makeOrder(t(), channel, [{ sku: f.sku, qty: 1 }]);
    await t().post(`/v1/orders/${order.id}/hold`, { reason: 'not subscribed' });
    await t().post(`/v1/orders/${order.id}/cancel`, { reason: 'test' });
    expect(await pump()).toBe(2);
    await fanOutEvents(t().db);
    expect(await deliverDue(t().db, settings)).toBe(0);
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['order.created', 'order.cancelled']);
    for (const r of received) {
      const sig = String(r.headers['coulisse-signature']);
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
      expect(m, sig).not.toBeNull();
      const expected = createHmac('sha256', secret).update(`${m![1]}.${r.body}`).digest('hex');
      expect(m![2]).toBe(expected);
      const body = JSON.parse(r.body);
      expect(r.headers['coulisse-event-id']).toBe(body.id);
      expect(body.data.orderId).toBe(order.id);
    }
    const log = await t().get(`/v1/webhooks/${made.body.id}/deliveries`);
    expect(log.body.items.map((d: any) => [d.eventType, d.status, d.attempts])).toEqual([
      ['order.cancelled', 'delivered', 1],
      ['order.created', 'delivered', 1],
    ]);
    await t().call('PATCH', `/v1/webhooks/${made.body.id}`, { isActive: false });
  });

  it('retries after a failure with backoff, then marks the delivery dead at the limit; an admin can requeue it', async () => {
    const f = await stocked(t(), 5);
    const channel = await makeChannel(t(), [f.warehouse]);
    const hook = (await t().post('/v1/webhooks', { url, events: ['order.created'] })).body;
    received.length = 0;
    answer = 500;
    await makeOrder(t(), channel, [{ sku: f.sku, qty: 1 }]);
    expect(await pump()).toBe(1);
    let [d] = (await t().get(`/v1/webhooks/${hook.id}/deliveries`)).body.items;
    expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    const wait = await t().db.query<{ ms: number }>(
      `SELECT (extract(epoch FROM next_attempt_at - last_try) * 1000)::int AS ms
         FROM (SELECT next_attempt_at, now() AS last_try FROM webhook_deliveries WHERE delivery_id = $1) x`,
      [d.id],
    );
    expect(wait.rows[0]!.ms, 'the next try waits about the base backoff').toBeGreaterThan(0);
    // Waits of about 0.5 s, then 1 s (base × 2^attempts, ±20 %): poll until each retry is due.
    for (let retry = 0; retry < 2; retry++) {
      let sent = 0;
      for (let i = 0; i < 40 && sent === 0; i++) {
        await sleep(100);
        sent = await deliverDue(t().db, settings);
      }
      expect(sent).toBe(1);
    }
    [d] = (await t().get(`/v1/webhooks/${hook.id}/deliveries`)).body.items;
    expect(d).toMatchObject({ status: 'dead', attempts: 3, nextAttemptAt: null });
    await sleep(100);
    expect(await deliverDue(t().db, settings)).toBe(0);
    expect(received).toHaveLength(3);
    // The receiver is fixed; the admin queues the dead delivery again.
    answer = 204;
    const retry = await t().post(`/v1/webhooks/${hook.id}/deliveries/${d.id}/retry`, {});
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(await deliverDue(t().db, settings)).toBe(1);
    [d] = (await t().get(`/v1/webhooks/${hook.id}/deliveries`)).body.items;
    expect(d.status).toBe('delivered');
    const again = await t().post(`/v1/webhooks/${hook.id}/deliveries/${d.id}/retry`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('delivery_not_retryable');
    // The same event id every time: receivers can drop duplicates.
    expect(new Set(received.map((r) => r.headers['coulisse-event-id'])).size).toBe(1);
    await t().call('PATCH', `/v1/webhooks/${hook.id}`, { isActive: false });
  });

  it('delivers again what a process claimed and never finished (its lease ended)', async () => {
    const f = await stocked(t(), 5);
    const channel = await makeChannel(t(), [f.warehouse]);
    const hook = (await t().post('/v1/webhooks', { url, events: ['order.created'] })).body;
    answer = 200;
    await makeOrder(t(), channel, [{ sku: f.sku, qty: 1 }]);
    await fanOutEvents(t().db);
    // A process claimed it and died before answering.
    await t().db.query(
      `UPDATE webhook_deliveries SET status = 'delivering', attempts = 1, locked_until = now() + interval '1 hour'
        WHERE webhook_id = $1`,
      [hook.id],
    );
    expect(await deliverDue(t().db, settings), 'leased: not taken').toBe(0);
    await t().db.query(
      `UPDATE webhook_deliveries SET locked_until = now() - interval '1 second' WHERE webhook_id = $1`,
      [hook.id],
    );
    received.length = 0;
    expect(await deliverDue(t().db, settings)).toBe(1);
    expect(received).toHaveLength(1);
    const [d] = (await t().get(`/v1/webhooks/${hook.id}/deliveries`)).body.items;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
    await t().call('PATCH', `/v1/webhooks/${hook.id}`, { isActive: false });
  });

  it('never moves its cursor past events a full batch left behind', async () => {
    const hook = (await t().post('/v1/webhooks', { url, events: ['stock.low'] })).body;
    // 6,000 old events at once (a long pause, a big import with no server running).
    await t().db.query(
      `INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload, occurred_at)
       SELECT 'evt_bulk_' || g, 'stock.low', 'sku', 'SKU-' || g, '{}'::jsonb, now() - interval '40 seconds'
         FROM generate_series(1, 6000) AS g`,
    );
    await fanOutEvents(t().db);
    await fanOutEvents(t().db);
    const { rows } = await t().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1',
      [hook.id],
    );
    expect(rows[0]!.n).toBe(6000);
    await t().call('PATCH', `/v1/webhooks/${hook.id}`, { isActive: false });
    await t().db.query(`UPDATE webhook_deliveries SET status = 'dead' WHERE webhook_id = $1`, [hook.id]);
  });

  it('refuses bad subscriptions', async () => {
    const cases: [unknown, number, string][] = [
      [{ url: 'ftp://example.com/x', events: ['order.created'] }, 422, 'invalid_url'],
      [{ url: 'https://user:pw@example.com/x', events: ['order.created'] }, 422, 'invalid_url'],
      [{ url: 'https://example.com/x', events: ['order.exploded'] }, 422, 'unknown_event_type'],
      [{ url: 'https://example.com/x', events: [] }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const r = await t().post('/v1/webhooks', body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
    }
  });
});
