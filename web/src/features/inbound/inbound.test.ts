// Proves the inbound screens' pure helpers: references typed or scanned, the receiving tally and its
// receipt lines, ASN and blind receipt lines, QC defaults, "SKU qty" parsing, bins scanned for counts and signed variances.
import { describe, expect, it } from 'vitest';
import {
  addGood,
  asnReceiveLines,
  blindReceiptLines,
  defaultQc,
  findPo,
  lineForScan,
  lineOutlook,
  markDamaged,
  parseSkuLines,
  parseWhole,
  poRef,
  receiptLines,
  signedQty,
  taskAtBin,
  ungraded,
} from './inbound';

describe('purchase order references', () => {
  it('reads ids, numbers with or without prefix, and finds the order', () => {
    expect(poRef('po_01ABC')).toEqual({ id: 'po_01ABC' });
    expect(poRef('12')).toEqual({ number: 'PO-000012' });
    expect(poRef('po-000012')).toEqual({ number: 'PO-000012' });
    expect(poRef('  ')).toBeNull();
    const orders = [
      { id: 'po_1', number: 'PO-000001' },
      { id: 'po_2', number: 'PO-000002' },
    ];
    expect(findPo('#2', orders)?.id).toBe('po_2');
    expect(findPo('PO-000001', orders)?.id).toBe('po_1');
    expect(findPo('9', orders)).toBeNull();
  });
});

describe('the receiving tally', () => {
  const lines = [
    { lineNo: 1, sku: 'MUG-WHT', qtyOpen: 2 },
    { lineNo: 2, sku: 'MUG-BLU', qtyOpen: 12 },
    { lineNo: 3, sku: 'MUG-WHT', qtyOpen: 5 },
  ];
  const gtins = new Map([['MUG-BLU', '3760123000017']]);

  it('matches a scan by code or GTIN, moving to the next line of the SKU once one is full', () => {
    expect(lineForScan('mug-wht', lines, gtins, {})?.lineNo).toBe(1);
    expect(lineForScan('mug-wht', lines, gtins, { 1: { good: 2, damaged: 0 } })?.lineNo).toBe(3);
    expect(lineForScan('03760123000017', lines, gtins, {})?.lineNo).toBe(2);
    expect(lineForScan('TSH-BLK-M', lines, gtins, {})).toBeNull();
  });

  it('marks damaged units, never counts below zero and sends only scanned lines', () => {
    let tally = addGood({}, 2, 3);
    tally = markDamaged(tally, 2);
    tally = markDamaged(tally, 1);
    tally = addGood(tally, 3, -4);
    expect(tally[2]).toEqual({ good: 2, damaged: 1 });
    expect(tally[1]).toEqual({ good: 0, damaged: 1 });
    expect(receiptLines(tally)).toEqual([
      { lineNo: 1, qty: 0, damaged: 1 },
      { lineNo: 2, qty: 2, damaged: 1 },
    ]);
    expect(lineOutlook(lines[1]!, tally)).toEqual({ kind: 'short', qty: 9 });
    expect(lineOutlook(lines[0]!, addGood(tally, 1, 5))).toEqual({ kind: 'over', qty: 4 });
    expect(lineOutlook(lines[2]!, addGood({}, 3, 5))).toEqual({ kind: 'none', qty: 0 });
  });

  it('accepts the good units and rejects the damaged ones by default', () => {
    expect(defaultQc({ qtyQc: 6, qtyDamaged: 1 })).toEqual({ accept: 5, reject: 1 });
    expect(defaultQc({ qtyQc: 1, qtyDamaged: 3 })).toEqual({ accept: 0, reject: 1 });
  });
});

describe('typed quantities and lines', () => {
  it('takes whole numbers within bounds only', () => {
    expect(parseWhole('12')).toBe(12);
    expect(parseWhole(' 0 ')).toBe(0);
    expect(parseWhole('1.5')).toBeNull();
    expect(parseWhole('-1')).toBeNull();
    expect(parseWhole('5', 6)).toBeNull();
  });

  it('parses "SKU qty" rows, adding up repeats and naming the bad rows', () => {
    expect(parseSkuLines('mug-wht 24\n\nMUG-BLU\t12\nmug-wht;6')).toEqual({
      lines: [
        { sku: 'MUG-WHT', qty: 30 },
        { sku: 'MUG-BLU', qty: 12 },
      ],
      invalidRows: [],
    });
    expect(parseSkuLines('MUG 0\nonly-code\nA 1.5').invalidRows).toEqual([1, 2, 3]);
  });
});

