/** Location path codes and adjustment reason rules. */
import { describe, expect, it } from 'vitest';
import { localCodeOf, virtualCode } from './locations.js';
import { adjustmentSignProblem } from './reasons.js';

describe('location codes', () => {
  it('accepts a local code or the full path under its warehouse', () => {
    expect(localCodeOf('A-01-02', 'WH1')).toEqual({ ok: true, local: 'A-01-02' });
    expect(localCodeOf('WH1/A-01-02', 'WH1')).toEqual({ ok: true, local: 'A-01-02' });
    expect(localCodeOf('wh1/A-01-02', 'WH1')).toEqual({ ok: true, local: 'A-01-02' });
  });
  it('refuses another warehouse, nested slashes, virtual-looking and malformed codes', () => {
    expect(localCodeOf('WH2/A-01', 'WH1').ok).toBe(false);
    expect(localCodeOf('WH1/A/01', 'WH1').ok).toBe(false);
    expect(localCodeOf('@supplier', 'WH1').ok).toBe(false);
    expect(localCodeOf('', 'WH1').ok).toBe(false);
    expect(localCodeOf('a b', 'WH1').ok).toBe(false);
    expect(localCodeOf('x'.repeat(41), 'WH1').ok).toBe(false);
  });
  it('names virtual locations after their warehouse', () => {
    expect(virtualCode('WH1', 'supplier')).toBe('WH1/@supplier');
  });
});

describe('adjustment reasons', () => {
  it('losses remove stock, finds add it, count and other go either way', () => {
    expect(adjustmentSignProblem('damage', -1)).toBeNull();
    expect(adjustmentSignProblem('theft', 2)).toMatch(/negative/);
    expect(adjustmentSignProblem('loss', 1)).toMatch(/negative/);
    expect(adjustmentSignProblem('found', -1)).toMatch(/positive/);
    expect(adjustmentSignProblem('count', -5)).toBeNull();
    expect(adjustmentSignProblem('other', 5)).toBeNull();
  });
});
