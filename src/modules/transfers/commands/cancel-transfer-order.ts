import { type Context, runCommand } from '../../../db/index.js';
import { findHead, isVisible, loadTransferOrders, type TransferOrder } from '../db/transfer-orders.js';
import { transferOrderNotFound, transferOrderNotRequested } from '../errors.js';

export interface CancelTransferOrderInput {
  reason?: string | undefined;
}

/**
 * Cancels a transfer order that has not shipped (nothing has moved, so nothing moves back). Either
 * warehouse may cancel. Errors: transfer_order_not_found (404); transfer_order_not_requested (409).
 */
export async function cancelTransferOrder(ctx: Context, id: string, input: CancelTransferOrderInput) {
  return runCommand(
    ctx,
    'transfers.cancel_transfer_order',
    { id, ...input },
    async (tx, audit): Promise<TransferOrder> => {
      const { rows } = await tx.query<{ from_warehouse_id: string; to_warehouse_id: string }>(
        `UPDATE transfer_orders
            SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, cancel_reason = $3,
                version = version + 1, updated_at = now()
          WHERE transfer_order_id = $1 AND status = 'requested'
            AND ($4::text[] IS NULL OR from_warehouse_id = ANY($4::text[]) OR to_warehouse_id = ANY($4::text[]))
          RETURNING from_warehouse_id, to_warehouse_id`,
        [id, ctx.actor.id, input.reason ?? null, ctx.warehouseScope],
      );
      const row = rows[0];
      if (!row) {
        const head = await findHead(tx, id);
        if (!head || !isVisible(head, ctx.warehouseScope)) throw transferOrderNotFound(id);
        throw transferOrderNotRequested(id, head.status, 'cancelled');
      }
      audit.record({
        targetType: 'transfer_order',
        targetId: id,
        before: { status: 'requested' },
        after: { status: 'cancelled' },
        reason: input.reason ?? null,
        warehouseIds: [row.from_warehouse_id, row.to_warehouse_id],
      });
      return (await loadTransferOrders(tx, [id]))[0]!;
    },
  );
}
