/**
 * The X12 850 (purchase order) mapped to and from what Coulisse needs: the buyer's PO number (BEG03), who
 * sells (N1*SE / N1*VN, or REF*IA), where it goes (N1*ST), when (DTM*002), the lines (PO1: quantity, unit,
 * price, product ids) and the declared totals (CTT01, AMT02). Pure: resolving codes against the database
 * and converting prices to minor units of a currency happen in the command, with the helpers below.
 */
import { parseDecimalToMinor } from '../../../kernel/money.js';
import { ediError, el, writeX12, type X12Document, type X12Segment, type X12Transaction } from './x12.js';

/** Who we are in the envelopes we write (ISA06 / GS02), qualifier ZZ (mutually defined). */
export const EDI_SENDER_QUALIFIER = 'ZZ';
export const EDI_SENDER_ID = 'COULISSE';

/** Product id qualifiers we read: the supplier's part number, a GTIN, or our own SKU code. */
const SUPPLIER_SKU_QUALIFIERS = new Set(['VP', 'VN']);
const GTIN_QUALIFIERS = new Set(['UP', 'EN', 'UK', 'UA']);
const SKU_QUALIFIERS = new Set(['IN', 'BP', 'CB', 'SK']);

export type ProductIdKind = 'supplier_sku' | 'gtin' | 'sku';

export interface Edi850Line {
  lineNo: string;
  qty: number;
  unit: string;
  /** PO104 as written (a decimal in the order's currency), null when absent. */
  price: string | null;
  productIds: { kind: ProductIdKind; qualifier: string; value: string }[];
  position: number;
}

export interface Edi850 {
  transactionControl: string;
  position: number;
  externalRef: string;
  orderDate: string | null;
  /** YYYY-MM-DD from DTM*002 (delivery requested), null when absent. */
  expectedAt: string | null;
  currency: string | null;
  supplier: { code: string | null; name: string | null };
  shipTo: { code: string | null; name: string | null } | null;
  lines: Edi850Line[];
  declaredLineCount: number | null;
  declaredTotal: { text: string; position: number } | null;
}

function fail(s: X12Segment, element: number | undefined, reason: string): never {
  throw ediError({ segment: s.tag, position: s.position, ...(element ? { element } : {}), reason });
}

