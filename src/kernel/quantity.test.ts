/** Quantity types: whole units only, bounded, and int8 values from the database stay exact. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { MAX_QTY, nonNegativeQty, nonZeroDelta, positiveQty, safeInteger } from './quantity.js';

const rejects = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('invalid_quantity');
    return;
  }
  throw new Error('expected invalid_quantity');
};

describe('quantities', () => {
  it('accepts whole numbers in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_QTY }), (n) => {
        expect(positiveQty(n)).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_QTY }), (n) => {
        expect(nonNegativeQty(n)).toBe(n);
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_QTY, max: MAX_QTY }).filter((n) => n !== 0),
        (n) => {
          expect(nonZeroDelta(n)).toBe(n);
        },
      ),
    );
  });

  it('rejects zero, negatives, fractions, huge values, NaN, strings', () => {
    for (const bad of [0, -1, 1.5, MAX_QTY + 1, Number.NaN, Number.POSITIVE_INFINITY, '3', null, 1e300]) {
      rejects(() => positiveQty(bad));
    }
    for (const bad of [-1, 0.1, MAX_QTY + 1]) rejects(() => nonNegativeQty(bad));
    for (const bad of [0, 2.5, -MAX_QTY - 1]) rejects(() => nonZeroDelta(bad));
  });

  it('parses database integers exactly and refuses unsafe ones', () => {
    expect(safeInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(safeInteger('-42')).toBe(-42);
    expect(() => safeInteger('9007199254740993')).toThrow(RangeError);
  });
});
