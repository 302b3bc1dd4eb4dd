/** The 856 reader: items under their order and pack, SSCCs kept with warnings for bad check digits, and every structural fault a 422 invalid_edi naming its segment. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../kernel/errors.js';
import { parseShipNotice, ssccOfMark, x12Date } from './x12-856.js';

const FIXTURE = join(import.meta.dirname, '../../../../test/fixtures/edi/856-synthetic.edi');
const SHARED = '/work/shared/data/edi/x12-004010';
const synthetic = () => readFileSync(FIXTURE, 'utf8');

const problem = (text: string) => {
  try {
    parseShipNotice(text);
  } catch (e) {
    if (e instanceof DomainError)
      return { code: e.code, segment: (e.details as { segment: string }).segment };
    throw e;
  }
  return null;
};

/** Rewrites a segment and keeps SE01 right, so that only the change itself is tested. */
const withSegment = (text: string, from: string, to: string | null) => {
  const next = to === null ? text.replace(`${from}~\n`, '') : text.replace(from, to);
  const count =
    next.split('~\n').findIndex((s) => s.startsWith('SE*')) -
    next.split('~\n').findIndex((s) => s.startsWith('ST*')) +
    1;
  return next.replace(/SE\*\d+\*0001/, `SE*${count}*0001`);
};

describe('parseShipNotice', () => {
  it('reads the synthetic notice: reference, ship date, items with their order and pack', () => {
    const n = parseShipNotice(synthetic());
    expect(n.reference).toBe('SYN-ASN-0001');
    expect(n.shippedAt).toBe('2026-11-20T08:00:00.000Z');
    expect(n.items.map((i) => [i.hl, i.poNumber, i.ids[0]!.id, i.qty, i.sscc, i.ssccValid])).toEqual([
      ['4', 'PO-SYNTHETIC', 'VENDOR-A', 10, '006141410000010011', true],
      ['6', 'PO-SYNTHETIC', 'VENDOR-B', 6, '006141410000010028', true],
      ['7', 'PO-SYNTHETIC', 'VENDOR-A', 4, '006141410000010028', true],
    ]);
    expect(n.warnings).toEqual([]);
  });

  it('names the segment of each structural fault', () => {
    const text = synthetic();
    expect(problem(withSegment(text, 'SN1**10*EA', 'SN1**0*EA'))).toEqual({
      code: 'invalid_edi',
      segment: 'SN1',
    });
    expect(problem(withSegment(text, 'SN1**10*EA', 'SN1**2.5*EA'))).toEqual({
      code: 'invalid_edi',
      segment: 'SN1',
    });
    expect(problem(withSegment(text, 'PRF*PO-SYNTHETIC', null))).toEqual({
      code: 'invalid_edi',
      segment: 'HL',
    });
    expect(problem(withSegment(text, 'HL*5*2*P', 'HL*5*9*P'))).toEqual({
      code: 'invalid_edi',
      segment: 'HL',
    });
    expect(problem(withSegment(text, 'BSN*00*SYN-ASN-0001*20261120*0930*0001', null))).toEqual({
      code: 'invalid_edi',
      segment: 'BSN',
    });
    expect(problem(text.replace('SE*25*0001', 'SE*24*0001'))).toEqual({ code: 'invalid_edi', segment: 'SE' });
    expect(problem(text.replace('ST*856', 'ST*850'))).toEqual({ code: 'invalid_edi', segment: 'ST' });
    expect(problem('hello')).toMatchObject({ code: 'invalid_edi' });
  });

  it('keeps bad SSCCs and unreadable dates as warnings', () => {
    const n = parseShipNotice(
      synthetic()
        .replace('MAN*GM*006141410000010028', 'MAN*GM*006141410000010029')
        .replace('DTM*011*20261120*0800', 'DTM*011*20261341'),
    );
    expect(n.warnings.map((w) => [w.code, w.segment])).toEqual([
      ['invalid_ship_date', 'DTM'],
      ['invalid_sscc', 'MAN'],
    ]);
    expect(n.shippedAt).toBeNull();
    expect(n.items[1]).toMatchObject({ sscc: '006141410000010029', ssccValid: false });
  });

  it.runIf(existsSync(join(SHARED, 'edi-engine/856.Crossdock.OK.edi')))(
    'reads the EdiEngine cross-dock sample',
    () => {
      const n = parseShipNotice(readFileSync(join(SHARED, 'edi-engine/856.Crossdock.OK.edi'), 'utf8'));
      expect(n.reference).toBe('000009');
      expect(n.items.map((i) => i.poNumber)).toEqual(['POREF00', 'POREF00', 'POREF00', 'POREF00', 'POREF01']);
      expect(n.items.every((i) => i.qty === 12 && i.ssccValid === false)).toBe(true);
    },
  );

  it.runIf(existsSync(join(SHARED, 'edifabric/ShipNotice.edi')))(
    'reads the EdiFabric sample despite its BOM and GE count',
    () => {
      const n = parseShipNotice(readFileSync(join(SHARED, 'edifabric/ShipNotice.edi'), 'utf8'));
      expect(n.reference).toBe('01140824');
      expect(n.items.map((i) => [i.poNumber, i.ids[0]!.id, i.qty])).toEqual([
        ['9988776655', '008815509183', 4],
        ['9988776655', '008815547321', 9],
        ['2288115555', '008815509183', 4],
        ['2288115555', '008815547321', 9],
      ]);
      expect(n.warnings.map((w) => w.code).sort()).toEqual([
        'envelope_count_mismatch',
        'invalid_ship_date',
        'invalid_sscc',
        'invalid_sscc',
      ]);
    },
  );
});

describe('helpers', () => {
  it('reads dates and SSCC marks', () => {
    expect(x12Date('20261120', '0930')).toBe('2026-11-20T09:30:00.000Z');
    expect(x12Date('20260230')).toBeNull();
    expect(x12Date('200')).toBeNull();
    expect(ssccOfMark('00006141410000010011')).toBe('006141410000010011');
    expect(ssccOfMark('006141410000010011')).toBe('006141410000010011');
  });
});
