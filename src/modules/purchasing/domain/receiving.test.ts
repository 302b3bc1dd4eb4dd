/** Receiving decisions: every unit lands on exactly one PO line (or none: wrong item), overs are measured against what the line had, QC holds damaged and unexpected units, and invalid input is refused before anything is planned. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../kernel/errors.js';
import {
  checkQcDecision,
  mainDiscrepancy,
  type PoLineState,
  planBlindReceipt,
  planPoReceipt,
} from './receiving.js';
import { gtin14, matchAsnItem } from './receiving-asn.js';

const lines: PoLineState[] = [
  { lineNo: 1, sku: 'A', qtyOrdered: 10, qtyReceived: 0 },
  { lineNo: 2, sku: 'B', qtyOrdered: 5, qtyReceived: 4 },
  { lineNo: 3, sku: 'A', qtyOrdered: 3, qtyReceived: 0 },
];
const NO = { qc: false, acceptUnexpected: false };

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return null;
};

describe('planPoReceipt', () => {
  it('credits lines, records damaged and over units, and sends damaged units to QC', () => {
    const plan = planPoReceipt(
      lines,
      [
        { lineNo: 1, qty: 5, damaged: 1 },
        { sku: 'b', qty: 2 },
      ],
      NO,
    );
    expect(plan.lines.map((l) => [l.poLineNo, l.discrepancy, l.qtyOver, l.qtyQc, l.qcStatus])).toEqual([
      [1, 'damaged', 0, 1, 'pending'],
      [2, 'over', 1, 0, 'not_required'],
    ]);
    expect(plan.poReceipt).toEqual([
      { lineNo: 1, qtyReceived: 6, qtyRejected: 0 },
      { lineNo: 2, qtyReceived: 2, qtyRejected: 0 },
    ]);
  });

  it('puts a SKU on its first open line, and the next one when the first fills up within the receipt', () => {
    const plan = planPoReceipt(
      lines,
      [
        { sku: 'A', qty: 10 },
        { sku: 'A', qty: 2 },
      ],
      NO,
    );
    expect(plan.lines.map((l) => l.poLineNo)).toEqual([1, 3]);
  });

  it('refuses unknown lines, mismatched SKUs, items not on the order, and nothing received', () => {
    expect(codeOf(() => planPoReceipt(lines, [{ lineNo: 9, qty: 1 }], NO))).toBe('unknown_po_line');
    expect(codeOf(() => planPoReceipt(lines, [{ lineNo: 1, sku: 'B', qty: 1 }], NO))).toBe(
      'sku_line_mismatch',
    );
    expect(codeOf(() => planPoReceipt(lines, [{ sku: 'Z', qty: 1 }], NO))).toBe('item_not_on_purchase_order');
    expect(codeOf(() => planPoReceipt(lines, [{ lineNo: 1, qty: 0 }], NO))).toBe('nothing_received');
    expect(codeOf(() => planPoReceipt(lines, [{ lineNo: 1, qty: -1 }], NO))).toBe('invalid_quantity');
    expect(codeOf(() => planPoReceipt(lines, [{ lineNo: 1, qty: 1.5 }], NO))).toBe('invalid_quantity');
  });

  it('takes an unexpected item into quarantine without crediting the order', () => {
    const plan = planPoReceipt(lines, [{ sku: 'Z', qty: 3, damaged: 1 }], {
      qc: false,
      acceptUnexpected: true,
    });
    expect(plan.lines[0]).toMatchObject({
      poLineNo: null,
      discrepancy: 'wrong_item',
      goodToQuarantine: true,
      qtyQc: 4,
    });
    expect(plan.poReceipt).toEqual([]);
  });

  it('records what an ASN announced and did not come as a short', () => {
    const plan = planPoReceipt(lines, [{ lineNo: 1, qty: 6, damaged: 1, expected: 9, asnLineNo: 4 }], NO);
    expect(plan.lines[0]).toMatchObject({
      qtyShort: 2,
      discrepancy: 'damaged',
      asnLineNo: 4,
      qtyExpected: 9,
    });
    const none = planPoReceipt(lines, [{ lineNo: 1, qty: 0, expected: 3 }], NO);
    expect(none.lines[0]).toMatchObject({ qtyShort: 3, discrepancy: 'short' });
    expect(none.poReceipt).toEqual([]);
  });

  it('conserves units: every unit lands on one PO line or is a wrong item; overs add up to the lines’ new excess', () => {
    const request = fc.record({
      lineNo: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      sku: fc.constantFrom('A', 'B', 'Z'),
      qty: fc.integer({ min: 0, max: 20 }),
      damaged: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 6 }), fc.boolean(), (raw, qc) => {
        const requests = raw.map((r) =>
          r.lineNo !== undefined
            ? { lineNo: r.lineNo, qty: r.qty + 1, damaged: r.damaged }
            : { ...r, qty: r.qty + 1 },
        );
        const plan = planPoReceipt(lines, requests, { qc, acceptUnexpected: true });
        const incoming = requests.reduce((n, r) => n + r.qty + r.damaged, 0);
        const credited = plan.poReceipt.reduce((n, l) => n + l.qtyReceived, 0);
        const unexpected = plan.lines
          .filter((l) => l.poLineNo === null)
          .reduce((n, l) => n + l.qty + l.qtyDamaged, 0);
        expect(credited + unexpected).toBe(incoming);
        for (const po of lines) {
          const added = plan.poReceipt.find((l) => l.lineNo === po.lineNo)?.qtyReceived ?? 0;
          const over = plan.lines.filter((l) => l.poLineNo === po.lineNo).reduce((n, l) => n + l.qtyOver, 0);
          expect(over).toBe(
            Math.max(0, po.qtyReceived + added - po.qtyOrdered) - Math.max(0, po.qtyReceived - po.qtyOrdered),
          );
        }
        for (const l of plan.lines) {
          expect(l.qtyQc).toBeGreaterThanOrEqual(l.qtyDamaged);
          expect(l.qtyQc).toBeLessThanOrEqual(l.qty + l.qtyDamaged);
          expect(l.qcStatus === 'pending').toBe(l.qtyQc > 0);
          expect(l.discrepancy).toBe(mainDiscrepancy(l));
        }
      }),
    );
  });
});

describe('planBlindReceipt', () => {
  it('has no order to credit; damaged units go to QC', () => {
    expect(planBlindReceipt([{ sku: 'A', qty: 2, damaged: 1 }], { qc: false })[0]).toMatchObject({
      poLineNo: null,
      discrepancy: 'damaged',
      qtyQc: 1,
    });
    expect(planBlindReceipt([{ sku: 'A', qty: 2 }], { qc: true })[0]).toMatchObject({
      discrepancy: 'none',
      qtyQc: 2,
    });
    expect(codeOf(() => planBlindReceipt([{ sku: 'A', qty: 0 }], { qc: false }))).toBe('nothing_received');
  });
});

describe('checkQcDecision', () => {
  it('accepts exactly what waits, and names the outcome', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (pending, a) => {
        const accept = a % (pending + 1);
        const d = checkQcDecision(
          { lineNo: 1, qtyQc: pending },
          { accept, reject: pending - accept },
          'lines[0]',
        );
        expect(d.accept + d.reject).toBe(pending);
        expect(d.status).toBe(accept === pending ? 'accepted' : accept === 0 ? 'rejected' : 'partial');
      }),
    );
  });

  it('refuses any other split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.nat(200), fc.nat(200), (pending, accept, reject) => {
        fc.pre(accept + reject !== pending);
        expect(codeOf(() => checkQcDecision({ lineNo: 1, qtyQc: pending }, { accept, reject }, 'x'))).toBe(
          'qc_quantity_mismatch',
        );
      }),
    );
  });
});

describe('matchAsnItem', () => {
  const po = [
    { lineNo: 1, sku: 'MUG', gtin: '4006381333931', supplierSkus: ['V-MUG'] },
    { lineNo: 2, sku: 'CUP', gtin: null, supplierSkus: [] },
  ];
  it('matches GTINs in any length, supplier codes and SKU codes', () => {
    expect(matchAsnItem([{ qualifier: 'EN', id: '04006381333931' }], po)?.lineNo).toBe(1);
    expect(matchAsnItem([{ qualifier: 'VP', id: 'v-mug' }], po)?.lineNo).toBe(1);
    expect(matchAsnItem([{ qualifier: 'BP', id: 'CUP' }], po)?.lineNo).toBe(2);
    expect(matchAsnItem([{ qualifier: 'UP', id: 'CUP' }], po)?.lineNo).toBe(2);
    expect(matchAsnItem([{ qualifier: 'UP', id: '000000000000' }], po)).toBeNull();
    expect(gtin14('12345678')).toBe('00000012345678');
    expect(gtin14('ABC')).toBeNull();
  });
});
