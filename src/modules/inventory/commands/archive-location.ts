import { type Context, runCommand } from '../../../db/index.js';
import { conflict, forbidden } from '../../../kernel/errors.js';
import {
  LOCATION_SELECT,
  type Location,
  type LocationRow,
  SUBTREE_IDS,
  toLocation,
} from '../db/locations.js';
import { locationNotFound } from '../errors.js';

/**
 * Archives a location and everything under it (a warehouse's zones, bins and virtual locations). Only
 * empty locations can be archived: no units on hand or reserved anywhere in the physical subtree. The
 * rows are locked first, so a concurrent receipt (which share-locks its location) cannot slip in.
 * Archiving an archived location changes nothing.
 * Errors: location_not_found (404); location_not_empty (409).
 */
export async function archiveLocation(ctx: Context, code: string) {
  return runCommand(ctx, 'inventory.archive_location', { code }, async (tx, audit): Promise<Location> => {
    const { rows: found } = await tx.query<{
      location_id: string;
      code: string;
      kind: string;
      warehouse_id: string;
      is_archived: boolean;
    }>(
      `SELECT location_id, code, kind, warehouse_id, is_archived FROM locations
        WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
      [code, ctx.warehouseScope],
    );
    const target = found[0];
    if (!target) throw locationNotFound(code);
    if (target.kind === 'warehouse' && ctx.warehouseScope !== null) {
      throw forbidden('warehouse_scope_required', 'Only an owner or admin can archive a whole warehouse.');
    }
    await tx.query(
      `SELECT 1 FROM locations WHERE location_id IN (${SUBTREE_IDS}) ORDER BY location_id FOR UPDATE`,
      [target.location_id],
    );
    const { rows: stocked } = await tx.query<{
      code: string;
      sku: string;
      on_hand: number;
      reserved: number;
    }>(
      `SELECT l.code, s.code AS sku, b.on_hand, b.reserved
         FROM stock_balances b JOIN locations l ON l.location_id = b.location_id JOIN skus s ON s.sku_id = b.sku_id
        WHERE b.location_id IN (${SUBTREE_IDS}) AND b.is_physical AND (b.on_hand <> 0 OR b.reserved <> 0)
        ORDER BY l.code, s.code LIMIT 20`,
      [target.location_id],
    );
    if (stocked.length > 0) {
      const first = stocked[0]!;
      throw conflict(
        'location_not_empty',
        `${target.code} still holds stock (${first.on_hand} of ${first.sku} at ${first.code}); move or adjust it out first.`,
        {
          location: target.code,
          stock: stocked.map((s) => ({
            location: s.code,
            sku: s.sku,
            onHand: s.on_hand,
            reserved: s.reserved,
          })),
        },
      );
    }
    await tx.query(
      `UPDATE locations SET is_archived = true, updated_at = now(), updated_by = $2
        WHERE location_id IN (${SUBTREE_IDS}) AND NOT is_archived`,
      [target.location_id, ctx.actor.id],
    );
    const { rows } = await tx.query<LocationRow>(`${LOCATION_SELECT} WHERE l.location_id = $1`, [
      target.location_id,
    ]);
    audit.record({
      targetType: 'location',
      targetId: target.code,
      before: { isArchived: target.is_archived },
      after: { isArchived: true },
      warehouseId: target.warehouse_id,
    });
    return toLocation(rows[0]!);
  });
}
