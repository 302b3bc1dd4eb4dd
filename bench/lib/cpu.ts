import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU accounting from /proc (Linux): per process (utime + stime) and for the whole machine. Client, server
 * and database share the same cores here, so every figure is printed beside the CPU each party used, and
 * "other" (the machine's busy time minus ours) shows how much foreign load disturbed the run.
 */
let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(out.stdout?.trim());
    ticksPerSecond = Number.isInteger(n) && n > 0 ? n : 100;
  }
  return ticksPerSecond;
}

function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields we need follow its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export type CpuGroups = Record<string, readonly number[]>;

/** Cores used per group, with "machine" (all busy time) and "other" (the machine's minus ours). */
export type Cores = Record<string, number | null>;

export interface CpuSnapshot {
  readonly atMs: number;
  readonly machine: { busy: number; total: number } | null;
  readonly groups: Record<string, Map<number, number>>;
}

export function cpuSnapshot(groups: CpuGroups): CpuSnapshot {
  const out: Record<string, Map<number, number>> = {};
  for (const [name, pids] of Object.entries(groups)) {
    const m = new Map<number, number>();
    for (const pid of pids) {
      const t = processTicks(pid);
      if (t !== null) m.set(pid, t);
    }
    out[name] = m;
  }
  return { atMs: performance.now(), machine: machineTicks(), groups: out };
}

/** Cores used between two snapshots, per group (processes seen in both), by the machine, and by others. */
export function coresBetween(a: CpuSnapshot, b: CpuSnapshot): Cores {
  const seconds = (b.atMs - a.atMs) / 1000;
  const hz = clockTicks();
  const result: Cores = {};
  let ours = 0;
  for (const [name, after] of Object.entries(b.groups)) {
    const before = a.groups[name] ?? new Map<number, number>();
    let ticks = 0;
    for (const [pid, t] of after) {
      const t0 = before.get(pid);
      if (t0 !== undefined) ticks += t - t0;
    }
    result[name] = ticks / hz / seconds;
    ours += ticks / hz / seconds;
  }
  if (a.machine && b.machine) {
    const machine = (b.machine.busy - a.machine.busy) / hz / seconds;
    result.machine = machine;
    result.other = Math.max(0, machine - ours);
  } else {
    result.machine = null;
    result.other = null;
  }
  return result;
}
