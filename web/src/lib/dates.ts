/**
 * Date inputs give a local calendar day (YYYY-MM-DD); the API filters by instant. A "from" day starts at
 * local midnight; an "until" day is included whole, so the bound is the next local midnight (the API's
 * placedUntil is exclusive).
 */
export function dayStartIso(day: string): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d).toISOString();
}

export function dayEndExclusiveIso(day: string): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + 1).toISOString();
}
