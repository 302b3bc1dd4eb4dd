import type { Queryable } from '../../../db/index.js';
import { forbidden } from '../../../kernel/errors.js';
import type { Role } from '../domain/permissions.js';
import { userNotFound } from '../errors.js';

/** A staff account as the API shows it (never the password hash). */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Warehouse codes the user works in; empty with allWarehouses. */
  warehouses: string[];
  allWarehouses: boolean;
  isDisabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface UserRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  all_warehouses: boolean;
  is_disabled: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
  warehouses: string[] | null;
}

export const USER_SELECT = `
  SELECT u.user_id, u.email, u.name, u.role, u.all_warehouses, u.is_disabled, u.created_at, u.updated_at,
         u.version,
         (SELECT array_agg(l.code ORDER BY l.code) FROM user_warehouses uw
            JOIN locations l ON l.location_id = uw.warehouse_id WHERE uw.user_id = u.user_id) AS warehouses
    FROM users u`;

export function toUser(r: UserRow): User {
  return {
    id: r.user_id,
    email: r.email,
    name: r.name,
    role: r.role,
    warehouses: r.warehouses ?? [],
    allWarehouses: r.all_warehouses,
    isDisabled: r.is_disabled,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

/** Errors: user_not_found (404). */
export async function readUser(tx: Queryable, id: string): Promise<User> {
  const { rows } = await tx.query<UserRow>(`${USER_SELECT} WHERE u.user_id = $1`, [id]);
  if (!rows[0]) throw userNotFound(id);
  return toUser(rows[0]);
}

/** Ends every open session of a user (disabled, password reset), except `keep`. Returns how many. */
export async function endSessionsOf(
  tx: Queryable,
  userId: string,
  reason: string,
  keep: string | null = null,
): Promise<number> {
  const r = await tx.query(
    `UPDATE sessions SET ended_at = now(), ended_reason = $2
      WHERE user_id = $1 AND ended_at IS NULL AND ($3::text IS NULL OR session_hash <> $3)`,
    [userId, reason, keep],
  );
  return r.rowCount;
}

/** The audit view of a user: the fields people change. */
export const auditView = (u: User) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  warehouses: u.allWarehouses ? 'all' : u.warehouses,
  isDisabled: u.isDisabled,
});

/**
 * A caller scoped to some warehouses may only manage accounts that see no more than it does: not one that
 * sees every warehouse, nor one assigned to a warehouse outside the caller's. Errors: scope_exceeds_own (403).
 */
export async function assertManageable(
  tx: Queryable,
  userId: string,
  scope: readonly string[] | null,
): Promise<void> {
  if (scope === null) return;
  const { rows } = await tx.query<{ outside: boolean }>(
    `SELECT u.all_warehouses OR EXISTS (
              SELECT 1 FROM user_warehouses uw WHERE uw.user_id = u.user_id AND NOT (uw.warehouse_id = ANY($2::text[])))
              AS outside
       FROM users u WHERE u.user_id = $1`,
    [userId, scope],
  );
  if (rows[0]?.outside) {
    throw forbidden(
      'scope_exceeds_own',
      'This account works in warehouses you do not see; an owner or admin must change it.',
      { user: userId },
    );
  }
}
