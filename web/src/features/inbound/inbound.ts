/**
 * The pure side of the inbound screens: what a scan or a typed reference names, the receiving tally a
 * receiver builds by scanning, the QC decision a line defaults to, count variances, and the "SKU qty" lines
 * typed into request forms. The server still judges every receipt, put-away, count and return.
 */
import { cleanScan, matchesItem } from '../warehouse/scan';

/** What was typed or scanned to open a purchase order: its id, or its number (PO-000123, 123, #123). */
export function poRef(raw: string): { id: string } | { number: string } | null {
  const text = cleanScan(raw);
  if (/^po_[0-9A-Za-z]+$/.test(text)) return { id: text };
  const digits = /^(?:PO-?|#)?([0-9]{1,12})$/i.exec(text)?.[1];
  if (digits !== undefined) return { number: `PO-${digits.padStart(6, '0')}` };
  return text.length > 0 ? { number: text.toUpperCase() } : null;
}

/** The order a scan names among those listed, by id or number (any case, zeros padded); else null. */
export function findPo<P extends { id: string; number: string }>(
  raw: string,
  orders: readonly P[],
): P | null {
  const ref = poRef(raw);
  if (!ref) return null;
  if ('id' in ref) return orders.find((o) => o.id === ref.id) ?? null;
  return orders.find((o) => o.number.toUpperCase() === ref.number) ?? null;
}

export interface TallyLine {
  good: number;
  damaged: number;
}
/** Units scanned so far this receipt, per purchase order line. */
export type Tally = Readonly<Record<number, TallyLine>>;

export interface ReceivableLine {
  lineNo: number;
  sku: string;
  qtyOpen: number;
}

const counted = (tally: Tally, lineNo: number) => (tally[lineNo]?.good ?? 0) + (tally[lineNo]?.damaged ?? 0);

/**
 * The order line a scanned item belongs to: among the lines of its SKU (code or GTIN), the first with units
 * still open after this receipt's tally, else the first of them (the server then says how far over the
 * tolerance allows). Null when the item is on no line.
 */
export function lineForScan<L extends ReceivableLine>(
  raw: string,
  lines: readonly L[],
  gtins: ReadonlyMap<string, string | null>,
  tally: Tally,
): L | null {
  const mine = lines.filter((l) => matchesItem(raw, { code: l.sku, gtin: gtins.get(l.sku) ?? null }));
  return mine.find((l) => l.qtyOpen - counted(tally, l.lineNo) > 0) ?? mine[0] ?? null;
}

/** The tally with `qty` more good units on a line (a negative qty takes units off, never below zero). */
export function addGood(tally: Tally, lineNo: number, qty: number): Tally {
  const line = tally[lineNo] ?? { good: 0, damaged: 0 };
  return { ...tally, [lineNo]: { ...line, good: Math.max(0, line.good + qty) } };
}

/** One unit of the line found damaged: a good unit already scanned becomes damaged, else one is added. */
export function markDamaged(tally: Tally, lineNo: number): Tally {
  const line = tally[lineNo] ?? { good: 0, damaged: 0 };
  return {
    ...tally,
    [lineNo]:
      line.good > 0
        ? { good: line.good - 1, damaged: line.damaged + 1 }
        : { ...line, damaged: line.damaged + 1 },
  };
}

/** The receipt's lines for the API: only lines with something scanned, in line order. */
export function receiptLines(tally: Tally): { lineNo: number; qty: number; damaged?: number }[] {
  return Object.entries(tally)
    .map(([lineNo, l]) => ({ lineNo: Number(lineNo), ...l }))
    .filter((l) => l.good + l.damaged > 0)
    .sort((a, b) => a.lineNo - b.lineNo)
    .map((l) => ({ lineNo: l.lineNo, qty: l.good, ...(l.damaged > 0 ? { damaged: l.damaged } : {}) }));
}

/** How this receipt stands against what is open on a line: units short, over, or exactly as open. */
export function lineOutlook(
  line: ReceivableLine,
  tally: Tally,
): { kind: 'none' | 'short' | 'over'; qty: number } {
  const diff = counted(tally, line.lineNo) - line.qtyOpen;
  if (diff === 0) return { kind: 'none', qty: 0 };
  return diff < 0 ? { kind: 'short', qty: -diff } : { kind: 'over', qty: diff };
}

/** A QC line's default decision: the good units accepted, the damaged ones rejected. */
export function defaultQc(line: { qtyQc: number; qtyDamaged: number }): { accept: number; reject: number } {
  const reject = Math.min(line.qtyDamaged, line.qtyQc);
  return { accept: line.qtyQc - reject, reject };
}

/** A whole number typed by a person within [min, max]; null when it is anything else. */
export function parseWhole(raw: string, min = 0, max = 1_000_000_000): number | null {
  const text = raw.trim();
  if (!/^[0-9]{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export interface TypedLine {
  sku: string;
  qty: number;
}

/**
 * "SKU qty" lines as typed or pasted (spaces, tabs, commas or semicolons between; blank lines skipped): the
 * lines, or the 1-based numbers of the rows that are not a code and a whole quantity of 1 or more. A SKU
 * typed twice is added up.
 */
export function parseSkuLines(text: string): { lines: TypedLine[]; invalidRows: number[] } {
  const lines: TypedLine[] = [];
  const invalidRows: number[] = [];
  for (const [i, row] of text.split(/\r?\n/).entries()) {
    const trimmed = row.trim();
    if (trimmed === '') continue;
    const match = /^(\S+?)[\s,;]+([0-9]{1,9})$/.exec(trimmed);
    const qty = match ? Number(match[2]) : 0;
    if (!match || qty < 1) {
      invalidRows.push(i + 1);
      continue;
    }
    const sku = match[1]!.toUpperCase();
    const same = lines.find((l) => l.sku === sku);
    if (same) same.qty += qty;
    else lines.push({ sku, qty });
  }
  return { lines, invalidRows };
}

/** Units of a count task's SKU the counter still has to say, or whether a task is at a scanned bin. */
export function taskAtBin<T extends { location: string }>(raw: string, tasks: readonly T[]): T[] {
  const scanned = cleanScan(raw).toLowerCase();
  if (scanned === '') return [];
  return tasks.filter((t) => {
    const code = t.location.toLowerCase();
    return code === scanned || (code.includes('/') && code.slice(code.indexOf('/') + 1) === scanned);
  });
}

/** A variance as a person reads it: +3, −2, 0. */
export function signedQty(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

/** Units of a return line received but not graded yet. */
export function ungraded(line: { qtyReceived: number; qtyGraded: number }): number {
  return Math.max(0, line.qtyReceived - line.qtyGraded);
}

/** What a receiver typed against one ASN line: units that arrived in good state and damaged ones. */
export interface AsnEntry {
  arrived: string;
  damaged: string;
}

/**
 * The `lines` of an ASN receipt from what was typed: a line left blank arrived as announced and is not sent;
 * a line with only damaged units typed arrived complete, those units damaged (good = announced − damaged).
 * Lines whose figures are not whole numbers are named in `invalid` (their ASN line numbers).
 */
export function asnReceiveLines(
  lines: readonly { lineNo: number; qty: number }[],
  entries: Readonly<Record<number, AsnEntry>>,
): { lines: { lineNo: number; qty: number; damaged?: number }[]; invalid: number[] } {
  const out: { lineNo: number; qty: number; damaged?: number }[] = [];
  const invalid: number[] = [];
  for (const line of lines) {
    const entry = entries[line.lineNo];
    const arrivedText = entry?.arrived.trim() ?? '';
    const damagedText = entry?.damaged.trim() ?? '';
    if (arrivedText === '' && damagedText === '') continue;
    const arrived = arrivedText === '' ? null : parseWhole(arrivedText);
    const damaged = damagedText === '' ? 0 : parseWhole(damagedText);
    if ((arrivedText !== '' && arrived === null) || damaged === null) {
      invalid.push(line.lineNo);
      continue;
    }
    const qty = arrived ?? Math.max(0, line.qty - damaged);
    out.push({ lineNo: line.lineNo, qty, ...(damaged > 0 ? { damaged } : {}) });
  }
  return { lines: out, invalid };
}

/** One row of the blind receipt form, as typed. */
export interface BlindRow {
  sku: string;
  good: string;
  damaged: string;
}

/**
 * The `lines` of a blind receipt from the form's rows: blank rows skipped, SKU codes upper-cased, a blank
 * quantity taken as 0. A row without a SKU, with a figure that is not a whole number, or with no unit at all
 * is named in `invalidRows` (1-based).
 */
export function blindReceiptLines(rows: readonly BlindRow[]): {
  lines: { sku: string; qty: number; damaged?: number }[];
  invalidRows: number[];
} {
  const lines: { sku: string; qty: number; damaged?: number }[] = [];
  const invalidRows: number[] = [];
  for (const [i, row] of rows.entries()) {
    const sku = row.sku.trim().toUpperCase();
    const goodText = row.good.trim();
    const damagedText = row.damaged.trim();
    if (sku === '' && goodText === '' && damagedText === '') continue;
    const good = goodText === '' ? 0 : parseWhole(goodText);
    const damaged = damagedText === '' ? 0 : parseWhole(damagedText);
    if (sku === '' || good === null || damaged === null || good + damaged < 1) {
      invalidRows.push(i + 1);
      continue;
    }
    lines.push({ sku, qty: good, ...(damaged > 0 ? { damaged } : {}) });
  }
  return { lines, invalidRows };
}
