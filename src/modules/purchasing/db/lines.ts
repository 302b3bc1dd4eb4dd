import type { Queryable } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { resolveSkuRefs, skuArchived, unknownSku } from '../../catalog/index.js';
import { packProblem } from '../domain/ordering.js';
import { belowMinimumOrder, notPackMultiple, noUnitCost } from '../errors.js';
import { readSupplierSkus, type Supplier } from './suppliers.js';

export interface LineInput {
  sku: string;
  qty: number;
  unitCostMinor?: number | undefined;
  supplierSku?: string | null | undefined;
}

export interface ResolvedLine {
  lineNo: number;
  skuId: string;
  sku: string;
  qty: number;
  unitCostMinor: number;
  supplierSku: string | null;
}

/**
 * Resolves request lines against the catalog and the supplier's terms: the SKU must exist and not be
 * archived or a kit; quantities in whole packs and at least the minimum order; the cost defaults from the
 * supplier SKU (in the order's currency). Errors (422): unknown_sku, sku_archived, sku_is_kit,
 * not_pack_multiple, below_minimum_order, no_unit_cost, currency_mismatch.
 */
export async function resolveLines(
  tx: Queryable,
  supplier: Supplier,
  currency: string,
  lines: readonly LineInput[],
): Promise<ResolvedLine[]> {
  const refs = await resolveSkuRefs(
    tx,
    lines.map((l) => l.sku),
  );
  const out: ResolvedLine[] = [];
  const skuIds: string[] = [];
  lines.forEach((l, i) => {
    const ref = refs.get(l.sku.toLowerCase());
    if (!ref) throw unknownSku(l.sku, `lines[${i}].sku`);
    if (ref.isArchived) throw skuArchived(ref.code);
    if (ref.isKit) {
      throw unprocessable('sku_is_kit', `${ref.code} is a kit; order its components instead.`, {
        sku: ref.code,
        field: `lines[${i}].sku`,
      });
    }
    skuIds.push(ref.id);
  });
  const terms = await readSupplierSkus(tx, supplier.id, skuIds);
  lines.forEach((l, i) => {
    const ref = refs.get(l.sku.toLowerCase())!;
    const t = terms.get(ref.id);
    if (t) {
      const p = packProblem(l.qty, { packSize: t.packSize, minOrderQty: t.minOrderQty });
      if (p?.kind === 'not_pack_multiple') throw notPackMultiple(ref.code, p, i + 1);
      if (p?.kind === 'below_minimum') throw belowMinimumOrder(ref.code, l.qty, p.minOrderQty, i + 1);
    }
    let unitCostMinor = l.unitCostMinor;
    if (unitCostMinor === undefined) {
      if (!t) throw noUnitCost(ref.code, supplier.code, i + 1);
      if (t.currency !== currency) {
        throw unprocessable(
          'currency_mismatch',
          `The supplier's cost for ${ref.code} is in ${t.currency}, the order in ${currency}; give unitCostMinor.`,
          { sku: ref.code, line: i + 1, costCurrency: t.currency, currency },
        );
      }
      unitCostMinor = t.costMinor;
    }
    out.push({
      lineNo: i + 1,
      skuId: ref.id,
      sku: ref.code,
      qty: l.qty,
      unitCostMinor,
      supplierSku: l.supplierSku?.trim() || t?.supplierSku || null,
    });
  });
  return out;
}

export async function insertLines(
  tx: Queryable,
  poId: string,
  lines: readonly ResolvedLine[],
): Promise<void> {
  await tx.query(
    `INSERT INTO purchase_order_lines (po_id, line_no, sku_id, qty_ordered, unit_cost_minor, supplier_sku)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])`,
    [
      poId,
      lines.map((l) => l.lineNo),
      lines.map((l) => l.skuId),
      lines.map((l) => l.qty),
      lines.map((l) => l.unitCostMinor),
      lines.map((l) => l.supplierSku),
    ],
  );
}

/** YYYY-MM-DD of a date plus some days (UTC). */
export function addDays(at: Date, days: number): string {
  return new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
