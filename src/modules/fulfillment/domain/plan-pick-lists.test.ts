import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitToWave,
  groupIntoPickLists,
  sequenceTasks,
  toteCode,
  type WaveCandidate,
  type WaveLimits,
} from './plan-pick-lists.js';

/** What createWave takes when no candidate changes on the way: admitToWave applied in priority order. */
function selectWaveOrders<T extends WaveCandidate>(candidates: readonly T[], limits: WaveLimits): T[] {
  const chosen: T[] = [];
  const taken = { orders: 0, lines: 0 };
  for (const c of candidates) {
    const verdict = admitToWave(taken, c, limits);
    if (verdict === 'full') break;
    if (verdict === 'pass') continue;
    chosen.push(c);
    taken.orders += 1;
    taken.lines += c.lines;
  }
  return chosen;
}

const candidates = fc.array(fc.record({ orderId: fc.uuid(), lines: fc.integer({ min: 1, max: 30 }) }), {
  maxLength: 60,
});
const limits = fc.record({
  maxOrders: fc.integer({ min: 1, max: 40 }),
  maxLines: fc.integer({ min: 1, max: 200 }),
});

describe('selectWaveOrders', () => {
  it('keeps priority order, never exceeds the order limit, and the line limit unless one order alone does', () => {
    fc.assert(
      fc.property(candidates, limits, (cs, l) => {
        const chosen = selectWaveOrders(cs, l);
        expect(chosen.length).toBeLessThanOrEqual(l.maxOrders);
        const lines = chosen.reduce((n, c) => n + c.lines, 0);
        if (chosen.length > 1) expect(lines).toBeLessThanOrEqual(l.maxLines);
        const positions = chosen.map((c) => cs.indexOf(c));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        if (cs.length > 0) expect(chosen[0]).toBe(cs[0]);
        // First fit: every passed-over candidate before the wave filled up would not have fitted.
        if (chosen.length < l.maxOrders) {
          for (const c of cs) if (!chosen.includes(c)) expect(lines + c.lines).toBeGreaterThan(l.maxLines);
        }
      }),
    );
  });
});

describe('groupIntoPickLists', () => {
  it('partitions the shipments in order into lists of the kind asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 80 }),
        fc.constantFrom('single', 'batch', 'wave') as fc.Arbitrary<'single' | 'batch' | 'wave'>,
        fc.integer({ min: 1, max: 12 }),
        (ids, kind, per) => {
          const lists = groupIntoPickLists(ids, kind, per);
          expect(lists.flat()).toEqual(ids);
          for (const l of lists) {
            expect(l.length).toBeGreaterThan(0);
            if (kind === 'single') expect(l.length).toBe(1);
            if (kind === 'batch') expect(l.length).toBeLessThanOrEqual(per);
          }
          if (kind === 'wave') expect(lists.length).toBe(ids.length === 0 ? 0 : 1);
        },
      ),
    );
  });

  it('names totes by list and position; single-order lists have none', () => {
    expect(toteCode('batch', 12, 0)).toBe('P12-01');
    expect(toteCode('wave', 3, 10)).toBe('P3-11');
    expect(toteCode('single', 3, 0)).toBeNull();
  });
});

describe('sequenceTasks', () => {
  it('without a layout, walks bins by pick sequence, then natural bin code', () => {
    const seq = sequenceTasks(null, [
      { id: 't1', bin: 'W/A-10', x: null, y: null, aisle: null, pickSeq: null },
      { id: 't2', bin: 'W/A-2', x: null, y: null, aisle: null, pickSeq: null },
      { id: 't3', bin: 'W/Z-1', x: null, y: null, aisle: null, pickSeq: 1 },
    ]);
    expect(seq).toEqual({
      ids: ['t3', 't2', 't1'],
      strategy: 'sequence',
      lengthCm: null,
      naiveLengthCm: null,
    });
  });

  it('from a start without a layout, goes on from the start and comes round to the bins before it', () => {
    const at = (id: string, bin: string, pickSeq: number | null) => ({
      id,
      bin,
      x: null,
      y: null,
      aisle: null,
      pickSeq,
    });
    const tasks = [at('t1', 'W/A-1', 1), at('t2', 'W/A-2', 2), at('t4', 'W/A-4', 4), at('t9', 'W/Z-9', null)];
    expect(sequenceTasks(null, tasks, at('', 'W/A-3', 3)).ids).toEqual(['t4', 't9', 't1', 't2']);
    expect(sequenceTasks(null, tasks, at('', 'W/A-2', 2)).ids).toEqual(['t2', 't4', 't9', 't1']);
    expect(sequenceTasks(null, tasks, at('', 'W/Z-10', null)).ids).toEqual(['t1', 't2', 't4', 't9']);
  });

  it('from a start with a layout, walks from the start: every task once, none longer than bin order', () => {
    const layout = { depot: { x: 0, y: 0 }, frontY: 100, backY: 2000 };
    const stop = fc.record({
      aisle: fc.integer({ min: 0, max: 8 }),
      y: fc.integer({ min: 100, max: 2000 }),
    });
    fc.assert(
      fc.property(stop, fc.array(stop, { maxLength: 25 }), (from, stops) => {
        const toTask = (s: { aisle: number; y: number }, id: string) => ({
          id,
          bin: `W/A${s.aisle}-${s.y}`,
          x: 100 + s.aisle * 300,
          y: s.y,
          aisle: `A${s.aisle}`,
          pickSeq: null,
        });
        const tasks = stops.map((s, i) => toTask(s, `t${i}`));
        const seq = sequenceTasks(layout, tasks, toTask(from, 'start'));
        expect([...seq.ids].sort()).toEqual(tasks.map((t) => t.id).sort());
        expect(seq.lengthCm!).toBeLessThanOrEqual(seq.naiveLengthCm!);
      }),
      { numRuns: 50 },
    );
  });

  it('with a layout, plans a path no longer than bin order and visits every task once', () => {
    const layout = { depot: { x: 0, y: 0 }, frontY: 100, backY: 2000 };
    const stop = fc.record({
      aisle: fc.integer({ min: 0, max: 8 }),
      y: fc.integer({ min: 100, max: 2000 }),
    });
    fc.assert(
      fc.property(fc.array(stop, { maxLength: 25 }), (stops) => {
        const tasks = stops.map((s, i) => ({
          id: `t${i}`,
          bin: `W/A${s.aisle}-${s.y}`,
          x: 100 + s.aisle * 300,
          y: s.y,
          aisle: `A${s.aisle}`,
          pickSeq: null,
        }));
        const seq = sequenceTasks(layout, tasks);
        expect([...seq.ids].sort()).toEqual(tasks.map((t) => t.id).sort());
        expect(seq.lengthCm).not.toBeNull();
        expect(seq.lengthCm!).toBeLessThanOrEqual(seq.naiveLengthCm!);
      }),
      { numRuns: 50 },
    );
  });
});
