/**
 * The ZPL parcel label: one well-formed format, the SSCC encoded as GS1-128 (start C, FNC1, AI 00) and
 * printed readable, user data unable to inject commands whatever it contains, and non-ASCII text kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressLines,
  cleanText,
  code128Zpl,
  formatWeight,
  type ParcelLabel,
  renderParcelLabelsZpl,
  renderParcelLabelZpl,
  zplFieldData,
} from './label-zpl.js';

const label: ParcelLabel = {
  sscc: '106141412345678908',
  ssccPrefixLength: 7,
  parcelNo: 2,
  parcelCount: 3,
  weightGrams: 1250,
  shipFrom: {
    name: 'Coulisse Warehouse',
    company: 'Atelier Coulisse SARL',
    line1: '12 rue des Entrepôts',
    city: 'Lyon',
    postalCode: '69007',
    country: 'FR',
    phone: '+33 4 00 00 00 00',
  },
  shipTo: {
    name: 'Jürgen Weiß',
    company: null,
    line1: 'Hauptstraße 5',
    line2: 'Hinterhaus',
    city: 'München',
    postalCode: '80331',
    country: 'DE',
    phone: '+49 89 000000',
  },
  carrier: 'ParcelCo',
  service: 'Standard',
  trackingNumber: 'PA106141412345678901',
  orderRef: 'SHOP-1001',
  shipmentId: 'shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3',
  cartonType: 'M',
  shippedAt: '2025-03-14T09:30:00Z',
};

/** Field data of every `^FD…^FS`, with `^FH_` escapes decoded as UTF-8. */
function fields(zpl: string): string[] {
  return [...zpl.matchAll(/\^FD(.*?)\^FS/g)].map((m) => {
    const bytes: number[] = [];
    const data = m[1]!;
    for (let i = 0; i < data.length; i++) {
      if (data[i] === '_') {
        bytes.push(Number.parseInt(data.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(data.charCodeAt(i));
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

/** The ZPL commands in order (caret or tilde plus two letters), field data excluded. */
const commands = (zpl: string) =>
  zpl
    .replace(/\^FD.*?\^FS/g, '^FD^FS')
    .match(/[\^~][A-Z][A-Z0-9@]/g)
    ?.map((c) => c.slice(1)) ?? [];

describe('parcel label ZPL', () => {
  const zpl = renderParcelLabelZpl(label);

  it('is one 4×6 in format at 203 dpi in UTF-8, all ASCII on the wire', () => {
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).toContain('^CI28');
    expect(zpl).toContain('^PW812');
    expect(zpl).toContain('^LL1218');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking the output is plain ASCII
    expect(zpl).toMatch(/^[\x0a\x20-\x7e]*$/);
  });

  it('encodes the SSCC as GS1-128: subset C, FNC1, AI 00, the 18 digits; and prints it readable', () => {
    expect(zpl).toContain('^BY4^BCN,254,N,N,N,N^FD>;>800106141412345678908^FS');
    expect(fields(zpl)).toContain('(00) 1 0614141 234567890 8');
    const ungrouped = renderParcelLabelZpl({ ...label, ssccPrefixLength: null });
    expect(fields(ungrouped)).toContain('(00) 106141412345678908');
  });

  it('prints the parties, carrier, references, parcel n of m and weight', () => {
    const texts = fields(zpl);
    for (const expected of [
      'Jürgen Weiß',
      'Hauptstraße 5',
      '80331 München',
      'DE',
      'Coulisse Warehouse',
      '12 rue des Entrepôts',
      '69007 Lyon',
      'ParcelCo · Standard',
      'Order SHOP-1001',
      'Shipment shp_01HZY3V6F4J6Q7W8X9Y0Z1A2B3',
      '2 of 3',
      '1.25 kg',
      'PA106141412345678901',
      'Carton M · Shipped 2025-03-14',
    ]) {
      expect(texts).toContain(expected);
    }
    // ^FH_ escapes non-ASCII as UTF-8 bytes: ü = C3 BC, ß = C3 9F.
    expect(zpl).toContain('J_C3_BCrgen Wei_C3_9F');
  });

  it('draws the tracking number as Code 128 when there is one, and only then', () => {
    expect(zpl).toMatch(/\^BCN,100,N,N,N,N\^FH_\^FD>:PA>5106141412345678901\^FS/);
    const none = renderParcelLabelZpl({ ...label, trackingNumber: null });
    expect(none.match(/\^BC/g)).toHaveLength(1);
    expect(fields(none)).toContain('(not yet assigned)');
  });

  it('keeps user data from injecting commands, whatever it contains', () => {
    const hostile = '^XZ^XA^FO0,0^GB812,1218,812^FS~JA_5E>;\n\r\t\u0000';
    const evil = renderParcelLabelZpl({
      ...label,
      shipTo: { ...label.shipTo, name: hostile, line1: '~DGR:X.GRF,1,1,FF' },
      orderRef: '^PQ999',
      trackingNumber: '1Z^XZ~JR_>',
    });
    expect(commands(evil)).toEqual(commands(zpl));
    expect(evil).not.toContain('^PQ999');
    expect(evil).not.toContain('~JA');
    const texts = fields(evil);
    expect(texts).toContain('Order ^PQ999');
    expect(texts.some((t) => t.startsWith('^XZ^XA^FO0,0'))).toBe(true);
    // The tracking barcode escapes ^, ~ and _ for ^FH and > for Code 128.
    expect(evil).toContain('^FD>:1Z_5EXZ_7EJR_5F><^FS');
  });

  it('no string in any field changes the command sequence', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 30 }), (name, ref) => {
        const out = renderParcelLabelZpl({
          ...label,
          shipTo: { ...label.shipTo, name },
          orderRef: ref,
          trackingNumber: ref || null,
        });
        // The same label with tame text of the same blankness (a blank name drops its line).
        const tame = cleanText(name) ? 'x' : '';
        const expected = commands(
          renderParcelLabelZpl({
            ...label,
            shipTo: { ...label.shipTo, name: tame },
            orderRef: 'x',
            trackingNumber: ref || null,
          }),
        );
        expect(commands(out)).toEqual(expected);
        expect(out.match(/\^XZ/g)).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an invalid SSCC or parcel numbers', () => {
    expect(() => renderParcelLabelZpl({ ...label, sscc: '106141412345678909' })).toThrow(RangeError);
    expect(() => renderParcelLabelZpl({ ...label, parcelNo: 4 })).toThrow(RangeError);
    expect(() => renderParcelLabelZpl({ ...label, parcelNo: 0 })).toThrow(RangeError);
    expect(() => renderParcelLabelZpl({ ...label, weightGrams: 1.5 })).toThrow(RangeError);
  });

  it('renders several labels as consecutive formats', () => {
    const many = renderParcelLabelsZpl([label, { ...label, parcelNo: 3, sscc: '123456789012345675' }]);
    expect(many.match(/\^XA/g)).toHaveLength(2);
    expect(many).toContain('>;>800123456789012345675');
  });
});

describe('label helpers', () => {
  it('escapes ^, ~, _ and non-ASCII for ^FH, nothing else', () => {
    expect(zplFieldData('a^b~c_d>e é')).toBe('a_5Eb_7Ec_5Fd>e _C3_A9');
  });

  it('code 128 data: digit runs in subset C, > doubled in subset B, width in modules', () => {
    expect(code128Zpl('00123456')).toEqual({ fieldData: '>;00123456', modules: 11 * 6 + 13 });
    expect(code128Zpl('12345')).toEqual({
      fieldData: '>:1>512345'.replace('12345', '2345'),
      modules: 11 * 6 + 13,
    });
    expect(code128Zpl('AB>1')).toEqual({ fieldData: '>:AB><1', modules: 11 * 6 + 13 });
    expect(code128Zpl('AB1234CD').fieldData).toBe('>:AB>51234>6CD');
  });

  it('code 128 data decodes back to the original text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{1,40}$/), (s) => {
        const { fieldData } = code128Zpl(s);
        const decoded = fieldData.replace(/>[:;56]/g, '').replaceAll('><', '>');
        expect(decoded).toBe(s);
      }),
    );
  });

  it('formats weights and addresses by country habit', () => {
    expect(formatWeight(1250)).toBe('1.25 kg');
    expect(formatWeight(1000)).toBe('1 kg');
    expect(formatWeight(5)).toBe('0.005 kg');
    expect(formatWeight(0)).toBe('0 kg');
    const base = {
      name: 'A',
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      region: 'IL',
      country: 'us',
    };
    expect(addressLines(base)).toEqual(['A', '1 Main St', 'Springfield IL 12345', 'US']);
    expect(addressLines({ ...base, country: 'GB', region: null, postalCode: 'SW1A 1AA' })).toEqual([
      'A',
      '1 Main St',
      'Springfield',
      'SW1A 1AA',
      'GB',
    ]);
    expect(addressLines({ ...base, country: 'FR', region: null, line2: '  ' })).toEqual([
      'A',
      '1 Main St',
      '12345 Springfield',
      'FR',
    ]);
  });
});
