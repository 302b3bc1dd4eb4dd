import { checkGtin } from '../../../kernel/gtin.js';

/**
 * What a scanner sent for an item: a SKU code typed or printed on a shelf label, a GTIN-8/12/13/14 from the
 * product's barcode, or a GS1 element string carrying the GTIN in AI (01) — "(01)09506000134352" as
 * printed, or "0109506000134352…" as a scanner sends it (further AIs such as (10) batch or (17) expiry
 * may follow and are ignored here). Keyboard-wedge scanners add whitespace and sometimes a leading FNC1
 * substitute (]C1, ]e0, GS); both are stripped.
 */
export interface ItemScan {
  /** The scan as text, trimmed, for matching a SKU code (case-insensitively). */
  text: string;
  /** The GTIN as 14 digits when the scan is (or carries) a valid GTIN. */
  gtin14: string | null;
}

const SYMBOLOGY_PREFIX = /^\](C1|e0|d2|Q3)/;
/** ASCII GS (29), which some scanners send for a leading FNC1. */
const GROUP_SEPARATOR = new RegExp(`^${String.fromCharCode(29)}`);

export function parseItemScan(raw: string): ItemScan {
  const text = raw.trim().replace(SYMBOLOGY_PREFIX, '').replace(GROUP_SEPARATOR, '');
  const printed = /^\(01\)([0-9]{14})/.exec(text);
  const sent = /^01([0-9]{14})/.exec(text);
  for (const candidate of [printed?.[1], text.length > 14 ? sent?.[1] : undefined, text]) {
    if (candidate === undefined) continue;
    const check = checkGtin(candidate);
    if (check.ok) return { text, gtin14: check.gtin14 };
  }
  return { text, gtin14: null };
}

/** Whether a scan names a SKU (its code, or its GTIN in any length). */
export function scanMatchesSku(scan: ItemScan, sku: { code: string; gtin: string | null }): boolean {
  if (scan.text.toLowerCase() === sku.code.toLowerCase()) return true;
  return scan.gtin14 !== null && sku.gtin !== null && sku.gtin.padStart(14, '0') === scan.gtin14;
}

/** Whether a scanned location label names a bin (its full code, or the part after the warehouse). */
export function scanMatchesBin(raw: string, binCode: string): boolean {
  const scanned = raw.trim().toLowerCase();
  const code = binCode.toLowerCase();
  return scanned === code || (code.includes('/') && scanned === code.slice(code.indexOf('/') + 1));
}
