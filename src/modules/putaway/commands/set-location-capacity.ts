import { type Context, runCommand } from '../../../db/index.js';
import { notFound } from '../../../kernel/errors.js';

export interface LocationCapacity {
  location: string;
  /** Base units the bin holds across SKUs; null = unlimited. */
  capacityUnits: number | null;
  /** Units on hand there now (may exceed a capacity lowered after they arrived). */
  unitsOnHand: number;
}

/**
 * Sets (or with null removes) a bin's capacity in base units across SKUs. Put-away plans and confirmations
 * never fill it beyond; other stock moves (receipts, transfers, counts) record what is physically there and
 * are not refused. Lowering it below what the bin holds is allowed: it just takes no put-away until it has
 * room. Errors: location_not_found (404, also outside the caller's warehouses); capacity_not_for_kind (422).
 */
export async function setLocationCapacity(ctx: Context, code: string, capacityUnits: number | null) {
  return runCommand(
    ctx,
    'putaway.set_location_capacity',
    { code, capacityUnits },
    async (tx, audit): Promise<LocationCapacity> => {
      const { rows } = await tx.query<{
        location_id: string;
        code: string;
        warehouse_id: string;
        old: number | null;
        capacity_units: number | null;
        units: string;
      }>(
        `WITH old AS (SELECT location_id, capacity_units AS old FROM locations
                       WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))
                       FOR NO KEY UPDATE)
         UPDATE locations l SET capacity_units = $3, updated_at = now(), updated_by = $4
           FROM old WHERE l.location_id = old.location_id
         RETURNING l.location_id, l.code, l.warehouse_id, old.old, l.capacity_units,
                   (SELECT coalesce(sum(on_hand), 0) FROM stock_balances b WHERE b.location_id = l.location_id) AS units`,
        [code, ctx.warehouseScope, capacityUnits, ctx.actor.id],
      );
      const row = rows[0];
      if (!row) throw notFound('location_not_found', `No location with code ${code}.`, { location: code });
      audit.record({
        targetType: 'location',
        targetId: row.code,
        before: { capacityUnits: row.old },
        after: { capacityUnits: row.capacity_units },
        warehouseId: row.warehouse_id,
      });
      return { location: row.code, capacityUnits: row.capacity_units, unitsOnHand: Number(row.units) };
    },
  );
}
