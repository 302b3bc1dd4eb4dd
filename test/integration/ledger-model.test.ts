/**
 * Model-based property test: random sequences of receipts, adjustments, transfers, counts, reservations,
 * posts and voids through HTTP agree, step by step, with the pure ledger model (accepted exactly when the
 * model accepts), and afterwards every balance equals the model's and `check` is clean.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { LedgerModel } from '../../src/modules/inventory/domain/ledger.js';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, makeBin, makeSku, makeWarehouse, unique, useTestApp } from '../support/harness.js';

type Op =
  | { kind: 'receive'; sku: number; bin: number; qty: number }
  | { kind: 'adjust'; sku: number; bin: number; delta: number }
  | { kind: 'transfer'; sku: number; from: number; to: number; qty: number }
  | { kind: 'count'; sku: number; bin: number; counted: number }
  | { kind: 'reserve'; lines: { sku: number; bin: number; qty: number }[] }
  | { kind: 'post'; res: number; fraction: number }
  | { kind: 'void'; res: number };

const idx = fc.integer({ min: 0, max: 2 });
const small = fc.integer({ min: 1, max: 12 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('receive' as const), sku: idx, bin: idx, qty: small }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      sku: idx,
      bin: idx,
      delta: fc.integer({ min: -8, max: 8 }).filter((d) => d !== 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      sku: idx,
      from: idx,
      to: idx,
      qty: small,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('count' as const),
      sku: idx,
      bin: idx,
      counted: fc.integer({ min: 0, max: 20 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      lines: fc.array(fc.record({ sku: idx, bin: idx, qty: fc.integer({ min: 1, max: 6 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      res: fc.nat(),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), res: fc.nat() }) },
);

describeDb('ledger model through HTTP', () => {
  const t = useTestApp();

  it('agrees with the model on every step and at the end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 35 }), async (ops) => {
        const app = t();
        const wh = await makeWarehouse(app, unique('MW'));
        const bins = [await makeBin(app, wh), await makeBin(app, wh), await makeBin(app, wh)];
        const skus = [await makeSku(app), await makeSku(app), await makeSku(app)];
        const supplier = `${wh}/@supplier`;
        const customer = `${wh}/@customer`;
        const adjustment = `${wh}/@adjustment`;
        const model = new LedgerModel((l) => bins.includes(l));
        const open: { id: string; lines: { sku: string; bin: string; qty: number }[] }[] = [];

        for (const op of ops) {
          switch (op.kind) {
            case 'receive': {
              const ok = model.move({ sku: skus[op.sku]!, from: supplier, to: bins[op.bin]!, qty: op.qty });
              const r = await app.post('/v1/stock/receipts', {
                sku: skus[op.sku],
                location: bins[op.bin],
                qty: op.qty,
              });
              expect(r.status, 'receipt').toBe(ok ? 201 : 409);
              break;
            }
            case 'adjust': {
              const [from, to] = op.delta > 0 ? [adjustment, bins[op.bin]!] : [bins[op.bin]!, adjustment];
              const ok = model.move({ sku: skus[op.sku]!, from, to, qty: Math.abs(op.delta) });
              const r = await app.post('/v1/stock/adjustments', {
                sku: skus[op.sku],
                location: bins[op.bin],
                delta: op.delta,
                reason: 'count',
              });
              expect(r.status, `adjust ${op.delta}`).toBe(ok ? 201 : 409);
              break;
            }
            case 'transfer': {
              const r = await app.post('/v1/stock/transfers', {
                sku: skus[op.sku],
                from: bins[op.from],
                to: bins[op.to],
                qty: op.qty,
              });
              if (op.from === op.to) {
                expect(r.status).toBe(422);
                break;
              }
              const ok = model.move({
                sku: skus[op.sku]!,
                from: bins[op.from]!,
                to: bins[op.to]!,
                qty: op.qty,
              });
              expect(r.status, 'transfer').toBe(ok ? 201 : 409);
              break;
            }
            case 'count': {
              const bin = bins[op.bin]!;
              const sku = skus[op.sku]!;
              const b = model.balance(bin, sku);
              const r = await app.post('/v1/stock/counts', {
                sku,
                location: bin,
                countedQty: op.counted,
                expectedQty: b.onHand,
              });
              if (op.counted < b.reserved) {
                expect(r.status).toBe(409);
                expect(r.body.error.code).toBe('count_below_reserved');
                break;
              }
              expect(r.status, 'count').toBe(201);
              const delta = op.counted - b.onHand;
              if (delta > 0) model.move({ sku, from: adjustment, to: bin, qty: delta });
              if (delta < 0) model.move({ sku, from: bin, to: adjustment, qty: -delta });
              break;
            }
            case 'reserve': {
              const lines = op.lines.map((l) => ({ sku: skus[l.sku]!, bin: bins[l.bin]!, qty: l.qty }));
              const demand = new Map<string, number>();
              for (const l of lines)
                demand.set(`${l.bin}|${l.sku}`, (demand.get(`${l.bin}|${l.sku}`) ?? 0) + l.qty);
              const ok = [...demand].every(([key, qty]) => {
                const [bin, sku] = key.split('|') as [string, string];
                return model.available(bin, sku) >= qty;
              });
              const r = await app.post('/v1/reservations', {
                lines: lines.map((l) => ({ sku: l.sku, location: l.bin, qty: l.qty })),
                reference: 'model',
              });
              expect(r.status, 'reserve').toBe(ok ? 201 : 409);
              if (ok) {
                for (const [key, qty] of demand) {
                  const [bin, sku] = key.split('|') as [string, string];
                  model.reserve(bin, sku, qty);
                }
                open.push({
                  id: r.body.id,
                  lines: [...demand].map(([key, qty]) => ({
                    bin: key.split('|')[0]!,
                    sku: key.split('|')[1]!,
                    qty,
                  })),
                });
              }
              break;
            }
            case 'post': {
              if (open.length === 0) break;
              const [res] = open.splice(op.res % open.length, 1);
              // Post a fraction of each line (some lines nothing); when that is nothing at all, post in full.
              const partial = res!.lines.map((l) => ({ ...l, post: Math.floor(l.qty * op.fraction) }));
              const isFull = partial.every((l) => l.post === 0);
              const lines = isFull ? partial.map((l) => ({ ...l, post: l.qty })) : partial;
              const body = isFull
                ? {}
                : {
                    lines: lines
                      .filter((l) => l.post > 0)
                      .map((l) => ({ sku: l.sku, location: l.bin, qty: l.post })),
                  };
              const r = await app.post(`/v1/reservations/${res!.id}/post`, body);
              expect(r.status, 'post').toBe(200);
              for (const l of lines) {
                if (l.post > 0) model.move({ sku: l.sku, from: l.bin, to: customer, qty: l.post }, l.post);
                model.release(l.bin, l.sku, l.qty - l.post);
              }
              break;
            }
            case 'void': {
              if (open.length === 0) break;
              const [res] = open.splice(op.res % open.length, 1);
              const r = await app.post(`/v1/reservations/${res!.id}/void`);
              expect(r.status, 'void').toBe(200);
              for (const l of res!.lines) model.release(l.bin, l.sku, l.qty);
              break;
            }
          }
        }
        for (const res of open) await app.post(`/v1/reservations/${res.id}/void`);
        for (const res of open) for (const l of res.lines) model.release(l.bin, l.sku, l.qty);
        for (const sku of skus) {
          const r = await app.get(`/v1/stock?sku=${sku}&includeVirtual=true&includeZero=true&limit=500`);
          for (const location of [...bins, supplier, customer, adjustment]) {
            const row = r.body.items.find((i: { location: string }) => i.location === location);
            const expected = model.balance(location, sku);
            expect(row?.onHand ?? 0, `${sku} at ${location}`).toBe(expected.onHand);
            expect(row?.reserved ?? 0).toBe(0);
          }
        }
        const report = await checkLedger(app.db, { expiryGraceSeconds: 3600 });
        expect(report.problems).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
