import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runProgram } from './processes.js';

export const CYCLE_SQL = fileURLToPath(new URL('../pgbench/cycle.sql', import.meta.url));

export interface StatementLatency {
  /** Which command of the cycle ("receipt", "reserve", "post") and which statement (from the script's comments). */
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

interface ScriptCommand {
  /** "receipt", "reserve" or "post", from the `-- ===== n. <file>.ts` section headers. */
  readonly transaction: string;
  /** For display: the comment line above the statement up to its first parenthesis, or BEGIN/COMMIT/ROLLBACK. */
  readonly statement: string;
  /** The app's statement name (the comment's first word; "unnamed" for unnamed ones), or BEGIN/COMMIT/ROLLBACK. */
  readonly name: string;
}

const SECTIONS: Record<string, string> = {
  'receive-stock': 'receipt',
  'reserve-stock': 'reserve',
  'post-reservation': 'post',
};

/**
 * The SQL commands of cycle.sql in order, named from the section headers and the comment line above each
 * statement, so that pgbench -r's per-statement latencies (printed in script order, first line only) can be
 * told apart (there are several BEGIN, COMMIT and `WITH d AS MATERIALIZED (`), and so that the script's
 * statement sequence can be compared with the app's.
 */
export function scriptCommands(script = readFileSync(CYCLE_SQL, 'utf8')): ScriptCommand[] {
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
      commands.push({
        transaction: section,
        statement:
          word ?? (comment.startsWith('unnamed: ') ? comment.split(' (')[0]! : comment.split(/ \(|: /)[0]!),
        name: word ?? /^[A-Za-z_]\w*/.exec(comment)?.[0] ?? '?',
      });
      comment = '';
      inCommand = true;
    }
    if (line.endsWith(';') || /\\[ga]set\b/.test(line)) inCommand = false;
  }
  return commands;
}

/** The fingerprint of the app's SQL that the script was written against (its header says). */
export function scriptFingerprint(script = readFileSync(CYCLE_SQL, 'utf8')): string | null {
  return /^-- app SQL fingerprint: ([0-9a-f]+)/m.exec(script)?.[1] ?? null;
}

function parseStatements(stdout: string): StatementLatency[] {
  const labels = scriptCommands();
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

/** Runs cycle.sql with -M prepared and parses tps, latency and the per-statement breakdown (-r). */
export async function runPgbench(
  target: PgbenchTarget,
  options: {
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
    CYCLE_SQL,
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
    statements: parseStatements(stdout),
    command: `pgbench ${args.map((a) => (a === CYCLE_SQL ? 'bench/pgbench/cycle.sql' : a)).join(' ')}`,
  };
}
