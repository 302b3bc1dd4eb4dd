// Proves that amounts typed in a form become exact minor units with the currency's own exponent, and back.
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMinorInput, parseMinor } from './money-input';

describe('money input', () => {
  it('knows the exponent of EUR, JPY and KWD', () => {
    expect([currencyExponent('EUR'), currencyExponent('JPY'), currencyExponent('KWD')]).toEqual([2, 0, 3]);
    expect(currencyExponent('eur')).toBeNull();
  });

  it('reads whole and decimal amounts, with a point or a comma', () => {
    expect(parseMinor('500', 'EUR')).toBe(50_000);
    expect(parseMinor('1500,5', 'EUR')).toBe(150_050);
    expect(parseMinor(' 0.07 ', 'EUR')).toBe(7);
    expect(parseMinor('1200', 'JPY')).toBe(1200);
    expect(parseMinor('1.234', 'KWD')).toBe(1234);
  });

  it('refuses what it would have to guess', () => {
    expect(parseMinor('10.005', 'EUR')).toBeNull();
    expect(parseMinor('12.5', 'JPY')).toBeNull();
    expect(parseMinor('-3', 'EUR')).toBeNull();
    expect(parseMinor('1e3', 'EUR')).toBeNull();
    expect(parseMinor('', 'EUR')).toBeNull();
    expect(parseMinor('10', 'XXXX')).toBeNull();
  });

  it('writes minor units back as they would be typed', () => {
    expect(formatMinorInput(150_050, 'EUR')).toBe('1500.50');
    expect(formatMinorInput(7, 'EUR')).toBe('0.07');
    expect(formatMinorInput(1200, 'JPY')).toBe('1200');
    expect(formatMinorInput(1234, 'KWD')).toBe('1.234');
    for (const minor of [0, 1, 99, 100, 123_456_789]) {
      expect(parseMinor(formatMinorInput(minor, 'EUR'), 'EUR')).toBe(minor);
    }
  });
});
