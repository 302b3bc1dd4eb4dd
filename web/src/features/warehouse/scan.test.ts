import { describe, expect, it } from 'vitest';
import {
  cleanScan,
  findShipmentByScan,
  gtin14Of,
  matchesBin,
  matchesItem,
  nextOpenTask,
  packRemaining,
  parseGrams,
  percent,
  pickListRef,
  pickProgress,
  shortBin,
  type TaskLike,
} from './scan';

// The pure scan matching and task selection behind the picking and pack screens: what a scan names, what
// comes next, how far along a list is — including the scans that must not match.

const sku = { code: 'TSH-BLK-M', gtin: '3760123000017' };

describe('scan matching', () => {
  it('strips scanner prefixes and whitespace', () => {
    expect(cleanScan('  ]C1TSH-BLK-M\n')).toBe('TSH-BLK-M');
    expect(cleanScan(`${String.fromCharCode(29)}0103760123000017`)).toBe('0103760123000017');
  });

  it('reads a GTIN bare, printed with (01) or as sent with 01', () => {
    expect(gtin14Of('3760123000017')).toBe('03760123000017');
    expect(gtin14Of('(01)03760123000017')).toBe('03760123000017');
    expect(gtin14Of('010376012300001710LOT7')).toBe('03760123000017');
    expect(gtin14Of('3760123000018')).toBeNull(); // wrong check digit
    expect(gtin14Of('TSH-BLK-M')).toBeNull();
  });

  it('matches an item by code in any case or by GTIN, and nothing else', () => {
    expect(matchesItem('tsh-blk-m', sku)).toBe(true);
    expect(matchesItem('3760123000017', sku)).toBe(true);
    expect(matchesItem('03760123000017', sku)).toBe(true);
    expect(matchesItem('TSH-BLK-L', sku)).toBe(false);
    expect(matchesItem('3760123000024', sku)).toBe(false);
    expect(matchesItem('   ', sku)).toBe(false);
    expect(matchesItem('3760123000017', { code: 'X', gtin: null })).toBe(false);
  });

  it('matches a bin by its full code or the part after the warehouse', () => {
    expect(matchesBin('PAR/A-01-02', 'PAR/A-01-02')).toBe(true);
    expect(matchesBin('a-01-02', 'PAR/A-01-02')).toBe(true);
    expect(matchesBin('A-01-03', 'PAR/A-01-02')).toBe(false);
    expect(matchesBin('PAR', 'PAR/A-01-02')).toBe(false);
    expect(matchesBin('', 'PAR/A-01-02')).toBe(false);
    expect(shortBin('PAR/A-01-02')).toBe('A-01-02');
    expect(shortBin('DOCK')).toBe('DOCK');
  });
});

describe('next task and progress', () => {
  const tasks: TaskLike[] = [
    { id: 'a', seq: 1, status: 'picked' },
    { id: 'b', seq: 2, status: 'open' },
    { id: 'c', seq: 3, status: 'short' },
    { id: 'd', seq: 4, status: 'open' },
    { id: 'e', seq: 5, status: 'cancelled' },
  ];

  it('takes the first open task in walking order', () => {
    expect(nextOpenTask(tasks)?.id).toBe('b');
    expect(nextOpenTask([...tasks].reverse())?.id).toBe('b');
  });

  it('goes on after the current one and wraps to a replacement behind', () => {
    expect(nextOpenTask(tasks, 2)?.id).toBe('d');
    expect(nextOpenTask(tasks, 4)?.id).toBe('b');
  });

  it('says when nothing is left', () => {
    expect(nextOpenTask(tasks.filter((t) => t.status !== 'open'))).toBeNull();
    expect(nextOpenTask([])).toBeNull();
  });

  it('counts done tasks without the cancelled ones', () => {
    expect(pickProgress(tasks)).toEqual({ done: 2, total: 4 });
    expect(percent(2, 4)).toBe(50);
    expect(percent(0, 0)).toBe(0);
  });
});

describe('opening lists and shipments', () => {
  it('reads a pick list id or number', () => {
    expect(pickListRef('pkl_01ABC')).toEqual({ id: 'pkl_01ABC' });
    expect(pickListRef(' #12 ')).toEqual({ number: 12 });
    expect(pickListRef('7')).toEqual({ number: 7 });
    expect(pickListRef('A-01')).toBeNull();
    expect(pickListRef('')).toBeNull();
  });

  it('finds a shipment by id, tote or order number', () => {
    const open = [
      { id: 'shp_1', tote: 'P1-01', externalId: '#1005' },
      { id: 'shp_2', tote: null, externalId: '402-1' },
    ];
    expect(findShipmentByScan('shp_9', open)).toEqual({ id: 'shp_9' });
    expect(findShipmentByScan('p1-01', open)?.id).toBe('shp_1');
    expect(findShipmentByScan('402-1', open)?.id).toBe('shp_2');
    expect(findShipmentByScan('P9-99', open)).toBeNull();
  });

  it('counts units left to pack and reads whole grams', () => {
    expect(
      packRemaining([
        { required: 2, scanned: 1 },
        { required: 1, scanned: 1 },
      ]),
    ).toBe(1);
    expect(parseGrams('850')).toBe(850);
    expect(parseGrams('0')).toBeNull();
    expect(parseGrams('1.5')).toBeNull();
    expect(parseGrams('')).toBeNull();
  });
});
