/** The digits after the decimal point of a currency (EUR 2, JPY 0, KWD 3), as Intl knows them; null if unknown. */
export function currencyExponent(currency: string): number | null {
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      null
    );
  } catch {
    return null;
  }
}

/**
 * An amount typed by a person ("1500", "1500.5", "1500,50") as integer minor units of the currency, or
 * null when it is not a plain amount with at most the currency's decimals (no rounding: 10.005 EUR is
 * refused, not guessed).
 */
export function parseMinor(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const match = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (exponent === null || !match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(`${match[1]}${fraction.padEnd(exponent, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units back to the plain text a person would type: 150050 EUR → "1500.50". */
export function formatMinorInput(minor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  if (exponent === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
