/** Layout rules and the location CSV reader, purely: the valid layouts pass, every broken one names its field, and the reader reports each bad row with its row and column. */
import { describe, expect, it } from 'vitest';
import { parseLocationCsv } from './location-csv.js';
import { layoutProblems, NO_LAYOUT, patchLayout } from './location-layout.js';

describe('layout', () => {
  it('accepts a full layout and the empty one', () => {
    expect(layoutProblems(NO_LAYOUT)).toEqual([]);
    expect(layoutProblems({ aisle: 'A', bay: 0, level: 0, x: 0, y: 10_000_000, pickSeq: 0 })).toEqual([]);
  });

  it('names the field of each broken rule', () => {
    const fields = (l: Partial<typeof NO_LAYOUT>) =>
      layoutProblems({ ...NO_LAYOUT, ...l }).map((p) => p.field);
    expect(fields({ x: 1 })).toEqual(['y']);
    expect(fields({ y: 1 })).toEqual(['x']);
    expect(fields({ x: -1, y: 0 })).toEqual(['x']);
    expect(fields({ x: 0, y: 10_000_001 })).toEqual(['y']);
    expect(fields({ bay: 1.5, level: -1, pickSeq: -2 })).toEqual(['bay', 'level', 'pickSeq']);
    expect(fields({ aisle: '' })).toEqual(['aisle']);
    expect(fields({ aisle: 'x'.repeat(41) })).toEqual(['aisle']);
  });

  it('patches: left out keeps, null clears, x and y travel together', () => {
    const current = { aisle: 'A', bay: 1, level: 2, x: 3, y: 4, pickSeq: 5 };
    expect(patchLayout(current, { aisle: null, x: 7, y: 8 })).toEqual({
      ok: true,
      layout: { ...current, aisle: null, x: 7, y: 8 },
    });
    expect(patchLayout(current, { x: 7 })).toMatchObject({ ok: false, problems: [{ field: 'y' }] });
    expect(patchLayout(current, { x: null, y: null })).toMatchObject({
      ok: true,
      layout: { x: null, y: null },
    });
  });
});

describe('location CSV', () => {
  it('reads paths, defaults and only the layout columns the header has', () => {
    const parsed = parseLocationCsv('code,kind,aisle,x,y\nWH1/A-01,,A,100,200\nB-02,zone,,,\n');
    expect(parsed.fileError).toBeNull();
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'code', 'invalid_location_code'],
    ]);
    expect(parsed.valid).toEqual([
      {
        row: 2,
        code: 'WH1/A-01',
        warehouse: 'WH1',
        local: 'A-01',
        name: null,
        kind: null,
        parent: null,
        layout: { aisle: 'A', x: 100, y: 200 },
      },
    ]);
  });

  it('refuses a misspelt column or half a point in the header', () => {
    expect(parseLocationCsv('code,pick-seq\n').fileError).toMatchObject({ code: 'unknown_column' });
    expect(parseLocationCsv('code,y\n').fileError).toMatchObject({ code: 'missing_column', column: 'x' });
  });
});
