import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { addDays, insertLines, type LineInput, resolveLines } from '../db/lines.js';
import { type PurchaseOrder, readPurchaseOrder } from '../db/purchase-orders.js';
import { SUPPLIER_COLUMNS, type Supplier, type SupplierRow, toSupplier } from '../db/suppliers.js';
import {
  checkTotal,
  type Edi850,
  type Edi850Warning,
  priceToMinor,
  read850s,
  unitsPer,
} from '../domain/edi-850.js';
import { ediError, parseX12 } from '../domain/x12.js';
import { supplierArchived } from '../errors.js';

export interface ImportPurchaseOrdersResult {
  items: { created: boolean; purchaseOrder: PurchaseOrder }[];
  warnings: (Edi850Warning & { externalRef: string })[];
}

async function findSupplier(tx: Queryable, doc: Edi850, fallback: string | undefined): Promise<Supplier> {
  const tries: [string, string][] = [];
  if (doc.supplier.code) tries.push(['lower(code) = lower($1)', doc.supplier.code]);
  if (doc.supplier.name) tries.push(['lower(name) = lower($1)', doc.supplier.name]);
  if (fallback) tries.push(['lower(code) = lower($1)', fallback]);
  for (const [where, value] of tries) {
    const { rows } = await tx.query<SupplierRow>(`SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE ${where}`, [
      value,
    ]);
    if (rows.length === 1) {
      const s = toSupplier(rows[0]!);
      if (s.isArchived) throw supplierArchived(s.code);
      return s;
    }
  }
  throw unprocessable(
    'edi_unknown_supplier',
    `Purchase order ${doc.externalRef}: no supplier matches ${
      [doc.supplier.code, doc.supplier.name].filter(Boolean).join(' / ') || '(no N1*SE, N1*VN or REF*IA)'
    }; create it, or pass ?supplier=CODE.`,
    { externalRef: doc.externalRef, supplierCode: doc.supplier.code, supplierName: doc.supplier.name },
  );
}

/**
 * Imports the purchase orders of an X12 850 document as drafts, all or nothing: the document is parsed and
 * its envelopes checked first, then each 850 is mapped (supplier from N1*SE / N1*VN / REF*IA or the
 * `supplier` option, warehouse from the `warehouse` option or N1*ST, products by supplier SKU, SKU code or
 * GTIN, EA or CA/CS units with the pack size). An order already imported for the supplier under the same
 * BEG03 is returned as it is (created: false). A stated total (AMT) that differs from the lines is a
 * warning. Errors: invalid_edi, edi_unknown_supplier, edi_unknown_product, unknown_warehouse, and the line
 * errors of createPurchaseOrder (422).
 */
