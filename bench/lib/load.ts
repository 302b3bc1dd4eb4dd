import net from 'node:net';
import { binCode, binOf, type Dataset, skuCode } from './dataset.js';
import { Latencies, round, sleep } from './stats.js';

/**
 * The HTTP load generator: `clients` loops in this process, each on its own keep-alive connection to one
 * server (client i talks to server i mod n; no proxy in between), each running cycles back to back:
 *   1. POST /v1/stock/receipts          one SKU into its bin, 1-10 units
 *   2. POST /v1/reservations            SKUs r, r+1, r+2 (1-3 lines), 1-3 units each
 *   3. POST /v1/reservations/{id}/post  everything held goes to the warehouse's customer location
 * the same draws as bench/pgbench/cycle.sql.
 */
export type Op = 'receipt' | 'reserve' | 'post';
export const OPS: readonly Op[] = ['receipt', 'reserve', 'post'];

export interface LoadOptions {
  readonly ports: readonly number[];
  readonly clients: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly dataset: Dataset;
  readonly seed: number;
  /** The Authorization header every request sends (an API key). */
  readonly authorization: string;
  /** Called when the measurement window opens and closes (CPU snapshots). */
  readonly onWindow?: (edge: 'start' | 'end') => void | Promise<void>;
}

export interface OpResult {
  /** Successful calls that started inside the window (a call still running at its end counts; one
   * started during the warm-up does not, so a slow first wave cannot leak into the figures). */
  readonly ok: number;
  readonly perSec: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  readonly meanMs: number | null;
  /** Every answer to a call started inside the window, by status ("201", "409", "500", "network"). */
  readonly statuses: Record<string, number>;
}

export interface LoadResult {
  readonly seconds: number;
  /** Cycles whose post started inside the window and succeeded. */
  readonly cycles: number;
  readonly cyclesPerSec: number;
  readonly cycleP50Ms: number | null;
  readonly cycleP99Ms: number | null;
  readonly ops: Record<Op, OpResult>;
  /** Successful answers over the whole run, warm-up included, to compare with what the database holds. */
  readonly acknowledged: Record<Op, number>;
  /** Non-2xx answers over the whole run, with a sample body each. */
  readonly failures: { op: Op; status: string; count: number; sample: string }[];
}

export interface Answer {
  status: number;
  body: string;
}

/**
 * A minimal HTTP/1.1 keep-alive client connection: one request at a time, responses framed by
 * Content-Length (Fastify always sends it for JSON). It exists because the load generator shares the
 * machine's cores with the server and the database, so whatever CPU the client burns is taken from what is
 * being measured: with node:http the client used about twice as much CPU per cycle.
 */
