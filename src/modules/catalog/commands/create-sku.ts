import { type Context, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { SKU_COLUMNS, type Sku, type SkuRow, toSku } from '../db/skus.js';
import { validateSkuFields } from '../domain/sku.js';
import { fromFieldProblem } from '../errors.js';

export interface CreateSkuInput {
  code: string;
  name: string;
  gtin?: string | null | undefined;
  unit?: string | undefined;
  category?: string | null | undefined;
}

/**
 * Creates a SKU. Guarantees: the code is unique regardless of case, a GTIN has a valid GS1 check digit and
 * belongs to no other SKU (in any of its 8/12/13/14-digit spellings).
 * Errors: invalid_sku_code, invalid_name, invalid_gtin, invalid_unit (422); sku_code_taken, gtin_taken (409).
 */
export async function createSku(ctx: Context, input: CreateSkuInput) {
  const checked = validateSkuFields(input);
  if (!checked.ok) throw fromFieldProblem(checked.problems[0]!);
  const { code, name, gtin, unit } = checked.value;
  return runCommand(ctx, 'catalog.create_sku', input, async (tx, audit): Promise<Sku> => {
    const { rows } = await tx.query<SkuRow>(
      `INSERT INTO skus (sku_id, code, name, gtin, unit, created_by, updated_by, category)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING ${SKU_COLUMNS}`,
      [newId('sku'), code, name, gtin, unit, ctx.actor.id, input.category?.trim() || null],
    );
    const sku = toSku(rows[0]!);
    audit.record({
      targetType: 'sku',
      targetId: sku.code,
      before: null,
      after: { name: sku.name, gtin: sku.gtin, unit: sku.unit, category: sku.category },
    });
    return sku;
  });
}
