/** SSCC-18: GS1's reference vectors, every built code valid and every single-digit change detected, bad input refused. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSscc, formatSscc, gs1128Sscc, isValidSscc } from './sscc.js';

interface Vector {
  kind: string;
  value: string;
  valid: boolean;
}
const vectors: Vector[] = (
  JSON.parse(
    readFileSync(new URL('../../test/fixtures/gs1/check-digit-vectors.json', import.meta.url), 'utf8'),
  ).check_digit_vectors as Vector[]
).filter((v) => v.kind === 'SSCC-18');

const partsArb = fc.integer({ min: 7, max: 10 }).chain((prefixLength) =>
  fc.record({
    extensionDigit: fc.integer({ min: 0, max: 9 }),
    companyPrefix: fc.stringMatching(new RegExp(`^[0-9]{${prefixLength}}$`)),
    serial: fc.bigInt({ min: 0n, max: 10n ** BigInt(16 - prefixLength) - 1n }),
  }),
);

describe('SSCC-18', () => {
  it('has SSCC vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(2);
  });

  it.each(vectors)('$value is valid=$valid', (v) => {
    expect(isValidSscc(v.value)).toBe(v.valid);
  });

  it("builds GS1's worked example (00) 1 0614141 234567890 8", () => {
    const sscc = buildSscc({ extensionDigit: 1, companyPrefix: '0614141', serial: 234567890 });
    expect(sscc).toBe('106141412345678908');
    expect(formatSscc(sscc, 7)).toBe('(00) 1 0614141 234567890 8');
    expect(formatSscc(sscc)).toBe('(00) 106141412345678908');
    expect(gs1128Sscc(sscc)).toBe('(00)106141412345678908');
  });

  it('rebuilds the vector 123456789012345675 from its parts', () => {
    expect(buildSscc({ extensionDigit: 1, companyPrefix: '234567890', serial: 1234567n })).toBe(
      '123456789012345675',
    );
  });

  it('zero-pads the serial to the digits the prefix leaves', () => {
    expect(buildSscc({ extensionDigit: 0, companyPrefix: '1234567890', serial: 1 }).slice(11, 17)).toBe(
      '000001',
    );
    expect(buildSscc({ extensionDigit: 0, companyPrefix: '1234567', serial: 0 }).slice(8, 17)).toBe(
      '000000000',
    );
  });

  it('every built SSCC is valid, and changing any one digit makes it invalid', () => {
    fc.assert(
      fc.property(partsArb, fc.nat(), fc.integer({ min: 1, max: 9 }), (parts, pos, bump) => {
        const sscc = buildSscc(parts);
        expect(sscc).toMatch(/^[0-9]{18}$/);
        expect(isValidSscc(sscc)).toBe(true);
        expect(sscc.slice(1, 1 + parts.companyPrefix.length)).toBe(parts.companyPrefix);
        const i = pos % sscc.length;
        const changed = sscc.slice(0, i) + String((Number(sscc[i]) + bump) % 10) + sscc.slice(i + 1);
        expect(isValidSscc(changed)).toBe(false);
      }),
    );
  });

  it('refuses a serial that does not fit, and other bad parts, with RangeError', () => {
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '1234567890', serial: 1_000_000 })).toThrow(
      RangeError,
    );
    expect(() =>
      buildSscc({ extensionDigit: 0, companyPrefix: '1234567890', serial: 999_999 }),
    ).not.toThrow();
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '1234567', serial: 10n ** 9n })).toThrow(
      RangeError,
    );
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '1234567', serial: -1 })).toThrow(RangeError);
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '1234567', serial: 1.5 })).toThrow(RangeError);
    expect(() => buildSscc({ extensionDigit: 10, companyPrefix: '1234567', serial: 1 })).toThrow(RangeError);
    expect(() => buildSscc({ extensionDigit: -1, companyPrefix: '1234567', serial: 1 })).toThrow(RangeError);
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '123456', serial: 1 })).toThrow(RangeError);
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '12345678901', serial: 1 })).toThrow(
      RangeError,
    );
    expect(() => buildSscc({ extensionDigit: 0, companyPrefix: '12345a7', serial: 1 })).toThrow(RangeError);
  });

  it('rejects wrong lengths, non-digits and GTINs as SSCCs', () => {
    for (const bad of [
      '',
      '12345678901234567',
      '1234567890123456750',
      '12345678901234567x',
      '4006381333931',
    ]) {
      expect(isValidSscc(bad)).toBe(false);
    }
    expect(isValidSscc('１23456789012345675')).toBe(false); // full-width digit
    expect(() => formatSscc('123456789012345670')).toThrow(RangeError);
    expect(() => gs1128Sscc('12345')).toThrow(RangeError);
    expect(() => formatSscc('123456789012345675', 6)).toThrow(RangeError);
  });
});
