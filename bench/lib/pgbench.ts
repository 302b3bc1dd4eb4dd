import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Cores, type CpuSnapshot, coresBetween, cpuSnapshot } from './cpu.js';
import { ROOT, runProgram } from './processes.js';
import { sleep } from './stats.js';

/** The stock cycle (receipt + reservation + post) as one pgbench transaction script. */
export const CYCLE_SQL = fileURLToPath(new URL('../pgbench/cycle.sql', import.meta.url));
/** One POST /v1/orders of 3 lines as one pgbench transaction script. */
export const ORDER_INTAKE_SQL = fileURLToPath(new URL('../pgbench/order-intake.sql', import.meta.url));

export interface StatementLatency {
  /** Which command ("receipt", "reserve", "post"; "order") and which statement (from the script's comments). */
  readonly transaction: string;
  readonly statement: string;
  readonly ms: number;
}

export interface PgbenchResult {
  readonly clients: number;
  readonly threads: number;
  readonly seconds: number;
  readonly processed: number;
  readonly failed: number;
  readonly tps: number;
  readonly latencyAvgMs: number | null;
  readonly statements: StatementLatency[];
  readonly command: string;
}

export interface ScriptCommand {
  /** "receipt", "reserve", "post" or "order", from the `-- ===== n. <file>.ts` section headers. */
  readonly transaction: string;
  /**
   * For display: the comment line above the statement up to its first parenthesis (after the name when the
   * name is an automatic `s_…` one), or BEGIN/COMMIT/ROLLBACK.
   */
  readonly statement: string;
  /**
   * The app's statement name (the comment's first word: its own name, the automatic `s_<digest>` name the
   * PostgreSQL adapter prepares it under, or "unnamed"), or BEGIN/COMMIT/ROLLBACK.
   */
  readonly name: string;
}

const SECTIONS: Record<string, string> = {
  'receive-stock': 'receipt',
  'reserve-stock': 'reserve',
  'post-reservation': 'post',
  'create-order': 'order',
};

/**
 * The SQL commands of a script (its text) in order, named from the section headers and the comment line
 * above each statement, so that pgbench -r's per-statement latencies (printed in script order, first line
 * only) can be told apart (there are several BEGIN, COMMIT and `WITH d AS MATERIALIZED (`), and so that
 * the script's statement sequence can be compared with the app's. ROLLBACK commands are listed too: they
 * are the branches taken when a guard fails.
 */
export function scriptCommands(script: string): ScriptCommand[] {
  const commands: ScriptCommand[] = [];
  let section = '';
  let comment = '';
  let inCommand = false;
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    const header = /^-- =+ \d+\. ([a-z-]+)\.ts/.exec(line);
    if (header) {
      section = SECTIONS[header[1]!] ?? header[1]!;
      continue;
    }
    if (line.startsWith('--')) {
      if (!inCommand) comment = line.replace(/^--\s*/, '');
      continue;
    }
    if (line === '' || (!inCommand && line.startsWith('\\'))) continue;
    if (!inCommand) {
      const word = /^(BEGIN|COMMIT|ROLLBACK)\b/.exec(line)?.[1];
      const auto = /^s_[\w-]+: /.exec(comment)?.[0];
      commands.push({
        transaction: section,
        statement:
          word ??
          (auto
            ? comment.slice(auto.length).split(' (')[0]!
            : comment.startsWith('unnamed: ')
              ? comment.split(' (')[0]!
              : comment.split(/ \(|: /)[0]!),
        name: word ?? /^[A-Za-z_][\w-]*/.exec(comment)?.[0] ?? '?',
      });
      comment = '';
      inCommand = true;
    }
    if (line.endsWith(';') || /\\[ga]set\b/.test(line)) inCommand = false;
  }
  return commands;
}

/** The fingerprint of the app's SQL that the script (its text) was written against (its header says). */
export function scriptFingerprint(script: string): string | null {
  return /^-- app SQL fingerprint: ([0-9a-f]+)/m.exec(script)?.[1] ?? null;
}

