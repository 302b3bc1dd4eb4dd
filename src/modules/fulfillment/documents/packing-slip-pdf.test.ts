/**
 * The packing slip PDF: a valid A4 document whose lines table runs over pages without losing a line,
 * listing every parcel's SSCC (text and metadata), with non-ASCII text kept or replaced, never garbled.
 */
import { describe, expect, it } from 'vitest';
import { pageCount, pdfText } from '../../../../test/support/pdf.js';
import { formatParcelNos, type PackingSlip, renderPackingSlipPdf } from './packing-slip-pdf.js';

function slipWith(lineCount: number): PackingSlip {
  return {
    shipmentId: 'shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3',
    orderRef: 'SHOP-1001',
    orderId: 'ord_01HZY3V6F4J6Q7W8X9Y0Z1A2B3',
    channel: 'shopify',
    placedAt: '2025-03-12T10:00:00Z',
    shipFrom: {
      name: 'Coulisse Warehouse',
      line1: '12 rue des Entrepôts',
      city: 'Lyon',
      postalCode: '69007',
      country: 'FR',
    },
    shipTo: { name: 'Zoë Ærø', line1: 'Strøget 1', city: 'København', postalCode: '1160', country: 'DK' },
    carrier: 'ParcelCo',
    service: 'Standard',
    trackingNumber: 'PA106141412345678901',
    lines: Array.from({ length: lineCount }, (_, i) => ({
      sku: `SKU-${String(i + 1).padStart(4, '0')}`,
      name: i === 0 ? 'Ćevapi grill 東京 edition' : `Article ${i + 1} Größe M`,
      qty: (i % 3) + 1,
      gtin: i % 2 ? '4006381333931' : null,
      parcelNos: i % 5 === 0 ? [1, 2] : [1],
    })),
    parcels: [
      { parcelNo: 1, sscc: '106141412345678908', weightGrams: 1250, cartonType: 'M' },
      { parcelNo: 2, sscc: '123456789012345675', weightGrams: 800, cartonType: null },
    ],
    notes: 'Fragile — verre. ~^ not a command',
  };
}

describe('packing slip PDF', () => {
  it('is an A4 PDF with the shipment, order and SSCCs in its metadata', async () => {
    const pdf = await renderPackingSlipPdf(slipWith(3), { createdAt: new Date('2025-03-14T09:30:00Z') });
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(pageCount(pdf)).toBe(1);
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw).toContain('(Packing slip shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3)');
    expect(raw).toContain('(Order SHOP-1001)');
    expect(raw).toContain('(shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3 106141412345678908 123456789012345675)');
  });

  it('prints addresses, references, parcels with SSCCs and notes', async () => {
    const text = pdfText(await renderPackingSlipPdf(slipWith(3)));
    for (const expected of [
      'PACKING SLIP',
      'Zoë Ærø',
      '1160 København',
      '12 rue des Entrepôts',
      'ord_01HZY3V6F4J6Q7W8X9Y0Z1A2B3',
      'PA106141412345678901',
      'ParcelCo · Standard',
      '(00) 106141412345678908',
      '(00) 123456789012345675',
      '1.25 kg',
      'Fragile — verre. ~^ not a command',
      'Total units 6',
      'page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Cevapi grill ?? edition');
  });

  it('runs 120 lines over several pages without losing one, header repeated, pages numbered', async () => {
    const pdf = await renderPackingSlipPdf(slipWith(120));
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    const skus = text.split('\n').filter((t) => /^SKU-\d{4}$/.test(t));
    expect(skus).toEqual(Array.from({ length: 120 }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`));
    expect(text.split('\n').filter((t) => t === 'SKU').length).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`page ${p} of ${pages}`);
    expect(text).toContain(
      `Total units ${Array.from({ length: 120 }, (_, i) => (i % 3) + 1).reduce((a, b) => a + b)}`,
    );
    expect(text).toContain('(00) 123456789012345675');
  });

  it('handles a slip without ship-to, carrier or notes', async () => {
    const slip = {
      ...slipWith(1),
      shipTo: null,
      carrier: null,
      service: null,
      trackingNumber: null,
      notes: null,
    };
    const text = pdfText(await renderPackingSlipPdf(slip));
    expect(text).toContain('(collected by the customer)');
  });

  it('refuses a non-positive quantity or an invalid SSCC', async () => {
    const slip = slipWith(2);
    await expect(renderPackingSlipPdf({ ...slip, lines: [{ ...slip.lines[0]!, qty: 0 }] })).rejects.toThrow(
      RangeError,
    );
    await expect(
      renderPackingSlipPdf({
        ...slip,
        parcels: [{ parcelNo: 1, sscc: '123456789012345670', weightGrams: 1, cartonType: null }],
      }),
    ).rejects.toThrow(RangeError);
  });

  it('writes parcel numbers as ranges', () => {
    expect(formatParcelNos([3, 1, 2, 5, 7, 8])).toBe('1–3, 5, 7, 8');
    expect(formatParcelNos([])).toBe('');
    expect(formatParcelNos(undefined)).toBe('');
    expect(formatParcelNos([2, 2])).toBe('2');
  });
});
