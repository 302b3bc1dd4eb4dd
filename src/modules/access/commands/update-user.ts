import { type Context, runCommand } from '../../../db/index.js';
import { conflict, forbidden } from '../../../kernel/errors.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { assertManageable, auditView, endSessionsOf, readUser, type User } from '../db/users.js';
import { type Role, UNSCOPED_ROLES, userManagementProblem } from '../domain/permissions.js';
import { lastOwner, ownerOnly } from '../errors.js';

export interface UpdateUserInput {
  name?: string | undefined;
  role?: Role | undefined;
  warehouses?: string[] | undefined;
  allWarehouses?: boolean | undefined;
  isDisabled?: boolean | undefined;
  /** Compare-and-set: the version the caller saw. */
  version?: number | undefined;
}

/**
 * Changes a staff account: name, role, warehouses, disabled. Nobody changes their own role or disables
 * themselves; only an owner touches an owner or makes someone one; the last active owner cannot be demoted
 * or disabled (owners are locked while counting, so two admins racing cannot remove both). Disabling ends
 * the user's sessions at once; their API keys stop working with them.
 * Errors: cannot_change_own_role, cannot_disable_self, owner_only (403); user_not_found (404);
 * last_owner, version_conflict (409); unknown_warehouse (422).
 */
export async function updateUser(ctx: Context, id: string, input: UpdateUserInput) {
  // Also through one's own API key.
  const self = ctx.userId === id;
  if (self && input.role !== undefined) {
    throw forbidden('cannot_change_own_role', 'You cannot change your own role; ask another owner or admin.');
  }
  if (self && input.isDisabled === true) {
    throw forbidden('cannot_disable_self', 'You cannot disable your own account.');
  }
  return runCommand(ctx, 'access.update_user', { id, ...input }, async (tx, audit): Promise<User> => {
    const locked = await tx.query<{ role: Role; version: number }>(
      'SELECT role, version FROM users WHERE user_id = $1 FOR UPDATE',
      [id],
    );
    const before = await readUser(tx, id);
    await assertManageable(tx, id, ctx.warehouseScope);
    const current = locked.rows[0]!;
    if (input.version !== undefined && input.version !== current.version) {
      throw conflict('version_conflict', 'This user was changed by someone else; reload and retry.', {
        expectedVersion: input.version,
        currentVersion: current.version,
      });
    }
    const nextRole = input.role ?? current.role;
    const problem = userManagementProblem(ctx.actor.role as Role | null, [current.role, nextRole]);
    if (problem && ctx.actor.kind !== 'system') throw ownerOnly(problem);
    const losesOwner =
      current.role === 'owner' && !before.isDisabled && (nextRole !== 'owner' || input.isDisabled === true);
    if (losesOwner) {
      const owners = await tx.query<{ user_id: string }>(
        `SELECT user_id FROM users WHERE role = 'owner' AND NOT is_disabled ORDER BY user_id FOR UPDATE`,
      );
      if (owners.rows.filter((o) => o.user_id !== id).length === 0) throw lastOwner();
    }
    const unscoped = UNSCOPED_ROLES.has(nextRole) || (input.allWarehouses ?? before.allWarehouses);
    const allWarehousesChanged = unscoped !== before.allWarehouses;
    if (unscoped && allWarehousesChanged && ctx.warehouseScope !== null) {
      throw ownerOnly('you can only give someone the warehouses you work in yourself');
    }
    await tx.query(
      `UPDATE users SET name = coalesce($2, name), role = $3, all_warehouses = $4,
                        is_disabled = coalesce($5, is_disabled), updated_at = now(), version = version + 1
        WHERE user_id = $1`,
      [id, input.name?.trim() ?? null, nextRole, unscoped, input.isDisabled ?? null],
    );
    if (unscoped) {
      await tx.query('DELETE FROM user_warehouses WHERE user_id = $1', [id]);
    } else if (input.warehouses !== undefined) {
      const warehouses = await resolveWarehouses(tx, input.warehouses, {
        field: 'warehouses',
        scope: ctx.warehouseScope,
      });
      await tx.query('DELETE FROM user_warehouses WHERE user_id = $1', [id]);
      if (warehouses.length > 0) {
        await tx.query('INSERT INTO user_warehouses (user_id, warehouse_id) SELECT $1, unnest($2::text[])', [
          id,
          warehouses.map((w) => w.id),
        ]);
      }
    }
    if (input.isDisabled === true) await endSessionsOf(tx, id, 'disabled');
    const after = await readUser(tx, id);
    audit.record({ targetType: 'user', targetId: id, before: auditView(before), after: auditView(after) });
    return after;
  });
}
