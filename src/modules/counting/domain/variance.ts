/**
 * Variance rules of a count: what the ledger expected against what was counted, and whether the
 * difference is small enough to post at once or needs a manager's approval.
 */
export interface VarianceThreshold {
  /** Largest absolute difference in units posted without approval. */
  readonly units?: number | null | undefined;
  /** Largest difference as a whole percentage of the expected quantity. */
  readonly percent?: number | null | undefined;
  /** Largest absolute value of the difference, minor units of the plan's currency. */
  readonly valueMinor?: number | null | undefined;
}

export interface VarianceInput {
  readonly expectedQty: number;
  readonly countedQty: number;
  /** Value of one unit in the plan's currency, when known. */
  readonly unitValueMinor: number | null;
  /** Null: no limit applies (a task outside any plan); every count posts at once. */
  readonly threshold: VarianceThreshold | null;
}

export interface VarianceDecision {
  readonly variance: number;
  readonly valueMinor: number | null;
  readonly isWithinThreshold: boolean;
  /** Which limits the variance exceeds (empty when within). */
  readonly exceeded: readonly ('units' | 'percent' | 'valueMinor')[];
}

/**
 * A variance is within the threshold when it exceeds none of the limits set: |variance| ≤ units;
 * |variance| × 100 ≤ percent × expected (so any difference from an expected zero exceeds a percent limit);
 * |value| ≤ valueMinor when the unit value is known (an unknown value cannot exceed a value limit). A zero
 * variance is always within; a threshold with no limit set lets every count through.
 */
export function decideVariance(input: VarianceInput): VarianceDecision {
  const variance = input.countedQty - input.expectedQty;
  const valueMinor = input.unitValueMinor === null ? null : variance * input.unitValueMinor;
  const exceeded: ('units' | 'percent' | 'valueMinor')[] = [];
  const t = input.threshold;
  if (t && variance !== 0) {
    const abs = Math.abs(variance);
    if (t.units !== undefined && t.units !== null && abs > t.units) exceeded.push('units');
    if (t.percent !== undefined && t.percent !== null && abs * 100 > t.percent * input.expectedQty)
      exceeded.push('percent');
    if (t.valueMinor !== undefined && t.valueMinor !== null && valueMinor !== null) {
      if (Math.abs(valueMinor) > t.valueMinor) exceeded.push('valueMinor');
    }
  }
  return { variance, valueMinor, isWithinThreshold: exceeded.length === 0, exceeded };
}

/**
 * The quantity an approval sets on hand to. The count said the bin held `countedQty` when the ledger said
 * `expectedQty`; if on hand moved since (a pick, a receipt), those moves were real and happened after the
 * count, so the approval applies the counted difference to today's quantity instead of overwriting it
 * with a number that no longer describes the shelf. Null when that would go below zero (the recount is
 * then the only honest answer).
 */
export function approvedOnHand(input: {
  expectedQty: number;
  countedQty: number;
  currentOnHand: number;
}): number | null {
  const target = input.currentOnHand + (input.countedQty - input.expectedQty);
  return target < 0 ? null : target;
}
