import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { assertManageable, endSessionsOf, readUser } from '../db/users.js';
import { type Role, userManagementProblem } from '../domain/permissions.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from '../domain/users.js';
import { ownerOnly, weakPassword } from '../errors.js';
import { hashPassword, verifyPassword } from '../secrets.js';

/**
 * Resets another user's password (an admin helping someone locked out): every session of that user ends.
 * Errors: owner_only (403); user_not_found (404); weak_password (422).
 */
export async function setUserPassword(ctx: Context, id: string, input: { password: string }) {
  if (passwordProblem(input.password))
    throw weakPassword('password', MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH);
  const passwordHash = await hashPassword(input.password);
  return runCommand(ctx, 'access.set_user_password', { id }, async (tx, audit) => {
    const user = await readUser(tx, id);
    await assertManageable(tx, id, ctx.warehouseScope);
    const problem = userManagementProblem(ctx.actor.role as Role | null, [user.role]);
    if (problem && ctx.actor.kind !== 'system') throw ownerOnly(problem);
    await tx.query(
      'UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE user_id = $1',
      [id, passwordHash],
    );
    const ended = await endSessionsOf(tx, id, 'password_reset');
    audit.record({ targetType: 'user', targetId: id, after: { password: 'reset', sessionsEnded: ended } });
    return { id, sessionsEnded: ended };
  });
}

/**
 * Changes the signed-in user's own password after checking the current one; the user's other sessions
 * end (this one stays). Errors: password_incorrect, weak_password (422).
 */
export async function changeMyPassword(
  ctx: Context,
  input: { currentPassword: string; newPassword: string },
  currentSessionHash: string | null,
) {
  if (passwordProblem(input.newPassword))
    throw weakPassword('newPassword', MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH);
  const { rows } = await ctx.db.query<{ password_hash: string }>(
    'SELECT password_hash FROM users WHERE user_id = $1',
    [ctx.actor.id],
  );
  if (!(await verifyPassword(rows[0]?.password_hash ?? null, input.currentPassword))) {
    throw unprocessable('password_incorrect', 'The current password is not right.', {
      field: 'currentPassword',
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return runCommand(ctx, 'access.change_my_password', {}, async (tx, audit) => {
    await tx.query(
      'UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE user_id = $1',
      [ctx.actor.id, passwordHash],
    );
    const ended = await endSessionsOf(tx, ctx.actor.id, 'password_changed', currentSessionHash);
    audit.record({
      targetType: 'user',
      targetId: ctx.actor.id,
      after: { password: 'changed', otherSessionsEnded: ended },
    });
    return { id: ctx.actor.id, sessionsEnded: ended };
  });
}
