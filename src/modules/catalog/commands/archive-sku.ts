import { type Context, runCommand } from '../../../db/index.js';
import { findSkuRow, SKU_COLUMNS, type Sku, type SkuRow, toSku } from '../db/skus.js';
import { skuNotFound } from '../errors.js';

/**
 * Archives a SKU (or restores it with `isArchived = false`). Archived SKUs keep their history and stock
 * but cannot be received or reserved. Archiving an archived SKU is a no-op that returns it unchanged.
 * Errors: sku_not_found (404).
 */
export async function archiveSku(ctx: Context, code: string, isArchived = true) {
  return runCommand(
    ctx,
    isArchived ? 'catalog.archive_sku' : 'catalog.restore_sku',
    { code },
    async (tx, audit): Promise<Sku> => {
      const { rows } = await tx.query<SkuRow>(
        `UPDATE skus SET is_archived = $2, version = version + 1, updated_at = now(), updated_by = $3
       WHERE lower(code) = lower($1) AND is_archived <> $2 RETURNING ${SKU_COLUMNS}`,
        [code, isArchived, ctx.actor.id],
      );
      const sku = rows[0] ? toSku(rows[0]) : null;
      const current = sku ?? (await findSkuRow(tx, code).then((r) => (r ? toSku(r) : null)));
      if (!current) throw skuNotFound(code);
      audit.record({
        targetType: 'sku',
        targetId: current.code,
        before: { isArchived: sku ? !isArchived : isArchived },
        after: { isArchived },
      });
      return current;
    },
  );
}
