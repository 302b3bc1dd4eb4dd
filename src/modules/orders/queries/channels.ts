import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { CHANNEL_SELECT, type Channel, readChannel, toChannel } from '../db/channels.js';

/** Sales channels by code. */
export async function listChannels(
  ctx: Context,
  input: { includeArchived?: boolean | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: Channel[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<Parameters<typeof toChannel>[0]>(
    `${CHANNEL_SELECT} WHERE ($1::boolean OR NOT c.is_archived) AND ($2::text IS NULL OR lower(c.code) > $2)
      ORDER BY lower(c.code) LIMIT $3`,
    [input.includeArchived ?? false, after?.[0] ?? null, input.limit + 1],
  );
  const page = pageOf(rows, input.limit, (r) => [r.code.toLowerCase()]);
  return { items: page.rows.map(toChannel), nextCursor: page.nextCursor };
}

/** A channel by id or code. Errors: channel_not_found (404). */
export function getChannel(ctx: Context, ref: string): Promise<Channel> {
  return readChannel(ctx.db, ref);
}
