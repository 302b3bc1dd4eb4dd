import type { AsnItemId } from './x12-856.js';

/**
 * Which purchase-order line an ASN item is: by GTIN for the GS1 qualifiers (UP, UA, UK, EN, EA, UI — any
 * length, compared as GTIN-14 without insisting on the check digit, since suppliers' samples get it
 * wrong), by the supplier's own code for VP/VN/SK... (the PO line's or the supplier catalogue's), by our
 * SKU code for BP/IN; then any id against SKU code or supplier code. Pure.
 */
export interface MatchableLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly gtin: string | null;
  readonly supplierSkus: readonly string[];
}

const GTIN_QUALIFIERS = new Set(['UP', 'UA', 'UK', 'EN', 'EA', 'UI', 'UN']);
const SUPPLIER_QUALIFIERS = new Set(['VP', 'VN', 'VA', 'MG', 'SK']);
const BUYER_QUALIFIERS = new Set(['BP', 'IN', 'PI']);

export const gtin14 = (id: string): string | null => (/^[0-9]{8,14}$/.test(id) ? id.padStart(14, '0') : null);

export function matchAsnItem<L extends MatchableLine>(
  ids: readonly AsnItemId[],
  lines: readonly L[],
): L | null {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const { qualifier, id } of ids) {
    let hit: L | undefined;
    if (GTIN_QUALIFIERS.has(qualifier)) {
      const g = gtin14(id);
      hit = g === null ? undefined : lines.find((l) => l.gtin !== null && l.gtin.padStart(14, '0') === g);
    } else if (SUPPLIER_QUALIFIERS.has(qualifier)) {
      hit = lines.find((l) => l.supplierSkus.some((s) => same(s, id)));
    } else if (BUYER_QUALIFIERS.has(qualifier)) {
      hit = lines.find((l) => same(l.sku, id));
    }
    if (hit) return hit;
  }
  for (const { id } of ids) {
    const hit = lines.find((l) => same(l.sku, id) || l.supplierSkus.some((s) => same(s, id)));
    if (hit) return hit;
  }
  return null;
}
