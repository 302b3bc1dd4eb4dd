/**
 * Locale-aware formatting through Intl: dates, numbers and money. Money arrives as integer minor units
 * with an ISO 4217 code; the number of decimals comes from the currency (JPY 0, EUR 2, KWD 3), and the
 * amount is handed to Intl as an exact decimal string, never through a float.
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** Decimal places of a currency's minor unit, as Intl knows them (2 for an unknown code). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** Integer minor units as an exact decimal string: (12345, 2) → "123.45", (-5, 3) → "-0.005". */
export function minorToDecimal(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a safe integer: ${minor}`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor));
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, -exponent);
  const fraction = padded.slice(-exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

export function formatMoney(locale: string, minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  const exponent = currencyExponent(currency);
  let format: Intl.NumberFormat;
  try {
    format = cached(
      `money|${locale}|${currency}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: exponent,
          maximumFractionDigits: exponent,
        }),
    );
  } catch {
    return `${minorToDecimal(minor, exponent)} ${currency}`;
  }
  // Intl formats decimal strings exactly (ES2023); the cast is for lib typings that predate it.
  return format.format(minorToDecimal(minor, exponent) as unknown as number);
}

export function formatNumber(locale: string, value: number): string {
  return cached(`number|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** A signed quantity: +3, −2 (with a real minus sign). */
export function formatSigned(locale: string, value: number): string {
  return cached(
    `signed|${locale}`,
    () => new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }),
  ).format(value);
}

export function formatDateTime(locale: string, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(
    `datetime|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(date);
}

export function formatDate(locale: string, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(`date|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(
    date,
  );
}
