import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.js';

/**
 * Every process the benchmark starts is registered here by PID and ended by PID: on the normal path, on
 * an error, on Ctrl-C (SIGINT/SIGTERM) and, last, synchronously on exit. Servers also carry
 * bench/parent-watch.mjs, which ends them if the benchmark itself is killed with -9. Nothing else is
 * ever signalled.
 */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WATCHDOG = new URL('../parent-watch.mjs', import.meta.url).href;
const OUTPUT_LIMIT_CHARS = 64 * 1024;

const children = new Map<number, ChildProcess>();
const cleanups: { name: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | null = null;

export function track(child: ChildProcess): number {
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawn failed: no pid');
  children.set(pid, child);
  child.once('exit', () => children.delete(pid));
  return pid;
}

/** Registers an undo step (drop a database, remove a directory); they run last-in first-out. */
export function onCleanup(name: string, run: () => Promise<void>): () => void {
  const entry = { name, run };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Stops every child still running, then runs the undo steps. Safe to call more than once. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children.values()].map((c) => stopChild(c, 10_000)));
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      try {
        await step.run();
      } catch (e) {
        console.error(`cleanup "${step.name}" failed: ${(e as Error).message}`);
      }
    }
  })();
  return cleaning;
}

export function installExitHandlers(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the benchmark's processes and removing its databases…`);
    void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const onFatal = (e: unknown) => {
    console.error('\nUnexpected error; stopping the benchmark:', e);
    void cleanupAll().finally(() => process.exit(1));
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.on('exit', () => {
    for (const child of children.values()) child.kill('SIGKILL');
  });
}

export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/cli/main.js serve` on a free port (the server picks it: --port 0) and waits until its
 * /health answers 200. The environment is built from scratch so that the bench's own DATABASE_URL or
 * COULISSE_* variables cannot leak into a scenario.
 */
export async function startServer(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers.
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      WATCHDOG,
      'dist/cli/main.js',
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const pid = track(child);
  let output = '';
  let port = 0;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT_CHARS);
    const m = /Coulisse is running: http:\/\/[^:/]+:(\d+)/.exec(output);
    if (m && port === 0) port = Number(m[1]);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const server: ServerProcess = {
    pid,
    get port() {
      return port;
    },
    output: () => output,
    stop: () => stopChild(child, 15_000),
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`server ${pid} exited before it was ready:\n${output}`);
    if (port !== 0) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
        await r.arrayBuffer();
        if (r.status === 200) return server;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server ${pid} not healthy after ${readyTimeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
}

/** Runs a program to completion, tracked like the servers; resolves with its exit code and output. */
export function runProgram(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; onSpawn?: (pid: number) => void } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.once('error', reject);
    if (child.pid === undefined) return;
    const pid = track(child);
    options.onSpawn?.(pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-OUTPUT_LIMIT_CHARS);
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