export class Connection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly port: number,
    private readonly authorization: string,
  ) {}

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: this.port });
      socket.setNoDelay(true);
      // No answer (and no other traffic) for 60 s: give up on this request and reconnect for the next.
      socket.setTimeout(60_000, () => socket.destroy(new Error('no answer within 60 s')));
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (e) => this.fail(e));
      socket.on('close', () => {
        if (this.socket === socket) this.socket = null;
        this.fail(new Error('connection closed by the server'));
      });
    });
  }

  private fail(e: Error): void {
    const w = this.waiting;
    this.waiting = null;
    this.buffer = Buffer.alloc(0);
    w?.reject(e);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || this.waiting === null) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.socket?.destroy();
      this.fail(new Error(`response without Content-Length (status ${status})`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buffer.length < total) return;
    const body = this.buffer.toString('utf8', end + 4, total);
    this.buffer = this.buffer.subarray(total);
    const w = this.waiting;
    this.waiting = null;
    w.resolve({ status, body });
  }

  post(path: string, body: unknown): Promise<Answer> {
    return this.send('POST', path, body);
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path, undefined);
  }

  private async send(method: 'GET' | 'POST', path: string, body: unknown): Promise<Answer> {
    this.socket ??= await this.connect();
    const payload = body === undefined ? '' : JSON.stringify(body);
    const head =
      `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\nauthorization: ${this.authorization}\r\n` +
      (payload ? 'content-type: application/json\r\n' : '') +
      `content-length: ${Buffer.byteLength(payload)}\r\n\r\n`;
    const socket = this.socket;
    return new Promise<Answer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(head + payload);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** mulberry32: each client draws from its own seeded stream, so a run can be replayed with BENCH_SEED. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { dataset: d } = options;
  const latencies = { receipt: new Latencies(), reserve: new Latencies(), post: new Latencies() };
  const cycleLatencies = new Latencies();
  const statuses: Record<Op, Record<string, number>> = { receipt: {}, reserve: {}, post: {} };
  const acknowledged: Record<Op, number> = { receipt: 0, reserve: 0, post: 0 };
  const failures = new Map<string, { op: Op; status: string; count: number; sample: string }>();
  let cycles = 0;

  const t0 = performance.now();
  const windowStart = t0 + options.warmupMs;
  const windowEnd = windowStart + options.measureMs;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;
  const edges = (async () => {
    await sleep(windowStart - performance.now());
    await options.onWindow?.('start');
    await sleep(windowEnd - performance.now());
    await options.onWindow?.('end');
  })();

  const call = async (op: Op, connection: Connection, path: string, body: unknown) => {
    const started = performance.now();
    let answer: Answer | null = null;
    let status: string;
    try {
      answer = await connection.post(path, body);
      status = String(answer.status);
    } catch (e) {
      status = 'network';
      answer = { status: 0, body: (e as Error).message };
    }
    const done = performance.now();
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok) acknowledged[op]++;
    else {
      const key = `${op} ${status}`;
      const f = failures.get(key) ?? { op, status, count: 0, sample: answer.body.slice(0, 300) };
      f.count++;
      failures.set(key, f);
    }
    if (inWindow(started)) {
      statuses[op][status] = (statuses[op][status] ?? 0) + 1;
      if (ok) latencies[op].add(done - started);
    }
    // A failing server must not turn the client into a busy loop: back off a little.
    if (!ok) await sleep(status === 'network' ? 100 : 10);
    return ok ? answer : null;
  };

  const clientLoop = async (client: number) => {
    const connection = new Connection(options.ports[client % options.ports.length]!, options.authorization);
    const draw = random(options.seed + client * 7919);
    try {
      for (let i = 0; performance.now() < windowEnd; i++) {
        const started = performance.now();
        const s = draw(1, d.skus);
        const receipt = await call('receipt', connection, '/v1/stock/receipts', {
          sku: skuCode(s),
          location: binCode(binOf(s, d.bins)),
          qty: draw(1, 10),
        });
        if (!receipt) continue;
        const r = draw(1, d.skus - 2);
        const n = draw(1, 3);
        const lines = Array.from({ length: n }, (_, k) => ({
          sku: skuCode(r + k),
          location: binCode(binOf(r + k, d.bins)),
          qty: draw(1, 3),
        }));
        const reserved = await call('reserve', connection, '/v1/reservations', {
          lines,
          reference: `BENCH-${client}-${i}`,
        });
        if (!reserved) continue;
        const { id } = JSON.parse(reserved.body) as { id: string };
        const postStarted = performance.now();
        const posted = await call(
          'post',
          connection,
          `/v1/reservations/${encodeURIComponent(id)}/post`,
          undefined,
        );
        const done = performance.now();
        if (posted && inWindow(postStarted)) {
          cycles++;
          cycleLatencies.add(done - started);
        }
      }
    } finally {
      connection.close();
    }
  };

  await Promise.all(Array.from({ length: options.clients }, (_, c) => clientLoop(c)));
  await edges;
  const seconds = options.measureMs / 1000;
  const ops = {} as Record<Op, OpResult>;
  for (const op of OPS) {
    const s = latencies[op].summary();
    ops[op] = {
      ok: latencies[op].count,
      perSec: round(latencies[op].count / seconds, 1)!,
      p50Ms: round(s.p50, 2),
      p99Ms: round(s.p99, 2),
      maxMs: round(s.max, 2),
      meanMs: round(s.mean, 2),
      statuses: statuses[op],
    };
  }
  const c = cycleLatencies.summary();
  return {
    seconds,
    cycles,
    cyclesPerSec: round(cycles / seconds, 1)!,
    cycleP50Ms: round(c.p50, 2),
    cycleP99Ms: round(c.p99, 2),
    ops,
    acknowledged,
    failures: [...failures.values()],
  };
}
