import type { AbcClass } from './abc.js';

/** How often each ABC class is counted, in days. */
export interface AbcFrequencies {
  readonly A: number;
  readonly B: number;
  readonly C: number;
}

const DAY_MS = 86_400_000;

/**
 * A SKU at a bin is due for counting when it was never counted there, or when its class's period has
 * passed since its last count (at or after exactly that many days). `now` is the caller's clock.
 */
export function isCountDue(lastCountedAt: Date | null, frequencyDays: number, now: Date): boolean {
  if (lastCountedAt === null) return true;
  return now.getTime() - lastCountedAt.getTime() >= frequencyDays * DAY_MS;
}

/** The frequency of a class. */
export function frequencyOf(abcClass: AbcClass, frequencies: AbcFrequencies): number {
  return frequencies[abcClass];
}

/** When the next count of a pair falls due (now when it was never counted). */
export function nextDueAt(lastCountedAt: Date | null, frequencyDays: number, now: Date): Date {
  return lastCountedAt === null ? now : new Date(lastCountedAt.getTime() + frequencyDays * DAY_MS);
}
