import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/**
 * Real Coulisse server processes for the PostgreSQL suite (what an in-process app cannot show: several
 * processes on one database, kill -9), and a small HTTP client to drive them. Every process spawned here
 * is tracked by PID and ended when the test file finishes (afterAll), or at the latest when the test worker
 * exits; nothing else is ever signalled.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The tail of a process's output kept for error messages. */
const OUTPUT_LIMIT_CHARS = 32 * 1024;

/**
 * Two test files run at once (vitest maxWorkers), each with up to four processes, on a PostgreSQL whose
 * max_connections is 100: a small pool per process keeps the suite under it. 24 connections behind four
 * processes are still far more concurrent transactions on one balance row than any race needs.
 */
const DEFAULT_ENV: Readonly<Record<string, string>> = { LOG_LEVEL: 'warn', COULISSE_DB_POOL_SIZE: '5' };

export interface ServerOptions {
  /** The PostgreSQL database the process serves (DATABASE_URL). */
  readonly databaseUrl: string;
  /** Extra environment (NODE_ENV, COULISSE_UNSAFE_DISABLE_STOCK_GUARD, pool size …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Listen on this port (a restart keeps its address); default: a free loopback port. */
  readonly port?: number;
  /** How long to wait for /health to answer 200 (default 45 s: four processes compile at once on 2 cores). */
  readonly readyTimeoutMs?: number;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** The tail of what the process wrote on stderr and stdout. */
  output(): string;
  /** Sends a signal to this process (SIGKILL for a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then waits for the exit; SIGKILL if it has not exited after timeoutMs. */
  stop(timeoutMs?: number): Promise<ExitInfo & { readonly forced: boolean }>;
  /** Starts a new process with the same options and port, once this one has exited. */
  restart(): Promise<ServerProcess>;
}

const running = new Map<number, ChildProcess>();

afterAll(async () => {
  await stopAllServers();
}, 30_000);

// The last line of defence when the worker ends without running afterAll (a crash, a timeout).
process.on('exit', () => {
  for (const child of running.values()) child.kill('SIGKILL');
});

/** Stops every process this file started that is still running. */
export async function stopAllServers(): Promise<void> {
  const survivors = [...running.values()];
  await Promise.all(
    survivors.map(async (child) => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts one server process and waits until its /health answers 200. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await spawnServer(options, port);
    } catch (e) {
      // Another program may take a free port between the probe and the listen; try another one.
      const taken = e instanceof ServerStartError && e.output.includes('EADDRINUSE');
      if (!taken || attempt >= 3) throw e;
      await sleep(200 * attempt);
    }
  }
}

/** Starts n processes at once on the same database. */
export async function startServers(n: number, options: ServerOptions): Promise<ServerProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: n }, () => startServer(options)));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : null)));
    throw failure.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value);
}

class ServerStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- server output (tail) ---\n${output}`);
    this.name = 'ServerStartError';
  }
}

async function spawnServer(options: ServerOptions, port: number): Promise<ServerProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...DEFAULT_ENV,
    ...options.env,
    DATABASE_URL: options.databaseUrl,
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new ServerStartError(`Could not spawn a server: ${error.message}`, '');
  }
  running.set(pid, child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(pid);
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    pid,
    port,
    baseUrl,
    exited,
    isRunning: () => !hasExited,
    output: () => output,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (!hasExited) child.kill(signal);
    },
    async stop(timeoutMs = 10_000) {
      if (hasExited) return { ...(await exited), forced: false };
      child.kill('SIGTERM');
      const graceful = await Promise.race([exited, sleep(timeoutMs).then(() => null)]);
      if (graceful) return { ...graceful, forced: false };
      child.kill('SIGKILL');
      return { ...(await exited), forced: true };
    },
    async restart() {
      await exited;
      return startServer({ ...options, port });
    },
  };

  // Generous: a loaded 2-core machine (the CI kind) can take tens of seconds to start a process.
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const deadline = Date.now() + readyTimeoutMs;
  while (true) {
    if (hasExited) {
      const info = await exited;
      throw new ServerStartError(
        `Server on port ${port} (pid ${pid}) exited before it was healthy (code ${info.code}, signal ${info.signal})`,
        output,
      );
    }
    try {
      const r = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      await r.arrayBuffer();
      if (r.status === 200) {
        serverDatabases.set(baseUrl, options.databaseUrl);
        return server;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await server.stop(2_000);
      throw new ServerStartError(
        `Server on port ${port} (pid ${pid}) was not healthy after ${readyTimeoutMs} ms`,
        output,
      );
    }
    await sleep(100);
  }
}

// Client ------------------------------------------------------------------------------------------------

/** The API key each test database was bootstrapped with (harness.freshDatabase), by database URL. */
const authorizations = new Map<string, string>();
const serverDatabases = new Map<string, string>();

/** Calls to servers of this database send this Authorization header unless the call gives its own. */
export function registerAuthorization(databaseUrl: string, authorization: string): void {
  authorizations.set(databaseUrl, authorization);
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * One HTTP call with a JSON body; the response body is parsed when it is JSON. Network failures (a killed
 * server) reject, so a caller can tell "no answer" from any answer.
 */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  options: { timeoutMs?: number } = {},
): Promise<CallResult<T>> {
  const database = serverDatabases.get(baseUrl);
  const auth = database === undefined ? undefined : authorizations.get(database);
  const withAuth = auth && !('authorization' in headers) ? { authorization: auth, ...headers } : headers;
  const r = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? withAuth : { 'content-type': 'application/json', ...withAuth },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const text = await r.text();
  const parsed: unknown =
    text !== '' && (r.headers.get('content-type') ?? '').includes('application/json')
      ? JSON.parse(text)
      : text;
  return { status: r.status, body: parsed as T, headers: r.headers };
}

export interface ClientOptions {
  /** Stop starting new iterations after this long. */
  readonly durationMs?: number;
  /** At most this many iterations per client. */
  readonly iterations?: number;
}

/**
 * Runs n concurrent client loops. Each loop calls `step(client, iteration)` again and again until the
 * duration or the iteration budget is spent, or the step returns false. The first step that throws stops
 * every loop (after their current step) and its error is rethrown once all have finished.
 */
export async function runClients(
  n: number,
  step: (client: number, iteration: number) => Promise<unknown>,
  options: ClientOptions = {},
): Promise<void> {
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.durationMs;
  const limit = options.iterations ?? Number.POSITIVE_INFINITY;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: n }, async (_, client) => {
      for (let i = 0; i < limit && failure === null && Date.now() < deadline; i++) {
        try {
          if ((await step(client, i)) === false) break;
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/**
 * A seeded generator (mulberry32) for randomized tests: the seed comes from COULISSE_TEST_SEED or is drawn,
 * and tests print it in their failure messages so a run's choices can be replayed.
 */
export function seededRandom(seed = testSeed()): {
  seed: number;
  next(): number;
  int(min: number, max: number): number;
} {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

export function testSeed(): number {
  const fromEnv = Number(process.env.COULISSE_TEST_SEED);
  return Number.isInteger(fromEnv) && process.env.COULISSE_TEST_SEED !== undefined
    ? fromEnv
    : Math.floor(Math.random() * 2 ** 31);
}
