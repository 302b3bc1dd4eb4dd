import { type Context, runCommand } from '../../../db/index.js';
import { conflict, forbidden, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { findChannel } from '../../orders/index.js';
import { type ApiKey, readApiKey } from '../db/api-keys.js';
import { isPermission, type Permission, ROLE_PERMISSIONS, type Role } from '../domain/permissions.js';
import { newApiKey, sha256 } from '../secrets.js';

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  /** Warehouse codes; omitted = every warehouse the creator sees. */
  warehouses?: string[] | undefined;
  /** The sales channel an integration key acts for (orders it creates are bound to it). */
  channel?: string | undefined;
  expiresAt?: string | undefined;
}

export interface CreatedApiKey extends ApiKey {
  /** The key itself: shown in this response only, stored nowhere (only its SHA-256). */
  key: string | null;
}

/**
 * Creates an API key for an integration. Its scopes must be permissions the creator holds, its warehouses
 * ones the creator sees; the key acts with the creator's role capped by its scopes, and stops working
 * when revoked or when its creator is disabled. The key is returned once; a replay of the request (same
 * Idempotency-Key) returns the record without it.
 * Errors: scope_exceeds_own, keys_need_a_user (403); invalid_permission, unknown_warehouse,
 * expiry_in_past (422).
 */
export async function createApiKey(
  ctx: Context,
  input: CreateApiKeyInput,
  creator: { userId: string; role: Role } | null,
) {
  for (const [i, s] of input.scopes.entries()) {
    if (!isPermission(s)) {
      throw unprocessable('invalid_permission', `"${s}" is not a permission.`, {
        field: `scopes[${i}]`,
        scope: s,
      });
    }
  }
  const held: ReadonlySet<string> | null = creator ? ROLE_PERMISSIONS[creator.role] : null;
  const exceeding = input.scopes.filter(
    (s) => (ctx.permissions && !ctx.permissions.has(s)) || (held && !held.has(s as Permission)),
  );
  if (exceeding.length > 0) {
    throw forbidden('scope_exceeds_own', 'A key cannot have permissions its creator does not hold.', {
      scopes: exceeding,
    });
  }
  if (input.expiresAt !== undefined && new Date(input.expiresAt).getTime() <= ctx.clock.now().getTime()) {
    throw unprocessable('expiry_in_past', 'expiresAt must be in the future.', { expiresAt: input.expiresAt });
  }
  const owner = creator?.userId ?? null;
  if (owner === null) {
    throw forbidden(
      'keys_need_a_user',
      'An API key is created by a user: sign in, or name the user in the CLI.',
    );
  }
  const made = newApiKey();
  return runCommand(
    ctx,
    'access.create_api_key',
    input,
    async (tx, audit): Promise<CreatedApiKey> => {
      // A caller who sees only some warehouses makes keys that see no more: naming none means its own.
      const restricted = input.warehouses !== undefined || ctx.warehouseScope !== null;
      const warehouses =
        input.warehouses !== undefined
          ? await resolveWarehouses(tx, input.warehouses, { field: 'warehouses', scope: ctx.warehouseScope })
          : (ctx.warehouseScope ?? []).map((id) => ({ id }));
      let channel: string | null = null;
      if (input.channel !== undefined) {
        const found = await findChannel(tx, input.channel);
        if (!found) {
          throw unprocessable('unknown_channel', `There is no sales channel ${input.channel}.`, {
            field: 'channel',
            channel: input.channel,
          });
        }
        channel = found.code;
      }
      const id = newId('apiKey');
      const scopes = [...new Set(input.scopes)].sort();
      await tx.query(
        `INSERT INTO api_keys (api_key_id, prefix, secret_hash, name, scopes, all_warehouses, channel, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          made.prefix,
          sha256(made.secret),
          input.name.trim(),
          scopes,
          !restricted,
          channel,
          owner,
          input.expiresAt ?? null,
        ],
      );
      if (warehouses.length > 0) {
        await tx.query(
          'INSERT INTO api_key_warehouses (api_key_id, warehouse_id) SELECT $1, unnest($2::text[])',
          [id, warehouses.map((w) => w.id)],
        );
      }
      const key = await readApiKey(tx, id);
      audit.record({
        targetType: 'api_key',
        targetId: id,
        before: null,
        after: {
          name: key.name,
          prefix: key.prefix,
          scopes: key.scopes,
          warehouses: restricted ? key.warehouses : 'all',
          channel: key.channel,
          expiresAt: key.expiresAt,
        },
      });
      return { ...key, key: made.key };
    },
    { storeForReplay: (v) => ({ ...v, key: null }) },
  );
}

/**
 * Revokes a key: from the next request on, in every process, it is refused. Revoking twice is a 409.
 * Errors: api_key_not_found (404); api_key_revoked (409).
 */
export async function revokeApiKey(ctx: Context, id: string) {
  return runCommand(ctx, 'access.revoke_api_key', { id }, async (tx, audit): Promise<ApiKey> => {
    const r = await tx.query(
      'UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE api_key_id = $1 AND revoked_at IS NULL',
      [id, ctx.actor.id],
    );
    const key = await readApiKey(tx, id);
    if (r.rowCount === 0) {
      throw conflict('api_key_revoked', `API key ${id} was already revoked.`, { revokedAt: key.revokedAt });
    }
    audit.record({
      targetType: 'api_key',
      targetId: id,
      before: { revokedAt: null },
      after: { revokedAt: key.revokedAt },
    });
    return key;
  });
}
