/**
 * The X12 004010 856 (ship notice / ASN) read into what receiving needs: the supplier's shipment
 * reference (BSN02), the ship date (DTM*011), and per item (HL level I) the purchase order it ships
 * against (PRF01 of its order level O), its item ids (LIN qualifier/id pairs: UP, EN, VP, BP, ...), the
 * shipped quantity (SN102) and the SSCC of its pack (MAN*GM on the enclosing P or T level). Pure.
 *
 * Segments come from the shared tokenizer (domain/x12.ts). The transaction set's own envelope (ST/SE:
 * segment count, control number) must be right, since it guards the content; a wrong count in the group
 * or interchange trailer (GE01, IEA01 — real suppliers send them) is a warning, as are SSCCs with a wrong
 * check digit and an unreadable ship date: the notice is still usable, and the receipt is what counts.
 */
import { isValidSscc } from '../../../kernel/sscc.js';
import { ediError, el, tokenizeX12, type X12Segment } from './x12.js';

export interface AsnWarning {
  code: 'invalid_sscc' | 'invalid_ship_date' | 'envelope_count_mismatch';
  message: string;
  segment: string;
  position: number;
}

export interface AsnItemId {
  /** LIN qualifier: UP (UPC), EN (EAN), UK (GTIN-14), VP (vendor part), BP (buyer part), ... */
  qualifier: string;
  id: string;
}

export interface AsnItem {
  /** HL01 of the item level. */
  hl: string;
  /** PRF01 of the order level above: our PO number or the buyer's own reference. */
  poNumber: string;
  ids: AsnItemId[];
  qty: number;
  uom: string | null;
  /** The 18-digit SSCC of the pack (carton or pallet) the item is in, if labelled. */
  sscc: string | null;
  ssccValid: boolean | null;
  position: number;
}

export interface ShipNotice {
  /** BSN02: the supplier's shipment identification. */
  reference: string;
  /** DTM*011 as an ISO date-time (UTC midnight when no time), null when absent or unreadable. */
  shippedAt: string | null;
  items: AsnItem[];
  warnings: AsnWarning[];
}

interface HlNode {
  id: string;
  parent: string | null;
  level: string;
  prf: string | null;
  sscc: string | null;
  ssccValid: boolean | null;
}

const fail = (s: X12Segment, reason: string) => ediError({ segment: s.tag, position: s.position, reason });
const at = (segment: string, position: number, reason: string) => ediError({ segment, position, reason });

/** CCYYMMDD (+ HHMM) → ISO, or null when it is not a real date. */
export function x12Date(date: string, time = ''): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!m) return null;
  const t = /^(\d{2})(\d{2})/.exec(time);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${t ? `${t[1]}:${t[2]}` : '00:00'}:00.000Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== iso) return null;
  return iso;
}

/** MAN02 of a GM mark: the SSCC-18, possibly sent with its (00) application identifier. */
export function ssccOfMark(mark: string): string {
  const digits = mark.trim();
  return digits.length === 20 && digits.startsWith('00') ? digits.slice(2) : digits;
}

/**
 * Reads the first 856 transaction set of an X12 document. Errors: invalid_edi (422) naming the segment —
 * no ISA/ST*856, SE count or control wrong, BSN02 missing, an HL whose parent is unknown, an item with no
 * order level or no PRF, no LIN id, or an SN1 quantity that is not a positive whole number.
 */
