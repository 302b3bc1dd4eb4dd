import { type Context, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { addDays, insertLines, type LineInput, resolveLines } from '../db/lines.js';
import { type PurchaseOrder, readPurchaseOrder } from '../db/purchase-orders.js';
import { resolveSupplier } from '../db/suppliers.js';

export interface CreatePurchaseOrderInput {
  supplier: string;
  warehouse: string;
  /** YYYY-MM-DD; defaults to today plus the supplier's lead time. */
  expectedAt?: string | undefined;
  notes?: string | undefined;
  externalRef?: string | undefined;
  lines: LineInput[];
}

/**
 * Creates a draft purchase order in the supplier's currency, numbered PO-000001, … from a sequence.
 * Errors: unknown_supplier, supplier_archived, unknown_warehouse, unknown_sku, sku_archived, sku_is_kit,
 * not_pack_multiple, below_minimum_order, no_unit_cost, currency_mismatch (422).
 */
export async function createPurchaseOrder(ctx: Context, input: CreatePurchaseOrderInput) {
  return runCommand(
    ctx,
    'purchasing.create_purchase_order',
    input,
    async (tx, audit): Promise<PurchaseOrder> => {
      const supplier = await resolveSupplier(tx, input.supplier);
      const [warehouse] = await resolveWarehouses(tx, [input.warehouse], {
        field: 'warehouse',
        scope: ctx.warehouseScope,
      });
      const lines = await resolveLines(tx, supplier, supplier.currency, input.lines);
      const id = newId('purchaseOrder');
      await tx.query(
        `INSERT INTO purchase_orders (po_id, supplier_id, warehouse_id, currency, expected_at, external_ref, notes,
                                    created_by_kind, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [
          id,
          supplier.id,
          warehouse!.id,
          supplier.currency,
          input.expectedAt ?? addDays(ctx.clock.now(), supplier.leadTimeDays),
          input.externalRef ?? null,
          input.notes ?? null,
          ctx.actor.kind,
          ctx.actor.id,
        ],
      );
      await insertLines(tx, id, lines);
      const po = await readPurchaseOrder(tx, id, null);
      audit.record({
        targetType: 'purchase_order',
        targetId: id,
        before: null,
        after: { number: po.number, supplier: po.supplier, warehouse: po.warehouse, lines: input.lines },
        warehouseId: po.warehouseId,
      });
      return po;
    },
  );
}
