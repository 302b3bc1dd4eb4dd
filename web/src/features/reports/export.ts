/** The most rows one CSV export fetches (at 500 a page): beyond that, the filters should be narrower. */
export const EXPORT_MAX_ROWS = 20_000;

/** A file name that says what and when: `audit-2026-11-27.csv`. */
export function exportFileName(what: string, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${what}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
