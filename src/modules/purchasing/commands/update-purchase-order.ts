import { type Context, runCommand } from '../../../db/index.js';
import { insertLines, type LineInput, resolveLines } from '../db/lines.js';
import { lockPurchaseOrder, type PurchaseOrder, readPurchaseOrder } from '../db/purchase-orders.js';
import { readSupplier } from '../db/suppliers.js';
import { purchaseOrderNotDraft, versionConflict } from '../errors.js';

export interface UpdatePurchaseOrderInput {
  /** The version last read: a stale one is a 409 version_conflict. */
  version: number;
  expectedAt?: string | null | undefined;
  notes?: string | null | undefined;
  /** Replaces every line. */
  lines?: LineInput[] | undefined;
}

/**
 * Changes a draft: its lines (all replaced), expected date or notes, compared and set on the version.
 * Errors: purchase_order_not_found (404); purchase_order_not_draft, version_conflict (409); the line
 * errors of createPurchaseOrder (422).
 */
export async function updatePurchaseOrder(ctx: Context, id: string, input: UpdatePurchaseOrderInput) {
  return runCommand(
    ctx,
    'purchasing.update_purchase_order',
    { id, ...input },
    async (tx, audit): Promise<PurchaseOrder> => {
      const before = await lockPurchaseOrder(tx, ctx, id);
      if (before.status !== 'draft') throw purchaseOrderNotDraft(id, before.status);
      if (before.version !== input.version) throw versionConflict(id, input.version, before.version);
      const supplier = await readSupplier(tx, before.supplier);
      const lines = input.lines ? await resolveLines(tx, supplier, before.currency, input.lines) : null;
      const { rowCount } = await tx.query(
        `UPDATE purchase_orders
          SET expected_at = CASE WHEN $3::boolean THEN $4::date ELSE expected_at END,
              notes = CASE WHEN $5::boolean THEN $6 ELSE notes END,
              version = version + 1, updated_at = now(), updated_by = $7
        WHERE po_id = $1 AND version = $2 AND status = 'draft'`,
        [
          id,
          input.version,
          input.expectedAt !== undefined,
          input.expectedAt ?? null,
          input.notes !== undefined,
          input.notes ?? null,
          ctx.actor.id,
        ],
      );
      if (rowCount === 0) throw versionConflict(id, input.version, before.version);
      if (lines) {
        await tx.query('DELETE FROM purchase_order_lines WHERE po_id = $1', [id]);
        await insertLines(tx, id, lines);
      }
      const after = await readPurchaseOrder(tx, id, null);
      const view = (p: PurchaseOrder) => ({
        expectedAt: p.expectedAt,
        notes: p.notes,
        version: p.version,
        lines: p.lines.map((l) => ({ sku: l.sku, qty: l.qtyOrdered, unitCostMinor: l.unitCostMinor })),
      });
      audit.record({
        targetType: 'purchase_order',
        targetId: id,
        before: view(before),
        after: view(after),
        warehouseId: after.warehouseId,
      });
      return after;
    },
  );
}
