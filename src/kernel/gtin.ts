/**
 * GS1 Mod-10 check digits (GS1 General Specifications §7.9): from the rightmost data digit, weights
 * alternate 3, 1, 3, …; the check digit brings the weighted sum to a multiple of ten. The same rule
 * covers GTIN-8/12/13/14 and SSCC-18.
 */
export function gs1CheckDigit(dataDigits: string): number {
  if (!/^[0-9]+$/.test(dataDigits)) throw new TypeError('GS1 data must be digits only');
  let sum = 0;
  for (let i = dataDigits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (dataDigits.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidGs1CheckDigit(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

export type GtinCheck =
  | { ok: true; gtin: string; gtin14: string }
  | { ok: false; reason: 'format' | 'length' | 'check_digit'; expectedCheckDigit?: number };

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** Validates a GTIN-8/12/13/14 and returns it with its 14-digit form (for uniqueness across lengths). */
export function checkGtin(value: string): GtinCheck {
  if (!/^[0-9]+$/.test(value)) return { ok: false, reason: 'format' };
  if (!GTIN_LENGTHS.has(value.length)) return { ok: false, reason: 'length' };
  const expected = gs1CheckDigit(value.slice(0, -1));
  if (expected !== Number(value.slice(-1)))
    return { ok: false, reason: 'check_digit', expectedCheckDigit: expected };
  return { ok: true, gtin: value, gtin14: value.padStart(14, '0') };
}

/** Appends the check digit: `withCheckDigit('400638133393')` → `'4006381333931'`. */
export function withCheckDigit(dataDigits: string): string {
  return dataDigits + String(gs1CheckDigit(dataDigits));
}
