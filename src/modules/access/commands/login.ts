import { type Context, type Db, runCommand, systemContext } from '../../../db/index.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Role } from '../domain/permissions.js';
import { normalizeEmail } from '../domain/users.js';
import { invalidCredentials, loginThrottled } from '../errors.js';
import { hashPassword, needsRehash, newToken, sha256, verifyPassword } from '../secrets.js';

export interface LoginInput {
  email: string;
  password: string;
}

export interface LoginOptions {
  readonly address: string | null;
  readonly userAgent: string | null;
  /** The session token the browser presented, if any: it ends here (no session fixation). */
  readonly presentedToken: string | null;
  readonly absoluteSeconds: number;
  readonly failuresBeforeBackoff: number;
  readonly requestId: string | null;
  readonly clock: Clock;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: Role };
}

/** Longest wait a throttled sign-in gets, and after how long without failures a counter starts again. */
const MAX_LOCK_SECONDS = 15 * 60;
const FORGET_AFTER_SECONDS = 15 * 60;

/**
 * Counts a sign-in attempt against each throttle key before the password is checked, in one statement:
 * rows are locked one attempt at a time, so concurrent guesses cannot all slip past the threshold. A key
 * that is locked is not counted (and the attempt is refused). The attempt that reaches the threshold still
 * runs, and locks the key for 2 s; each further counted attempt doubles the wait, up to 15 minutes.
 * Counters start again after 15 minutes without attempts. A successful sign-in gives its attempt back.
 */
const FAILS = (t: string) =>
  `CASE WHEN ${t}.last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS}) THEN 1 ELSE ${t}.failures + 1 END`;
const COUNT_ATTEMPT = `
  WITH up AS (
    INSERT INTO login_throttles AS t (throttle_key, failures, locked_until, last_failure_at)
    SELECT k, 1, CASE WHEN 1 >= $2 THEN now() + interval '2 seconds' END, now() FROM unnest($1::text[]) AS k
    ON CONFLICT (throttle_key) DO UPDATE SET
      failures = ${FAILS('t')},
      last_failure_at = now(),
      locked_until = CASE WHEN ${FAILS('t')} >= $2
        THEN now() + make_interval(secs => least(${MAX_LOCK_SECONDS}, power(2, ${FAILS('t')} - $2 + 1)::int))
        ELSE NULL END
    WHERE t.locked_until IS NULL OR t.locked_until <= now()
    RETURNING throttle_key)
  SELECT (SELECT count(*) FROM up)::int AS counted,
         (SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int FROM login_throttles
           WHERE throttle_key = ANY($1::text[]) AND locked_until > now()
             AND throttle_key NOT IN (SELECT throttle_key FROM up)) AS wait`;

/**
 * Signs a staff user in: checks the throttles (per account and per client address), the password
 * (Argon2id; a decoy hash is verified for unknown emails so timing reveals nothing), rehashes it when the
 * parameters have risen, ends the session the browser presented (the id always changes at sign-in), and
 * opens a new server-side session with its own CSRF token. Every attempt is counted before the password
 * is checked (see COUNT_ATTEMPT), so parallel guesses are throttled too; after `failuresBeforeBackoff`
 * attempts without success each further try waits 2, 4, 8 … seconds (at most 15 minutes).
 * Errors: invalid_credentials (401); login_throttled (429, with retryAfterSeconds).
 */
export async function login(db: Db, input: LoginInput, options: LoginOptions): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const keys = [`account:${email}`, ...(options.address ? [`address:${options.address}`] : [])];
  const attempt = await db.query<{ counted: number; wait: number | null }>(COUNT_ATTEMPT, [
    keys,
    options.failuresBeforeBackoff,
  ]);
  const counted = attempt.rows[0]!;
  if (counted.counted < keys.length) throw loginThrottled(Math.max(1, counted.wait ?? 1));

  const found = await db.query<{
    user_id: string;
    name: string;
    role: Role;
    password_hash: string;
    is_disabled: boolean;
  }>('SELECT user_id, name, role, password_hash, is_disabled FROM users WHERE email = $1', [email]);
  const user = found.rows[0];
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user || user.is_disabled) throw invalidCredentials();
  const rehash = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;

  const ctx: Context = {
    ...systemContext(db, { kind: 'user', id: user.user_id, name: user.name, role: user.role }, options.clock),
    userId: user.user_id,
    requestId: options.requestId,
  };
  const token = newToken();
  const csrfToken = newToken();
  const { value } = await runCommand(ctx, 'access.login', { email }, async (tx, audit) => {
    if (options.presentedToken) {
      await tx.query(
        `UPDATE sessions SET ended_at = now(), ended_reason = 'replaced_at_login'
          WHERE session_hash = $1 AND ended_at IS NULL`,
        [sha256(options.presentedToken)],
      );
    }
    // The attempt was counted in advance: the account starts afresh, the address gets its attempt back.
    await tx.query('DELETE FROM login_throttles WHERE throttle_key = $1', [`account:${email}`]);
    if (options.address) {
      await tx.query(
        `UPDATE login_throttles SET failures = greatest(failures - 1, 0),
                locked_until = CASE WHEN failures - 1 >= $2 THEN locked_until END
          WHERE throttle_key = $1`,
        [`address:${options.address}`, options.failuresBeforeBackoff],
      );
    }
    if (rehash)
      await tx.query('UPDATE users SET password_hash = $2 WHERE user_id = $1', [user.user_id, rehash]);
    const { rows } = await tx.query<{ expires_at: Date }>(
      `INSERT INTO sessions (session_hash, user_id, csrf_token, expires_at, address, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::int), $5, $6) RETURNING expires_at`,
      [sha256(token), user.user_id, csrfToken, options.absoluteSeconds, options.address, options.userAgent],
    );
    audit.record({
      targetType: 'session',
      targetId: user.user_id,
      after: { address: options.address, userAgent: options.userAgent, passwordRehashed: rehash !== null },
    });
    return { expiresAt: rows[0]!.expires_at.toISOString() };
  });
  return {
    token,
    csrfToken,
    expiresAt: value.expiresAt,
    user: { id: user.user_id, email, name: user.name, role: user.role },
  };
}

/** Ends the caller's session server-side: the cookie is worthless from now on, in every process. */
export async function logout(ctx: Context, sessionHash: string | null) {
  return runCommand(ctx, 'access.logout', {}, async (tx, audit) => {
    if (sessionHash) {
      await tx.query(
        `UPDATE sessions SET ended_at = now(), ended_reason = 'logout' WHERE session_hash = $1 AND ended_at IS NULL`,
        [sessionHash],
      );
    }
    audit.record({ targetType: 'session', targetId: ctx.actor.id, after: { ended: sessionHash !== null } });
    return { signedOut: true };
  });
}
