/**
 * The PDF parcel labels: a valid PDF with one 4×6 in page per parcel, each SSCC in the metadata and in the
 * page text, and text outside WinAnsi replaced rather than printed as wrong glyphs.
 */
import { describe, expect, it } from 'vitest';
import { pageCount, pdfText } from '../../../../test/support/pdf.js';
import { renderParcelLabelsPdf, toWinAnsi } from './label-pdf.js';
import type { ParcelLabel } from './label-zpl.js';

const infoString = (pdf: Buffer, key: string) =>
  new RegExp(`/${key} (\\d+) 0 R`).exec(pdf.toString('latin1'));

const base: ParcelLabel = {
  sscc: '106141412345678908',
  ssccPrefixLength: 7,
  parcelNo: 1,
  parcelCount: 3,
  weightGrams: 2300,
  shipFrom: {
    name: 'Coulisse Warehouse',
    line1: '12 rue des Entrepôts',
    city: 'Lyon',
    postalCode: '69007',
    country: 'FR',
  },
  shipTo: {
    name: 'Jürgen Weiß',
    company: 'Łódź Trading',
    line1: 'Hauptstraße 5',
    city: 'München',
    postalCode: '80331',
    country: 'DE',
  },
  carrier: 'ParcelCo',
  service: 'Standard',
  trackingNumber: 'PA106141412345678901',
  orderRef: 'SHOP-1001',
  shipmentId: 'shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3',
};
const labels: ParcelLabel[] = [
  base,
  { ...base, parcelNo: 2, sscc: '123456789012345675', ssccPrefixLength: null, trackingNumber: null },
  { ...base, parcelNo: 3, sscc: '001234560000000018', shipTo: { ...base.shipTo, name: '山田 太郎 Ünal' } },
];

describe('parcel labels PDF', () => {
  it('has one 4×6 in page per label, the shipment as title and the SSCCs as keywords', async () => {
    const pdf = await renderParcelLabelsPdf(labels, { createdAt: new Date('2025-03-14T09:30:00Z') });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pageCount(pdf)).toBe(3);
    expect(pdf.toString('latin1').match(/\/MediaBox \[0 0 288 432\]/g)).toHaveLength(3);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('(shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3)');
    expect(raw).toContain('(106141412345678908 123456789012345675 001234560000000018)');
    expect(infoString(pdf, 'Title')).not.toBeNull();
    expect(raw).toContain('(D:20250314093000Z)');
  });

  it('prints each SSCC readable, the parties and the references', async () => {
    const text = pdfText(await renderParcelLabelsPdf(labels));
    const digits = text.replace(/ /g, '');
    for (const l of labels) expect(digits).toContain(`(00)${l.sscc}`);
    expect(text).toContain('(00) 1 0614141 234567890 8');
    for (const expected of [
      'Jürgen Weiß',
      'Hauptstraße 5',
      '80331 München',
      'Order SHOP-1001',
      '1 of 3',
      '2.3 kg',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('PA106141412345678901');
    expect(text).toContain('(not yet assigned)');
  });

  it('replaces what WinAnsi cannot show instead of printing wrong glyphs', async () => {
    const text = pdfText(await renderParcelLabelsPdf(labels));
    expect(text).toContain('Lódz Trading');
    expect(text).toContain('?? ?? Ünal');
    expect(toWinAnsi('Łódź — “Œuvre” €5 ő İ 東')).toBe('Lódz — “Œuvre” €5 o I ?');
    expect(toWinAnsi('a\u0000b\nc\u2028d')).toBe('a b c d');
  });

  it('refuses no labels and an invalid SSCC', async () => {
    await expect(renderParcelLabelsPdf([])).rejects.toThrow(RangeError);
    await expect(renderParcelLabelsPdf([{ ...base, sscc: '106141412345678909' }])).rejects.toThrow(
      RangeError,
    );
  });
});
