/** ABC classification: the classes partition the SKUs, A is the shortest head reaching 80 % of the value, A∪B reaches 95 %, a better seller never gets a worse class, and the input order does not matter. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AbcClass, classifyAbc } from './abc.js';

const valuesArb = fc
  .uniqueArray(
    fc.record({
      sku: fc.stringMatching(/^[A-Z]{1,4}$/),
      valueMinor: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })),
    }),
    { selector: (v) => v.sku, maxLength: 40 },
  )
  .map((vs) => vs);

const ORDER: Record<AbcClass, number> = { A: 0, B: 1, C: 2 };
const sum = (xs: readonly { valueMinor: number }[]) => xs.reduce((s, x) => s + x.valueMinor, 0);

describe('classifyAbc', () => {
  it('classifies a textbook case', () => {
    const r = classifyAbc([
      { sku: 'X', valueMinor: 700 },
      { sku: 'Y', valueMinor: 150 },
      { sku: 'Z', valueMinor: 100 },
      { sku: 'W', valueMinor: 50 },
      { sku: 'V', valueMinor: 0 },
    ]);
    expect(r.map((i) => [i.sku, i.abcClass])).toEqual([
      ['X', 'A'],
      ['Y', 'A'],
      ['Z', 'B'],
      ['W', 'C'],
      ['V', 'C'],
    ]);
  });

  it('breaks ties by SKU code and puts everything in C when nothing sold', () => {
    const r = classifyAbc([
      { sku: 'B', valueMinor: 10 },
      { sku: 'A', valueMinor: 10 },
    ]);
    expect(r.map((i) => i.sku)).toEqual(['A', 'B']);
    expect(classifyAbc([{ sku: 'A', valueMinor: 0 }])[0]!.abcClass).toBe('C');
  });

  it('refuses negative or fractional values', () => {
    expect(() => classifyAbc([{ sku: 'A', valueMinor: -1 }])).toThrow(RangeError);
    expect(() => classifyAbc([{ sku: 'A', valueMinor: 1.5 }])).toThrow(RangeError);
  });

  it('partitions the SKUs: each exactly once, in one class', () => {
    fc.assert(
      fc.property(valuesArb, (values) => {
        const r = classifyAbc(values);
        expect(r.map((i) => i.sku).sort()).toEqual(values.map((v) => v.sku).sort());
        for (const i of r) expect(['A', 'B', 'C']).toContain(i.abcClass);
      }),
    );
  });

  it('A reaches 80 % of the value and is the shortest head that does; A∪B reaches 95 %', () => {
    fc.assert(
      fc.property(valuesArb, (values) => {
        const r = classifyAbc(values);
        const total = sum(r);
        if (total === 0) return;
        const a = r.filter((i) => i.abcClass === 'A');
        const ab = r.filter((i) => i.abcClass !== 'C');
        expect(sum(a) * 10000).toBeGreaterThanOrEqual(total * 8000);
        expect(sum(a.slice(0, -1)) * 10000).toBeLessThan(total * 8000);
        expect(sum(ab) * 10000).toBeGreaterThanOrEqual(total * 9500);
        expect(sum(ab.slice(0, -1)) * 10000).toBeLessThan(total * 9500);
      }),
    );
  });

  it('is monotone: a SKU selling more never gets a worse class; zero sellers are C', () => {
    fc.assert(
      fc.property(valuesArb, (values) => {
        const r = classifyAbc(values);
        for (let i = 1; i < r.length; i++) {
          expect(r[i - 1]!.valueMinor).toBeGreaterThanOrEqual(r[i]!.valueMinor);
          expect(ORDER[r[i - 1]!.abcClass]).toBeLessThanOrEqual(ORDER[r[i]!.abcClass]);
        }
        for (const i of r) if (i.valueMinor === 0) expect(i.abcClass).toBe('C');
      }),
    );
  });

  it('does not depend on the input order', () => {
    fc.assert(
      fc.property(valuesArb, fc.integer(), (values, seed) => {
        const shuffled = [...values].sort(
          (a, b) => ((a.sku.charCodeAt(0) * seed) % 7) - ((b.sku.charCodeAt(0) * seed) % 7),
        );
        expect(classifyAbc(shuffled)).toEqual(classifyAbc(values));
      }),
    );
  });
});
