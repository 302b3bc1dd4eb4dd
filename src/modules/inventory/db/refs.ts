import type { Queryable } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { type SkuRef, skuArchived, unknownSku } from '../../catalog/index.js';
import type { LocationKind, LocationUsage, VirtualKind } from '../domain/locations.js';
import { locationArchived, locationNotPhysical, unknownLocation } from '../errors.js';
import type { LocationRef } from './locations.js';

/**
 * Resolving what a stock command names — SKU codes, location codes, and the virtual location of a kind in
 * each named location's warehouse (the other end of a receipt, adjustment, count, scrap or transit) — in
 * one statement. With `lock`, each named location row is share-locked (FOR KEY SHARE) until the
 * transaction ends, so that archiving, which locks the rows FOR UPDATE, cannot slip between the archived
 * check and the move. Codes match regardless of case.
 */
export interface LocationWanted {
  readonly code: string;
  readonly field: string;
  /** Must be a warehouse, zone or bin. */
  readonly physical?: boolean;
  /** Stock will go in: the location must not be archived. */
  readonly receiving?: boolean;
}

export interface StockRefs {
  /** Errors: unknown_sku; sku_archived when `active` (422). */
  sku(code: string, options: { active: boolean }): SkuRef;
  /** Errors: unknown_location, location_not_physical, location_archived (422). */
  location(wanted: LocationWanted): LocationRef;
  /** The requested virtual location of a named location's warehouse. */
  virtual(warehouseId: string): LocationRef;
}

const resolveText = (lock: boolean) => `
  WITH l AS (
    SELECT location_id, code, kind, is_physical, is_archived, warehouse_id, usage FROM locations
     WHERE lower(code) = ANY($2::text[]) AND ($4::text[] IS NULL OR warehouse_id = ANY($4::text[]))${lock ? '\n     ORDER BY location_id FOR KEY SHARE' : ''}
  )
  SELECT 's' AS t, sku_id AS id, code, NULL AS kind, NULL::boolean AS is_physical, is_archived,
         NULL AS warehouse_id, NULL AS warehouse_code, NULL AS usage
    FROM skus WHERE lower(code) = ANY($1::text[])
  UNION ALL
  SELECT 'l', l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, w.code, l.usage
    FROM l JOIN locations w ON w.location_id = l.warehouse_id
  UNION ALL
  SELECT 'v', v.location_id, v.code, v.kind, v.is_physical, v.is_archived, v.warehouse_id, w.code, v.usage
    FROM locations v JOIN locations w ON w.location_id = v.warehouse_id
   WHERE v.kind = $3 AND v.warehouse_id IN (SELECT warehouse_id FROM l)`;

const RESOLVE = { name: 'inv_resolve_refs', text: resolveText(false) };
const RESOLVE_LOCKED = { name: 'inv_resolve_refs_locked', text: resolveText(true) };

interface RefRow {
  t: 's' | 'l' | 'v';
  id: string;
  code: string;
  kind: LocationKind | null;
  is_physical: boolean | null;
  is_archived: boolean;
  warehouse_id: string | null;
  warehouse_code: string | null;
  usage: LocationUsage | null;
}

export async function resolveStockRefs(
  tx: Queryable,
  request: {
    skus?: readonly string[];
    locations?: readonly string[];
    virtualKind?: VirtualKind | undefined;
    lock: boolean;
    /** The caller's warehouses (null = all): locations elsewhere are treated as unknown. */
    scope: readonly string[] | null;
  },
): Promise<StockRefs> {
  const { rows } = await tx.query<RefRow>(request.lock ? RESOLVE_LOCKED : RESOLVE, [
    [...new Set((request.skus ?? []).map((c) => c.toLowerCase()))],
    [...new Set((request.locations ?? []).map((c) => c.toLowerCase()))],
    request.virtualKind ?? null,
    request.scope,
  ]);
  const skus = new Map<string, SkuRef>();
  const locations = new Map<string, LocationRef>();
  const virtuals = new Map<string, LocationRef>();
  for (const r of rows) {
    if (r.t === 's') {
      skus.set(r.code.toLowerCase(), { id: r.id, code: r.code, isArchived: r.is_archived });
      continue;
    }
    const ref: LocationRef = {
      id: r.id,
      code: r.code,
      kind: r.kind!,
      isPhysical: r.is_physical!,
      isArchived: r.is_archived,
      warehouseId: r.warehouse_id!,
      warehouseCode: r.warehouse_code!,
      usage: r.usage ?? 'storage',
    };
    if (r.t === 'l') locations.set(r.code.toLowerCase(), ref);
    else virtuals.set(ref.warehouseId, ref);
  }
  return {
    sku(code, options) {
      const sku = skus.get(code.toLowerCase());
      if (!sku) throw unknownSku(code);
      if (options.active && sku.isArchived) throw skuArchived(sku.code);
      return sku;
    },
    location(w) {
      const loc = locations.get(w.code.toLowerCase());
      if (!loc) throw unknownLocation(w.code, w.field);
      if (w.physical && !loc.isPhysical) throw locationNotPhysical(loc.code, w.field);
      if (w.receiving && loc.isArchived) throw locationArchived(loc.code);
      return loc;
    },
    virtual(warehouseId) {
      const v = virtuals.get(warehouseId);
      if (!v) throw new Error(`warehouse ${warehouseId} has no ${request.virtualKind} location`);
      return v;
    },
  };
}

/** The SKU with this code, for a stock operation. Errors: unknown_sku, sku_archived (422). */
export async function requireSku(tx: Queryable, code: string, options: { active: boolean }): Promise<SkuRef> {
  return (await resolveStockRefs(tx, { skus: [code], lock: false, scope: null })).sku(code, options);
}

/** Resolves the locations an operation names. Errors: unknown_location, location_not_physical, location_archived (422). */
export async function requireLocations(
  tx: Queryable,
  wanted: readonly LocationWanted[],
  options: { lock: boolean; scope: readonly string[] | null },
): Promise<LocationRef[]> {
  const refs = await resolveStockRefs(tx, {
    locations: wanted.map((w) => w.code),
    lock: options.lock,
    scope: options.scope,
  });
  return wanted.map((w) => refs.location(w));
}

/**
 * Warehouses by code, for assigning people and keys to them. Errors: unknown_warehouse (422) for a code
 * that is not a warehouse or is outside the caller's own scope.
 */
export async function resolveWarehouses(
  tx: Queryable,
  codes: readonly string[],
  options: { field: string; scope: readonly string[] | null },
): Promise<{ id: string; code: string }[]> {
  const { rows } = await tx.query<{ location_id: string; code: string }>(
    `SELECT location_id, code FROM locations
      WHERE kind = 'warehouse' AND lower(code) = ANY($1::text[])
        AND ($2::text[] IS NULL OR location_id = ANY($2::text[]))`,
    [codes.map((c) => c.toLowerCase()), options.scope],
  );
  const byCode = new Map(rows.map((r) => [r.code.toLowerCase(), { id: r.location_id, code: r.code }]));
  const out = new Map<string, { id: string; code: string }>();
  for (const code of codes) {
    const w = byCode.get(code.toLowerCase());
    if (!w) {
      throw unprocessable('unknown_warehouse', `There is no warehouse with code ${code}.`, {
        warehouse: code,
        field: options.field,
      });
    }
    out.set(w.id, w);
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
