import type { Context } from '../../../db/index.js';
import { findSkuRow, type Sku, toSku } from '../db/skus.js';
import { skuNotFound } from '../errors.js';

/** The SKU with this code (any case). Errors: sku_not_found (404). */
export async function getSku(ctx: Context, code: string): Promise<Sku> {
  const row = await findSkuRow(ctx.db, code);
  if (!row) throw skuNotFound(code);
  return toSku(row);
}
