/** Web sessions: the cookie's attributes, a new id at every sign-in, server-side ends (logout, disabling, password change, idle and absolute timeouts), CSRF on state changes, and Argon2id hashes that are upgraded at sign-in. */
import { createHash } from 'node:crypto';
import { type Algorithm, hash } from '@node-rs/argon2';
import { expect, it } from 'vitest';
import {
  createTestApp,
  describeDb,
  ledgerSnapshot,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';

const COOKIE = 'coulisse_session';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
  cookies: { name: string; value: string; [attribute: string]: unknown }[];
}

interface Session {
  token: string;
  csrf: string;
  userId: string;
}

async function signIn(
  t: TestApp,
  email: string,
  password: string,
  options: { host?: string; cookie?: string; remoteAddress?: string } = {},
): Promise<Reply> {
  const raw = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password },
    headers: options.host ? { host: options.host } : {},
    ...(options.cookie ? { cookies: { [COOKIE]: options.cookie } } : {}),
    remoteAddress: options.remoteAddress ?? '127.0.0.1',
  });
  return {
    status: raw.statusCode,
    body: raw.json(),
    headers: raw.headers,
    cookies: raw.cookies as Reply['cookies'],
  };
}

/** Signs in and returns the session token (from Set-Cookie) and its CSRF token. */
async function session(t: TestApp, email: string, password: string): Promise<Session> {
  const r = await signIn(t, email, password);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const token = r.cookies.find((c) => c.name === COOKIE)?.value;
  expect(token).toBeTruthy();
  return { token: token!, csrf: r.body.csrfToken, userId: r.body.user.id };
}

/** A request carrying the session cookie (and, unless told otherwise, its CSRF token). */
async function withCookie(
  t: TestApp,
  s: Pick<Session, 'token'> & { csrf?: string | null },
  method: string,
  url: string,
  body?: unknown,
): Promise<Reply> {
  const raw = await t.app.inject({
    method: method as 'GET',
    url,
    cookies: { [COOKIE]: s.token },
    headers: s.csrf ? { 'x-csrf-token': s.csrf } : {},
    ...(body === undefined ? {} : { payload: body as object }),
  });
  const json = String(raw.headers['content-type'] ?? '').includes('application/json') && raw.body !== '';
  return {
    status: raw.statusCode,
    body: json ? raw.json() : raw.body,
    headers: raw.headers,
    cookies: raw.cookies as Reply['cookies'],
  };
}

/** A staff account made by the owner's key. */
async function makeUser(
  t: TestApp,
  role = 'manager',
): Promise<{ id: string; email: string; password: string }> {
  const email = `${unique('user').toLowerCase()}@test.example`;
  const password = `pass phrase ${email}`;
  const r = await t.post('/v1/users', { email, name: `User ${email}`, password, role, allWarehouses: true });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, email, password };
}