export async function importPurchaseOrders(
  ctx: Context,
  edi: string,
  options: { warehouse?: string | undefined; supplier?: string | undefined } = {},
) {
  const docs = read850s(parseX12(edi));
  return runCommand(
    ctx,
    'purchasing.import_purchase_orders',
    { edi, ...options },
    async (tx, audit): Promise<ImportPurchaseOrdersResult> => {
      const result: ImportPurchaseOrdersResult = { items: [], warnings: [] };
      for (const doc of docs) {
        const supplier = await findSupplier(tx, doc, options.supplier);
        const currency = supplier.currency;
        if (doc.currency !== null && doc.currency !== currency) {
          throw unprocessable(
            'currency_mismatch',
            `Purchase order ${doc.externalRef} is in ${doc.currency}; supplier ${supplier.code} trades in ${currency}.`,
            { externalRef: doc.externalRef, currency: doc.currency, supplierCurrency: currency },
          );
        }
        const { rows: existing } = await tx.query<{ po_id: string }>(
          'SELECT po_id FROM purchase_orders WHERE supplier_id = $1 AND external_ref = $2',
          [supplier.id, doc.externalRef],
        );
        if (existing[0]) {
          result.items.push({
            created: false,
            purchaseOrder: await readPurchaseOrder(tx, existing[0].po_id, ctx.warehouseScope),
          });
          continue;
        }
        const warehouseCode = options.warehouse ?? doc.shipTo?.code ?? doc.shipTo?.name;
        if (!warehouseCode) {
          throw unprocessable(
            'warehouse_required',
            `Purchase order ${doc.externalRef} names no ship-to (N1*ST); pass ?warehouse=CODE.`,
            { externalRef: doc.externalRef, field: 'warehouse' },
          );
        }
        const [warehouse] = await resolveWarehouses(tx, [warehouseCode], {
          field: 'warehouse',
          scope: ctx.warehouseScope,
        });
        for (const w of checkTotal(doc, currency))
          result.warnings.push({ ...w, externalRef: doc.externalRef });
        const lines: LineInput[] = [];
        for (const line of doc.lines) {
          const product = await findProduct(tx, supplier.id, line.productIds);
          if (!product) {
            throw unprocessable(
              'edi_unknown_product',
              `PO1 line ${line.lineNo} (segment ${line.position}) of ${doc.externalRef}: no SKU matches ${line.productIds
                .map((p) => `${p.qualifier} ${p.value}`)
                .join(', ')}.`,
              {
                externalRef: doc.externalRef,
                segment: 'PO1',
                position: line.position,
                productIds: line.productIds,
              },
            );
          }
          const per = unitsPer(line.unit, product.packSize);
          if ('reason' in per) {
            throw ediError({ segment: 'PO1', position: line.position, element: 3, reason: per.reason });
          }
          const price = priceToMinor(line, currency);
          if (price !== null && price % per.units !== 0) {
            throw ediError({
              segment: 'PO1',
              position: line.position,
              element: 4,
              reason: `price ${line.price} per ${line.unit} does not divide into ${per.units} units in whole minor units`,
            });
          }
          lines.push({
            sku: product.code,
            qty: line.qty * per.units,
            ...(price === null ? {} : { unitCostMinor: price / per.units }),
            supplierSku: product.supplierSku,
          });
        }
        const resolved = await resolveLines(tx, supplier, currency, lines);
        const id = newId('purchaseOrder');
        await tx.query(
          `INSERT INTO purchase_orders (po_id, supplier_id, warehouse_id, currency, expected_at, external_ref,
                                        created_by_kind, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
          [
            id,
            supplier.id,
            warehouse!.id,
            currency,
            doc.expectedAt ?? addDays(ctx.clock.now(), supplier.leadTimeDays),
            doc.externalRef,
            ctx.actor.kind,
            ctx.actor.id,
          ],
        );
        await insertLines(tx, id, resolved);
        result.items.push({ created: true, purchaseOrder: await readPurchaseOrder(tx, id, null) });
      }
      audit.record({
        targetType: 'purchase_order_import',
        targetId:
          result.items
            .map((i) => i.purchaseOrder.id)
            .join(',')
            .slice(0, 200) || null,
        after: {
          created: result.items.filter((i) => i.created).map((i) => i.purchaseOrder.number),
          existing: result.items.filter((i) => !i.created).map((i) => i.purchaseOrder.number),
          warnings: result.warnings,
        },
        warehouseIds: [...new Set(result.items.map((i) => i.purchaseOrder.warehouseId))],
      });
      return result;
    },
  );
}

async function findProduct(
  tx: Queryable,
  supplierId: string,
  ids: Edi850['lines'][number]['productIds'],
): Promise<{ code: string; supplierSku: string | null; packSize: number | null } | null> {
  for (const kind of ['supplier_sku', 'sku', 'gtin'] as const) {
    for (const p of ids.filter((x) => x.kind === kind)) {
      const where =
        kind === 'supplier_sku'
          ? 'lower(ss.supplier_sku) = lower($2)'
          : kind === 'sku'
            ? 'lower(k.code) = lower($2)'
            : `k.gtin IS NOT NULL AND lpad(k.gtin, 14, '0') = lpad($2, 14, '0')`;
      const { rows } = await tx.query<{
        code: string;
        supplier_sku: string | null;
        pack_size: number | null;
      }>(
        `SELECT k.code, ss.supplier_sku, ss.pack_size
           FROM skus k LEFT JOIN supplier_skus ss ON ss.sku_id = k.sku_id AND ss.supplier_id = $1
          WHERE ${where} ${kind === 'supplier_sku' ? 'AND ss.supplier_id IS NOT NULL' : ''} LIMIT 2`,
        [supplierId, p.value],
      );
      if (rows.length === 1) {
        const r = rows[0]!;
        return {
          code: r.code,
          supplierSku: r.supplier_sku ?? (kind === 'supplier_sku' ? p.value : null),
          packSize: r.pack_size,
        };
      }
    }
  }
  return null;
}
