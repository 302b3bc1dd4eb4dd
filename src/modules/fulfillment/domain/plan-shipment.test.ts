import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlanHolding, type PlanLine, planShipment, remainderOf, shippableAt } from './plan-shipment.js';

const WAREHOUSES = ['WH1', 'WH2'];
const SKUS = ['A', 'B', 'C'];

/** An order's lines (some kits over A/B/C) and what is held for them in two warehouses. */
const orderArb = fc
  .array(
    fc.record({
      kit: fc.boolean(),
      parts: fc.uniqueArray(
        fc.record({ sku: fc.constantFrom(...SKUS), perUnit: fc.integer({ min: 1, max: 3 }) }),
        {
          minLength: 1,
          maxLength: 3,
          selector: (p) => p.sku,
        },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .chain((specs) => {
    const lines: PlanLine[] = specs.map((s, i) => ({
      lineNo: i + 1,
      sku: s.kit ? `KIT${i + 1}` : s.parts[0]!.sku,
      parts: s.kit ? s.parts : [{ sku: s.parts[0]!.sku, perUnit: 1 }],
    }));
    const holdingArb = fc.array(
      fc.record({
        lineNo: fc.integer({ min: 1, max: lines.length }),
        warehouse: fc.constantFrom(...WAREHOUSES),
        bin: fc.integer({ min: 1, max: 3 }),
        part: fc.nat(),
        qty: fc.integer({ min: 1, max: 9 }),
      }),
      { maxLength: 12 },
    );
    return holdingArb.map((raw) => {
      const holdings: PlanHolding[] = raw.map((h) => {
        const parts = lines[h.lineNo - 1]!.parts;
        return {
          lineNo: h.lineNo,
          sku: parts[h.part % parts.length]!.sku,
          warehouse: h.warehouse,
          location: `${h.warehouse}/BIN-${h.bin}`,
          qty: h.qty,
        };
      });
      return { lines, holdings };
    });
  });

const sum = (xs: readonly { qty: number }[]) => xs.reduce((s, x) => s + x.qty, 0);

describe('planShipment', () => {
  it('takes only held units, at one warehouse, whole units of every line (kits complete)', () => {
    fc.assert(
      fc.property(
        orderArb,
        fc.option(fc.constantFrom(...WAREHOUSES), { nil: undefined }),
        (order, warehouse) => {
          const plan = planShipment({ ...order, warehouse });
          if (!plan.ok) return;
          for (const line of plan.lines) {
            const spec = order.lines.find((l) => l.lineNo === line.lineNo)!;
            expect(line.qty).toBeGreaterThan(0);
            expect(line.qty).toBe(shippableAt(spec, order.holdings, plan.warehouse));
            for (const part of spec.parts) {
              const pieces = line.pieces.filter((p) => p.sku === part.sku);
              expect(sum(pieces)).toBe(line.qty * part.perUnit);
            }
            for (const p of line.pieces) {
              expect(p.location.startsWith(`${plan.warehouse}/`)).toBe(true);
              const held = order.holdings.filter(
                (h) => h.lineNo === line.lineNo && h.sku === p.sku && h.location === p.location,
              );
              expect(p.qty).toBeLessThanOrEqual(sum(held));
            }
            // What stays plus what ships is exactly what was held.
            const lineHoldings = order.holdings.filter((h) => h.lineNo === line.lineNo);
            expect(sum(remainderOf(lineHoldings, line.pieces)) + sum(line.pieces)).toBe(sum(lineHoldings));
          }
        },
      ),
    );
  });

  it('asks for a warehouse exactly when more than one could ship, and is deterministic', () => {
    fc.assert(
      fc.property(
        orderArb.chain((order) =>
          fc
            .shuffledSubarray(order.holdings, {
              minLength: order.holdings.length,
              maxLength: order.holdings.length,
            })
            .map((shuffled) => ({ order, shuffled })),
        ),
        ({ order, shuffled }) => {
          const plan = planShipment(order);
          const shipping = WAREHOUSES.filter((w) =>
            order.lines.some((l) => shippableAt(l, order.holdings, w) > 0),
          );
          if (shipping.length === 0) expect(plan).toMatchObject({ ok: false, code: 'nothing_to_ship' });
          else if (shipping.length > 1) expect(plan).toMatchObject({ ok: false, code: 'warehouse_required' });
          else expect(plan).toMatchObject({ ok: true, warehouse: shipping[0] });
          // The same holdings in any order give the same plan.
          expect(planShipment({ ...order, holdings: shuffled })).toEqual(plan);
        },
      ),
    );
  });

  it('honours requested quantities and refuses more than is held', () => {
    const lines: PlanLine[] = [
      { lineNo: 1, sku: 'A', parts: [{ sku: 'A', perUnit: 1 }] },
      {
        lineNo: 2,
        sku: 'K',
        parts: [
          { sku: 'B', perUnit: 2 },
          { sku: 'C', perUnit: 1 },
        ],
      },
    ];
    const holdings: PlanHolding[] = [
      { lineNo: 1, sku: 'A', location: 'WH1/A-1', warehouse: 'WH1', qty: 2 },
      { lineNo: 1, sku: 'A', location: 'WH1/A-2', warehouse: 'WH1', qty: 3 },
      { lineNo: 2, sku: 'B', location: 'WH1/B-1', warehouse: 'WH1', qty: 5 },
      { lineNo: 2, sku: 'C', location: 'WH1/C-1', warehouse: 'WH1', qty: 4 },
    ];
    expect(shippableAt(lines[1]!, holdings, 'WH1')).toBe(2);
    expect(planShipment({ lines, holdings, requested: [{ lineNo: 1, qty: 4 }] })).toEqual({
      ok: true,
      warehouse: 'WH1',
      lines: [
        {
          lineNo: 1,
          qty: 4,
          pieces: [
            { sku: 'A', location: 'WH1/A-1', qty: 2 },
            { sku: 'A', location: 'WH1/A-2', qty: 2 },
          ],
        },
      ],
    });
    expect(planShipment({ lines, holdings, requested: [{ lineNo: 2, qty: 3 }] })).toMatchObject({
      ok: false,
      code: 'shipment_exceeds_allocated',
      details: { lineNo: 2, allocated: 2, requested: 3 },
    });
    expect(planShipment({ lines, holdings, requested: [{ lineNo: 7, qty: 1 }] })).toMatchObject({
      ok: false,
      code: 'unknown_line',
    });
    expect(planShipment({ lines, holdings, warehouse: 'WH2' })).toMatchObject({
      ok: false,
      code: 'nothing_to_ship',
    });
  });
});
