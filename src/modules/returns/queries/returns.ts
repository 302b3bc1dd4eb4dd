import type { Context } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import {
  type CustomerReturn,
  RETURN_SELECT,
  type ReturnRow,
  readReturn,
  returnInScope,
  toReturn,
} from '../db/returns.js';

export interface ListReturnsInput {
  order?: string | undefined;
  status?: string | undefined;
  warehouse?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Returns, newest first, in the caller's warehouses. */
export async function listReturns(
  ctx: Context,
  input: ListReturnsInput,
): Promise<{ items: CustomerReturn[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string', 'string']);
  const { rows } = await ctx.db.query<ReturnRow>(
    `${RETURN_SELECT}
      WHERE ($1::text IS NULL OR r.order_id = $1)
        AND ($2::text IS NULL OR r.status = $2)
        AND ($3::text IS NULL OR lower(w.code) = lower($3))
        AND ($4::timestamptz IS NULL OR (r.authorised_at, r.return_id) < ($4::timestamptz, $5::text))
        AND ${returnInScope('$7')}
      ORDER BY r.authorised_at DESC, r.return_id DESC LIMIT $6`,
    [
      input.order ?? null,
      input.status ?? null,
      input.warehouse ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      input.limit + 1,
      ctx.warehouseScope,
    ],
  );
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toReturn),
    nextCursor: more && last ? encodeCursor([last.authorised_at.toISOString(), last.return_id]) : null,
  };
}

/** Errors: return_not_found (404), also outside the caller's warehouses. */
export async function getReturn(ctx: Context, id: string): Promise<CustomerReturn> {
  return readReturn(ctx.db, id, ctx.warehouseScope);
}
