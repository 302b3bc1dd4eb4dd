/**
 * The 850 mapping: our synthetic fixtures (always), the public samples in /work/shared/data/edi when they
 * are there (not copied into the repository: no licence for that), the round trip of what we export, and
 * the ordering rules (whole packs, tolerance, status from progress).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../kernel/errors.js';
import { checkTotal, priceToMinor, read850, read850s, unitsPer, write850 } from './edi-850.js';
import { maxReceivable, openQty, packProblem, receiptStatus } from './ordering.js';
import { parseX12 } from './x12.js';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/edi');
const SAMPLES = '/work/shared/data/edi/x12-004010';
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const sample = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');

function ediProblem(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e) && e.code === 'invalid_edi') return e.details;
    throw e;
  }
  throw new Error('expected invalid_edi');
}

describe('850 mapping (synthetic fixtures)', () => {
  it('reads the order: BEG03, supplier, ship-to, expected date, lines, totals', () => {
    const [po] = read850s(parseX12(fixture('850-synthetic.edi')));
    expect(po).toMatchObject({
      externalRef: 'SYN-1001',
      orderDate: '2026-11-27',
      expectedAt: '2026-12-15',
      supplier: { code: 'SYNSUP', name: 'Synthetic Supplies' },
      shipTo: { code: 'SYNWH', name: 'Main warehouse' },
      declaredLineCount: 2,
    });
    expect(po!.lines.map((l) => [l.qty, l.unit, l.price, l.productIds[0]])).toEqual([
      [12, 'EA', '2.50', { kind: 'supplier_sku', qualifier: 'VP', value: 'SYN-RED' }],
      [2, 'CA', '30', { kind: 'sku', qualifier: 'IN', value: 'SYN-BLUE' }],
    ]);
    expect(checkTotal(po!, 'EUR')).toEqual([]);
  });

  it('warns (does not fail) when AMT differs from the lines', () => {
    const [po] = read850s(parseX12(fixture('850-total-mismatch.edi')));
    expect(checkTotal(po!, 'EUR')).toEqual([
      expect.objectContaining({ code: 'total_mismatch', declaredMinor: 9100, computedMinor: 9000 }),
    ]);
  });

  it('refuses a wrong SE count naming SE and its element', () => {
    expect(ediProblem(() => parseX12(fixture('850-bad-se-count.edi')))).toMatchObject({
      segment: 'SE',
      element: 1,
    });
  });

  it('converts units: EA one, CA/CS the pack size, anything else refused', () => {
    expect(unitsPer('EA', null)).toEqual({ units: 1 });
    expect(unitsPer('CA', 12)).toEqual({ units: 12 });
    expect(unitsPer('CS', null)).toHaveProperty('reason');
    expect(unitsPer('KG', 5)).toHaveProperty('reason');
  });

  it('refuses a price finer than the currency', () => {
    const [po] = read850s(parseX12(fixture('850-synthetic.edi')));
    expect(() => priceToMinor({ ...po!.lines[0]!, price: '2.505' }, 'EUR')).toThrow();
    expect(priceToMinor(po!.lines[0]!, 'EUR')).toBe(250);
  });
});

describe('850 round trip', () => {
  it('an exported purchase order reads back to the same lines, number, date and supplier', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            sku: fc.stringMatching(/^[A-Z][A-Z0-9-]{0,10}$/),
            supplierSku: fc.option(fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,10}$/), { nil: null }),
            qty: fc.integer({ min: 1, max: 100_000 }),
            unitCostMinor: fc.integer({ min: 0, max: 10_000_000 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (lines, currency) => {
          const exponent = { EUR: 2, JPY: 0, KWD: 3 }[currency]!;
          const numbered = lines.map((l, i) => ({ ...l, lineNo: i + 1, gtin: null }));
          const total = numbered.reduce((n, l) => n + l.qty * l.unitCostMinor, 0);
          const text = write850(
            {
              number: 'PO-000123',
              createdAt: '2026-11-27T10:00:00.000Z',
              expectedAt: '2026-12-15',
              currency,
              buyerName: 'Coulisse',
              supplier: { code: 'SUP1', name: 'Supplier One' },
              warehouse: { code: 'WH1', name: 'Main' },
              lines: numbered,
              totalMinor: total,
              control: 123,
              date: '20261127',
              time: '1000',
            },
            exponent,
          );
          const [po] = read850s(parseX12(text));
          expect(po!.externalRef).toBe('PO-000123');
          expect(po!.expectedAt).toBe('2026-12-15');
          expect(po!.currency).toBe(currency);
          expect(po!.supplier).toEqual({ code: 'SUP1', name: 'Supplier One' });
          expect(po!.shipTo).toEqual({ code: 'WH1', name: 'Main' });
          expect(
            po!.lines.map((l) => ({
              sku: l.productIds.find((p) => p.kind === 'sku')!.value,
              supplierSku: l.productIds.find((p) => p.kind === 'supplier_sku')?.value ?? null,
              qty: l.qty,
              unitCostMinor: priceToMinor(l, currency),
            })),
          ).toEqual(
            numbered.map(({ sku, supplierSku, qty, unitCostMinor }) => ({
              sku,
              supplierSku,
              qty,
              unitCostMinor,
            })),
          );
          expect(checkTotal(po!, currency)).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('ordering rules', () => {
  it('accepts whole packs at or above the minimum, and gives the nearest multiples otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 50 }), (qty, packSize) => {
        const p = packProblem(qty, { packSize, minOrderQty: 1 });
        if (qty % packSize === 0) expect(p).toBeNull();
        else {
          expect(p).toMatchObject({ kind: 'not_pack_multiple' });
          if (p?.kind !== 'not_pack_multiple') return;
          expect(p.higher % packSize).toBe(0);
          expect(p.higher).toBeGreaterThan(qty);
          expect(p.higher - qty).toBeLessThan(packSize);
          if (p.lower !== null) {
            expect(p.lower % packSize).toBe(0);
            expect(qty - p.lower).toBeLessThan(packSize);
          } else expect(qty).toBeLessThan(packSize);
        }
      }),
    );
    expect(packProblem(6, { packSize: 6, minOrderQty: 12 })).toEqual({
      kind: 'below_minimum',
      qty: 6,
      minOrderQty: 12,
    });
  });

  it('tolerance rounds down; open quantity never negative; status follows progress', () => {
    expect(maxReceivable(100, 250)).toBe(102);
    expect(maxReceivable(3, 5000)).toBe(4);
    expect(maxReceivable(10, 0)).toBe(10);
    expect(openQty(10, 12)).toBe(0);
    expect(receiptStatus([{ qtyOrdered: 5, qtyReceived: 0 }])).toBe('sent');
    expect(receiptStatus([{ qtyOrdered: 5, qtyReceived: 2 }])).toBe('partially_received');
    expect(receiptStatus([{ qtyOrdered: 5, qtyReceived: 6 }])).toBe('received');
  });
});

describe.skipIf(!existsSync(SAMPLES))('850 public samples (/work/shared/data/edi)', () => {
  it('850.OK: 6 lines, AMT equals Σ qty × price, DTM*002, N1*ST', () => {
    const [po] = read850s(parseX12(sample('edi-engine/850.OK.edi')));
    expect(po!.externalRef).toBe('08292233294');
    expect(po!.expectedAt).toBe('2010-12-14');
    expect(po!.lines).toHaveLength(6);
    expect(po!.lines.map((l) => l.qty)).toEqual([120, 220, 126, 76, 72, 696]);
    expect(po!.lines[0]!.productIds).toContainEqual({
      kind: 'supplier_sku',
      qualifier: 'VN',
      value: 'AB3542',
    });
    expect(po!.shipTo).toEqual({ code: '0003947268292', name: 'XYZ RETAIL' });
    expect(checkTotal(po!, 'USD')).toEqual([]);
  });

  it('850.Composite.SLN.OK: parses; its AMT does not match its 2 lines → a warning', () => {
    const [po] = read850s(parseX12(sample('edi-engine/850.Composite.SLN.OK.edi')));
    expect(po!.lines).toHaveLength(2);
    expect(checkTotal(po!, 'USD')).toEqual([expect.objectContaining({ code: 'total_mismatch' })]);
  });

  it('850.SyntaxNotes.ERR: refused at the PO1 with the empty product id', () => {
    expect(ediProblem(() => read850s(parseX12(sample('edi-engine/850.SyntaxNotes.ERR.edi'))))).toMatchObject({
      segment: 'PO1',
      position: 15,
      element: 7,
    });
  });

  it('edifabric 850s: PO group id, invalid unit, wrong SE count are refused', () => {
    // PurchaseOrder.edi travels in an IN (invoice) functional group.
    expect(ediProblem(() => read850s(parseX12(sample('edifabric/PurchaseOrder.edi'))))).toMatchObject({
      segment: 'GS',
      element: 1,
    });
    expect(ediProblem(() => read850s(parseX12(sample('edifabric/PurchaseOrders.edi'))))).toMatchObject({
      segment: 'GS',
    });
    expect(ediProblem(() => parseX12(sample('edifabric/PurchaseOrderMultiLine.edi')))).toMatchObject({
      segment: 'SE',
      element: 1,
    });
    // Past the group id: the first set names its product only by MG (manufacturer's part), which we do
    // not read; the second has unit INVALID.
    const doc = parseX12(sample('edifabric/PurchaseOrders.edi'));
    const [first, second] = doc.interchanges[0]!.groups[0]!.transactions;
    expect(ediProblem(() => read850(first!))).toMatchObject({ segment: 'PO1', position: 11, element: 6 });
    expect(ediProblem(() => read850(second!))).toMatchObject({ segment: 'PO1', position: 26, element: 3 });
  });

  it('CorruptIsa and CorruptSt are refused naming the segment', () => {
    expect(ediProblem(() => parseX12(sample('edifabric/CorruptIsa.edi')))).toMatchObject({ position: 1 });
    expect(ediProblem(() => parseX12(sample('edifabric/CorruptSt.edi')))).toMatchObject({
      segment: 'T',
      position: 3,
    });
  });
});
