import type { Queryable } from '../../../db/index.js';
import { resolveSkuRefs, type SkuRef, skuArchived, unknownSku } from '../../catalog/index.js';
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
