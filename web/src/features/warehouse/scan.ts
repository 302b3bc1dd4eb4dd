/**
 * The pure side of the picking and packing screens: what a scan names, which pick task comes next and how
 * far a list or a parcel has got. Matching mirrors the server's (src/modules/fulfillment/domain/scan.ts) so
 * the screen answers at once; the server still judges every pick and pack scan.
 */

/** Keyboard-wedge scanners may send a symbology identifier (]C1 …) or a GS for a leading FNC1. */
const SYMBOLOGY_PREFIX = /^\](C1|e0|d2|Q3)/;
const GROUP_SEPARATOR = new RegExp(`^${String.fromCharCode(29)}`);

/** A scan as text: trimmed, without the scanner's prefixes. */
export function cleanScan(raw: string): string {
  return raw.trim().replace(SYMBOLOGY_PREFIX, '').replace(GROUP_SEPARATOR, '');
}

/** The GS1 check digit is right: the weighted sum (3, 1, 3 … from the right) is a multiple of 10. */
function isGtin(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits) || ![8, 12, 13, 14].includes(digits.length)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 1 ? d * 3 : d;
  }
  return sum % 10 === 0;
}

/** The GTIN a scan carries, as 14 digits: a bare GTIN-8/12/13/14, or a GS1 element string with (01). */
export function gtin14Of(raw: string): string | null {
  const text = cleanScan(raw);
  const printed = /^\(01\)([0-9]{14})/.exec(text)?.[1];
  const sent = text.length > 14 ? /^01([0-9]{14})/.exec(text)?.[1] : undefined;
  for (const candidate of [printed, sent, text]) {
    if (candidate !== undefined && isGtin(candidate)) return candidate.padStart(14, '0');
  }
  return null;
}

/** Whether a scan names a SKU: its code (any case) or its GTIN in any length. */
export function matchesItem(raw: string, sku: { code: string; gtin: string | null }): boolean {
  const text = cleanScan(raw);
  if (text.length === 0) return false;
  if (text.toLowerCase() === sku.code.toLowerCase()) return true;
  const gtin = gtin14Of(text);
  return gtin !== null && sku.gtin !== null && sku.gtin.padStart(14, '0') === gtin;
}

/** Whether a scanned label names a bin: its full code (PAR/A-01-02) or the part after the warehouse. */
export function matchesBin(raw: string, binCode: string): boolean {
  const scanned = cleanScan(raw).toLowerCase();
  const code = binCode.toLowerCase();
  if (scanned.length === 0) return false;
  return scanned === code || (code.includes('/') && scanned === code.slice(code.indexOf('/') + 1));
}

/** The bin code without its warehouse, as printed big for the picker. */
export function shortBin(binCode: string): string {
  return binCode.includes('/') ? binCode.slice(binCode.indexOf('/') + 1) : binCode;
}

export interface TaskLike {
  id: string;
  seq: number;
  status: 'open' | 'picked' | 'short' | 'cancelled';
}

/**
 * The task to pick next: the first open one after `afterSeq` in walking order, else the first open one from
 * the start (a replacement bin added behind the picker after a short pick); null when none is left.
 */
export function nextOpenTask<T extends TaskLike>(
  tasks: readonly T[],
  afterSeq: number | null = null,
): T | null {
  const open = tasks.filter((t) => t.status === 'open').sort((a, b) => a.seq - b.seq);
  if (afterSeq !== null) {
    const ahead = open.find((t) => t.seq > afterSeq);
    if (ahead) return ahead;
  }
  return open[0] ?? null;
}

/** Tasks done (picked or short) out of those to do (cancelled ones left out). */
export function pickProgress(tasks: readonly TaskLike[]): { done: number; total: number } {
  const live = tasks.filter((t) => t.status !== 'cancelled');
  return { done: live.filter((t) => t.status !== 'open').length, total: live.length };
}

/** A whole percentage, 0 when there is nothing to do. */
export function percent(done: number, total: number): number {
  return total <= 0 ? 0 : Math.round((done / total) * 100);
}

/** What was typed to open a pick list: its id, or its number (with or without a leading #). */
export function pickListRef(raw: string): { id: string } | { number: number } | null {
  const text = cleanScan(raw);
  if (/^pkl_[0-9A-Za-z]+$/.test(text)) return { id: text };
  const number = /^#?([0-9]{1,9})$/.exec(text)?.[1];
  return number === undefined ? null : { number: Number(number) };
}

/** Units still to scan per SKU and in all, at the pack station. */
export function packRemaining(items: readonly { required: number; scanned: number }[]): number {
  return items.reduce((n, i) => n + Math.max(0, i.required - i.scanned), 0);
}

/**
 * The shipment a pack-station scan names: a shipment id as is, else an open or packed shipment whose tote
 * or order number is the scan (any case); null when none is.
 */
export function findShipmentByScan<S extends { id: string; tote: string | null; externalId: string }>(
  raw: string,
  shipments: readonly S[],
): S | { id: string } | null {
  const text = cleanScan(raw);
  if (/^shp_[0-9A-Za-z]+$/.test(text)) return { id: text };
  const lower = text.toLowerCase();
  return (
    shipments.find((s) => s.tote?.toLowerCase() === lower) ??
    shipments.find((s) => s.externalId.toLowerCase() === lower) ??
    null
  );
}

/** Grams typed by a packer ("1.2 kg" is not accepted: whole grams, as the API takes them). */
export function parseGrams(raw: string): number | null {
  const text = raw.trim();
  if (!/^[0-9]{1,8}$/.test(text)) return null;
  const grams = Number(text);
  return grams >= 1 ? grams : null;
}
