/** Latencies of one operation, in milliseconds, kept whole so that percentiles are exact (nearest rank). */
export class Latencies {
  private values = new Float64Array(4096);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  summary(): { p50: number | null; p99: number | null; max: number | null; mean: number | null } {
    if (this.n === 0) return { p50: null, p99: null, max: null, mean: null };
    const sorted = this.values.slice(0, this.n).sort();
    const rank = (p: number) => sorted[Math.min(this.n - 1, Math.max(0, Math.ceil(p * this.n) - 1))]!;
    let sum = 0;
    for (const v of sorted) sum += v;
    return { p50: rank(0.5), p99: rank(0.99), max: sorted[this.n - 1]!, mean: sum / this.n };
  }
}

export const round = (x: number | null, digits = 1): number | null =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export const fmt = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