function toIsoDate(s: X12Segment, n: number): string {
  const v = el(s, n);
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(v);
  const ok = m && !Number.isNaN(Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`));
  if (!m || !ok || new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`).getUTCDate() !== Number(m[3])) {
    fail(s, n, `"${v}" is not a date CCYYMMDD`);
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Reads one 850 transaction set. Errors: invalid_edi (422) naming the segment and element. */
export function read850(t: X12Transaction): Edi850 {
  const first = t.segments[0];
  const stub: X12Segment = { tag: 'ST', elements: [t.code, t.control], position: t.position };
  if (t.code !== '850') fail(stub, 1, `transaction set ${t.code} is not a purchase order (850)`);
  if (first?.tag !== 'BEG') fail(first ?? stub, undefined, 'an 850 starts with BEG');
  const beg = first;
  const externalRef = el(beg, 3).trim();
  if (externalRef === '') fail(beg, 3, 'the purchase order number (BEG03) is missing');
  if (externalRef.length > 64) fail(beg, 3, 'the purchase order number is longer than 64 characters');
  const out: Edi850 = {
    transactionControl: t.control,
    position: t.position,
    externalRef,
    orderDate: el(beg, 5) ? toIsoDate(beg, 5) : null,
    expectedAt: null,
    currency: null,
    supplier: { code: null, name: null },
    shipTo: null,
    lines: [],
    declaredLineCount: null,
    declaredTotal: null,
  };
  let inLines = false;
  for (const s of t.segments.slice(1)) {
    switch (s.tag) {
      case 'CUR':
        if (!inLines && /^[A-Z]{3}$/.test(el(s, 2))) out.currency = el(s, 2);
        else if (!inLines) fail(s, 2, `"${el(s, 2)}" is not an ISO 4217 currency code`);
        break;
      case 'REF':
        if (!inLines && el(s, 1) === 'IA' && el(s, 2)) out.supplier.code ??= el(s, 2).trim();
        break;
      case 'DTM':
        if (!inLines && el(s, 1) === '002') out.expectedAt = toIsoDate(s, 2);
        break;
      case 'N1': {
        if (inLines) break;
        const code = el(s, 4).trim() || null;
        const name = el(s, 2).trim() || null;
        if (el(s, 1) === 'SE' || el(s, 1) === 'VN') {
          if (code === null && name === null) fail(s, 2, 'the party has neither a name nor an id');
          out.supplier = { code: code ?? out.supplier.code, name };
        } else if (el(s, 1) === 'ST') {
          out.shipTo = { code, name };
        }
        break;
      }
      case 'PO1': {
        inLines = true;
        const qtyText = el(s, 2);
        if (!/^[0-9]+$/.test(qtyText) || Number(qtyText) <= 0 || Number(qtyText) > 1_000_000_000) {
          fail(s, 2, `quantity "${qtyText}" is not a whole number of units above zero`);
        }
        const unit = el(s, 3);
        if (!/^[A-Z0-9]{2}$/.test(unit)) fail(s, 3, `"${unit}" is not a unit of measure code`);
        const price = el(s, 4) || null;
        if (price !== null && !/^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$/.test(price)) {
          fail(s, 4, `price "${price}" is not a decimal number`);
        }
        const productIds: Edi850Line['productIds'] = [];
        for (let n = 6; n <= s.elements.length; n += 2) {
          const qualifier = el(s, n);
          const value = el(s, n + 1).trim();
          if (qualifier === '' && value === '') continue;
          if (qualifier === '') fail(s, n, `product id "${value}" has no qualifier`);
          if (value === '') fail(s, n + 1, `product id qualifier ${qualifier} has no value`);
          const kind: ProductIdKind | null = SUPPLIER_SKU_QUALIFIERS.has(qualifier)
            ? 'supplier_sku'
            : GTIN_QUALIFIERS.has(qualifier)
              ? 'gtin'
              : SKU_QUALIFIERS.has(qualifier)
                ? 'sku'
                : null;
          if (kind) productIds.push({ kind, qualifier, value });
        }
        if (productIds.length === 0) {
          fail(
            s,
            6,
            'the line has no product id we read (VP/VN supplier part, UP/EN/UK GTIN, IN/BP/CB SKU code)',
          );
        }
        out.lines.push({
          lineNo: el(s, 1) || String(out.lines.length + 1),
          qty: Number(qtyText),
          unit,
          price,
          productIds,
          position: s.position,
        });
        break;
      }
      case 'CTT': {
        const v = el(s, 1);
        if (!/^[0-9]+$/.test(v)) fail(s, 1, `"${v}" is not a line count`);
        out.declaredLineCount = Number(v);
        if (out.declaredLineCount !== out.lines.length) {
          fail(s, 1, `says ${v} line items; the order has ${out.lines.length} PO1 segments`);
        }
        break;
      }
      case 'AMT':
        if (['1', 'TT', 'GV'].includes(el(s, 1)))
          out.declaredTotal = { text: el(s, 2), position: s.position };
        break;
      default:
        break;
    }
  }
  if (out.lines.length === 0) fail(beg, undefined, 'the purchase order has no PO1 line');
  return out;
}

/** Every 850 of a parsed document; a group that is not PO (purchase orders) is an error. */
export function read850s(doc: X12Document): Edi850[] {
  const out: Edi850[] = [];
  for (const ic of doc.interchanges) {
    for (const g of ic.groups) {
      for (const t of g.transactions) {
        if (g.functionalId !== 'PO') {
          throw ediError({
            segment: 'GS',
            position: t.position - 1,
            element: 1,
            reason: `functional group ${g.functionalId} is not PO; an 850 travels in a PO group`,
          });
        }
        out.push(read850(t));
      }
    }
  }
  if (out.length === 0) throw ediError({ segment: 'ISA', position: 1, reason: 'the document holds no 850' });
  return out;
}

/**
 * Units per ordered unit of measure: EA is one; a case (CA/CS) is the supplier SKU's pack size when there
 * is one. Anything else is refused (null with the reason).
 */
export function unitsPer(unit: string, packSize: number | null): { units: number } | { reason: string } {
  if (unit === 'EA') return { units: 1 };
  if (unit === 'CA' || unit === 'CS') {
    if (packSize === null)
      return { reason: `unit ${unit} needs the supplier SKU's pack size, which is not set` };
    return { units: packSize };
  }
  return { reason: `unit of measure ${unit} is not supported (EA, or CA/CS with a pack size)` };
}

export interface Edi850Warning {
  code: 'total_mismatch';
  message: string;
  declaredMinor: number;
  computedMinor: number;
}

/** Unit price in minor units of the currency, per ordered unit of measure; throws invalid_edi on excess decimals. */
export function priceToMinor(line: Edi850Line, currency: string): number | null {
  if (line.price === null) return null;
  try {
    return parseDecimalToMinor(line.price, currency);
  } catch {
    throw ediError({
      segment: 'PO1',
      position: line.position,
      element: 4,
      reason: `price ${line.price} has more decimals than ${currency} allows`,
    });
  }
}

/** AMT against Σ qty × price of the lines, in minor units: a difference is a warning, not an error. */
export function checkTotal(doc: Edi850, currency: string): Edi850Warning[] {
  if (doc.declaredTotal === null) return [];
  let computed = 0;
  for (const l of doc.lines) computed += l.qty * (priceToMinor(l, currency) ?? 0);
  let declared: number;
  try {
    declared = parseDecimalToMinor(doc.declaredTotal.text, currency);
  } catch {
    throw ediError({
      segment: 'AMT',
      position: doc.declaredTotal.position,
      element: 2,
      reason: `"${doc.declaredTotal.text}" is not an amount in ${currency}`,
    });
  }
  if (declared === computed) return [];
  return [
    {
      code: 'total_mismatch',
      message: `AMT says ${doc.declaredTotal.text} but the lines add up to ${computed} minor units of ${currency}.`,
      declaredMinor: declared,
      computedMinor: computed,
    },
  ];
}

/** What an exported 850 says about one of our purchase orders. */
export interface Po850 {
  number: string;
  createdAt: string;
  expectedAt: string | null;
  currency: string;
  buyerName: string;
  supplier: { code: string; name: string };
  warehouse: { code: string; name: string };
  lines: {
    lineNo: number;
    sku: string;
    supplierSku: string | null;
    gtin: string | null;
    qty: number;
    unitCostMinor: number;
  }[];
  totalMinor: number;
  control: number;
  /** YYYYMMDD and HHMM of the export (from the injected clock). */
  date: string;
  time: string;
}

const clean = (v: string) => v.replace(/[*>~^|\r\n]/g, ' ').slice(0, 60);

function decimal(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const s = String(minor).padStart(exponent + 1, '0');
  return `${s.slice(0, -exponent)}.${s.slice(-exponent)}`.replace(/\.?0+$/, '') || '0';
}

/** Writes a purchase order as an X12 850 (004010) from our sender id to the supplier. */
export function write850(po: Po850, exponent: number): string {
  const body = [
    { tag: 'BEG', elements: ['00', 'SA', po.number, '', po.createdAt.slice(0, 10).replace(/-/g, '')] },
    { tag: 'CUR', elements: ['BY', po.currency] },
    ...(po.expectedAt ? [{ tag: 'DTM', elements: ['002', po.expectedAt.replace(/-/g, '')] }] : []),
    { tag: 'N1', elements: ['BY', clean(po.buyerName), '92', EDI_SENDER_ID] },
    { tag: 'N1', elements: ['SE', clean(po.supplier.name), '92', clean(po.supplier.code)] },
    { tag: 'N1', elements: ['ST', clean(po.warehouse.name), '92', clean(po.warehouse.code)] },
    ...po.lines.map((l) => ({
      tag: 'PO1',
      elements: [
        String(l.lineNo),
        String(l.qty),
        'EA',
        decimal(l.unitCostMinor, exponent),
        'PE',
        ...(l.supplierSku ? ['VP', clean(l.supplierSku)] : []),
        'IN',
        clean(l.sku),
        ...(l.gtin ? [l.gtin.length === 12 ? 'UP' : 'EN', l.gtin] : []),
      ],
    })),
    { tag: 'CTT', elements: [String(po.lines.length)] },
    { tag: 'AMT', elements: ['TT', decimal(po.totalMinor, exponent)] },
  ];
  return writeX12(
    {
      senderQualifier: EDI_SENDER_QUALIFIER,
      senderId: EDI_SENDER_ID,
      receiverQualifier: 'ZZ',
      receiverId: clean(po.supplier.code).slice(0, 15),
      date: po.date,
      time: po.time,
      control: po.control,
      usage: 'P',
      functionalId: 'PO',
      transactionCode: '850',
    },
    body,
  );
}
