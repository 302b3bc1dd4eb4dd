/** Reading SKU CSV files: every problem is reported with its row (header = row 1), column and reason. */
import { describe, expect, it } from 'vitest';
import { parseSkuCsv } from './sku-csv.js';

describe('parseSkuCsv', () => {
  it('maps common header names and reads valid rows', () => {
    const out = parseSkuCsv(
      '\uFEFFSKU,Title,Barcode,UOM\nA-1,Alpha,4006381333931,each\nB-2,"Beta, the second",,g\n',
    );
    expect(out.fileError).toBeNull();
    expect(out.errors).toEqual([]);
    expect(out.valid.map((v) => [v.row, v.fields])).toEqual([
      [2, { code: 'A-1', name: 'Alpha', gtin: '4006381333931', unit: 'each' }],
      [3, { code: 'B-2', name: 'Beta, the second', gtin: null, unit: 'g' }],
    ]);
  });

  it('reports each bad row with its line number and column, including duplicates within the file', () => {
    const csv = [
      'code,name,gtin',
      'OK-1,Fine,',
      ',No code,',
      'BAD GTIN,Has space,4006381333932',
      'ok-1,Duplicate of row 2 ignoring case,',
      'OK-3,"multi',
      'line name",',
      'OK-4,Too,many,columns',
      'OK-5,Dup gtin a,4006381333931',
      'OK-6,Dup gtin b,04006381333931',
    ].join('\n');
    const out = parseSkuCsv(csv);
    expect(out.totalRows).toBe(8);
    expect(out.valid.map((v) => v.fields.code)).toEqual(['OK-1', 'OK-3', 'OK-5']);
    expect(out.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'code', code: 'missing_field' }),
      expect.objectContaining({ row: 4, column: 'code', code: 'invalid_sku_code' }),
      expect.objectContaining({ row: 4, column: 'gtin', code: 'invalid_gtin' }),
      expect.objectContaining({ row: 5, column: 'code', code: 'duplicate_in_file' }),
      expect.objectContaining({ row: 8, column: null, code: 'wrong_column_count' }),
      expect.objectContaining({ row: 10, column: 'gtin', code: 'duplicate_in_file' }),
    ]);
  });

  it('refuses a file without the required columns, or that is not CSV', () => {
    expect(parseSkuCsv('sku,price\nA,1\n').fileError).toMatchObject({
      code: 'missing_column',
      column: 'name',
    });
    expect(parseSkuCsv('code,name\n"A,unterminated\n').fileError).toMatchObject({ code: 'invalid_csv' });
    expect(parseSkuCsv('').fileError).toMatchObject({ code: 'invalid_csv' });
  });
});
