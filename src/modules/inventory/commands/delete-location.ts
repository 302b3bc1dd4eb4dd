import { type Context, runCommand } from '../../../db/index.js';
import { conflict, forbidden } from '../../../kernel/errors.js';
import { SUBTREE_IDS } from '../db/locations.js';
import { locationNotFound } from '../errors.js';

/**
 * Deletes a location that was never used: no stock history, balances, reservations or child locations
 * (a warehouse's own virtual locations go with it). Anything referenced is kept for history: archive it
 * instead.
 * Errors: location_not_found (404); location_in_use (409).
 */
export async function deleteLocation(ctx: Context, code: string) {
  return runCommand(
    ctx,
    'inventory.delete_location',
    { code },
    async (tx, audit): Promise<{ deleted: string }> => {
      const { rows: found } = await tx.query<{
        location_id: string;
        code: string;
        kind: string;
        warehouse_id: string;
      }>(
        `SELECT location_id, code, kind, warehouse_id FROM locations
        WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[])) FOR UPDATE`,
        [code, ctx.warehouseScope],
      );
      const target = found[0];
      if (!target) throw locationNotFound(code);
      if (target.kind === 'warehouse' && ctx.warehouseScope !== null) {
        throw forbidden('warehouse_scope_required', 'Only an owner or admin can delete a whole warehouse.');
      }
      const { rows } = await tx.query<{ used: boolean }>(
        `WITH sub AS (${SUBTREE_IDS})
       SELECT EXISTS (SELECT 1 FROM locations l WHERE l.location_id IN (SELECT location_id FROM sub)
                         AND l.location_id <> $1 AND l.is_physical)
           OR EXISTS (SELECT 1 FROM stock_balances b WHERE b.location_id IN (SELECT location_id FROM sub))
           OR EXISTS (SELECT 1 FROM stock_moves m WHERE m.from_location_id IN (SELECT location_id FROM sub)
                                                  OR m.to_location_id IN (SELECT location_id FROM sub))
           OR EXISTS (SELECT 1 FROM reservation_lines r WHERE r.location_id IN (SELECT location_id FROM sub))
           OR EXISTS (SELECT 1 FROM stock_counts c WHERE c.location_id IN (SELECT location_id FROM sub))
           OR EXISTS (SELECT 1 FROM stock_transfers t WHERE t.from_location_id IN (SELECT location_id FROM sub)
                        OR t.to_location_id IN (SELECT location_id FROM sub)) AS used`,
        [target.location_id],
      );
      if (rows[0]!.used) {
        throw conflict(
          'location_in_use',
          `${target.code} has stock history or child locations and is kept for the record; archive it instead.`,
          { location: target.code },
        );
      }
      await tx.query(`DELETE FROM locations WHERE parent_id = $1 AND NOT is_physical`, [target.location_id]);
      await tx.query(`DELETE FROM locations WHERE location_id = $1`, [target.location_id]);
      audit.record({
        targetType: 'location',
        targetId: target.code,
        before: { kind: target.kind },
        after: null,
        warehouseId: target.warehouse_id,
      });
      return { deleted: target.code };
    },
  );
}
