/** Money: exact minor units per currency exponent, and splits that always sum to the total. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByWeights, currencyExponent, formatMinor, parseDecimalToMinor } from './money.js';

describe('money', () => {
  it('knows currency exponents', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(() => currencyExponent('XXX')).toThrow(/not a supported/);
  });

  it('parses channel decimals exactly, refusing extra precision', () => {
    expect(parseDecimalToMinor('12.50', 'EUR')).toBe(1250);
    expect(parseDecimalToMinor('-3', 'EUR')).toBe(-300);
    expect(parseDecimalToMinor('1200', 'JPY')).toBe(1200);
    expect(parseDecimalToMinor('1.234', 'KWD')).toBe(1234);
    expect(parseDecimalToMinor('0.10', 'USD')).toBe(10);
    expect(parseDecimalToMinor('19.990', 'USD')).toBe(1999);
    expect(() => parseDecimalToMinor('1.005', 'USD')).toThrow(/more decimals/);
    expect(() => parseDecimalToMinor('1e3', 'USD')).toThrow(/not a decimal/);
  });

  it('formats and parses back to the same amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (minor, currency) => {
          expect(parseDecimalToMinor(formatMinor(minor, currency), currency)).toBe(minor);
        },
      ),
    );
  });

  it('splits by largest remainder: parts sum exactly, each within one unit of its share', () => {
    expect(allocateByWeights(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(allocateByWeights(-1000, [1, 1, 1])).toEqual([-334, -333, -333]);
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc
          .array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 20 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = allocateByWeights(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          for (const [i, p] of parts.entries())
            expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-6);
        },
      ),
    );
  });
});
