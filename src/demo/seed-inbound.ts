import type { Context } from '../db/index.js';
import { createCountPlan } from '../modules/counting/index.js';
import { createLocation, setLocationUsage } from '../modules/inventory/index.js';
import {
  createPurchaseOrder,
  createSupplier,
  receivePurchaseOrder,
  sendPurchaseOrder,
  setSupplierSku,
} from '../modules/purchasing/index.js';
import { createPutawayRule } from '../modules/putaway/index.js';
import { authoriseReturn } from '../modules/returns/index.js';
import { createTransferOrder } from '../modules/transfers/index.js';

/**
 * The inbound side of the demo shop, seeded after everything else and without the shop's random sequence
 * (so the outbound data the other journeys rely on stays the same): Paris's receiving dock and quarantine
 * bin, two suppliers with their SKU prices, a sent purchase order for Paris of which one line is partly on
 * the dock, put-away rules, a transfer requested from Lyon, a blind count plan and a return authorised on a
 * shipped order.
 */
export const DEMO_PO_SKUS = ['MUG-WHT', 'MUG-BLU', 'TSH-BLK-M'] as const;

export async function seedInbound(ctx: Context): Promise<void> {
  // Paris's dock exists since the first demo (kind bin); it becomes the receiving area, beside a quarantine.
  await setLocationUsage(ctx, 'PAR/DOCK', 'receiving');
  await createLocation(ctx, { code: 'QUAR', name: 'Quarantine', kind: 'bin', parent: 'PAR' });
  await setLocationUsage(ctx, 'PAR/QUAR', 'quarantine');

  await createSupplier(ctx, {
    code: 'NORDCER',
    name: 'Nordic Ceramics AB',
    email: 'orders@nordic-ceramics.example',
    currency: 'EUR',
    leadTimeDays: 14,
    paymentTerms: 'Net 30',
    address: { line1: 'Keramikgatan 4', city: 'Göteborg', postalCode: '41101', country: 'SE' },
  });
  await createSupplier(ctx, {
    code: 'ATELTEX',
    name: 'Atelier Textile Lyonnais',
    email: 'commandes@atelier-textile.example',
    currency: 'EUR',
    leadTimeDays: 10,
    paymentTerms: 'Net 45',
    address: { line1: '8 quai Saint-Vincent', city: 'Lyon', postalCode: '69001', country: 'FR' },
  });
  for (const [sku, cost, pack] of [
    ['MUG-WHT', 420, 6],
    ['MUG-BLU', 440, 6],
    ['MUG-GRN', 440, 6],
  ] as const) {
    await setSupplierSku(ctx, 'NORDCER', sku, { supplierSku: `NC-${sku}`, costMinor: cost, packSize: pack });
  }
  for (const [sku, cost] of [
    ['TSH-BLK-M', 650],
    ['TSH-WHT-M', 650],
    ['HOD-GRY-M', 1890],
  ] as const) {
    await setSupplierSku(ctx, 'ATELTEX', sku, { supplierSku: `AT-${sku}`, costMinor: cost, packSize: 1 });
  }
  await setSupplierSku(ctx, 'NORDCER', 'TSH-BLK-M', { costMinor: 700, packSize: 1 });

  // A sent order for Paris: three lines, the first partly received onto the dock (waiting for put-away).
  const expectedAt = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const po = await createPurchaseOrder(ctx, {
    supplier: 'NORDCER',
    warehouse: 'PAR',
    expectedAt,
    notes: 'Spring restock',
    lines: [
      { sku: 'MUG-WHT', qty: 24 },
      { sku: 'MUG-BLU', qty: 12 },
      { sku: 'TSH-BLK-M', qty: 10 },
    ],
  });
  await sendPurchaseOrder(ctx, po.value.id);
  await receivePurchaseOrder(ctx, po.value.id, {
    location: 'PAR/DOCK',
    lines: [{ lineNo: 1, qty: 12 }],
    note: 'First pallet',
  });

  // Put-away: whatever has no better rule goes to zone A, then zone B when A is full.
  await createPutawayRule(ctx, { warehouse: 'PAR', priority: 10, kind: 'zone', target: 'PAR/A' });
  await createPutawayRule(ctx, { warehouse: 'PAR', priority: 10, kind: 'overflow', target: 'PAR/B' });

  // Lyon is asked for two SKUs it holds.
  const { rows: atLyon } = await ctx.db.query<{ code: string }>(
    `SELECT s.code FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
       JOIN locations l ON l.location_id = b.location_id
      WHERE l.code LIKE 'LYO/%' AND b.on_hand - b.reserved >= 4 ORDER BY s.code LIMIT 2`,
  );
  if (atLyon.length > 0) {
    await createTransferOrder(ctx, {
      from: 'LYO',
      to: 'PAR',
      lines: atLyon.map((r) => ({ sku: r.code, qty: 2 })),
      note: 'Rebalance for the Paris shop counter',
    });
  }

  // A blind count of aisle A-01 in Paris: a variance over 1 unit waits for a manager.
  await createCountPlan(ctx, {
    warehouse: 'PAR',
    name: 'Aisle A-01 weekly',
    kind: 'location',
    blind: true,
    prefix: 'PAR/A-01',
    currency: 'EUR',
    varianceThreshold: { units: 1 },
  });

  // A return on the first shipped order.
  const { rows: shipped } = await ctx.db.query<{ order_id: string }>(
    `SELECT order_id FROM orders WHERE status IN ('shipped', 'delivered') ORDER BY placed_at, order_id LIMIT 1`,
  );
  const order = shipped[0];
  if (order) {
    await authoriseReturn(ctx, {
      order: order.order_id,
      lines: [{ lineNo: 1, qty: 1, reason: 'size_fit' }],
      note: 'Customer asked for another size',
    });
  }
}