export function parseShipNotice(input: string): ShipNotice {
  const { segments } = tokenizeX12(input);
  const warnings: AsnWarning[] = [];
  const st = segments.find((s) => s.tag === 'ST');
  if (!st) throw at('ST', segments.length, 'the document holds no transaction set (ST)');
  if (el(st, 1) !== '856')
    throw fail(st, `transaction set ${el(st, 1) || '(none)'} is not an 856 ship notice`);
  const start = segments.indexOf(st);
  const seIndex = segments.findIndex((s, i) => i > start && s.tag === 'SE');
  if (seIndex < 0) throw fail(st, 'the transaction set is not closed by SE');
  const se = segments[seIndex]!;
  const count = seIndex - start + 1;
  if (el(se, 1) !== String(count))
    throw fail(se, `SE01 says ${el(se, 1) || '(nothing)'} segments; the set has ${count}`);
  if (el(se, 2).trim() !== el(st, 2).trim())
    throw fail(se, `SE02 control number ${el(se, 2)} does not match ST02 ${el(st, 2)}`);
  checkTrailers(segments, warnings);

  const body = segments.slice(start + 1, seIndex);
  const bsn = body.find((s) => s.tag === 'BSN');
  if (!bsn) throw at('BSN', st.position + 1, 'the ship notice has no BSN segment');
  const reference = el(bsn, 2).trim();
  if (reference === '' || reference.length > 64)
    throw fail(bsn, 'BSN02 (shipment identification) is required, 1 to 64 characters');

  let shippedAt: string | null = null;
  const nodes = new Map<string, HlNode>();
  const items: AsnItem[] = [];
  let current: HlNode | null = null;
  let item: {
    node: HlNode;
    ids: AsnItemId[];
    qty: number | null;
    uom: string | null;
    position: number;
  } | null = null;
  const closeItem = () => {
    if (!item) return;
    const hl = item.node;
    if (item.ids.length === 0) throw at('HL', item.position, `item level HL ${hl.id} has no LIN item id`);
    if (item.qty === null) throw at('HL', item.position, `item level HL ${hl.id} has no SN1 quantity`);
    let order: HlNode | undefined;
    let pack: HlNode | undefined;
    for (let n: HlNode | undefined = hl; n; n = n.parent ? nodes.get(n.parent) : undefined) {
      if (!order && n.level === 'O') order = n;
      if (!pack && n.sscc !== null) pack = n;
    }
    if (!order) throw at('HL', item.position, `item level HL ${hl.id} is not under an order level (O)`);
    if (!order.prf)
      throw at('HL', item.position, `order level HL ${order.id} has no PRF purchase order number`);
    items.push({
      hl: hl.id,
      poNumber: order.prf,
      ids: item.ids,
      qty: item.qty,
      uom: item.uom,
      sscc: pack?.sscc ?? null,
      ssccValid: pack?.ssccValid ?? null,
      position: item.position,
    });
    item = null;
  };
  for (const s of body) {
    switch (s.tag) {
      case 'HL': {
        closeItem();
        const id = el(s, 1).trim();
        const parent = el(s, 2).trim() || null;
        const level = el(s, 3).trim();
        if (id === '' || nodes.has(id)) throw fail(s, `HL01 "${id}" is missing or used twice`);
        if (parent !== null && !nodes.has(parent))
          throw fail(s, `HL02 names parent ${parent}, which does not come before it`);
        if (level === '') throw fail(s, 'HL03 (hierarchical level code) is required');
        current = { id, parent, level, prf: null, sscc: null, ssccValid: null };
        nodes.set(id, current);
        if (level === 'I') item = { node: current, ids: [], qty: null, uom: null, position: s.position };
        break;
      }
      case 'PRF': {
        if (!current) throw fail(s, 'PRF before any HL');
        const po = el(s, 1).trim();
        if (po === '') throw fail(s, 'PRF01 (purchase order number) is required');
        current.prf = po;
        break;
      }
      case 'MAN': {
        if (!current) throw fail(s, 'MAN before any HL');
        if (el(s, 1) !== 'GM') break;
        const sscc = ssccOfMark(el(s, 2));
        const valid = isValidSscc(sscc);
        current.sscc = sscc;
        current.ssccValid = valid;
        if (!valid)
          warnings.push({
            code: 'invalid_sscc',
            message: `MAN*GM ${el(s, 2)} is not a valid SSCC-18 (length or check digit); kept as sent.`,
            segment: 'MAN',
            position: s.position,
          });
        break;
      }
      case 'LIN': {
        if (!item) throw fail(s, 'LIN outside an item level (HL*…*I)');
        // LIN01 is an assigned line number; then qualifier/id pairs.
        for (let n = 2; n + 1 <= s.elements.length; n += 2) {
          const qualifier = el(s, n).trim();
          const id = el(s, n + 1).trim();
          if (qualifier !== '' && id !== '') item.ids.push({ qualifier, id });
        }
        if (item.ids.length === 0) throw fail(s, 'LIN has no qualifier/id pair');
        break;
      }
      case 'SN1': {
        if (!item) throw fail(s, 'SN1 outside an item level (HL*…*I)');
        const raw = el(s, 2).trim();
        const qty = Number(raw);
        if (!/^[0-9]+(\.0+)?$/.test(raw) || !Number.isSafeInteger(qty) || qty <= 0)
          throw fail(s, `SN102 (units shipped) must be a positive whole number; got "${raw}"`);
        item.qty = qty;
        item.uom = el(s, 3).trim() || null;
        break;
      }
      case 'DTM': {
        if (el(s, 1) !== '011' || shippedAt !== null) break;
        shippedAt = x12Date(el(s, 2).trim(), el(s, 3).trim());
        if (shippedAt === null)
          warnings.push({
            code: 'invalid_ship_date',
            message: `DTM*011 date "${el(s, 2)}" is not a CCYYMMDD date; the ship date is left empty.`,
            segment: 'DTM',
            position: s.position,
          });
        break;
      }
      default:
        break;
    }
  }
  closeItem();
  if (items.length === 0)
    throw at('SE', se.position, 'the ship notice lists no items (HL level I with LIN and SN1)');
  return { reference, shippedAt, items, warnings };
}

/** GE01 / IEA01 counts: warnings, not errors (see the file's comment). */
function checkTrailers(segments: readonly X12Segment[], warnings: AsnWarning[]): void {
  let sets = 0;
  let groups = 0;
  for (const s of segments) {
    if (s.tag === 'ST') sets++;
    else if (s.tag === 'GE') {
      if (el(s, 1) !== String(sets))
        warnings.push({
          code: 'envelope_count_mismatch',
          message: `GE01 says ${el(s, 1)} transaction set(s); the group holds ${sets}.`,
          segment: 'GE',
          position: s.position,
        });
      sets = 0;
      groups++;
    } else if (s.tag === 'IEA') {
      if (el(s, 1) !== String(groups))
        warnings.push({
          code: 'envelope_count_mismatch',
          message: `IEA01 says ${el(s, 1)} group(s); the interchange holds ${groups}.`,
          segment: 'IEA',
          position: s.position,
        });
      groups = 0;
    }
  }
}
