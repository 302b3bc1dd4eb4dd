import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { LOCATION_SELECT, type Location, type LocationRow, toLocation } from '../db/locations.js';
import { locationNotFound } from '../errors.js';

export interface ListLocationsInput {
  /** Only this warehouse's locations (by code). */
  warehouse?: string | undefined;
  kind?: string | undefined;
  includeVirtual?: boolean | undefined;
  includeArchived?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Locations in the caller's warehouses ordered by code (so a warehouse comes right before its zones and bins), a page at a time. */
export async function listLocations(
  ctx: Context,
  input: ListLocationsInput,
): Promise<{ items: Location[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<LocationRow>(
    `${LOCATION_SELECT}
      WHERE ($1::text IS NULL OR lower(l.code) > $1)
        AND ($2::text IS NULL OR lower(w.code) = lower($2))
        AND ($3::text IS NULL OR l.kind = $3)
        AND ($4::boolean OR l.is_physical)
        AND ($5::boolean OR NOT l.is_archived)
        AND ($7::text[] IS NULL OR l.warehouse_id = ANY($7::text[]))
      ORDER BY lower(l.code) LIMIT $6`,
    [
      after?.[0] ?? null,
      input.warehouse ?? null,
      input.kind ?? null,
      input.includeVirtual ?? false,
      input.includeArchived ?? false,
      input.limit + 1,
      ctx.warehouseScope,
    ],
  );
  const page = pageOf(rows, input.limit, (r) => [r.code.toLowerCase()]);
  return { items: page.rows.map(toLocation), nextCursor: page.nextCursor };
}

/** The location with this code. Errors: location_not_found (404). */
export async function getLocation(ctx: Context, code: string): Promise<Location> {
  const { rows } = await ctx.db.query<LocationRow>(
    `${LOCATION_SELECT} WHERE lower(l.code) = lower($1) AND ($2::text[] IS NULL OR l.warehouse_id = ANY($2::text[]))`,
    [code, ctx.warehouseScope],
  );
  if (!rows[0]) throw locationNotFound(code);
  return toLocation(rows[0]);
}
