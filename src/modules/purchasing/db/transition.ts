import type { AuditRecorder, Context, Queryable } from '../../../db/index.js';
import type { DomainError } from '../../../kernel/errors.js';
import {
  lockPurchaseOrder,
  type PoStatus,
  type PurchaseOrder,
  readPurchaseOrder,
} from './purchase-orders.js';

/**
 * One guarded status change: `UPDATE … WHERE status IN (from) AND <guard>`; zero rows means the order is
 * not in a state that allows it, and `refuse` says why from what was read under the row lock.
 */
export async function transition(
  tx: Queryable,
  ctx: Context,
  audit: AuditRecorder,
  id: string,
  change: {
    to: PoStatus;
    /** SQL for the statuses and extra guard, with $1 = po_id. */
    where: string;
    set: string;
    refuse: (po: PurchaseOrder) => DomainError;
    reason?: string | undefined;
  },
): Promise<PurchaseOrder> {
  const before = await lockPurchaseOrder(tx, ctx, id);
  const { rowCount } = await tx.query(
    `UPDATE purchase_orders po SET status = '${change.to}', ${change.set}, version = version + 1,
            updated_at = now(), updated_by = $2
      WHERE po.po_id = $1 AND ${change.where}`,
    [id, ctx.actor.id],
  );
  if (rowCount === 0) throw change.refuse(before);
  const after = await readPurchaseOrder(tx, id, null);
  audit.record({
    targetType: 'purchase_order',
    targetId: id,
    before: { status: before.status },
    after: { status: after.status },
    reason: change.reason ?? null,
    warehouseId: after.warehouseId,
  });
  return after;
}
