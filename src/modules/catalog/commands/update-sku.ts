import { type Context, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { findSkuRow, SKU_COLUMNS, type Sku, type SkuRow, toSku } from '../db/skus.js';
import { validateGtin, validateName, validateUnit } from '../domain/sku.js';
import { fromFieldProblem, skuNotFound } from '../errors.js';

export interface UpdateSkuInput {
  name?: string | undefined;
  /** null removes the GTIN. */
  gtin?: string | null | undefined;
  unit?: string | undefined;
  /** null removes the category. */
  category?: string | null | undefined;
  /** Optimistic concurrency: the version the client last read; a stale one is a 409 version_conflict. */
  expectedVersion?: number | undefined;
}

/**
 * Updates a SKU's name, GTIN or unit; the version increases by one. The base unit cannot change once the
 * SKU has stock history, because every recorded quantity is in that unit.
 * Errors: sku_not_found (404); invalid_name, invalid_gtin, invalid_unit (422); gtin_taken, unit_locked,
 * version_conflict (409).
 */
export async function updateSku(ctx: Context, code: string, input: UpdateSkuInput) {
  const name = input.name?.trim();
  const gtin = input.gtin === null ? null : input.gtin?.trim();
  const problem =
    (name !== undefined ? validateName(name) : null) ??
    (gtin ? validateGtin(gtin) : null) ??
    (input.unit !== undefined ? validateUnit(input.unit) : null);
  if (problem) throw fromFieldProblem(problem);
  return runCommand(ctx, 'catalog.update_sku', { code, ...input }, async (tx, audit): Promise<Sku> => {
    const { rows } = await tx.query<
      SkuRow & { old_name: string; old_gtin: string | null; old_unit: string; old_category: string | null }
    >(
      `WITH old AS (SELECT sku_id AS old_id, name AS old_name, gtin AS old_gtin, unit AS old_unit, category AS old_category
                     FROM skus WHERE lower(code) = lower($1) FOR UPDATE)
       UPDATE skus SET
         name = coalesce($2, name),
         gtin = CASE WHEN $3::boolean THEN $4 ELSE gtin END,
         unit = coalesce($5, unit),
         category = CASE WHEN $8::boolean THEN $9 ELSE category END,
         version = version + 1, updated_at = now(), updated_by = $6
       FROM old
       WHERE skus.sku_id = old.old_id
         AND ($7::int IS NULL OR version = $7)
         AND ($5::text IS NULL OR unit = $5 OR NOT EXISTS (SELECT 1 FROM stock_moves m WHERE m.sku_id = skus.sku_id))
       RETURNING ${SKU_COLUMNS.split(',')
         .map((c) => `skus.${c.trim()}`)
         .join(', ')},
                 old.old_name, old.old_gtin, old.old_unit, old.old_category`,
      [
        code,
        name ?? null,
        gtin !== undefined,
        gtin === '' ? null : (gtin ?? null),
        input.unit ?? null,
        ctx.actor.id,
        input.expectedVersion ?? null,
        input.category !== undefined,
        input.category?.trim() || null,
      ],
    );
    const updated = rows[0];
    if (updated) {
      const sku = toSku(updated);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [field, was] of [
        ['name', updated.old_name],
        ['gtin', updated.old_gtin],
        ['unit', updated.old_unit],
        ['category', updated.old_category],
      ] as const) {
        if (sku[field] !== was) {
          before[field] = was;
          after[field] = sku[field];
        }
      }
      audit.record({ targetType: 'sku', targetId: sku.code, before, after });
      return sku;
    }
    const current = await findSkuRow(tx, code);
    if (!current) throw skuNotFound(code);
    if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
      throw conflict(
        'version_conflict',
        `SKU ${current.code} was changed by someone else; reload it and retry.`,
        {
          expectedVersion: input.expectedVersion,
          currentVersion: current.version,
        },
      );
    }
    throw conflict(
      'unit_locked',
      `SKU ${current.code} already has stock history in ${current.unit}; its base unit can no longer change.`,
      { unit: current.unit },
    );
  });
}
