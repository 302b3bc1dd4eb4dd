import { unprocessable } from './errors.js';

/**
 * Money is an integer number of minor units plus an ISO 4217 currency. The exponent (digits after the
 * decimal point) comes from this table, never from the amount.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MAD: 2,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  QAR: 2,
  RON: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  VND: 0,
  XOF: 0,
  ZAR: 2,
});

export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export function currencyExponent(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) {
    throw unprocessable('unknown_currency', `Currency ${currency} is not a supported ISO 4217 code.`, {
      currency,
    });
  }
  return exponent;
}

export function money(amountMinor: number, currency: string): Money {
  currencyExponent(currency);
  if (!Number.isSafeInteger(amountMinor)) {
    throw unprocessable(
      'invalid_amount',
      `Amount must be a whole number of minor units; got ${amountMinor}.`,
      {
        amountMinor,
      },
    );
  }
  return { amountMinor, currency };
}

/**
 * Parses a decimal string as sent by channels ("12.50", "-3", "1200") into minor units, exactly; refuses
 * more fractional digits than the currency has rather than rounding silently.
 */
export function parseDecimalToMinor(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const m = /^(-)?([0-9]+)(?:\.([0-9]+))?$/.exec(text.trim());
  if (!m) throw unprocessable('invalid_amount', `"${text}" is not a decimal amount.`, { text, currency });
  const [, sign, whole, frac = ''] = m;
  const significant = frac.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw unprocessable(
      'invalid_amount',
      `"${text}" has more decimals than ${currency} allows (${exponent}).`,
      {
        text,
        currency,
      },
    );
  }
  const minor = Number(whole) * 10 ** exponent + Number(frac.padEnd(exponent, '0').slice(0, exponent) || '0');
  if (!Number.isSafeInteger(minor))
    throw unprocessable('invalid_amount', `"${text}" is too large.`, { text });
  return sign ? -minor : minor;
}

export function formatMinor(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  if (exponent === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(exponent + 1, '0');
  return `${sign}${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

/**
 * Splits `total` into parts proportional to `weights` by the largest-remainder method: the parts are
 * integers and always sum exactly to `total`. Ties go to the earlier weight, so the result is
 * deterministic.
 */
export function allocateByWeights(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('total must be a safe integer');
  if (weights.length === 0) throw new RangeError('at least one weight is required');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0))
    throw new RangeError('weights must be integers >= 0');
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) throw new RangeError('weights must not all be zero');
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // BigInt keeps abs * weight exact even when the product exceeds 2^53.
  const raw = weights.map((w) => (BigInt(abs) * BigInt(w)) / BigInt(weightSum));
  const remainders = weights.map((w, i) => ({ i, r: (BigInt(abs) * BigInt(w)) % BigInt(weightSum) }));
  let left = abs - raw.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const parts = raw.map(Number);
  for (let k = 0; left > 0; k++, left--) parts[remainders[k % remainders.length]!.i]! += 1;
  return parts.map((p) => p * sign);
}
