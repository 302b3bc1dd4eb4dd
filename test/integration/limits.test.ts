/** Limits around the API: per-principal rate limits, sign-in throttling per account and per address, security headers on every response, server-owned fields refused in bodies, and the guards on managing staff (own role, owners, the last owner). */
import { expect, it } from 'vitest';
import { systemContext } from '../../src/db/index.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createApiKey, updateUser } from '../../src/modules/access/index.js';
import {
  createTestApp,
  describeDb,
  ledgerSnapshot,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  stocked,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';

async function signIn(t: TestApp, email: string, password: string, remoteAddress = '127.0.0.1') {
  const raw = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password },
    remoteAddress,
  });
  return { status: raw.statusCode, body: raw.json(), headers: raw.headers, raw };
}

/** A staff account made by the owner's key, signed in. */
async function signedIn(
  t: TestApp,
  role: string,
): Promise<{ id: string; email: string; password: string; cookie: string; csrf: string }> {
  const email = `${unique(role).toLowerCase()}@test.example`;
  const password = `pass phrase for ${email}`;
  const made = await t.post('/v1/users', { email, name: email, password, role, allWarehouses: true });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const login = await signIn(t, email, password);
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const cookie = login.raw.cookies.find((c) => c.name === 'coulisse_session')!.value;
  return { id: made.body.id, email, password, cookie, csrf: login.body.csrfToken };
}