describeDb('sessions', () => {
  const t = useTestApp({ COULISSE_SESSION_IDLE_SECONDS: '60', COULISSE_SESSION_ABSOLUTE_SECONDS: '3600' });

  it('behind a trusted proxy takes the client address and protocol from X-Forwarded-*', async () => {
    const proxied = await createTestApp({ COULISSE_TRUST_PROXY: '127.0.0.1' });
    try {
      const raw = await proxied.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: OWNER_EMAIL, password: OWNER_PASSWORD },
        headers: { host: '127.0.0.1:3000', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
        remoteAddress: '127.0.0.1',
      });
      expect(raw.statusCode).toBe(200);
      expect(raw.cookies.find((c) => c.name === COOKIE)).toMatchObject({ secure: true });
      const { rows } = await proxied.db.query<{ address: string }>(
        'SELECT address FROM sessions ORDER BY created_at DESC LIMIT 1',
      );
      expect(rows[0]!.address).toBe('203.0.113.9');
    } finally {
      await proxied.close();
    }
  });

  it('sets an HttpOnly, SameSite=Lax cookie: not Secure on loopback, Secure for any other host', async () => {
    const local = await signIn(t(), OWNER_EMAIL, OWNER_PASSWORD);
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({
      user: { email: OWNER_EMAIL, role: 'owner', id: t().ownerId },
      csrfToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    const cookie = local.cookies.find((c) => c.name === COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The token is stored only as its digest.
    const stored = await t().db.query('SELECT session_hash FROM sessions WHERE session_hash = $1', [
      sha256(cookie.value),
    ]);
    expect(stored.rows).toHaveLength(1);
    const plain = await t().db.query('SELECT 1 FROM sessions WHERE session_hash = $1', [cookie.value]);
    expect(plain.rows).toHaveLength(0);

    const remote = await signIn(t(), OWNER_EMAIL, OWNER_PASSWORD, { host: 'shop.example.com' });
    expect(remote.status).toBe(200);
    expect(remote.cookies.find((c) => c.name === COOKIE)).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      secure: true,
    });
  });

  it('changes the session id at sign-in: the session presented at login ends', async () => {
    const user = await makeUser(t());
    const first = await session(t(), user.email, user.password);
    expect((await withCookie(t(), first, 'GET', '/v1/me')).status).toBe(200);

    const again = await signIn(t(), user.email, user.password, { cookie: first.token });
    expect(again.status).toBe(200);
    const second = again.cookies.find((c) => c.name === COOKIE)!.value;
    expect(second).not.toBe(first.token);
    expect(again.body.csrfToken).not.toBe(first.csrf);

    const old = await withCookie(t(), first, 'GET', '/v1/me');
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('session_expired');
    expect((await withCookie(t(), { token: second }, 'GET', '/v1/me')).status).toBe(200);
    const ended = await t().db.query<{ ended_reason: string }>(
      'SELECT ended_reason FROM sessions WHERE session_hash = $1',
      [sha256(first.token)],
    );
    expect(ended.rows[0]?.ended_reason).toBe('replaced_at_login');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const user = await makeUser(t());
    const address = '10.1.0.1';
    const wrong = await signIn(t(), user.email, 'not the password at all', { remoteAddress: address });
    const unknown = await signIn(t(), 'nobody@test.example', 'not the password at all', {
      remoteAddress: address,
    });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
      expect(r.cookies.find((c) => c.name === COOKIE && c.value !== '')).toBeUndefined();
    }
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    // Email is matched case-insensitively; the right password still works.
    const ok = await signIn(t(), user.email.toUpperCase(), user.password, { remoteAddress: address });
    expect(ok.status).toBe(200);
  });

  it('refuses a disabled user at sign-in and ends their live sessions at once', async () => {
    const user = await makeUser(t());
    const live = await session(t(), user.email, user.password);
    expect((await withCookie(t(), live, 'GET', '/v1/me')).status).toBe(200);

    const disabled = await t().call('PATCH', `/v1/users/${user.id}`, { isDisabled: true });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    const after = await withCookie(t(), live, 'GET', '/v1/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_expired');
    const login = await signIn(t(), user.email, user.password, { remoteAddress: '10.1.0.2' });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('invalid_credentials');
  });

  it('rejects a disabled user even when the flag was set behind the API (another process)', async () => {
    const user = await makeUser(t());
    const live = await session(t(), user.email, user.password);
    await t().db.query('UPDATE users SET is_disabled = true WHERE user_id = $1', [user.id]);
    const r = await withCookie(t(), live, 'GET', '/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('session_expired');
  });

  it('ends the session server-side at logout: the same cookie replayed is refused', async () => {
    const user = await makeUser(t());
    const s = await session(t(), user.email, user.password);
    const out = await withCookie(t(), s, 'POST', '/v1/auth/logout', {});
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedOut: true });
    // The browser is told to forget the cookie.
    expect(out.cookies.find((c) => c.name === COOKIE)?.value).toBe('');
    const replay = await withCookie(t(), s, 'GET', '/v1/me');
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('session_expired');
    const row = await t().db.query<{ ended_reason: string }>(
      'SELECT ended_reason FROM sessions WHERE session_hash = $1',
      [sha256(s.token)],
    );
    expect(row.rows[0]?.ended_reason).toBe('logout');
  });

  it('ends a session after the idle period, and slides the window while it is used', async () => {
    const user = await makeUser(t());
    const s = await session(t(), user.email, user.password);
    const hashOf = sha256(s.token);
    await t().db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '50 seconds' WHERE session_hash = $1`,
      [hashOf],
    );
    expect((await withCookie(t(), s, 'GET', '/v1/me')).status).toBe(200);
    const slid = await t().db.query<{ age: number }>(
      'SELECT extract(epoch FROM now() - last_seen_at)::float AS age FROM sessions WHERE session_hash = $1',
      [hashOf],
    );
    expect(slid.rows[0]!.age).toBeLessThan(15);

    await t().db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '61 seconds' WHERE session_hash = $1`,
      [hashOf],
    );
    const idle = await withCookie(t(), s, 'GET', '/v1/me');
    expect(idle.status).toBe(401);
    expect(idle.body.error.code).toBe('session_expired');
    // The refused request did not slide the window: the session stays dead.
    expect((await withCookie(t(), s, 'GET', '/v1/me')).status).toBe(401);
  });

  it('ends a session at its absolute expiry however active it is', async () => {
    const user = await makeUser(t());
    const login = await signIn(t(), user.email, user.password);
    const token = login.cookies.find((c) => c.name === COOKIE)!;
    expect(token.maxAge).toBe(3600);
    const lifetime = Date.parse(login.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    const s = { token: token.value };
    await t().db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE session_hash = $1`,
      [sha256(token.value)],
    );
    const r = await withCookie(t(), s, 'GET', '/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('session_expired');
  });

  it('needs the CSRF token on state-changing cookie requests, not on reads', async () => {
    const s = await session(t(), OWNER_EMAIL, OWNER_PASSWORD);
    const me = await withCookie(t(), { token: s.token }, 'GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', id: s.userId, role: 'owner', csrfToken: s.csrf });
    // A key has no session and so no CSRF token.
    expect((await t().get('/v1/me')).body).toMatchObject({ kind: 'api_key', csrfToken: null });

    const code = unique('CSRF');
    const before = await ledgerSnapshot(t().db);
    const audits = await t().db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    for (const csrf of [null, 'wrong-token', `${s.csrf}x`]) {
      const r = await withCookie(t(), { token: s.token, csrf }, 'POST', '/v1/skus', { code, name: 'No' });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('csrf_token_invalid');
    }
    const logout = await withCookie(t(), { token: s.token, csrf: null }, 'POST', '/v1/auth/logout', {});
    expect(logout.body.error.code).toBe('csrf_token_invalid');
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect((await t().db.query('SELECT count(*)::int AS n FROM audit_log')).rows).toEqual(audits.rows);
    expect((await withCookie(t(), { token: s.token }, 'GET', `/v1/skus/${code}`)).status).toBe(404);

    // Another session's token is not this session's token.
    const other = await session(t(), OWNER_EMAIL, OWNER_PASSWORD);
    const crossed = await withCookie(t(), { token: s.token, csrf: other.csrf }, 'POST', '/v1/skus', {
      code,
      name: 'No',
    });
    expect(crossed.body.error.code).toBe('csrf_token_invalid');

    const ok = await withCookie(t(), s, 'POST', '/v1/skus', { code, name: 'Yes' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.createdBy).toBe(s.userId);
  });

  it('changes the own password: other sessions end, this one stays, the old password stops working', async () => {
    const user = await makeUser(t());
    const here = await session(t(), user.email, user.password);
    const elsewhere = await session(t(), user.email, user.password);
    const newPassword = 'a brand new pass phrase';

    const wrong = await withCookie(t(), here, 'POST', '/v1/me/password', {
      currentPassword: 'not the current one',
      newPassword,
    });
    expect(wrong.body.error.code).toBe('password_incorrect');
    const short = await withCookie(t(), here, 'POST', '/v1/me/password', {
      currentPassword: user.password,
      newPassword: 'too short',
    });
    expect(short.status).toBe(422);
    expect(short.body.error).toMatchObject({ code: 'weak_password', details: { minLength: 12 } });
    expect((await withCookie(t(), elsewhere, 'GET', '/v1/me')).status).toBe(200);

    const changed = await withCookie(t(), here, 'POST', '/v1/me/password', {
      currentPassword: user.password,
      newPassword,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toEqual({ id: user.id, sessionsEnded: 1 });
    expect((await withCookie(t(), here, 'GET', '/v1/me')).status).toBe(200);
    const gone = await withCookie(t(), elsewhere, 'GET', '/v1/me');
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('session_expired');

    const old = await signIn(t(), user.email, user.password, { remoteAddress: '10.1.0.3' });
    expect(old.body.error.code).toBe('invalid_credentials');
    expect((await signIn(t(), user.email, newPassword)).status).toBe(200);

    // A key has no password of its own.
    const byKey = await t().post('/v1/me/password', { currentPassword: OWNER_PASSWORD, newPassword });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.code).toBe('session_required');
  });

  it('stores Argon2id hashes with m=19456, t=2, p=1 and upgrades a weaker one at sign-in', async () => {
    const user = await makeUser(t());
    const stored = async () =>
      (
        await t().db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE user_id = $1', [
          user.id,
        ])
      ).rows[0]!.password_hash;
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const weak = await hash(user.password, { memoryCost: 4096, timeCost: 1, algorithm: 2 as Algorithm });
    expect(weak).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    await t().db.query('UPDATE users SET password_hash = $2 WHERE user_id = $1', [user.id, weak]);
    const login = await signIn(t(), user.email, user.password);
    expect(login.status).toBe(200);
    const upgraded = await stored();
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(upgraded).not.toBe(weak);
    const audit = await t().db.query<{ after: { passwordRehashed: boolean } }>(
      `SELECT after FROM audit_log WHERE operation = 'access.login' AND actor_id = $1 ORDER BY audit_seq DESC LIMIT 1`,
      [user.id],
    );
    expect(audit.rows[0]!.after.passwordRehashed).toBe(true);
    // The upgraded hash still verifies, and is not rehashed again.
    expect((await signIn(t(), user.email, user.password)).status).toBe(200);
    expect(await stored()).toBe(upgraded);
  });
});
