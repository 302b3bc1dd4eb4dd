// Proves that a day chosen in a date input becomes the right half-open range of instants.
import { describe, expect, it } from 'vitest';
import { dayEndExclusiveIso, dayStartIso } from './dates';

describe('date filters', () => {
  it('turns a calendar day into [local midnight, next local midnight)', () => {
    const start = new Date(dayStartIso('2026-03-31')!);
    const end = new Date(dayEndExclusiveIso('2026-03-31')!);
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2026, 2, 31, 0,
    ]);
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours()]).toEqual([2026, 3, 1, 0]);
  });

  it('ignores what is not a day', () => {
    expect(dayStartIso('')).toBeUndefined();
    expect(dayEndExclusiveIso('nonsense')).toBeUndefined();
  });
});
