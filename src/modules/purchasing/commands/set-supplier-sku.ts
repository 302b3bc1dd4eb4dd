import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { parseDecimalToMinor } from '../../../kernel/money.js';
import { resolveSkuRefs, skuArchived, unknownSku } from '../../catalog/index.js';
import {
  readSupplier,
  SUPPLIER_SKU_SELECT,
  type SupplierSku,
  type SupplierSkuRow,
  toSupplierSku,
} from '../db/suppliers.js';

export interface SetSupplierSkuInput {
  supplierSku?: string | null | undefined;
  costMinor: number;
  /** Defaults to the supplier's currency. */
  currency?: string | undefined;
  packSize?: number | undefined;
  minOrderQty?: number | undefined;
}

/**
 * Says what a supplier sells us for a SKU (its code for it, the unit cost, pack size and minimum order),
 * creating or replacing the terms.
 * Errors: supplier_not_found (404); unknown_sku, sku_archived, unknown_currency, invalid_pack (422);
 * supplier_sku_taken (409).
 */
export async function setSupplierSku(
  ctx: Context,
  supplierCode: string,
  skuCode: string,
  input: SetSupplierSkuInput,
) {
  return runCommand(
    ctx,
    'purchasing.set_supplier_sku',
    { supplier: supplierCode, sku: skuCode, ...input },
    async (tx, audit): Promise<SupplierSku> => {
      const supplier = await readSupplier(tx, supplierCode);
      const sku = (await resolveSkuRefs(tx, [skuCode])).get(skuCode.toLowerCase());
      if (!sku) throw unknownSku(skuCode, 'sku');
      if (sku.isArchived) throw skuArchived(sku.code);
      if (sku.isKit) {
        throw unprocessable('sku_is_kit', `${sku.code} is a kit; buy its components instead.`, {
          sku: sku.code,
        });
      }
      const currency = input.currency ?? supplier.currency;
      parseDecimalToMinor('0', currency);
      const packSize = input.packSize ?? 1;
      const minOrderQty = input.minOrderQty ?? packSize;
      const { rows: before } = await tx.query<SupplierSkuRow>(
        `${SUPPLIER_SKU_SELECT} WHERE ss.supplier_id = $1 AND ss.sku_id = $2`,
        [supplier.id, sku.id],
      );
      await tx.query(
        `INSERT INTO supplier_skus (supplier_id, sku_id, supplier_sku, cost_minor, currency, pack_size, min_order_qty, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (supplier_id, sku_id) DO UPDATE SET supplier_sku = EXCLUDED.supplier_sku,
           cost_minor = EXCLUDED.cost_minor, currency = EXCLUDED.currency, pack_size = EXCLUDED.pack_size,
           min_order_qty = EXCLUDED.min_order_qty, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [
          supplier.id,
          sku.id,
          input.supplierSku?.trim() || null,
          input.costMinor,
          currency,
          packSize,
          minOrderQty,
          ctx.actor.id,
        ],
      );
      const { rows } = await tx.query<SupplierSkuRow>(
        `${SUPPLIER_SKU_SELECT} WHERE ss.supplier_id = $1 AND ss.sku_id = $2`,
        [supplier.id, sku.id],
      );
      const after = toSupplierSku(rows[0]!);
      audit.record({
        targetType: 'supplier_sku',
        targetId: `${supplier.code}/${sku.code}`,
        before: before[0] ? toSupplierSku(before[0]) : null,
        after,
      });
      return after;
    },
  );
}
