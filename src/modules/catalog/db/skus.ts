import type { Queryable } from '../../../db/index.js';

export interface SkuRow {
  sku_id: string;
  code: string;
  name: string;
  gtin: string | null;
  unit: string;
  category: string | null;
  is_archived: boolean;
  is_kit: boolean;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export interface Sku {
  id: string;
  code: string;
  name: string;
  gtin: string | null;
  unit: string;
  /** Free grouping matched by put-away rules (≤ 64 characters); null when none. */
  category: string | null;
  isArchived: boolean;
  /** Sold as a set of component SKUs (GET /v1/skus/{code}/components); holds no stock of its own. */
  isKit: boolean;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export const SKU_COLUMNS =
  'sku_id, code, name, gtin, unit, category, is_archived, is_kit, version, created_at, created_by, updated_at, updated_by';

export function toSku(row: SkuRow): Sku {
  return {
    id: row.sku_id,
    code: row.code,
    name: row.name,
    gtin: row.gtin,
    unit: row.unit,
    category: row.category,
    isKit: row.is_kit,
    isArchived: row.is_archived,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export async function findSkuRow(tx: Queryable, code: string): Promise<SkuRow | null> {
  const { rows } = await tx.query<SkuRow>(
    { name: 'catalog_find_sku', text: `SELECT ${SKU_COLUMNS} FROM skus WHERE lower(code) = lower($1)` },
    [code],
  );
  return rows[0] ?? null;
}

export interface SkuRef {
  readonly id: string;
  readonly code: string;
  readonly isArchived: boolean;
  /** Known when the reference was resolved from the catalog (a kit's stock lives in its components). */
  readonly isKit?: boolean | undefined;
}

/** Resolves SKU codes (any case) to ids in one statement; missing codes are absent from the map. */
export async function resolveSkuRefs(tx: Queryable, codes: readonly string[]): Promise<Map<string, SkuRef>> {
  const { rows } = await tx.query<{
    sku_id: string;
    code: string;
    is_archived: boolean;
    is_kit: boolean;
    wanted: string;
  }>(
    {
      name: 'catalog_resolve_skus',
      text: `SELECT s.sku_id, s.code, s.is_archived, s.is_kit, w.wanted
               FROM unnest($1::text[]) AS w(wanted) JOIN skus s ON lower(s.code) = lower(w.wanted)`,
    },
    [codes],
  );
  const out = new Map<string, SkuRef>();
  for (const r of rows)
    out.set(r.wanted.toLowerCase(), {
      id: r.sku_id,
      code: r.code,
      isArchived: r.is_archived,
      isKit: r.is_kit,
    });
  return out;
}
