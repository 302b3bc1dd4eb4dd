import type { Context } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import {
  readSupplier,
  SUPPLIER_COLUMNS,
  SUPPLIER_SKU_SELECT,
  type Supplier,
  type SupplierRow,
  type SupplierSku,
  type SupplierSkuRow,
  toSupplier,
  toSupplierSku,
} from '../db/suppliers.js';

/** Suppliers by code; archived ones only when asked. */
export async function listSuppliers(
  ctx: Context,
  input: {
    q?: string | undefined;
    includeArchived?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: Supplier[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<SupplierRow>(
    `SELECT ${SUPPLIER_COLUMNS} FROM suppliers
      WHERE ($1::text IS NULL OR lower(code) LIKE '%' || lower($1) || '%' OR lower(name) LIKE '%' || lower($1) || '%')
        AND ($2::boolean OR NOT is_archived)
        AND ($3::text IS NULL OR lower(code) > $3)
      ORDER BY lower(code) LIMIT $4`,
    [input.q ?? null, input.includeArchived ?? false, after?.[0] ?? null, input.limit + 1],
  );
  const more = rows.length > input.limit;
  const page = (more ? rows.slice(0, input.limit) : rows).map(toSupplier);
  const last = page[page.length - 1];
  return { items: page, nextCursor: more && last ? encodeCursor([last.code.toLowerCase()]) : null };
}

/** Errors: supplier_not_found (404). */
export async function getSupplier(ctx: Context, code: string): Promise<Supplier> {
  return readSupplier(ctx.db, code);
}

/** What a supplier sells us, by SKU code. Errors: supplier_not_found (404). */
export async function listSupplierSkus(ctx: Context, code: string): Promise<{ items: SupplierSku[] }> {
  const supplier = await readSupplier(ctx.db, code);
  const { rows } = await ctx.db.query<SupplierSkuRow>(
    `${SUPPLIER_SKU_SELECT} WHERE ss.supplier_id = $1 ORDER BY lower(k.code)`,
    [supplier.id],
  );
  return { items: rows.map(toSupplierSku) };
}
