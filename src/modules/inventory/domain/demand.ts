/**
 * Sums requested quantities per (location, SKU) before anything is checked, so two lines asking for the
 * same stock are judged together (two lines of 3 against 5 available fail; they would each pass alone).
 * The result is sorted by (location id, SKU id): the order in which rows are locked.
 */
export interface DemandLine {
  readonly locationId: string;
  readonly skuId: string;
  readonly qty: number;
}

export function sumDemand<T extends DemandLine>(lines: readonly T[]): (T & { qty: number })[] {
  const merged = new Map<string, T & { qty: number }>();
  for (const line of lines) {
    const key = `${line.locationId}\u0000${line.skuId}`;
    const prior = merged.get(key);
    merged.set(key, prior ? { ...prior, qty: prior.qty + line.qty } : { ...line });
  }
  return [...merged.values()].sort(compareKeys);
}

export function compareKeys(
  a: { locationId: string; skuId: string },
  b: { locationId: string; skuId: string },
): number {
  if (a.locationId !== b.locationId) return a.locationId < b.locationId ? -1 : 1;
  if (a.skuId !== b.skuId) return a.skuId < b.skuId ? -1 : 1;
  return 0;
}
