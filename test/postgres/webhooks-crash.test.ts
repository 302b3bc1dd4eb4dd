/** Webhooks across three server processes lose no event when processes are SIGKILLed between an order's commit and its delivery (every event arrives signed, at least once, never twice at once, and ends delivered), and a receiver that keeps failing is retried with backoff, dead-lettered after the limit, and served once an admin queues the delivery again. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import { SHIP_TO } from '../support/orders.js';
import {
  type CallResult,
  call,
  runClients,
  type ServerProcess,
  seededRandom,
  startServers,
  testSeed,
} from '../support/servers.js';

const PROCESSES = 3;
const BACKOFF_MS = 200;
const MAX_ATTEMPTS = 3;
const SERVER_ENV: Record<string, string> = {
  COULISSE_WEBHOOK_INTERVAL_MS: '100',
  COULISSE_WEBHOOK_BACKOFF_MS: String(BACKOFF_MS),
  COULISSE_WEBHOOK_TIMEOUT_MS: '2000',
  COULISSE_WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
};
/** At least this many orders; the stream goes on until the last kill is done (at most MAX_ORDERS). */
const ORDERS = 150;
const MAX_ORDERS = 300;
const WRITERS = 3;
const WRITE_PAUSE_MS = 250;
const DOWN_PAUSE_MS = 500;
const KILLS = 3;
/** A kill aims at a delivery the receiver holds this much longer at least, so that the kill cuts it short. */
const MIN_HOLD_MS = 40;
const holdsFor = (h: Hit) => (h.answerAt ?? Number.POSITIVE_INFINITY) - Date.now();
/**
 * What a killed process had claimed is tried again when its lease ends (the timeout + 30 s, see
 * events/webhooks.ts), so the last kill's deliveries settle about 32 s later.
 */
const SETTLE_LIMIT_MS = 60_000;
/** Jitter of a retry's wait (±20 %), and what a retry may come later than due: a 100 ms tick, the claim, a busy machine. */
const JITTER = 0.2;
const RETRY_LATENESS_MS = 1_000;
const CHANNEL = 'HOOK-WEB';
const SKU = 'HOOK-1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Hit {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly arrivedAt: number;
  /** The sender's port: which process sent it (see socketOwner). */
  readonly remotePort: number;
  body: string;
  /** The whole body was read (and its signature checked). */
  complete: boolean;
  /** When the receiver means to answer (null until the body is read). */
  answerAt: number | null;
  /** The status answered, once the answer is sent. */
  status: number | null;
  /** Its sender was SIGKILLed while the receiver still held it: the answer reached no one. */
  cut: boolean;
}

/**
 * A loopback webhook receiver: checks each request's signature with the subscription's secret, holds it
 * `delayMs()` before answering `status`, and records every request and any two requests of one delivery
 * in flight at the same moment.
 */
class Receiver {
  readonly hits: Hit[] = [];
  readonly inFlight = new Map<string, Hit>();
  readonly overlaps: string[] = [];
  readonly badSignatures: string[] = [];
  secret = '';
  status = 200;
  url = '';
  private readonly server: Server;

