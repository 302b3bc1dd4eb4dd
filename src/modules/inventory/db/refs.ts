import type { Queryable } from '../../../db/index.js';
import { resolveSkuRefs, type SkuRef, skuArchived, unknownSku } from '../../catalog/index.js';
import type { LocationKind, VirtualKind } from '../domain/locations.js';
import { locationArchived, locationNotPhysical, unknownLocation } from '../errors.js';
import { type LocationRef, resolveLocationRefs } from './locations.js';

/** The SKU with this code, for a stock operation: 422 unknown_sku, or sku_archived when `active`. */
export async function requireSku(tx: Queryable, code: string, options: { active: boolean }): Promise<SkuRef> {
  const sku = (await resolveSkuRefs(tx, [code])).get(code.toLowerCase());
  if (!sku) throw unknownSku(code);
  if (options.active && sku.isArchived) throw skuArchived(sku.code);
  return sku;
}

export async function requireSkus(
  tx: Queryable,
  codes: readonly string[],
  options: { active: boolean },
): Promise<Map<string, SkuRef>> {
  const found = await resolveSkuRefs(tx, [...new Set(codes)]);
  for (const code of codes) {
    const sku = found.get(code.toLowerCase());
    if (!sku) throw unknownSku(code);
    if (options.active && sku.isArchived) throw skuArchived(sku.code);
  }
  return found;
}

export interface LocationWanted {
  readonly code: string;
  readonly field: string;
  /** Must be a warehouse, zone or bin. */
  readonly physical?: boolean;
  /** Stock will go in: the location must not be archived. */
  readonly receiving?: boolean;
}

/**
 * Resolves the locations a stock operation names, share-locking them against a concurrent archive.
 * Errors: unknown_location, location_not_physical, location_archived (422).
 */
export async function requireLocations(
  tx: Queryable,
  wanted: readonly LocationWanted[],
  options: { lock: boolean } = { lock: true },
): Promise<LocationRef[]> {
  const found = await resolveLocationRefs(tx, [...new Set(wanted.map((w) => w.code))], options.lock);
  return wanted.map((w) => {
    const loc = found.get(w.code.toLowerCase());
    if (!loc) throw unknownLocation(w.code, w.field);
    if (w.physical && !loc.isPhysical) throw locationNotPhysical(loc.code, w.field);
    if (w.receiving && loc.isArchived) throw locationArchived(loc.code);
    return loc;
  });
}

const LOCATION_WITH_VIRTUAL = {
  name: 'inv_location_with_virtual',
  text: `SELECT l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, wh.code AS warehouse_code,
                v.location_id AS v_id, v.code AS v_code, v.kind AS v_kind, v.is_archived AS v_archived
           FROM locations l
           JOIN locations wh ON wh.location_id = l.warehouse_id
           JOIN locations v ON v.warehouse_id = l.warehouse_id AND v.kind = $2
          WHERE lower(l.code) = lower($1)
            FOR KEY SHARE OF l`,
};

/**
 * One physical location and its warehouse's virtual location of `kind` (the other end of a receipt,
 * adjustment, count or scrap), in one statement, share-locking the physical one like requireLocations.
 * Errors: unknown_location, location_not_physical, location_archived (when `receiving`) (422).
 */
export async function requireLocationWithVirtual(
  tx: Queryable,
  wanted: LocationWanted,
  kind: VirtualKind,
): Promise<[LocationRef, LocationRef]> {
  const { rows } = await tx.query<{
    location_id: string;
    code: string;
    kind: LocationKind;
    is_physical: boolean;
    is_archived: boolean;
    warehouse_id: string;
    warehouse_code: string;
    v_id: string;
    v_code: string;
    v_kind: LocationKind;
    v_archived: boolean;
  }>(LOCATION_WITH_VIRTUAL, [wanted.code, kind]);
  const r = rows[0];
  if (!r) throw unknownLocation(wanted.code, wanted.field);
  if (!r.is_physical) throw locationNotPhysical(r.code, wanted.field);
  if (wanted.receiving && r.is_archived) throw locationArchived(r.code);
  const common = { warehouseId: r.warehouse_id, warehouseCode: r.warehouse_code };
  return [
    { id: r.location_id, code: r.code, kind: r.kind, isPhysical: true, isArchived: r.is_archived, ...common },
    { id: r.v_id, code: r.v_code, kind: r.v_kind, isPhysical: false, isArchived: r.v_archived, ...common },
  ];
}
