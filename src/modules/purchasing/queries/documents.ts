import type { Context } from '../../../db/index.js';
import { currencyExponent } from '../../../kernel/money.js';
import { readPurchaseOrder } from '../db/purchase-orders.js';
import { purchaseOrderPdf } from '../documents/purchase-order-pdf.js';
import { write850 } from '../domain/edi-850.js';

async function details(ctx: Context, id: string) {
  const po = await readPurchaseOrder(ctx.db, id, ctx.warehouseScope);
  const { rows } = await ctx.db.query<{
    warehouse_name: string;
    sku_code: string;
    sku_name: string;
    gtin: string | null;
  }>(
    `SELECT w.name AS warehouse_name, k.code AS sku_code, k.name AS sku_name, k.gtin
       FROM purchase_order_lines l JOIN skus k ON k.sku_id = l.sku_id
       JOIN purchase_orders po ON po.po_id = l.po_id JOIN locations w ON w.location_id = po.warehouse_id
      WHERE l.po_id = $1 ORDER BY l.line_no`,
    [id],
  );
  const { rows: sup } = await ctx.db.query<{
    email: string | null;
    address: Record<string, string> | null;
    payment_terms: string | null;
  }>('SELECT email, address, payment_terms FROM suppliers WHERE supplier_id = $1', [po.supplierId]);
  return { po, skus: rows, supplier: sup[0]! };
}

/** The purchase order as an X12 850 from our sender id. Errors: purchase_order_not_found (404). */
export async function getPurchaseOrderEdi(
  ctx: Context,
  id: string,
): Promise<{ filename: string; body: string }> {
  const { po, skus } = await details(ctx, id);
  const now = ctx.clock.now().toISOString();
  const body = write850(
    {
      number: po.number,
      createdAt: po.createdAt,
      expectedAt: po.expectedAt,
      currency: po.currency,
      buyerName: 'Coulisse',
      supplier: { code: po.supplier, name: po.supplierName },
      warehouse: { code: po.warehouse, name: skus[0]?.warehouse_name ?? po.warehouse },
      lines: po.lines.map((l, i) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        supplierSku: l.supplierSku,
        gtin: skus[i]?.gtin ?? null,
        qty: l.qtyOrdered,
        unitCostMinor: l.unitCostMinor,
      })),
      totalMinor: po.totals.orderedMinor,
      control: Number(po.number.replace(/\D/g, '')) % 1_000_000_000 || 1,
      date: now.slice(0, 10).replace(/-/g, ''),
      time: now.slice(11, 16).replace(':', ''),
    },
    currencyExponent(po.currency),
  );
  return { filename: `${po.number}.edi`, body };
}

/** The purchase order as a PDF to send the supplier. Errors: purchase_order_not_found (404). */
export async function getPurchaseOrderPdf(
  ctx: Context,
  id: string,
): Promise<{ filename: string; body: Buffer }> {
  const { po, skus, supplier } = await details(ctx, id);
  const body = await purchaseOrderPdf({
    number: po.number,
    status: po.status,
    createdAt: po.createdAt,
    expectedAt: po.expectedAt,
    currency: po.currency,
    supplier: {
      code: po.supplier,
      name: po.supplierName,
      email: supplier.email,
      address: supplier.address,
      paymentTerms: supplier.payment_terms,
    },
    shipTo: { code: po.warehouse, name: skus[0]?.warehouse_name ?? po.warehouse },
    lines: po.lines.map((l, i) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      name: skus[i]?.sku_name ?? '',
      supplierSku: l.supplierSku,
      qty: l.qtyOrdered,
      unitCostMinor: l.unitCostMinor,
      lineTotalMinor: l.lineTotalMinor,
    })),
    totalMinor: po.totals.orderedMinor,
    notes: po.notes,
  });
  return { filename: `${po.number}.pdf`, body };
}
