import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { type CarrierView, carrierView, findCarrier } from '../db/packing.js';
import { type RateTable, rateTableCarrier } from '../domain/carriers.js';

export interface SetCarrierInput {
  name: string;
  rateTable: Omit<RateTable, 'carrier' | 'name'>;
}

/**
 * Creates or replaces a rate-table carrier: its name and price list by weight band per service, checked
 * whole before anything is written. The built-in `manual` carrier cannot be changed.
 * Errors: manual_carrier_fixed, invalid_rate_table (422).
 */
export async function setCarrier(ctx: Context, code: string, input: SetCarrierInput) {
  return runCommand(
    ctx,
    'fulfillment.set_carrier',
    { code, ...input },
    async (tx, audit): Promise<CarrierView> => {
      const key = code.toLowerCase();
      if (key === 'manual') {
        throw unprocessable(
          'manual_carrier_fixed',
          'The manual carrier is built in (tracking numbers typed by the operator); it cannot be changed. Give your carrier its own code.',
          { carrier: key },
        );
      }
      const table: RateTable = { ...input.rateTable, carrier: key, name: input.name };
      rateTableCarrier(table);
      const before = await findCarrier(tx, key);
      await tx.query(
        `INSERT INTO carriers (code, name, kind, rate_table, created_by, updated_by)
         VALUES ($1, $2, 'rate_table', $3::jsonb, $4, $4)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = 'rate_table', rate_table = EXCLUDED.rate_table,
               is_archived = false, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [key, input.name, JSON.stringify(table), ctx.actor.id],
      );
      const after = (await findCarrier(tx, key))!;
      audit.record({
        targetType: 'carrier',
        targetId: key,
        before: before ? { name: before.name, rateTable: before.rateTable } : null,
        after: { name: after.name, rateTable: after.rateTable },
      });
      return carrierView(after);
    },
  );
}
