import { safeInteger } from '../kernel/quantity.js';

/**
 * One place decides how PostgreSQL types become JavaScript values, for both engines: int8 (bigint)
 * becomes a number after asserting it is a safe integer; `date` stays a 'YYYY-MM-DD' string so no time
 * zone can shift it; numeric stays a string (stored amounts are never numeric: see ADR 0003).
 */
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export const parseInt8 = (value: string): number => safeInteger(value);
export const parseDate = (value: string): string => value;
