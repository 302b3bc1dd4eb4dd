import { unprocessable } from './errors.js';

/**
 * Quantities are integers in the SKU's base unit. One operation moves at most MAX_QTY units: enough for
 * any real movement, far below 2^53 so that sums of many movements stay exact in JavaScript numbers and
 * in PostgreSQL bigint.
 */
export const MAX_QTY = 1_000_000_000;

/** A positive whole quantity (1..MAX_QTY) or a DomainError `invalid_quantity`. */
export function positiveQty(value: unknown, field = 'qty'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_QTY) {
    throw unprocessable(
      'invalid_quantity',
      `${field} must be a whole number between 1 and ${MAX_QTY}; got ${String(value)}.`,
      { field, value: typeof value === 'number' && Number.isFinite(value) ? value : String(value) },
    );
  }
  return value;
}

/** A signed non-zero whole quantity with |value| <= MAX_QTY, for adjustments. */
export function nonZeroDelta(value: unknown, field = 'delta'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value === 0 || Math.abs(value) > MAX_QTY) {
    throw unprocessable(
      'invalid_quantity',
      `${field} must be a non-zero whole number between -${MAX_QTY} and ${MAX_QTY}; got ${String(value)}.`,
      { field, value: typeof value === 'number' && Number.isFinite(value) ? value : String(value) },
    );
  }
  return value;
}

/** A whole quantity >= 0, for counted and expected quantities. */
export function nonNegativeQty(value: unknown, field = 'qty'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_QTY) {
    throw unprocessable(
      'invalid_quantity',
      `${field} must be a whole number between 0 and ${MAX_QTY}; got ${String(value)}.`,
      { field, value: typeof value === 'number' && Number.isFinite(value) ? value : String(value) },
    );
  }
  return value;
}

/** Parses an int8 coming back from the database; refuses anything that is not a safe integer. */
export function safeInteger(text: string | number | bigint): number {
  const n = typeof text === 'number' ? text : Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Database integer ${String(text)} is outside JavaScript's safe integer range`);
  }
  return n;
}