describe('counts and returns', () => {
  const tasks = [{ location: 'PAR/A-01-01' }, { location: 'PAR/A-01-02' }, { location: 'PAR/A-01-01' }];
  it('finds the tasks of a scanned bin by its full or short code', () => {
    expect(taskAtBin('a-01-01', tasks)).toHaveLength(2);
    expect(taskAtBin('PAR/A-01-02', tasks)).toHaveLength(1);
    expect(taskAtBin('B-01-01', tasks)).toHaveLength(0);
    expect(taskAtBin('', tasks)).toHaveLength(0);
  });
  it('writes variances with their sign and counts ungraded units', () => {
    expect(signedQty(3)).toBe('+3');
    expect(signedQty(-2)).toBe('−2');
    expect(signedQty(0)).toBe('0');
    expect(ungraded({ qtyReceived: 3, qtyGraded: 1 })).toBe(2);
    expect(ungraded({ qtyReceived: 1, qtyGraded: 1 })).toBe(0);
  });
});

describe('receiving an ASN', () => {
  const lines = [
    { lineNo: 1, qty: 10 },
    { lineNo: 2, qty: 6 },
    { lineNo: 3, qty: 4 },
    { lineNo: 4, qty: 2 },
  ];

  it('sends only the lines typed; damaged alone means the rest arrived good', () => {
    expect(
      asnReceiveLines(lines, {
        1: { arrived: ' 8 ', damaged: '' },
        2: { arrived: '', damaged: '2' },
        3: { arrived: '', damaged: '' },
        4: { arrived: '0', damaged: '0' },
      }),
    ).toEqual({
      lines: [
        { lineNo: 1, qty: 8 },
        { lineNo: 2, qty: 4, damaged: 2 },
        { lineNo: 4, qty: 0 },
      ],
      invalid: [],
    });
    expect(asnReceiveLines(lines, {})).toEqual({ lines: [], invalid: [] });
  });

  it('never sends negative good units and names the lines that are not whole numbers', () => {
    expect(asnReceiveLines(lines, { 3: { arrived: '', damaged: '9' } }).lines).toEqual([
      { lineNo: 3, qty: 0, damaged: 9 },
    ]);
    expect(
      asnReceiveLines(lines, {
        1: { arrived: '-1', damaged: '' },
        2: { arrived: '2.5', damaged: '' },
        3: { arrived: '1', damaged: 'x' },
      }),
    ).toEqual({ lines: [], invalid: [1, 2, 3] });
  });
});

describe('a blind receipt', () => {
  it('reads the rows, skipping blank ones and upper-casing codes', () => {
    expect(
      blindReceiptLines([
        { sku: ' mug-blu ', good: '3', damaged: '' },
        { sku: '', good: '', damaged: '' },
        { sku: 'TSH-BLK-M', good: '', damaged: '2' },
      ]),
    ).toEqual({
      lines: [
        { sku: 'MUG-BLU', qty: 3 },
        { sku: 'TSH-BLK-M', qty: 0, damaged: 2 },
      ],
      invalidRows: [],
    });
  });

  it('names rows without a SKU, without a unit or with figures that are not whole numbers', () => {
    expect(
      blindReceiptLines([
        { sku: '', good: '2', damaged: '' },
        { sku: 'MUG-BLU', good: '0', damaged: '0' },
        { sku: 'MUG-BLU', good: '1.5', damaged: '' },
        { sku: 'MUG-BLU', good: '1', damaged: '-1' },
        { sku: 'MUG-WHT', good: '1', damaged: '' },
      ]),
    ).toEqual({ lines: [{ sku: 'MUG-WHT', qty: 1 }], invalidRows: [1, 2, 3, 4] });
  });
});
