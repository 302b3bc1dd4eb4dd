import { type Context, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import type { PurchaseOrder } from '../db/purchase-orders.js';
import { transition } from '../db/transition.js';

/**
 * Sends a draft to the supplier (draft → sent): from now on its open quantities count as on order.
 * Errors: purchase_order_not_found (404); purchase_order_not_sendable (409).
 */
export async function sendPurchaseOrder(ctx: Context, id: string) {
  return runCommand(
    ctx,
    'purchasing.send_purchase_order',
    { id },
    async (tx, audit): Promise<PurchaseOrder> =>
      transition(tx, ctx, audit, id, {
        to: 'sent',
        where: `po.status = 'draft'`,
        set: 'sent_at = now(), sent_by = $2',
        refuse: (po) =>
          conflict(
            'purchase_order_not_sendable',
            `Purchase order ${id} is ${po.status}; only a draft can be sent.`,
            {
              purchaseOrder: id,
              status: po.status,
            },
          ),
      }),
  );
}
