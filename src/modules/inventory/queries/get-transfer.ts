import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { TRANSFER_SELECT, type Transfer, type TransferRow, toTransfer } from '../db/transfers.js';
import { transferNotFound } from '../errors.js';

/** A transfer is visible in its source and its destination warehouse. */
const IN_SCOPE = (p: string) =>
  `(${p}::text[] IS NULL OR f.warehouse_id = ANY(${p}::text[]) OR d.warehouse_id = ANY(${p}::text[]))`;

/** Errors: transfer_not_found (404). */
export async function getTransfer(ctx: Context, id: string): Promise<Transfer> {
  const { rows } = await ctx.db.query<TransferRow>(
    `${TRANSFER_SELECT} WHERE t.transfer_id = $1 AND ${IN_SCOPE('$2')}`,
    [id, ctx.warehouseScope],
  );
  if (!rows[0]) throw transferNotFound(id);
  return toTransfer(rows[0]);
}

/** Transfers through transit, newest first; `status=in_transit` lists what is on its way. */
export async function listTransfers(
  ctx: Context,
  input: { status?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: Transfer[]; nextCursor: string | null }> {
  const before = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<TransferRow>(
    `${TRANSFER_SELECT} WHERE ($1::text IS NULL OR t.status = $1) AND ($2::text IS NULL OR t.transfer_id < $2)
        AND ${IN_SCOPE('$4')}
      ORDER BY t.transfer_id DESC LIMIT $3`,
    [input.status ?? null, before?.[0] ?? null, input.limit + 1, ctx.warehouseScope],
  );
  const page = pageOf(rows, input.limit, (r) => [r.transfer_id]);
  return { items: page.rows.map(toTransfer), nextCursor: page.nextCursor };
}
