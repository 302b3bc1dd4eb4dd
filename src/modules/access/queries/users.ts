import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { API_KEY_SELECT, type ApiKey, type ApiKeyRow, toApiKey } from '../db/api-keys.js';
import { readUser, toUser, USER_SELECT, type User, type UserRow } from '../db/users.js';

/** Staff accounts by email. */
export async function listUsers(
  ctx: Context,
  input: {
    query?: string | undefined;
    role?: string | undefined;
    includeDisabled?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: User[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<UserRow>(
    `${USER_SELECT}
      WHERE ($1::text IS NULL OR u.email LIKE '%' || lower($1) || '%' OR lower(u.name) LIKE '%' || lower($1) || '%')
        AND ($2::text IS NULL OR u.role = $2)
        AND ($3::boolean OR NOT u.is_disabled)
        AND ($4::text IS NULL OR u.email > $4)
      ORDER BY u.email LIMIT $5`,
    [
      input.query ?? null,
      input.role ?? null,
      input.includeDisabled ?? true,
      after?.[0] ?? null,
      input.limit + 1,
    ],
  );
  const page = pageOf(rows, input.limit, (r) => [r.email]);
  return { items: page.rows.map(toUser), nextCursor: page.nextCursor };
}

/** Errors: user_not_found (404). */
export function getUser(ctx: Context, id: string): Promise<User> {
  return readUser(ctx.db, id);
}

/** API keys, newest first (revoked ones included, marked). */
export async function listApiKeys(
  ctx: Context,
  input: { includeRevoked?: boolean | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: ApiKey[]; nextCursor: string | null }> {
  const before = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<ApiKeyRow>(
    `${API_KEY_SELECT}
      WHERE ($1::boolean OR k.revoked_at IS NULL) AND ($2::text IS NULL OR k.api_key_id < $2)
      ORDER BY k.api_key_id DESC LIMIT $3`,
    [input.includeRevoked ?? true, before?.[0] ?? null, input.limit + 1],
  );
  const page = pageOf(rows, input.limit, (r) => [r.api_key_id]);
  return { items: page.rows.map(toApiKey), nextCursor: page.nextCursor };
}
