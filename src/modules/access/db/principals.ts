import type { Queryable } from '../../../db/index.js';
import type { Actor } from '../../../kernel/actor.js';
import { type Permission, ROLE_PERMISSIONS, type Role } from '../domain/permissions.js';
import { sameSecret, sha256 } from '../secrets.js';

/**
 * The principal behind a request: a signed-in user (session cookie) or an API key. Loaded from the
 * database on every request, so a disabled user, an ended session or a revoked key stops working at once,
 * in every process.
 */
export interface Principal {
  readonly actor: Actor;
  readonly via: 'session' | 'api_key';
  readonly role: Role;
  /** The user: the signed-in one, or the key's creator. */
  readonly userId: string;
  readonly permissions: ReadonlySet<Permission>;
  /** Warehouse ids; null = every warehouse. */
  readonly warehouseScope: readonly string[] | null;
  readonly sessionHash?: string;
  readonly csrfToken?: string;
  readonly channel?: string | null;
}

/** Reads a session and, at most every 15 s, slides its idle window (one statement either way). */
const SESSION = {
  name: 'access_session',
  text: `WITH s AS (
           SELECT s.session_hash, s.csrf_token, s.last_seen_at, u.user_id, u.name, u.role, u.all_warehouses,
                  (SELECT array_agg(uw.warehouse_id ORDER BY uw.warehouse_id) FROM user_warehouses uw
                    WHERE uw.user_id = u.user_id) AS warehouses
             FROM sessions s JOIN users u ON u.user_id = s.user_id
            WHERE s.session_hash = $1 AND s.ended_at IS NULL AND NOT u.is_disabled
              AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2::int)
         ), touched AS (
           UPDATE sessions SET last_seen_at = now() FROM s
            WHERE sessions.session_hash = s.session_hash AND s.last_seen_at < now() - interval '15 seconds'
         )
         SELECT session_hash, csrf_token, user_id, name, role, all_warehouses, warehouses FROM s`,
};

export async function loadSessionPrincipal(
  db: Queryable,
  token: string,
  idleSeconds: number,
): Promise<Principal | null> {
  const { rows } = await db.query<{
    session_hash: string;
    csrf_token: string;
    user_id: string;
    name: string;
    role: Role;
    all_warehouses: boolean;
    warehouses: string[] | null;
  }>(SESSION, [sha256(token), idleSeconds]);
  const r = rows[0];
  if (!r) return null;
  return {
    actor: { kind: 'user', id: r.user_id, name: r.name, role: r.role },
    via: 'session',
    role: r.role,
    userId: r.user_id,
    permissions: ROLE_PERMISSIONS[r.role],
    warehouseScope: r.all_warehouses ? null : (r.warehouses ?? []),
    sessionHash: r.session_hash,
    csrfToken: r.csrf_token,
  };
}

/**
 * Reads an API key by its prefix and, at most once a minute, records `lastUsedAt`. A key acts with the
 * intersection of its scopes and its creator's current role, within its warehouses and its creator's,
 * and dies with its creator's account.
 */
const API_KEY = {
  name: 'access_api_key',
  text: `WITH k AS (
           SELECT k.api_key_id, k.secret_hash, k.name, k.scopes, k.all_warehouses, k.channel, k.last_used_at,
                  u.user_id, u.role, u.all_warehouses AS user_all_warehouses,
                  (SELECT array_agg(w.warehouse_id ORDER BY w.warehouse_id) FROM api_key_warehouses w
                    WHERE w.api_key_id = k.api_key_id) AS key_warehouses,
                  (SELECT array_agg(w.warehouse_id ORDER BY w.warehouse_id) FROM user_warehouses w
                    WHERE w.user_id = u.user_id) AS user_warehouses
             FROM api_keys k JOIN users u ON u.user_id = k.created_by
            WHERE k.prefix = $1 AND k.revoked_at IS NULL AND NOT u.is_disabled
              AND (k.expires_at IS NULL OR k.expires_at > now())
         ), touched AS (
           UPDATE api_keys SET last_used_at = now() FROM k
            WHERE api_keys.api_key_id = k.api_key_id AND k.secret_hash = $2
              AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '60 seconds')
         )
         SELECT api_key_id, secret_hash, name, scopes, all_warehouses, channel, user_id, role,
                user_all_warehouses, key_warehouses, user_warehouses FROM k`,
};

export async function loadApiKeyPrincipal(
  db: Queryable,
  parsed: { prefix: string; secret: string },
): Promise<Principal | null> {
  const digest = sha256(parsed.secret);
  const { rows } = await db.query<{
    api_key_id: string;
    secret_hash: string;
    name: string;
    scopes: string[];
    all_warehouses: boolean;
    channel: string | null;
    user_id: string;
    role: Role;
    user_all_warehouses: boolean;
    key_warehouses: string[] | null;
    user_warehouses: string[] | null;
  }>(API_KEY, [parsed.prefix, digest]);
  const r = rows[0];
  if (!r || !sameSecret(r.secret_hash, digest)) return null;
  const rolePermissions = ROLE_PERMISSIONS[r.role];
  const permissions = new Set(r.scopes.filter((s): s is Permission => rolePermissions.has(s as Permission)));
  const keyScope = r.all_warehouses ? null : (r.key_warehouses ?? []);
  const userScope = r.user_all_warehouses ? null : (r.user_warehouses ?? []);
  const warehouseScope =
    keyScope === null
      ? userScope
      : userScope === null
        ? keyScope
        : keyScope.filter((w) => userScope.includes(w));
  return {
    actor: { kind: 'api_key', id: r.api_key_id, name: r.name, role: r.role },
    via: 'api_key',
    role: r.role,
    userId: r.user_id,
    permissions,
    warehouseScope,
    channel: r.channel,
  };
}
