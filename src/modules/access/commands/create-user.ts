import { type Context, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { auditView, readUser, type User } from '../db/users.js';
import { type Role, UNSCOPED_ROLES, userManagementProblem } from '../domain/permissions.js';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  normalizeEmail,
  passwordProblem,
} from '../domain/users.js';
import { ownerOnly, weakPassword } from '../errors.js';
import { hashPassword } from '../secrets.js';

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  role: Role;
  /** Warehouse codes; ignored for owners and admins, who see every warehouse. */
  warehouses?: string[] | undefined;
  allWarehouses?: boolean | undefined;
}

/**
 * Creates a staff account. Only an owner creates an owner. Owners and admins see every warehouse; other
 * roles see the warehouses they are assigned to (or all, when allWarehouses), and the creator can only
 * assign warehouses it sees itself.
 * Errors: owner_only (403); email_taken (409); weak_password, unknown_warehouse (422).
 */
export async function createUser(
  ctx: Context,
  input: CreateUserInput,
): Promise<{ value: User; replayed: boolean }> {
  const problem = userManagementProblem(ctx.actor.role as Role | null, [input.role]);
  if (problem && ctx.actor.kind !== 'system') throw ownerOnly(problem);
  if (passwordProblem(input.password))
    throw weakPassword('password', MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH);
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const unscoped = UNSCOPED_ROLES.has(input.role) || input.allWarehouses === true;
  if (unscoped && ctx.warehouseScope !== null) {
    throw ownerOnly('you can only give someone the warehouses you work in yourself');
  }
  return runCommand(ctx, 'access.create_user', { ...input, password: '[redacted]' }, async (tx, audit) => {
    const warehouses = unscoped
      ? []
      : await resolveWarehouses(tx, input.warehouses ?? [], {
          field: 'warehouses',
          scope: ctx.warehouseScope,
        });
    const id = newId('user');
    await tx.query(
      `INSERT INTO users (user_id, email, name, password_hash, role, all_warehouses) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, email, input.name.trim(), passwordHash, input.role, unscoped],
    );
    if (warehouses.length > 0) {
      await tx.query('INSERT INTO user_warehouses (user_id, warehouse_id) SELECT $1, unnest($2::text[])', [
        id,
        warehouses.map((w) => w.id),
      ]);
    }
    const user = await readUser(tx, id);
    audit.record({ targetType: 'user', targetId: id, before: null, after: auditView(user) });
    return user;
  });
}
