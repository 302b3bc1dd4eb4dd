// Proves that exported CSV cells cannot run as spreadsheet formulas and that the document stays valid CSV.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { escapeCsvCell, toCsv } from './csv';

describe('escapeCsvCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+33 1 23', "'+33 1 23"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['\rreturn', "'\rreturn"],
  ])('prefixes %j with an apostrophe', (input, expected) => {
    expect(escapeCsvCell(input)).toBe(expected);
  });

  it('leaves ordinary text, numbers and booleans alone', () => {
    expect(escapeCsvCell('PAR/A-01-02')).toBe('PAR/A-01-02');
    expect(escapeCsvCell('a=b')).toBe('a=b');
    expect(escapeCsvCell(-3)).toBe(-3);
    expect(escapeCsvCell(0)).toBe(0);
    expect(escapeCsvCell(true)).toBe(true);
  });

  it('writes nothing for null and undefined, and JSON for objects', () => {
    expect(escapeCsvCell(null)).toBe('');
    expect(escapeCsvCell(undefined)).toBe('');
    expect(escapeCsvCell({ qty: 1 })).toBe('{"qty":1}');
  });
});

describe('toCsv', () => {
  it('quotes separators, quotes and new lines, and reads back to the escaped cells', () => {
    const rows = [
      { a: 'x, "y"', b: -1 },
      { a: '=1+1', b: 2 },
      { a: 'two\nlines', b: null },
    ];
    const csv = toCsv(rows, [
      { header: 'A', value: (r) => r.a },
      { header: 'B', value: (r) => r.b },
    ]);
    expect(csv.split('\r\n')[0]).toBe('A,B');
    const parsed = Papa.parse<string[]>(csv).data;
    expect(parsed).toEqual([
      ['A', 'B'],
      ['x, "y"', '-1'],
      ["'=1+1", '2'],
      ['two\nlines', ''],
    ]);
  });
});