  constructor(private readonly delayMs: () => number) {
    this.server = createServer((req, res) => {
      const hit: Hit = {
        deliveryId: String(req.headers['coulisse-delivery-id']),
        eventId: String(req.headers['coulisse-event-id']),
        arrivedAt: Date.now(),
        remotePort: req.socket.remotePort ?? 0,
        body: '',
        complete: false,
        answerAt: null,
        status: null,
        cut: false,
      };
      const other = this.inFlight.get(hit.deliveryId);
      if (other) {
        this.overlaps.push(`${hit.deliveryId}: arrived while the one of ${other.arrivedAt} was in flight`);
      }
      this.inFlight.set(hit.deliveryId, hit);
      this.hits.push(hit);
      res.on('close', () => {
        if (this.inFlight.get(hit.deliveryId) === hit) this.inFlight.delete(hit.deliveryId);
      });
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hit.body = Buffer.concat(chunks).toString('utf8');
        hit.complete = true;
        const problem = signatureProblem(this.secret, req.headers, hit.body);
        if (problem !== null) this.badSignatures.push(`${hit.deliveryId}: ${problem}`);
        const status = this.status;
        const delay = this.delayMs();
        hit.answerAt = Date.now() + delay;
        setTimeout(() => {
          if (res.destroyed) return;
          hit.status = status;
          res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
        }, delay);
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  of(deliveryId: string): Hit[] {
    return this.hits.filter((h) => h.deliveryId === deliveryId);
  }
}

/** What is wrong with a request's signature (the documented scheme, a timestamp within 5 minutes), or null. */
function signatureProblem(secret: string, headers: IncomingHttpHeaders, body: string): string | null {
  const header = String(headers['coulisse-signature'] ?? '');
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return `malformed Coulisse-Signature "${header}"`;
  if (Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return `timestamp ${m[1]} is not recent`;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))) return 'signature does not match';
  try {
    const event = JSON.parse(body);
    if (event.id !== headers['coulisse-event-id']) return `body id ${event.id} is not Coulisse-Event-Id`;
  } catch {
    return 'body is not JSON';
  }
  return null;
}

/**
 * The pid, among `pids`, owning the loopback connection from `port` to `receiverPort` (Linux /proc), or
 * null: the process that has a delivery in flight at the receiver.
 */
async function socketOwner(port: number, receiverPort: number, pids: number[]): Promise<number | null> {
  const hex = (p: number) => `:${p.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = await readFile('/proc/net/tcp', 'utf8').catch(() => '');
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(hex(port)) && f[2]?.endsWith(hex(receiverPort)) && f[9]) inodes.add(f[9]);
  }
  if (inodes.size === 0) return null;
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode !== undefined && inodes.has(inode)) return pid;
    }
  }
  return null;
}

const orderBody = (externalId: string) => ({
  channel: CHANNEL,
  externalId,
  placedAt: '2026-11-20T10:00:00.000Z',
  currency: 'EUR',
  shipTo: SHIP_TO,
  lines: [{ sku: SKU, qty: 1, unitPriceMinor: 1_000 }],
});

describeDb('webhooks across server processes that crash', () => {
  const rng = seededRandom(testSeed());
  const at = `(seed ${rng.seed}; rerun with COULISSE_TEST_SEED=${rng.seed})`;
  let fresh: FreshDatabase;
  let servers: ServerProcess[] = [];
  /** Restarted processes keep their ports, so these addresses hold throughout. */
  let urls: string[] = [];
  // Slow, so that deliveries are in flight when a process dies (its own generator: requests come in any order).
  const delays = seededRandom(rng.seed + 1);
  const steady = new Receiver(() => delays.int(50, 150));
  const failing = new Receiver(() => 0);

  async function post(path: string, body: unknown): Promise<CallResult> {
    const r = await call(urls[0]!, 'POST', path, body);
    expect(r.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(201);
    return r;
  }

  async function subscribe(receiver: Receiver, events: string[]): Promise<string> {
    const made = await post('/v1/webhooks', { url: receiver.url, events });
    expect(made.body.secret).toMatch(/^whsec_/);
    receiver.secret = made.body.secret;
    return made.body.id;
  }

  async function deliveries(webhookId: string): Promise<any[]> {
    const r = await call(urls[1]!, 'GET', `/v1/webhooks/${webhookId}/deliveries?limit=100`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items;
  }

  async function until<T>(what: string, limitMs: number, probe: () => Promise<T | null>): Promise<T> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const result = await probe();
      if (result !== null) return result;
      if (Date.now() > deadline) throw new Error(`${what}: not after ${limitMs} ms ${at}`);
      await sleep(200);
    }
  }

  beforeAll(async () => {
    await Promise.all([steady.listen(), failing.listen()]);
    fresh = await freshDatabase({ poolSize: 3 });
    servers = await startServers(PROCESSES, { databaseUrl: fresh.url!, env: SERVER_ENV });
    urls = servers.map((s) => s.baseUrl);
    await post('/v1/skus', { code: SKU, name: 'Webhook test' });
    await post('/v1/locations', { code: 'WH', kind: 'warehouse' });
    const bin = (await post('/v1/locations', { code: 'B1', kind: 'bin', parent: 'WH' })).body.code;
    await post('/v1/stock/receipts', { sku: SKU, location: bin, qty: 10_000, reference: 'seed' });
    await post('/v1/channels', {
      code: CHANNEL,
      name: 'Webhook web shop',
      kind: 'web_shop',
      currency: 'EUR',
      warehouses: [{ warehouse: 'WH', priority: 0 }],
    });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all([steady.close(), failing.close()]);
    await fresh?.drop();
  });

  it('no event lost when a process is killed between commit and delivery', async () => {
    const started = Date.now();
    const webhookId = await subscribe(steady, ['order.created']);

    const acked = new Map<string, string>();
    const unanswered: string[] = [];
    const unexpected: unknown[] = [];
    let sent = 0;
    let killsDone = false;
    /** Processes killed and not yet restarted: orders go to the others meanwhile. */
    const down = new Set<number>();
    const writers = runClients(WRITERS, async () => {
      if (sent >= MAX_ORDERS || (sent >= ORDERS && killsDone)) return false;
      const n = ++sent;
      const externalId = `HOOK-${String(n).padStart(4, '0')}`;
      let target = n % urls.length;
      while (down.has(target) && down.size < urls.length) target = (target + 1) % urls.length;
      try {
        const r = await call(urls[target]!, 'POST', '/v1/orders', orderBody(externalId));
        if (r.status === 201) acked.set(externalId, r.body.id);
        else unexpected.push({ externalId, status: r.status, body: r.body });
        await sleep(WRITE_PAUSE_MS);
      } catch {
        // No answer: the order may or may not have been committed.
        unanswered.push(externalId);
        await sleep(DOWN_PAUSE_MS);
      }
      return true;
    });

    // At a random moment, kill a process that has a delivery in flight at the receiver (found through
    // the sender's socket), and start it again on its port in the background; one process always serves.
    const kills: { pid: number; afterMs: number; target: Hit | null; restartMs?: number }[] = [];
    const restarts: Promise<void>[] = [];
    try {
      for (let round = 0; round < KILLS; round++) {
        const afterMs = rng.int(300, 1500);
        await sleep(afterMs);
        while (down.size >= PROCESSES - 1) await sleep(50);
        let victimIndex = -1;
        let target: Hit | null = null;
        const lookFor = Date.now() + 5_000;
        while (victimIndex < 0 && Date.now() < lookFor) {
          const pids = servers.filter((s) => s.isRunning()).map((s) => s.pid);
          const candidates = [...steady.inFlight.values()]
            .filter((h) => holdsFor(h) >= MIN_HOLD_MS)
            .sort((a, b) => holdsFor(b) - holdsFor(a));
          for (const hit of candidates) {
            const pid = await socketOwner(hit.remotePort, steady.port, pids);
            if (pid !== null && holdsFor(hit) >= MIN_HOLD_MS) {
              victimIndex = servers.findIndex((s) => s.pid === pid);
              target = hit;
              break;
            }
          }
          if (victimIndex < 0) await sleep(10);
        }
        if (target === null) {
          const alive = servers.flatMap((s, i) => (s.isRunning() ? [i] : []));
          victimIndex = alive[rng.int(0, alive.length - 1)]!;
        }
        const victim = servers[victimIndex]!;
        const index = victimIndex;
        down.add(index);
        victim.kill('SIGKILL');
        // Nothing was awaited since the target was seen held for MIN_HOLD_MS more: its answer is not sent.
        if (target !== null && target.status === null) target.cut = true;
        expect((await victim.exited).signal).toBe('SIGKILL');
        const kill: (typeof kills)[number] = { pid: victim.pid, afterMs, target };
        kills.push(kill);
        const killedAt = Date.now();
        restarts.push(
          (async () => {
            await sleep(200);
            servers[index] = await victim.restart();
            down.delete(index);
            kill.restartMs = Date.now() - killedAt;
          })(),
        );
      }
    } finally {
      await Promise.allSettled(restarts);
      killsDone = true;
      await writers;
    }
    await Promise.all(restarts);
    const killLog = () =>
      kills.map(({ target, ...k }) => ({
        ...k,
        cut:
          target === null
            ? 'no delivery in flight found'
            : `${target.deliveryId} ${target.cut ? 'cut short' : 'answered before the kill'}`,
      }));
    const where = `kills ${JSON.stringify(killLog())} ${at}`;
    expect(unexpected, where).toEqual([]);
    expect(acked.size, where).toBeGreaterThanOrEqual(ORDERS - unanswered.length);

    // Wait until every order.created event in the outbox has a delivered delivery for this webhook.
    interface EventRow {
      event_id: string;
      order_id: string;
      delivery_id: string | null;
      status: string | null;
      attempts: number | null;
    }
    const events = await until('every order.created event delivered', SETTLE_LIMIT_MS, async () => {
      const { rows } = await fresh.db.query<EventRow>(
        `SELECT e.event_id, e.aggregate_id AS order_id, d.delivery_id, d.status, d.attempts
           FROM outbox_events e
           LEFT JOIN webhook_deliveries d ON d.event_id = e.event_id AND d.webhook_id = $1
          WHERE e.type = 'order.created' ORDER BY e.event_seq`,
        [webhookId],
      );
      return rows.every((r) => r.status === 'delivered') ? rows : null;
    });
    const settledMs = Date.now() - started;

    const hits = steady.hits;
    const byEvent = new Map<string, Hit[]>();
    for (const h of hits) byEvent.set(h.eventId, [...(byEvent.get(h.eventId) ?? []), h]);
    const duplicates = [...byEvent.values()].filter((hs) => hs.filter((h) => h.complete).length > 1);
    const cut = hits.filter((h) => h.cut);
    console.info(
      `${sent} orders (${acked.size} acknowledged, ${unanswered.length} unanswered), ${events.length} events, ` +
        `${hits.length} requests, ${cut.length} cut short by ${kills.length} kills, ` +
        `${duplicates.length} events received more than once; all delivered after ${settledMs} ms ${where}`,
    );

    // Every request was signed with the webhook's secret; no delivery was ever sent twice at once.
    expect(steady.badSignatures, where).toEqual([]);
    expect(steady.overlaps, where).toEqual([]);

    // Every acknowledged order's order.created event was received, and nothing else.
    const eventOfOrder = new Map(events.map((e) => [e.order_id, e.event_id]));
    const received = new Set(hits.filter((h) => h.complete).map((h) => h.eventId));
    expect(
      [...acked].filter(([, orderId]) => !received.has(eventOfOrder.get(orderId) ?? '(no event)')),
      `acknowledged orders whose event was not received ${where}`,
    ).toEqual([]);
    expect(received, where).toEqual(new Set(events.map((e) => e.event_id)));

    // One delivery per event, answered 2xx at least once; duplicates carry the same delivery, event and body.
    const inconsistent = events.flatMap((e) => {
      const hs = (byEvent.get(e.event_id) ?? []).filter((h) => h.complete);
      const bodies = new Set(hs.map((h) => h.body));
      const body = JSON.parse(hs[0]!.body);
      const ok =
        hs.every((h) => h.deliveryId === e.delivery_id) &&
        bodies.size === 1 &&
        hs.some((h) => h.status === 200 && !h.cut) &&
        body.id === e.event_id &&
        body.type === 'order.created' &&
        body.data.orderId === e.order_id;
      return ok ? [] : [{ event: e, requests: hs.map((h) => ({ ...h, body: h.body.slice(0, 200) })) }];
    });
    expect(inconsistent, where).toEqual([]);

    // Each kill cut a delivery short (its process died holding it), and that delivery was claimed again
    // when its lease ended, sent again and answered.
    expect(
      kills.filter((k) => !k.target?.cut),
      `a kill cut no delivery short ${where}`,
    ).toEqual([]);
    const attemptsOf = new Map(events.map((e) => [e.delivery_id, e.attempts ?? 0]));
    expect(
      cut.filter(
        (h) =>
          !steady.of(h.deliveryId).some((l) => l.arrivedAt > h.arrivedAt && l.status === 200) ||
          (attemptsOf.get(h.deliveryId) ?? 0) < 2,
      ),
      where,
    ).toEqual([]);

    // The delivery log agrees: one row per event, all delivered.
    const { rows: statuses } = await fresh.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 GROUP BY status`,
      [webhookId],
    );
    expect(statuses, where).toEqual([{ status: 'delivered', n: events.length }]);
  }, 120_000);

  it('a failing receiver is retried and then dead-lettered', async () => {
    failing.status = 500;
    const webhookId = await subscribe(failing, ['order.created']);
    for (const [i, suffix] of ['A', 'B'].entries()) {
      const r = await call(urls[i]!, 'POST', '/v1/orders', orderBody(`HOOK-FAIL-${suffix}`));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }

    const dead = await until(`both deliveries dead after ${MAX_ATTEMPTS} tries`, 20_000, async () => {
      const items = await deliveries(webhookId);
      return items.length === 2 && items.every((d) => d.status === 'dead') ? items : null;
    });
    for (const d of dead) {
      expect(d, at).toMatchObject({
        eventType: 'order.created',
        status: 'dead',
        attempts: MAX_ATTEMPTS,
        lastStatusCode: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: null,
        deliveredAt: null,
      });
      const tries = failing.of(d.id);
      expect(
        tries.map((h) => [h.eventId, h.status]),
        at,
      ).toEqual(Array.from({ length: MAX_ATTEMPTS }, () => [d.eventId, 500]));
      // Try k + 1 waits base × 2^(k−1) ± 20 % after try k: never earlier, and not much later.
      const gaps = tries.slice(1).map((h, k) => h.arrivedAt - tries[k]!.arrivedAt);
      for (const [k, gap] of gaps.entries()) {
        const due = BACKOFF_MS * 2 ** k;
        expect(
          gap,
          `wait before try ${k + 2} of ${d.id}: ${JSON.stringify(gaps)} ${at}`,
        ).toBeGreaterThanOrEqual(due * (1 - JITTER) - 5);
        expect(gap, `wait before try ${k + 2} of ${d.id}: ${JSON.stringify(gaps)} ${at}`).toBeLessThanOrEqual(
          due * (1 + JITTER) + RETRY_LATENESS_MS,
        );
      }
    }

    // Dead is final: nothing more is sent, even once the receiver is fixed, until an admin asks.
    failing.status = 200;
    await sleep(1_000);
    expect(failing.hits.length, at).toBe(2 * MAX_ATTEMPTS);

    const [retried, leftDead] = dead;
    const retry = await call(
      urls[2]!,
      'POST',
      `/v1/webhooks/${webhookId}/deliveries/${retried.id}/retry`,
      {},
    );
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body).toEqual({ id: retried.id, status: 'pending' });
    const delivered = await until('the retried delivery delivered', 10_000, async () => {
      const d = (await deliveries(webhookId)).find((x) => x.id === retried.id);
      return d?.status === 'delivered' ? d : null;
    });
    expect(delivered, at).toMatchObject({ lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    const tries = failing.of(retried.id);
    expect(
      tries.map((h) => h.status),
      at,
    ).toEqual([...Array.from({ length: MAX_ATTEMPTS }, () => 500), 200]);
    expect(new Set(tries.map((h) => h.body)).size, 'the same body every time').toBe(1);
    expect(new Set(tries.map((h) => h.eventId)), at).toEqual(new Set([retried.eventId]));

    // The other one stays dead; a delivered delivery cannot be queued again.
    await sleep(500);
    expect(
      (await deliveries(webhookId)).find((x) => x.id === leftDead.id),
      at,
    ).toMatchObject({
      status: 'dead',
      attempts: MAX_ATTEMPTS,
    });
    expect(failing.of(leftDead.id).length, at).toBe(MAX_ATTEMPTS);
    const again = await call(
      urls[0]!,
      'POST',
      `/v1/webhooks/${webhookId}/deliveries/${retried.id}/retry`,
      {},
    );
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.error.code).toBe('delivery_not_retryable');

    expect(failing.badSignatures, at).toEqual([]);
    expect(failing.overlaps, at).toEqual([]);
  }, 60_000);
});
