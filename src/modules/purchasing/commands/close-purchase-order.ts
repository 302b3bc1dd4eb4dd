import { type Context, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import type { PurchaseOrder } from '../db/purchase-orders.js';
import { transition } from '../db/transition.js';

/**
 * Closes a partly or fully received order: what is still open will not come, and stops counting as on
 * order. Errors: purchase_order_not_found (404); purchase_order_not_closable (409).
 */
export async function closePurchaseOrder(
  ctx: Context,
  id: string,
  input: { reason?: string | undefined } = {},
) {
  return runCommand(
    ctx,
    'purchasing.close_purchase_order',
    { id, ...input },
    async (tx, audit): Promise<PurchaseOrder> =>
      transition(tx, ctx, audit, id, {
        to: 'closed',
        where: `po.status IN ('partially_received', 'received')`,
        set: 'closed_at = now(), closed_by = $2',
        reason: input.reason,
        refuse: (po) =>
          conflict(
            'purchase_order_not_closable',
            `Purchase order ${id} is ${po.status}; only a partially or fully received order can be closed${
              po.status === 'draft' || po.status === 'sent' ? ' (cancel it instead)' : ''
            }.`,
            { purchaseOrder: id, status: po.status },
          ),
      }),
  );
}
