import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import {
  type LayoutColumns,
  LOCATION_SELECT,
  type Location,
  type LocationRow,
  toLayout,
  toLocation,
} from '../db/locations.js';
import { type LayoutPatch, patchLayout } from '../domain/location-layout.js';
import { invalidLayout, layoutNotPhysical, locationNotFound } from '../errors.js';

export type UpdateLocationLayoutInput = LayoutPatch;

/**
 * Sets where a warehouse (its depot), zone or bin is on the floor plan: aisle, bay, level, x/y in
 * centimetres, pick sequence. Fields left out keep their value, null clears one; x and y are sent together.
 * The row is locked while it changes, so two concurrent edits apply one after the other.
 * Errors: location_not_found (404, also for a location outside the caller's warehouses); invalid_layout,
 * location_not_physical, location_archived (422).
 */
export async function updateLocationLayout(ctx: Context, code: string, input: UpdateLocationLayoutInput) {
  return runCommand(
    ctx,
    'inventory.update_location_layout',
    { code, ...input },
    async (tx, audit): Promise<Location> => {
      const { rows: found } = await tx.query<
        LayoutColumns & {
          location_id: string;
          code: string;
          is_physical: boolean;
          is_archived: boolean;
          warehouse_id: string;
        }
      >(
        `SELECT location_id, code, is_physical, is_archived, warehouse_id, aisle, bay, level, x_cm, y_cm, pick_seq
           FROM locations
          WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))
          FOR NO KEY UPDATE`,
        [code, ctx.warehouseScope],
      );
      const target = found[0];
      if (!target) throw locationNotFound(code);
      if (!target.is_physical) throw layoutNotPhysical(target.code);
      if (target.is_archived) {
        throw unprocessable(
          'location_archived',
          `Location ${target.code} is archived; restore it or lay out another one.`,
          { location: target.code },
        );
      }
      const before = toLayout(target);
      const patched = patchLayout(before, input);
      if (!patched.ok) throw invalidLayout(target.code, patched.problems);
      const after = patched.layout;
      await tx.query(
        `UPDATE locations
            SET aisle = $2, bay = $3, level = $4, x_cm = $5, y_cm = $6, pick_seq = $7,
                updated_at = now(), updated_by = $8
          WHERE location_id = $1`,
        [
          target.location_id,
          after.aisle,
          after.bay,
          after.level,
          after.x,
          after.y,
          after.pickSeq,
          ctx.actor.id,
        ],
      );
      const { rows } = await tx.query<LocationRow>(`${LOCATION_SELECT} WHERE l.location_id = $1`, [
        target.location_id,
      ]);
      audit.record({
        targetType: 'location',
        targetId: target.code,
        before,
        after,
        warehouseId: target.warehouse_id,
      });
      return toLocation(rows[0]!);
    },
  );
}
