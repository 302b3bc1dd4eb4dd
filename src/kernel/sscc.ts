import { gs1CheckDigit, hasValidGs1CheckDigit } from './gtin.js';

/**
 * SSCC-18, the GS1 Serial Shipping Container Code that identifies one parcel or pallet (GS1 General
 * Specifications §2.2.1): extension digit (1) + GS1 company prefix (7–10) + serial reference (16 − prefix
 * length) + check digit (1), the check digit being the same Mod-10 as GTINs. On labels it is encoded as
 * GS1-128 with Application Identifier (00).
 */
export interface SsccParts {
  /** 0–9, chosen freely by the company (often to widen the serial space or to mark the packaging level). */
  extensionDigit: number;
  /** The GS1 company prefix, 7 to 10 digits, as assigned by a GS1 member organisation. */
  companyPrefix: string;
  /** The serial reference; must fit the digits the prefix leaves (16 − prefix length). */
  serial: bigint | number;
}

export const SSCC_LENGTH = 18;

/** Builds the 18-digit SSCC; throws RangeError when a part is out of range or the serial does not fit. */
export function buildSscc({ extensionDigit, companyPrefix, serial }: SsccParts): string {
  if (!Number.isInteger(extensionDigit) || extensionDigit < 0 || extensionDigit > 9) {
    throw new RangeError(`SSCC extension digit must be 0-9, got ${extensionDigit}`);
  }
  if (!/^[0-9]{7,10}$/.test(companyPrefix)) {
    throw new RangeError(`GS1 company prefix must be 7 to 10 digits, got "${companyPrefix}"`);
  }
  if (typeof serial === 'number' && !Number.isSafeInteger(serial)) {
    throw new RangeError(`SSCC serial must be a safe integer, got ${serial}`);
  }
  const serialValue = BigInt(serial);
  const serialDigits = 16 - companyPrefix.length;
  if (serialValue < 0n || serialValue >= 10n ** BigInt(serialDigits)) {
    throw new RangeError(
      `SSCC serial ${serialValue} does not fit the ${serialDigits} digits left by a ${companyPrefix.length}-digit company prefix`,
    );
  }
  const data = String(extensionDigit) + companyPrefix + serialValue.toString().padStart(serialDigits, '0');
  return data + String(gs1CheckDigit(data));
}

/** True for exactly 18 ASCII digits whose last one is the GS1 check digit of the first 17. */
export function isValidSscc(s: string): boolean {
  return s.length === SSCC_LENGTH && hasValidGs1CheckDigit(s);
}

function assertSscc(s: string): void {
  if (!isValidSscc(s)) throw new RangeError(`Not a valid SSCC-18: "${s}"`);
}

/**
 * Human-readable interpretation as printed under the barcode. With the company prefix length the digits
 * are grouped as extension, prefix, serial, check — `(00) 0 0614141 123456789 0`; without it (the prefix
 * length cannot be inferred from the digits alone) they are printed as one run after the AI.
 */
export function formatSscc(s: string, companyPrefixLength?: number): string {
  assertSscc(s);
  if (companyPrefixLength === undefined) return `(00) ${s}`;
  if (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 7 || companyPrefixLength > 10) {
    throw new RangeError(`GS1 company prefix length must be 7 to 10, got ${companyPrefixLength}`);
  }
  const prefixEnd = 1 + companyPrefixLength;
  return `(00) ${s[0]} ${s.slice(1, prefixEnd)} ${s.slice(prefixEnd, 17)} ${s[17]}`;
}

/** GS1 element string in bracketed-AI form, e.g. `(00)123456789012345675`, the input barcode encoders take. */
export function gs1128Sscc(s: string): string {
  assertSscc(s);
  return `(00)${s}`;
}
