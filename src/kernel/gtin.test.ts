/** GS1 check digits: the reference vectors from GS1's own syntax engine, and the rule over random data. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGtin, gs1CheckDigit, hasValidGs1CheckDigit, withCheckDigit } from './gtin.js';

interface Vector {
  kind: string;
  value: string;
  valid: boolean;
}
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('../../test/fixtures/gs1/check-digit-vectors.json', import.meta.url), 'utf8'),
).check_digit_vectors;

describe('GS1 check digits', () => {
  it.each(vectors.filter((v) => /^[0-9]+$/.test(v.value) && v.value.length > 1))(
    '$kind $value is valid=$valid',
    (v) => {
      expect(hasValidGs1CheckDigit(v.value)).toBe(v.valid);
    },
  );

  it('rejects non-digits and the empty string', () => {
    expect(hasValidGs1CheckDigit('')).toBe(false);
    expect(hasValidGs1CheckDigit('40063813339A1')).toBe(false);
    expect(checkGtin('4006381333931 ')).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts GTIN-8/12/13/14 and nothing else', () => {
    expect(checkGtin('02345673')).toMatchObject({ ok: true, gtin14: '00000002345673' });
    expect(checkGtin('416000336108')).toMatchObject({ ok: true, gtin14: '00416000336108' });
    expect(checkGtin('4006381333931')).toMatchObject({ ok: true });
    expect(checkGtin('95012345678903')).toMatchObject({ ok: true });
    expect(checkGtin('123456789012345675')).toEqual({ ok: false, reason: 'length' }); // an SSCC, not a GTIN
    expect(checkGtin('1234567')).toEqual({ ok: false, reason: 'length' });
    expect(checkGtin('4006381333932')).toEqual({ ok: false, reason: 'check_digit', expectedCheckDigit: 1 });
  });

  it('withCheckDigit always yields a valid number, and any single-digit change breaks it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{7,17}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (data, pos, bump) => {
          const full = withCheckDigit(data);
          expect(hasValidGs1CheckDigit(full)).toBe(true);
          const i = pos % full.length;
          const changed = full.slice(0, i) + String((Number(full[i]) + bump) % 10) + full.slice(i + 1);
          expect(hasValidGs1CheckDigit(changed)).toBe(false);
        },
      ),
    );
  });

  it('agrees with the SQL function used by the CHECK constraint (same weights)', () => {
    // 3,1,3,… from the rightmost data digit: 400638133393 → 1 (GS1's worked example).
    expect(gs1CheckDigit('400638133393')).toBe(1);
  });
});
