import { type Context, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { lockReturn, type ReturnRecord, readReturn } from '../db/returns.js';
import { returnNotOpen } from '../errors.js';

export interface CancelReturnInput {
  reason?: string | undefined;
}

/**
 * Cancels a return nothing of which was received: its units are returnable again.
 * Errors: return_not_found (404); return_not_open, return_has_receipts (409).
 */
export async function cancelReturn(ctx: Context, id: string, input: CancelReturnInput) {
  return runCommand(
    ctx,
    'returns.cancel_return',
    { id, ...input },
    async (tx, audit): Promise<ReturnRecord> => {
      const { ret } = await lockReturn(tx, ctx, id);
      if (ret.status !== 'authorised') throw returnNotOpen(ret, 'cancelled');
      const received = ret.lines.reduce((s, l) => s + l.qtyReceived, 0);
      if (received > 0) {
        throw conflict(
          'return_has_receipts',
          `${received} unit(s) of return ${ret.number} were received; close it instead (POST /v1/returns/${id}/close).`,
          { return: id, received },
        );
      }
      await tx.query(
        `UPDATE returns SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, cancel_reason = $3
        WHERE return_id = $1 AND status = 'authorised'
          AND NOT EXISTS (SELECT 1 FROM return_lines WHERE return_id = $1 AND qty_received > 0)`,
        [id, ctx.actor.id, input.reason ?? null],
      );
      const after = await readReturn(tx, id, null);
      audit.record({
        targetType: 'return',
        targetId: id,
        before: { status: ret.status },
        after: { status: after.status },
        reason: input.reason ?? null,
        warehouseId: after.warehouseId,
      });
      return after;
    },
  );
}
