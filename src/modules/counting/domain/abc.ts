/**
 * ABC classification: the few SKUs that make most of the sales value are counted most often. SKUs are
 * ranked by sales value (highest first; equal values by SKU code, so the result never depends on input
 * order); A is the shortest head of the ranking whose value reaches 80 % of the total, B the next SKUs up to
 * 95 %, C the rest (including every SKU that sold nothing). Shares are compared in integers (BigInt), so
 * no rounding decides a boundary.
 */
export type AbcClass = 'A' | 'B' | 'C';
export const ABC_CLASSES: readonly AbcClass[] = ['A', 'B', 'C'];

export interface SalesValue {
  readonly sku: string;
  /** Sales value in minor units of one currency, ≥ 0. */
  readonly valueMinor: number;
}

export interface AbcItem extends SalesValue {
  readonly abcClass: AbcClass;
  /** 1 for the best seller. */
  readonly rank: number;
  /** The cumulative share of the total value up to and including this SKU, in basis points (rounded down). */
  readonly cumulativeBps: number;
}

/** The cumulative shares (basis points) closing class A and class B. */
export const A_SHARE_BPS = 8000;
export const B_SHARE_BPS = 9500;

const byValueThenCode = (a: SalesValue, b: SalesValue) =>
  b.valueMinor - a.valueMinor || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** Classifies every SKU given (each once; a negative or fractional value is a programming error). */
export function classifyAbc(values: readonly SalesValue[]): AbcItem[] {
  for (const v of values) {
    if (!Number.isSafeInteger(v.valueMinor) || v.valueMinor < 0)
      throw new RangeError(`sales value of ${v.sku} must be a whole number ≥ 0, got ${v.valueMinor}`);
  }
  const ranked = [...values].sort(byValueThenCode);
  const total = ranked.reduce((sum, v) => sum + BigInt(v.valueMinor), 0n);
  let before = 0n;
  return ranked.map((v, i) => {
    // A SKU belongs to A while the value ranked before it is still short of 80 % of the total: it is
    // needed to reach the boundary. Likewise for B at 95 %.
    const abcClass: AbcClass =
      total === 0n || v.valueMinor === 0
        ? 'C'
        : before * 10000n < total * BigInt(A_SHARE_BPS)
          ? 'A'
          : before * 10000n < total * BigInt(B_SHARE_BPS)
            ? 'B'
            : 'C';
    before += BigInt(v.valueMinor);
    const cumulativeBps = total === 0n ? 0 : Number((before * 10000n) / total);
    return { ...v, abcClass, rank: i + 1, cumulativeBps };
  });
}
