import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict } from '../../../kernel/errors.js';
import { type Order, readOrder, recordOrderEvent } from '../db/orders.js';

const CLOSED = ['shipped', 'delivered', 'cancelled'];

/**
 * Puts an order on hold (it keeps its allocation; nothing of it may be picked or shipped until released),
 * or releases it. Guarded: holding a held order or releasing one that is not held is a 409, as is holding
 * a shipped, delivered or cancelled order.
 * Errors: order_not_found (404); order_on_hold, order_not_on_hold, order_not_open (409).
 */
export async function holdOrder(ctx: Context, id: string, input: { reason: string }) {
  return setHold(ctx, id, input.reason);
}

export async function releaseOrder(ctx: Context, id: string, input: { reason?: string | undefined } = {}) {
  return setHold(ctx, id, null, input.reason);
}

async function setHold(ctx: Context, id: string, holdReason: string | null, releaseReason?: string) {
  const holding = holdReason !== null;
  return runCommand(
    ctx,
    holding ? 'orders.hold_order' : 'orders.release_order',
    { id, reason: holdReason ?? releaseReason ?? null },
    async (tx, audit): Promise<Order> => {
      const current = await readOrder(tx, id, ctx.warehouseScope);
      const { rowCount } = await tx.query(
        `UPDATE orders SET on_hold = $2, hold_reason = $3, version = version + 1, updated_at = now(), updated_by = $4
          WHERE order_id = $1 AND on_hold = NOT $2 AND ($2 = false OR status <> ALL($5::text[]))`,
        [id, holding, holdReason, ctx.actor.id, CLOSED],
      );
      if (rowCount === 0) {
        if (holding && current.onHold) {
          throw conflict('order_on_hold', `Order ${id} is already on hold (${current.holdReason}).`, {
            holdReason: current.holdReason,
          });
        }
        if (!holding && !current.onHold) throw conflict('order_not_on_hold', `Order ${id} is not on hold.`);
        throw conflict('order_not_open', `Order ${id} is ${current.status}; it cannot be held.`, {
          status: current.status,
        });
      }
      await recordOrderEvent(tx, ctx, id, {
        event: holding ? 'held' : 'released',
        fromStatus: current.status,
        toStatus: current.status,
        reason: holdReason ?? releaseReason ?? null,
      });
      await emitEvents(tx, [
        {
          type: holding ? 'order.held' : 'order.released',
          aggregateType: 'order',
          aggregateId: id,
          payload: {
            orderId: id,
            channel: current.channel,
            externalId: current.externalId,
            reason: holdReason ?? releaseReason ?? null,
          },
        },
      ]);
      audit.record({
        targetType: 'order',
        targetId: id,
        before: { onHold: current.onHold, holdReason: current.holdReason },
        after: { onHold: holding, holdReason },
        reason: holdReason ?? releaseReason ?? null,
      });
      return readOrder(tx, id, null);
    },
  );
}
