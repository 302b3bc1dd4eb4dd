import { type Dataset, skuCode } from './dataset.js';
import { Connection, random } from './load.js';
import { Latencies } from './stats.js';

/**
 * Order intake load: each client sends orders of 1–5 lines (distinct SKUs, 1–3 units each, drawn over the
 * whole catalogue) with unique external ids to POST /v1/orders, one at a time on its keep-alive connection.
 * Every order is allocated and reserved in its transaction and writes its timeline, outbox events and
 * audit record: what a channel integration costs the back office.
 */
export interface OrderLoadOptions {
  readonly ports: readonly number[];
  readonly clients: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly dataset: Dataset;
  readonly seed: number;
  readonly authorization: string;
  readonly channel: string;
  readonly onWindow?: (edge: 'start' | 'end') => void | Promise<void>;
}

export interface OrderLoadResult {
  readonly orders: number;
  readonly perSec: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  readonly statuses: Record<string, number>;
  readonly acknowledged: number;
  readonly lines: number;
  readonly failures: { status: string; count: number; sample: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runOrderLoad(o: OrderLoadOptions): Promise<OrderLoadResult> {
  const latencies = new Latencies();
  const statuses: Record<string, number> = {};
  const failures = new Map<string, { status: string; count: number; sample: string }>();
  let acknowledged = 0;
  let lines = 0;
  const t0 = performance.now();
  const windowStart = t0 + o.warmupMs;
  const windowEnd = windowStart + o.measureMs;
  const edges = (async () => {
    await sleep(windowStart - performance.now());
    await o.onWindow?.('start');
    await sleep(windowEnd - performance.now());
    await o.onWindow?.('end');
  })();
  const clientLoop = async (client: number) => {
    const connection = new Connection(o.ports[client % o.ports.length]!, o.authorization);
    const draw = random(o.seed + client * 104_729);
    try {
      for (let i = 0; performance.now() < windowEnd; i++) {
        const n = draw(1, 5);
        const first = draw(1, o.dataset.skus - n + 1);
        const body = {
          channel: o.channel,
          externalId: `B-${o.seed}-${client}-${i}`,
          placedAt: new Date().toISOString(),
          currency: 'EUR',
          shipTo: { name: 'Bench Customer', line1: '1 rue du Test', city: 'Paris', country: 'FR' },
          lines: Array.from({ length: n }, (_, k) => ({
            sku: skuCode(first + k),
            qty: draw(1, 3),
            unitPriceMinor: 1_000 + draw(0, 9_000),
          })),
        };
        const started = performance.now();
        let status: string;
        let sample = '';
        try {
          const answer = await connection.post('/v1/orders', body);
          status = String(answer.status);
          sample = answer.body.slice(0, 300);
        } catch (e) {
          status = 'network';
          sample = (e as Error).message;
        }
        const done = performance.now();
        const ok = status === '201';
        if (ok) acknowledged++;
        else {
          const f = failures.get(status) ?? { status, count: 0, sample };
          f.count++;
          failures.set(status, f);
          await sleep(status === 'network' ? 100 : 10);
        }
        if (started >= windowStart && started < windowEnd) {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (ok) {
            latencies.add(done - started);
            lines += n;
          }
        }
      }
    } finally {
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, c) => clientLoop(c)));
  await edges;
  const s = latencies.summary();
  const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    orders: latencies.count,
    perSec: Math.round((latencies.count / (o.measureMs / 1000)) * 10) / 10,
    p50Ms: r2(s.p50),
    p99Ms: r2(s.p99),
    maxMs: r2(s.max),
    statuses,
    acknowledged,
    lines,
    failures: [...failures.values()],
  };
}
