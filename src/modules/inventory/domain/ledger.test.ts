/**
 * Conservation, as properties over random operation sequences: whatever happens, each SKU sums to zero
 * over all locations, balances equal the sum of the moves, physical locations never hold less than they
 * have reserved, and invalid operations change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerModel } from './ledger.js';

const PHYSICAL = ['WH1/A', 'WH1/B', 'WH2/A'];
const VIRTUAL = ['WH1/@supplier', 'WH1/@customer', 'WH1/@adjustment', 'WH2/@transit'];
const LOCATIONS = [...PHYSICAL, ...VIRTUAL];
const SKUS = ['S1', 'S2', 'S3'];

type Op =
  | { op: 'move'; sku: string; from: string; to: string; qty: number }
  | { op: 'reserve'; sku: string; at: string; qty: number }
  | { op: 'release'; sku: string; at: string; qty: number }
  | { op: 'post'; sku: string; at: string; to: string; qty: number };

const qty = fc.integer({ min: -3, max: 40 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('move' as const),
    sku: fc.constantFrom(...SKUS),
    from: fc.constantFrom(...LOCATIONS),
    to: fc.constantFrom(...LOCATIONS),
    qty,
  }),
  fc.record({
    op: fc.constant('reserve' as const),
    sku: fc.constantFrom(...SKUS),
    at: fc.constantFrom(...LOCATIONS),
    qty,
  }),
  fc.record({
    op: fc.constant('release' as const),
    sku: fc.constantFrom(...SKUS),
    at: fc.constantFrom(...LOCATIONS),
    qty,
  }),
  fc.record({
    op: fc.constant('post' as const),
    sku: fc.constantFrom(...SKUS),
    at: fc.constantFrom(...PHYSICAL),
    to: fc.constantFrom(...LOCATIONS),
    qty,
  }),
);

function apply(model: LedgerModel, o: Op): boolean {
  switch (o.op) {
    case 'move':
      return model.move({ sku: o.sku, from: o.from, to: o.to, qty: o.qty });
    case 'reserve':
      return model.reserve(o.at, o.sku, o.qty);
    case 'release':
      return model.release(o.at, o.sku, o.qty);
    case 'post':
      return model.move({ sku: o.sku, from: o.at, to: o.to, qty: o.qty }, o.qty);
  }
}

describe('ledger model', () => {
  it('conserves stock and never lets a physical location go below its reservations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const model = new LedgerModel((l) => PHYSICAL.includes(l));
        for (const o of ops) {
          const before = JSON.stringify([...model.balances]);
          const applied = apply(model, o);
          if (!applied)
            expect(JSON.stringify([...model.balances]), 'a refused operation changes nothing').toBe(before);
        }
        const derived = model.deriveOnHand();
        for (const sku of SKUS) {
          let sum = 0;
          for (const location of LOCATIONS) {
            const b = model.balance(location, sku);
            sum += b.onHand;
            expect(b.onHand).toBe(derived.get(`${location}|${sku}`) ?? 0);
            expect(b.reserved).toBeGreaterThanOrEqual(0);
            if (PHYSICAL.includes(location)) expect(b.onHand).toBeGreaterThanOrEqual(b.reserved);
            else expect(b.reserved).toBe(0);
          }
          expect(sum).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses zero, negative and fractional quantities and moves to the same place', () => {
    const model = new LedgerModel((l) => PHYSICAL.includes(l));
    expect(model.move({ sku: 'S1', from: 'WH1/@supplier', to: 'WH1/A', qty: 0 })).toBe(false);
    expect(model.move({ sku: 'S1', from: 'WH1/@supplier', to: 'WH1/A', qty: -1 })).toBe(false);
    expect(model.move({ sku: 'S1', from: 'WH1/@supplier', to: 'WH1/A', qty: 1.5 })).toBe(false);
    expect(model.move({ sku: 'S1', from: 'WH1/A', to: 'WH1/A', qty: 1 })).toBe(false);
    expect(model.moves).toHaveLength(0);
  });
});