function parseStatements(stdout: string, script: string): StatementLatency[] {
  const labels = scriptCommands(script);
  const at = stdout.indexOf('statement latencies');
  if (at < 0) return [];
  const rows = stdout
    .slice(at)
    .split('\n')
    .slice(1)
    .map((l) => /^\s+([\d.]+)\s+(?:\d+\s+)?(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .filter((m) => !m[2]!.startsWith('\\'));
  return rows.map((m, i) => ({
    transaction: labels[i]?.transaction ?? '?',
    statement: labels.length === rows.length ? labels[i]!.statement : m[2]!.slice(0, 60),
    ms: Number(m[1]),
  }));
}

export interface PgbenchTarget {
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Runs a script with -M prepared and parses tps, latency and the per-statement breakdown (-r). */
export async function runPgbench(
  target: PgbenchTarget,
  options: {
    /** The script's path (CYCLE_SQL, ORDER_INTAKE_SQL). */
    script: string;
    clients: number;
    threads: number;
    seconds: number;
    variables: Record<string, string | number>;
    onSpawn?: (pid: number) => void;
  },
): Promise<PgbenchResult> {
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(options.clients),
    '-j',
    String(options.threads),
    '-T',
    String(options.seconds),
    '-r',
    '-f',
    options.script,
    ...Object.entries(options.variables).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    '-h',
    target.host,
    '-p',
    target.port,
    '-U',
    target.user,
    target.database,
  ];
  const { code, stdout, stderr } = await runProgram('pgbench', args, {
    env: target.password ? { PGPASSWORD: target.password } : {},
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
  const num = (re: RegExp) => {
    const m = re.exec(stdout);
    return m ? Number(m[1]) : null;
  };
  const processed = num(/number of transactions actually processed: (\d+)/);
  const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
  if (code !== 0 || processed === null || tps === null) {
    throw new Error(`pgbench failed (exit ${code}):\n${stdout}\n${stderr}`);
  }
  if (/aborted/.test(stdout + stderr)) {
    throw new Error(
      `pgbench clients aborted (the script does not match the schema?):\n${stderr.slice(-4000)}`,
    );
  }
  return {
    clients: options.clients,
    threads: options.threads,
    seconds: options.seconds,
    processed,
    failed: num(/number of failed transactions: (\d+)/) ?? 0,
    tps,
    latencyAvgMs: num(/latency average = ([\d.]+) ms/),
    statements: parseStatements(stdout, readFileSync(options.script, 'utf8')),
    command: `pgbench ${args.map((a) => (a === options.script ? relative(ROOT, a) : a)).join(' ')}`,
  };
}

/**
 * A pgbench measurement as the benchmark takes it: a warm-up run (tag "w"), then the measured run (tag
 * "m"; the tag keeps the two runs' ids apart), with the CPU of pgbench and of the database's backends
 * sampled between 1 s after the start (connections made) and 0.5 s before the end (still connected).
 */
export async function measurePgbench(
  target: PgbenchTarget,
  options: {
    script: string;
    clients: number;
    threads: number;
    warmupSeconds: number;
    seconds: number;
    variables: (tag: 'w' | 'm') => Record<string, string | number>;
    /** The backends serving pgbench, once it is connected. */
    databasePids: () => Promise<number[]>;
    log: (line: string) => void;
  },
): Promise<{ result: PgbenchResult; cpu: Cores }> {
  const { script, clients, threads, seconds } = options;
  if (options.warmupSeconds > 0) {
    options.log(`  warm-up ${options.warmupSeconds} s…`);
    await runPgbench(target, {
      script,
      clients,
      threads,
      seconds: options.warmupSeconds,
      variables: options.variables('w'),
    });
  }
  options.log(`  measuring ${seconds} s…`);
  let pgbenchPid = 0;
  const snapshots: CpuSnapshot[] = [];
  const sampler = (async () => {
    const from = Math.min(1000, (seconds * 1000) / 4);
    const to = Math.max(from + 200, seconds * 1000 - 500);
    await sleep(from);
    const groups = { pgbench: [pgbenchPid], database: await options.databasePids() };
    snapshots.push(cpuSnapshot(groups));
    await sleep(to - from);
    snapshots.push(cpuSnapshot(groups));
  })();
  const result = await runPgbench(target, {
    script,
    clients,
    threads,
    seconds,
    variables: options.variables('m'),
    onSpawn: (pid) => {
      pgbenchPid = pid;
    },
  });
  await sampler;
  const cpu = snapshots.length === 2 ? coresBetween(snapshots[0]!, snapshots[1]!) : {};
  return { result, cpu };
}
