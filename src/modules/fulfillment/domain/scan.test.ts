import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../../kernel/gtin.js';
import { parseItemScan, scanMatchesBin, scanMatchesSku } from './scan.js';

describe('parseItemScan', () => {
  it('reads GTINs in every length, as printed or sent with AI (01), and ignores scanner prefixes', () => {
    expect(parseItemScan('4006381333931').gtin14).toBe('04006381333931');
    expect(parseItemScan(' 4006381333931\n').gtin14).toBe('04006381333931');
    expect(parseItemScan('(01)09506000134352(10)LOT1').gtin14).toBe('09506000134352');
    expect(parseItemScan('010950600013435210LOT1').gtin14).toBe('09506000134352');
    expect(parseItemScan(']C1010950600013435217261231').gtin14).toBe('09506000134352');
    expect(parseItemScan(`${String.fromCharCode(29)}0109506000134352`).gtin14).toBe('09506000134352');
    expect(parseItemScan('4006381333932').gtin14).toBeNull();
    expect(parseItemScan('MUG-BLUE')).toEqual({ text: 'MUG-BLUE', gtin14: null });
  });

  it('any valid GTIN-13 matches its SKU however it is scanned', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (data) => {
        const gtin = withCheckDigit(data);
        const sku = { code: 'X', gtin };
        expect(scanMatchesSku(parseItemScan(gtin), sku)).toBe(true);
        expect(scanMatchesSku(parseItemScan(`(01)0${gtin}`), sku)).toBe(true);
        expect(scanMatchesSku(parseItemScan(`010${gtin}21SERIAL`), sku)).toBe(true);
      }),
    );
  });

  it('matches SKU codes case-insensitively and nothing else', () => {
    expect(scanMatchesSku(parseItemScan('mug-blue'), { code: 'MUG-BLUE', gtin: null })).toBe(true);
    expect(scanMatchesSku(parseItemScan('MUG-RED'), { code: 'MUG-BLUE', gtin: null })).toBe(false);
    expect(scanMatchesSku(parseItemScan('4006381333931'), { code: 'MUG-BLUE', gtin: null })).toBe(false);
  });
});

describe('scanMatchesBin', () => {
  it('takes the full code or the part after the warehouse, in any case', () => {
    expect(scanMatchesBin('WH1/A-01-02', 'WH1/A-01-02')).toBe(true);
    expect(scanMatchesBin(' a-01-02 ', 'WH1/A-01-02')).toBe(true);
    expect(scanMatchesBin('A-01-03', 'WH1/A-01-02')).toBe(false);
    expect(scanMatchesBin('WH2/A-01-02', 'WH1/A-01-02')).toBe(false);
  });
});
