import { type Context, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import type { PurchaseOrder } from '../db/purchase-orders.js';
import { transition } from '../db/transition.js';

/**
 * Cancels a draft, or a sent order of which nothing was received (a partly received one is closed instead).
 * Errors: purchase_order_not_found (404); purchase_order_not_cancellable (409).
 */
export async function cancelPurchaseOrder(
  ctx: Context,
  id: string,
  input: { reason?: string | undefined } = {},
) {
  return runCommand(
    ctx,
    'purchasing.cancel_purchase_order',
    { id, ...input },
    async (tx, audit): Promise<PurchaseOrder> =>
      transition(tx, ctx, audit, id, {
        to: 'cancelled',
        where: `po.status IN ('draft', 'sent')
              AND NOT EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.po_id = po.po_id AND l.qty_received > 0)`,
        set: 'cancelled_at = now(), cancelled_by = $2',
        reason: input.reason,
        refuse: (po) =>
          conflict(
            'purchase_order_not_cancellable',
            po.totals.qtyReceived > 0 && po.status !== 'cancelled'
              ? `Purchase order ${id} has ${po.totals.qtyReceived} units received; close it instead (POST /v1/purchase-orders/${id}/close).`
              : `Purchase order ${id} is ${po.status}; only a draft or a sent order with nothing received can be cancelled.`,
            { purchaseOrder: id, status: po.status, qtyReceived: po.totals.qtyReceived },
          ),
      }),
  );
}