async function asUser(
  t: TestApp,
  user: { cookie: string; csrf: string },
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const raw = await t.app.inject({
    method: method as 'GET',
    url,
    cookies: { coulisse_session: user.cookie },
    headers: { 'x-csrf-token': user.csrf },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: raw.statusCode, body: raw.json() };
}

const usersSnapshot = async (t: TestApp) =>
  (await t.db.query('SELECT user_id, email, role, is_disabled, version FROM users ORDER BY user_id')).rows;

describeDb('limits', () => {
  const t = useTestApp({ COULISSE_LOGIN_FAILURES_BEFORE_BACKOFF: '3' });

  it('rate-limits each principal on its own: the 6th request in a minute is a 429 with Retry-After', async () => {
    const small = await createTestApp({ COULISSE_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const other = await createApiKey(
        systemContext(small.db, systemActor('test'), systemClock),
        { name: 'other', scopes: ['stock.read'] },
        { userId: small.ownerId, role: 'owner' },
      );
      for (let i = 1; i <= 5; i++) expect((await small.get('/v1/stock')).status, `request ${i}`).toBe(200);
      const sixth = await small.get('/v1/stock');
      expect(sixth.status).toBe(429);
      expect(sixth.body.error).toMatchObject({ code: 'rate_limited', details: { limit: 5 } });
      const retryAfter = Number(sixth.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // A limited mutation does nothing.
      const before = await ledgerSnapshot(small.db);
      const write = await small.post('/v1/locations', { code: 'RL-WH', kind: 'warehouse' });
      expect(write.status).toBe(429);
      expect(await ledgerSnapshot(small.db)).toEqual(before);

      const served = await small.call('GET', '/v1/stock', undefined, {
        authorization: `Bearer ${other.value.key}`,
      });
      expect(served.status).toBe(200);
      // Health checks are not counted.
      expect((await small.get('/health')).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('throttles sign-in per account: after 3 failures even the right password waits', async () => {
    const email = `${unique('victim').toLowerCase()}@test.example`;
    const password = 'the right pass phrase';
    expect((await t().post('/v1/users', { email, name: 'Victim', password, role: 'read_only' })).status).toBe(
      201,
    );
    // Each failure from its own address, so only the account counter can explain the lock.
    for (let i = 1; i <= 3; i++) {
      const r = await signIn(t(), email, `wrong password ${i}`, `10.2.0.${i}`);
      expect(r.status, `failure ${i}`).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
    }
    const fourth = await signIn(t(), email, password, '10.2.0.4');
    expect(fourth.status).toBe(429);
    expect(fourth.body.error).toMatchObject({
      code: 'login_throttled',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(fourth.raw.cookies.find((c) => c.name === 'coulisse_session')).toBeUndefined();
    // Other accounts are not affected.
    expect((await signIn(t(), OWNER_EMAIL, OWNER_PASSWORD, '10.2.0.5')).status).toBe(200);
    const { rows } = await t().db.query<{ failures: number }>(
      'SELECT failures FROM login_throttles WHERE throttle_key = $1',
      [`account:${email}`],
    );
    expect(rows[0]?.failures).toBe(3);

    // Once the wait is over the right password gets in, and the account's counter starts again.
    await t().db.query(
      `UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE throttle_key = $1`,
      [`account:${email}`],
    );
    expect((await signIn(t(), email, password, '10.2.0.6')).status).toBe(200);
    const cleared = await t().db.query('SELECT 1 FROM login_throttles WHERE throttle_key = $1', [
      `account:${email}`,
    ]);
    expect(cleared.rows).toHaveLength(0);
  });

  it('throttles sign-in per address: failures spread over many emails lock that address', async () => {
    const address = '10.3.0.7';
    for (let i = 1; i <= 3; i++) {
      const r = await signIn(
        t(),
        `${unique('guess').toLowerCase()}@test.example`,
        'some password here',
        address,
      );
      expect(r.status).toBe(401);
    }
    const locked = await signIn(t(), OWNER_EMAIL, OWNER_PASSWORD, address);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('login_throttled');
    expect(locked.headers['retry-after']).toBeDefined();
    // The owner, from anywhere else, is not locked out.
    expect((await signIn(t(), OWNER_EMAIL, OWNER_PASSWORD, '10.3.0.8')).status).toBe(200);
  });

  it('throttles parallel guesses too: 20 wrong passwords at once get at most 3 verdicts', async () => {
    const email = `${unique('parallel').toLowerCase()}@test.example`;
    expect(
      (
        await t().post('/v1/users', {
          email,
          name: 'Parallel',
          password: 'the right pass phrase',
          role: 'read_only',
        })
      ).status,
    ).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(t(), email, `wrong guess ${i}`, `10.9.0.${i + 1}`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('limits refused authentications per address before they reach the database', async () => {
    const small = await createTestApp({ COULISSE_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push(
          (
            await small.call('GET', '/v1/stock', undefined, {
              authorization: `Bearer ck_${'x'.repeat(12)}_nope`,
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      const limited = await small.anonymous('GET', '/v1/stock');
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await small.close();
    }
  });

  it("does not let an admin's own API key change the admin's role or disable them", async () => {
    const admin = await signedIn(t(), 'admin');
    const made = await asUser(t(), admin, 'POST', '/v1/api-keys', {
      name: 'own key',
      scopes: ['users.write'],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const users = await usersSnapshot(t());
    const own = { authorization: `Bearer ${made.body.key}` };
    const role = await t().call('PATCH', `/v1/users/${admin.id}`, { role: 'read_only' }, own);
    expect(role.status).toBe(403);
    expect(role.body.error.code).toBe('cannot_change_own_role');
    const disable = await t().call('PATCH', `/v1/users/${admin.id}`, { isDisabled: true }, own);
    expect(disable.status).toBe(403);
    expect(disable.body.error.code).toBe('cannot_disable_self');
    expect(await usersSnapshot(t())).toEqual(users);
  });

  it('sends the security headers on every response: health, data, errors', async () => {
    const f = await stocked(t(), 1);
    const responses = {
      health: await t().get('/health'),
      data: await t().get(`/v1/stock?sku=${f.sku}`),
      openapi: await t().anonymous('GET', '/v1/openapi.json'),
      unauthenticated: await t().anonymous('GET', '/v1/stock'),
      forbiddenKey: await t().call('GET', '/v1/stock', undefined, { authorization: 'Bearer nope' }),
      notFound: await t().get('/v1/nowhere'),
      validation: await t().post('/v1/stock/receipts', { sku: f.sku }),
      malformed: await t().call('POST', '/v1/stock/receipts', '{"sku":', {
        'content-type': 'application/json',
      }),
    };
    for (const [name, r] of Object.entries(responses)) {
      expect(String(r.headers['content-security-policy']), name).toMatch(/default-src 'self'/);
      expect(String(r.headers['content-security-policy']), name).toMatch(/frame-ancestors 'none'/);
      expect(r.headers['x-content-type-options'], name).toBe('nosniff');
      expect(r.headers['x-frame-options'], name).toBeDefined();
      expect(String(r.headers['strict-transport-security']), name).toMatch(/max-age=\d+/);
      expect(r.headers['referrer-policy'], name).toBeDefined();
    }
    expect(responses.data.headers['x-frame-options']).toBe('DENY');
    expect(responses.data.headers['referrer-policy']).toBe('no-referrer');
    expect(responses.data.headers['cache-control']).toBe('no-store');
  });

  it('sends the security headers on errors raised before authentication too', async () => {
    const f = await stocked(t(), 1);
    const r = await t().post(
      '/v1/stock/receipts',
      { sku: f.sku, location: f.bin, qty: 1 },
      { 'idempotency-key': 'ü' },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_idempotency_key');
    expect(String(r.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    expect(String(r.headers['strict-transport-security'])).toMatch(/max-age=\d+/);
    expect(r.headers['x-frame-options']).toBeDefined();
    expect(r.headers['referrer-policy']).toBeDefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses server-owned fields in request bodies and changes nothing', async () => {
    const f = await stocked(t(), 5);
    const user = (
      await t().post('/v1/users', {
        email: `${unique('fields').toLowerCase()}@test.example`,
        name: 'Fields',
        password: 'a long enough password',
        role: 'read_only',
      })
    ).body;
    const receipt = { sku: f.sku, location: f.bin, qty: 1 };
    const reservation = { lines: [{ sku: f.sku, location: f.bin, qty: 1 }], reference: 'FIELDS' };
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/v1/stock/receipts', { ...receipt, actor: { kind: 'user', id: t().ownerId } }, 'actor'],
      ['POST', '/v1/stock/receipts', { ...receipt, createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
      ['POST', '/v1/stock/receipts', { ...receipt, recordedAt: '2020-01-01T00:00:00Z' }, 'recordedAt'],
      ['POST', '/v1/reservations', { ...reservation, status: 'posted' }, 'status'],
      ['POST', '/v1/reservations', { ...reservation, reserved: 1 }, 'reserved'],
      ['POST', '/v1/reservations', { ...reservation, createdBy: 'someone' }, 'createdBy'],
      ['PATCH', `/v1/users/${user.id}`, { name: 'Renamed', createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
      ['PATCH', `/v1/users/${user.id}`, { name: 'Renamed', id: 'user_other' }, 'id'],
      ['PATCH', `/v1/users/${user.id}`, { name: 'Renamed', email: 'new@test.example' }, 'email'],
      ['POST', '/v1/api-keys', { name: 'k', scopes: ['stock.read'], createdBy: t().ownerId }, 'createdBy'],
    ];
    const before = await ledgerSnapshot(t().db);
    const users = await usersSnapshot(t());
    for (const [method, url, body, field] of cases) {
      const r = await t().call(method, url, body);
      expect(r.status, `${method} ${url} ${field}`).toBe(400);
      expect(r.body.error, `${method} ${url} ${field}`).toMatchObject({
        code: 'unknown_field',
        details: { field },
      });
    }
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect(await usersSnapshot(t())).toEqual(users);
  });

  it('does not let a signed-in admin change their own role or disable themselves', async () => {
    const admin = await signedIn(t(), 'admin');
    const users = await usersSnapshot(t());
    const role = await asUser(t(), admin, 'PATCH', `/v1/users/${admin.id}`, { role: 'read_only' });
    expect(role.status).toBe(403);
    expect(role.body.error.code).toBe('cannot_change_own_role');
    const up = await asUser(t(), admin, 'PATCH', `/v1/users/${admin.id}`, { role: 'owner' });
    expect(up.status).toBe(403);
    const disable = await asUser(t(), admin, 'PATCH', `/v1/users/${admin.id}`, { isDisabled: true });
    expect(disable.status).toBe(403);
    expect(disable.body.error.code).toBe('cannot_disable_self');
    expect(await usersSnapshot(t())).toEqual(users);
    // Their own name is theirs to change.
    const renamed = await asUser(t(), admin, 'PATCH', `/v1/users/${admin.id}`, { name: 'Admin Renamed' });
    expect(renamed.status).toBe(200);
  });

  it('leaves owners to owners: an admin cannot create, promote to, change or reset an owner', async () => {
    const admin = await signedIn(t(), 'admin');
    const other = await t().post('/v1/users', {
      email: `${unique('staff').toLowerCase()}@test.example`,
      name: 'Staff',
      password: 'a long enough password',
      role: 'manager',
      allWarehouses: true,
    });
    const users = await usersSnapshot(t());
    const attempts = [
      await asUser(t(), admin, 'POST', '/v1/users', {
        email: `${unique('owner').toLowerCase()}@test.example`,
        name: 'New Owner',
        password: 'a long enough password',
        role: 'owner',
      }),
      await asUser(t(), admin, 'PATCH', `/v1/users/${other.body.id}`, { role: 'owner' }),
      await asUser(t(), admin, 'PATCH', `/v1/users/${t().ownerId}`, { name: 'Hijacked' }),
      await asUser(t(), admin, 'PATCH', `/v1/users/${t().ownerId}`, { isDisabled: true }),
      await asUser(t(), admin, 'PATCH', `/v1/users/${t().ownerId}`, { role: 'read_only' }),
      await asUser(t(), admin, 'POST', `/v1/users/${t().ownerId}/password`, {
        password: 'taken over by admin',
      }),
    ];
    for (const r of attempts) {
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.error.code).toBe('owner_only');
    }
    expect(await usersSnapshot(t())).toEqual(users);
    // The owner still signs in with the old password.
    expect((await signIn(t(), OWNER_EMAIL, OWNER_PASSWORD, '10.4.0.1')).status).toBe(200);
  });

  it('keeps at least one active owner: the last one can be neither demoted nor disabled', async () => {
    // Nobody changes their own role through the API, and only owners touch owners, so the last owner can
    // only be reached by the system itself (the CLI on the host): `coulisse users disable`.
    const cli = systemContext(t().db, systemActor('cli'), systemClock);
    const users = await usersSnapshot(t());
    await expect(updateUser(cli, t().ownerId, { role: 'admin' })).rejects.toMatchObject({
      code: 'last_owner',
    });
    await expect(updateUser(cli, t().ownerId, { isDisabled: true })).rejects.toMatchObject({
      code: 'last_owner',
    });
    expect(await usersSnapshot(t())).toEqual(users);

    // With a second owner, one of them may step down; then the other is the last again.
    const second = await t().post('/v1/users', {
      email: `${unique('owner').toLowerCase()}@test.example`,
      name: 'Second Owner',
      password: 'a long enough password',
      role: 'owner',
    });
    expect(second.status).toBe(201);
    const stepDown = await t().call('PATCH', `/v1/users/${second.body.id}`, { role: 'admin' });
    expect(stepDown.status, JSON.stringify(stepDown.body)).toBe(200);
    await expect(updateUser(cli, t().ownerId, { role: 'admin' })).rejects.toMatchObject({
      code: 'last_owner',
    });
    // Through the API, the owner's own key meets the self-protection first.
    const own = await t().call('PATCH', `/v1/users/${t().ownerId}`, { role: 'admin' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('cannot_change_own_role');
  });
});
