import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { SKU_COLUMNS, type Sku, type SkuRow, toSku } from '../db/skus.js';

export interface ListSkusInput {
  /** Matches a code prefix, a word of the name, or a GTIN in any of its spellings. */
  query?: string | undefined;
  includeArchived?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SKUs ordered by code, a page at a time. */
export async function listSkus(
  ctx: Context,
  input: ListSkusInput,
): Promise<{ items: Sku[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const q = input.query?.trim() || null;
  const gtin14 = q && /^[0-9]{8,14}$/.test(q) ? q.padStart(14, '0') : null;
  const { rows } = await ctx.db.query<SkuRow>(
    `SELECT ${SKU_COLUMNS} FROM skus
      WHERE ($1::text IS NULL OR lower(code) > $1)
        AND ($2::boolean OR NOT is_archived)
        AND ($3::text IS NULL OR lower(code) LIKE lower($3) || '%' OR name ILIKE '%' || $3 || '%'
             OR lpad(gtin, 14, '0') = $4)
      ORDER BY lower(code) LIMIT $5`,
    [
      after?.[0] ?? null,
      input.includeArchived ?? false,
      q === null ? null : escapeLike(q),
      gtin14,
      input.limit + 1,
    ],
  );
  const page = pageOf(rows, input.limit, (r) => [r.code.toLowerCase()]);
  return { items: page.rows.map(toSku), nextCursor: page.nextCursor };
}
