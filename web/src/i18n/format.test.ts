// Proves that money is formatted from integer minor units exactly, with the currency's own decimals,
// and that the English and French formats differ as they should.
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, formatNumber, minorToDecimal } from './format';

describe('money formatting', () => {
  it('knows each currency minor unit', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('turns minor units into an exact decimal string', () => {
    expect(minorToDecimal(12345, 2)).toBe('123.45');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 3)).toBe('-0.005');
    expect(minorToDecimal(0, 2)).toBe('0.00');
    expect(minorToDecimal(1234, 0)).toBe('1234');
    // Beyond float precision at two decimals: still exact.
    expect(minorToDecimal(9_007_199_254_740_991, 2)).toBe('90071992547409.91');
  });

  it('formats by locale and currency', () => {
    // Intl separates with no-break spaces, which differ between ICU versions: compare them as spaces.
    const plain = (s: string) => s.replace(/\s/g, ' ');
    expect(formatMoney('en-GB', 123456, 'EUR')).toBe('€1,234.56');
    expect(plain(formatMoney('fr-FR', 123456, 'EUR'))).toBe('1 234,56 €');
    expect(formatMoney('en-GB', 1500, 'JPY')).toBe('JP¥1,500');
    expect(plain(formatMoney('en-GB', 1500, 'KWD'))).toBe('KWD 1.500');
    expect(formatMoney('en-GB', -250, 'EUR')).toBe('-€2.50');
    expect(formatMoney('en-GB', null, 'EUR')).toBe('—');
    expect(plain(formatNumber('fr-FR', 12345))).toBe('12 345');
  });
});
