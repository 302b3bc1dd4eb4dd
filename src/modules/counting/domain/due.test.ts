/** Due dates: a pair never counted is due, a pair counted is due again exactly when its class's period has passed, and a longer period is never due earlier. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCountDue, nextDueAt } from './due.js';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');

describe('isCountDue', () => {
  it('is due when never counted, and at exactly the period', () => {
    expect(isCountDue(null, 30, now)).toBe(true);
    expect(isCountDue(new Date(now.getTime() - 30 * DAY), 30, now)).toBe(true);
    expect(isCountDue(new Date(now.getTime() - 30 * DAY + 1), 30, now)).toBe(false);
    expect(nextDueAt(null, 30, now)).toEqual(now);
  });

  it('agrees with nextDueAt and is monotone in the period', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 0, max: 365 }),
        (ago, freq, longer) => {
          const last = new Date(now.getTime() - ago);
          expect(isCountDue(last, freq, now)).toBe(nextDueAt(last, freq, now).getTime() <= now.getTime());
          if (!isCountDue(last, freq, now)) expect(isCountDue(last, freq + longer, now)).toBe(false);
        },
      ),
    );
  });
});
