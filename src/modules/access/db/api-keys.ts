import type { Queryable } from '../../../db/index.js';
import { apiKeyNotFound } from '../errors.js';

/** An API key as listings show it: never the secret, only the prefix that tells keys apart. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** Warehouse codes the key is restricted to; empty with allWarehouses. */
  warehouses: string[];
  allWarehouses: boolean;
  channel: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export const API_KEY_SELECT = `
  SELECT k.api_key_id, k.name, k.prefix, k.scopes, k.all_warehouses, k.channel, k.created_by, k.created_at,
         k.expires_at, k.last_used_at, k.revoked_at, k.revoked_by,
         (SELECT array_agg(l.code ORDER BY l.code) FROM api_key_warehouses w
            JOIN locations l ON l.location_id = w.warehouse_id WHERE w.api_key_id = k.api_key_id) AS warehouses
    FROM api_keys k`;

export interface ApiKeyRow {
  api_key_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  all_warehouses: boolean;
  channel: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  warehouses: string[] | null;
}

export function toApiKey(r: ApiKeyRow): ApiKey {
  return {
    id: r.api_key_id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    warehouses: r.warehouses ?? [],
    allWarehouses: r.all_warehouses,
    channel: r.channel,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
  };
}

/** Errors: api_key_not_found (404). */
export async function readApiKey(tx: Queryable, id: string): Promise<ApiKey> {
  const { rows } = await tx.query<ApiKeyRow>(`${API_KEY_SELECT} WHERE k.api_key_id = $1`, [id]);
  if (!rows[0]) throw apiKeyNotFound(id);
  return toApiKey(rows[0]);
}
