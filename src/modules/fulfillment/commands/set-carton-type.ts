import { type Context, runCommand } from '../../../db/index.js';
import { type CartonType, listCartonRecords } from '../db/packing.js';

export type SetCartonTypeInput = Omit<CartonType, 'code' | 'maxWeightGrams'> & {
  maxWeightGrams?: number | null | undefined;
};

/**
 * Creates or replaces a carton type (inner dimensions in mm, tare and maximum weight in grams); the
 * schema and the table's CHECK refuse non-positive sizes. Errors: invalid input (400).
 */
export async function setCartonType(ctx: Context, code: string, input: SetCartonTypeInput) {
  return runCommand(
    ctx,
    'fulfillment.set_carton_type',
    { code, ...input },
    async (tx, audit): Promise<CartonType> => {
      const [before] = await listCartonRecords(tx, [code]);
      const key = before?.code ?? code;
      await tx.query(
        `INSERT INTO carton_types (code, name, length_mm, width_mm, height_mm, tare_grams, max_weight_grams, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, length_mm = EXCLUDED.length_mm,
               width_mm = EXCLUDED.width_mm, height_mm = EXCLUDED.height_mm, tare_grams = EXCLUDED.tare_grams,
               max_weight_grams = EXCLUDED.max_weight_grams, is_archived = false`,
        [
          key,
          input.name,
          input.lengthMm,
          input.widthMm,
          input.heightMm,
          input.tareGrams,
          input.maxWeightGrams ?? null,
          ctx.actor.id,
        ],
      );
      const [after] = await listCartonRecords(tx, [key]);
      audit.record({ targetType: 'carton_type', targetId: key, before: before ?? null, after });
      return after!;
    },
  );
}
