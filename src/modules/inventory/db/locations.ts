import type { Queryable } from '../../../db/index.js';
import type { Layout } from '../domain/location-layout.js';
import type { LocationKind, LocationUsage, VirtualKind } from '../domain/locations.js';

/** The layout columns of a locations row (centimetres for x and y). */
export interface LayoutColumns {
  aisle: string | null;
  bay: number | null;
  level: number | null;
  x_cm: number | null;
  y_cm: number | null;
  pick_seq: number | null;
}

export const toLayout = (row: LayoutColumns): Layout => ({
  aisle: row.aisle,
  bay: row.bay,
  level: row.level,
  x: row.x_cm,
  y: row.y_cm,
  pickSeq: row.pick_seq,
});

export interface LocationRow extends LayoutColumns {
  location_id: string;
  code: string;
  name: string;
  kind: LocationKind;
  parent_id: string | null;
  parent_code: string | null;
  warehouse_id: string;
  warehouse_code: string;
  is_physical: boolean;
  is_archived: boolean;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  country: string | null;
  region: string | null;
  usage: LocationUsage;
}

export interface Location {
  id: string;
  code: string;
  name: string;
  kind: LocationKind;
  parent: string | null;
  warehouse: string;
  isPhysical: boolean;
  isArchived: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Where a warehouse is (ISO 3166-1 alpha-2 and a free region), for routing orders; null elsewhere. */
  country: string | null;
  region: string | null;
  /** Where it is on the floor plan (warehouses: the depot); every field null when unknown. */
  layout: Layout;
  /** storage (its stock can be promised), receiving (a dock) or quarantine (held back). */
  usage: LocationUsage;
}

export const LOCATION_SELECT = `
  SELECT l.location_id, l.code, l.name, l.kind, l.parent_id, p.code AS parent_code, l.warehouse_id,
         w.code AS warehouse_code, l.is_physical, l.is_archived, l.created_at, l.created_by, l.updated_at,
         l.country, l.region, l.aisle, l.bay, l.level, l.x_cm, l.y_cm, l.pick_seq, l.usage
    FROM locations l
    JOIN locations w ON w.location_id = l.warehouse_id
    LEFT JOIN locations p ON p.location_id = l.parent_id`;

export function toLocation(row: LocationRow): Location {
  return {
    id: row.location_id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    parent: row.parent_code,
    warehouse: row.warehouse_code,
    isPhysical: row.is_physical,
    isArchived: row.is_archived,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    country: row.country,
    region: row.region,
    layout: toLayout(row),
    usage: row.usage,
  };
}

/** What commands need to know about a location they touch. */
export interface LocationRef {
  readonly id: string;
  readonly code: string;
  readonly kind: LocationKind;
  readonly isPhysical: boolean;
  readonly isArchived: boolean;
  readonly warehouseId: string;
  readonly warehouseCode: string;
  /** Only storage locations hold stock that can be promised; virtual locations are 'storage'. */
  readonly usage: LocationUsage;
}

interface RefRow {
  wanted: string;
  location_id: string;
  code: string;
  kind: LocationKind;
  is_physical: boolean;
  is_archived: boolean;
  warehouse_id: string;
  warehouse_code: string;
  usage: LocationUsage;
}

const toRef = (r: RefRow): LocationRef => ({
  id: r.location_id,
  code: r.code,
  kind: r.kind,
  isPhysical: r.is_physical,
  isArchived: r.is_archived,
  warehouseId: r.warehouse_id,
  warehouseCode: r.warehouse_code,
  usage: r.usage,
});

const RESOLVE = `
  SELECT w.wanted, l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, wh.code AS warehouse_code,
         l.usage
    FROM unnest($1::text[]) AS w(wanted)
    JOIN locations l ON lower(l.code) = lower(w.wanted)
    JOIN locations wh ON wh.location_id = l.warehouse_id`;

/**
 * Resolves location codes (any case) to refs; missing codes are absent from the map. With `lockForMoves`,
 * each location row is share-locked (FOR KEY SHARE) until the transaction ends, so that archiving, which
 * locks the rows FOR UPDATE, cannot slip between the archived check and the move.
 */
export async function resolveLocationRefs(
  tx: Queryable,
  codes: readonly string[],
  lockForMoves = false,
): Promise<Map<string, LocationRef>> {
  const { rows } = await tx.query<RefRow>(
    lockForMoves
      ? { name: 'inv_resolve_locations_locked', text: `${RESOLVE} ORDER BY l.location_id FOR KEY SHARE OF l` }
      : { name: 'inv_resolve_locations', text: RESOLVE },
    [codes],
  );
  return new Map(rows.map((r) => [r.wanted.toLowerCase(), toRef(r)]));
}

/** The virtual location of `kind` in each of the given warehouses, keyed by warehouse id. */
export async function virtualLocationsOf(
  tx: Queryable,
  warehouseIds: readonly string[],
  kind: VirtualKind,
): Promise<Map<string, LocationRef>> {
  const { rows } = await tx.query<RefRow>(
    {
      name: 'inv_virtual_locations',
      text: `SELECT l.code AS wanted, l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id,
                    wh.code AS warehouse_code, l.usage
               FROM locations l JOIN locations wh ON wh.location_id = l.warehouse_id
              WHERE l.warehouse_id = ANY($1::text[]) AND l.kind = $2`,
    },
    [warehouseIds, kind],
  );
  return new Map(rows.map((r) => [r.warehouse_id, toRef(r)]));
}

/** The ids of a location and everything under it (a warehouse's zones, bins and virtual locations). */
export const SUBTREE_IDS = `SELECT location_id FROM locations WHERE location_id = $1 OR parent_id = $1 OR warehouse_id = $1`;
