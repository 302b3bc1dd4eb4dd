/** API keys: shown once and stored only as a SHA-256 digest, refused at once when malformed, revoked, expired or orphaned by a disabled creator, and never able to do more than both their scopes and their creator's role allow. */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  describeDb,
  ledgerSnapshot,
  stocked,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';

const KEY_RE = /^ck_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A key made by the owner's all-permission key. */
async function makeKey(
  t: TestApp,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ id: string; key: string; body: any }> {
  const r = await t.post('/v1/api-keys', { name: unique('key'), ...body }, headers);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, key: r.body.key, body: r.body };
}

/** A staff account signed in: its session cookie and CSRF token. */
async function signedIn(t: TestApp, role: string): Promise<{ id: string; cookie: string; csrf: string }> {
  const email = `${unique(role).toLowerCase()}@test.example`;
  const password = `pass phrase for ${email}`;
  const made = await t.post('/v1/users', { email, name: email, password, role, allWarehouses: true });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const login = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = login.cookies.find((c) => c.name === 'coulisse_session')!.value;
  return { id: made.body.id, cookie, csrf: login.json().csrfToken };
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

describeDb('api keys', () => {
  const t = useTestApp();

  it('shows the key once: listings never carry it and a replay of the creation returns key null', async () => {
    const created = await t().post(
      '/v1/api-keys',
      { name: 'shop connector', scopes: ['stock.read', 'catalog.read'] },
      { 'idempotency-key': 'create-key-once' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key: string = created.body.key;
    const m = KEY_RE.exec(key);
    expect(m).not.toBeNull();
    const secret = m![2]!;
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^\w+_/),
      name: 'shop connector',
      prefix: m![1],
      scopes: ['catalog.read', 'stock.read'],
      allWarehouses: true,
      createdBy: t().ownerId,
      lastUsedAt: null,
      revokedAt: null,
    });

    const replay = await t().post(
      '/v1/api-keys',
      { name: 'shop connector', scopes: ['stock.read', 'catalog.read'] },
      { 'idempotency-key': 'create-key-once' },
    );
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual({ ...created.body, key: null });
    const { rows: count } = await t().db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_keys WHERE name = 'shop connector'`,
    );
    expect(count[0]!.n).toBe(1);

    const list = await t().get('/v1/api-keys?limit=200');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ prefix: m![1], name: 'shop connector' });
    expect(listed).not.toHaveProperty('key');
    expect(list.raw.body).not.toContain(secret);
    expect(list.raw.body).not.toContain(key);

    // The key works.
    const me = await t().call('GET', '/v1/me', undefined, bearer(key));
    expect(me.body).toMatchObject({
      kind: 'api_key',
      id: created.body.id,
      userId: t().ownerId,
      role: 'owner',
    });
    expect(me.body.permissions).toEqual(['catalog.read', 'stock.read']);
  });

  it('stores the SHA-256 of the secret, and the key text nowhere', async () => {
    const made = await makeKey(t(), { scopes: ['stock.read'] }, { 'idempotency-key': unique('idem') });
    const [, prefix, secret] = KEY_RE.exec(made.key)!;
    const { rows } = await t().db.query<Record<string, unknown>>(
      'SELECT * FROM api_keys WHERE api_key_id = $1',
      [made.id],
    );
    expect(rows[0]).toMatchObject({ prefix, secret_hash: sha256(secret!) });
    // Not in the key's row, nor in the audit trail or the stored idempotent response.
    const everywhere = [
      rows[0],
      ...(await t().db.query('SELECT * FROM audit_log')).rows,
      ...(await t().db.query('SELECT * FROM idempotency_keys')).rows,
    ];
    const text = JSON.stringify(everywhere);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(made.key);
  });

  it('refuses a revoked key from the very next request; revoking twice is a conflict', async () => {
    const made = await makeKey(t(), { scopes: ['stock.read'] });
    expect((await t().call('GET', '/v1/me', undefined, bearer(made.key))).status).toBe(200);
    const revoked = await t().post(`/v1/api-keys/${made.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      id: made.id,
      revokedAt: expect.any(String),
      revokedBy: t().actorId,
    });

    const next = await t().call('GET', '/v1/me', undefined, bearer(made.key));
    expect(next.status).toBe(401);
    expect(next.body.error.code).toBe('invalid_api_key');

    const twice = await t().post(`/v1/api-keys/${made.id}/revoke`);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({
      code: 'api_key_revoked',
      details: { revokedAt: revoked.body.revokedAt },
    });
    const missing = await t().post('/v1/api-keys/key_nope/revoke');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('api_key_not_found');
  });

  it('refuses malformed, unknown and tampered Bearer values with invalid_api_key', async () => {
    const made = await makeKey(t(), { scopes: ['stock.read'] });
    const [, prefix, secret] = KEY_RE.exec(made.key)!;
    const flipped = `${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
    const values = [
      'Bearer nonsense',
      'Bearer ck_short_short',
      `Bearer ${made.key}x`,
      `Bearer ck_${prefix}_${flipped}`,
      `Bearer ck_ZZZZZZZZZZZZ_${secret}`,
      'Bearer ',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      made.key,
    ];
    for (const authorization of values) {
      const r = await t().call('GET', '/v1/stock', undefined, { authorization });
      expect(r.status, authorization).toBe(401);
      expect(r.body.error.code, authorization).toBe('invalid_api_key');
    }
    // The real one still works, case-insensitive scheme included.
    expect(
      (await t().call('GET', '/v1/stock', undefined, { authorization: `bearer ${made.key}` })).status,
    ).toBe(200);
    // No credentials at all is a different answer.
    const none = await t().anonymous('GET', '/v1/stock');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('authentication_required');
  });

  it('limits a key to its scopes', async () => {
    const f = await stocked(t(), 5);
    const reader = await makeKey(t(), { scopes: ['stock.read'] });
    expect((await t().call('GET', `/v1/stock?sku=${f.sku}`, undefined, bearer(reader.key))).status).toBe(200);

    const before = await ledgerSnapshot(t().db);
    const write = await t().call(
      'POST',
      '/v1/stock/receipts',
      { sku: f.sku, location: f.bin, qty: 1 },
      bearer(reader.key),
    );
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({
      code: 'permission_denied',
      details: { operation: 'receiveStock', permission: 'stock.receive' },
    });
    const skus = await t().call('GET', '/v1/skus', undefined, bearer(reader.key));
    expect(skus.status).toBe(403);
    expect(skus.body.error.details.permission).toBe('catalog.read');
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    expect(await stockOf(t(), f.sku, f.bin)).toMatchObject({ onHand: 5 });
  });

  it('cannot give a new key scopes its creator lacks; an admin can give any', async () => {
    const keyMaker = await makeKey(t(), { scopes: ['api_keys.write', 'catalog.read'] });
    const exceeding = await t().call(
      'POST',
      '/v1/api-keys',
      { name: 'too strong', scopes: ['catalog.read', 'stock.adjust'] },
      bearer(keyMaker.key),
    );
    expect(exceeding.status).toBe(403);
    expect(exceeding.body.error).toMatchObject({
      code: 'scope_exceeds_own',
      details: { scopes: ['stock.adjust'] },
    });
    const within = await t().call(
      'POST',
      '/v1/api-keys',
      { name: 'narrow', scopes: ['catalog.read'] },
      bearer(keyMaker.key),
    );
    expect(within.status, JSON.stringify(within.body)).toBe(201);
    expect(within.body.createdBy).toBe(t().ownerId);

    const admin = await signedIn(t(), 'admin');
    const byAdmin = await asUser(t(), admin, 'POST', '/v1/api-keys', {
      name: 'admin key',
      scopes: ['stock.adjust', 'users.write'],
    });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
    expect(byAdmin.body.createdBy).toBe(admin.id);

    // Roles that do not manage keys cannot make one at all.
    const manager = await signedIn(t(), 'manager');
    const byManager = await asUser(t(), manager, 'POST', '/v1/api-keys', {
      name: 'x',
      scopes: ['stock.read'],
    });
    expect(byManager.status).toBe(403);
    expect(byManager.body.error).toMatchObject({
      code: 'permission_denied',
      details: { permission: 'api_keys.write' },
    });
  });

  it("acts with its scopes capped by the creator's current role", async () => {
    const f = await stocked(t(), 5);
    const admin = await signedIn(t(), 'admin');
    const made = await asUser(t(), admin, 'POST', '/v1/api-keys', {
      name: 'adjuster',
      scopes: ['stock.adjust', 'stock.read'],
    });
    expect(made.status).toBe(201);
    const adjust = { sku: f.sku, location: f.bin, delta: -1, reason: 'damage' };
    expect((await t().call('POST', '/v1/stock/adjustments', adjust, bearer(made.body.key))).status).toBe(201);

    const demoted = await t().call('PATCH', `/v1/users/${admin.id}`, { role: 'read_only' });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    const refused = await t().call('POST', '/v1/stock/adjustments', adjust, bearer(made.body.key));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');
    const me = await t().call('GET', '/v1/me', undefined, bearer(made.body.key));
    expect(me.body).toMatchObject({ role: 'read_only', permissions: ['stock.read'] });
    expect(await stockOf(t(), f.sku, f.bin)).toMatchObject({ onHand: 4 });
  });

  it('records lastUsedAt when the key is used', async () => {
    const made = await makeKey(t(), { scopes: ['stock.read'] });
    expect(made.body.lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await t().call('GET', '/v1/stock', undefined, bearer(made.key))).status).toBe(200);
    const listed = (await t().get('/v1/api-keys?limit=200')).body.items.find(
      (k: { id: string }) => k.id === made.id,
    );
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(before - 5000);
    // Touched at most once a minute: a second use right after leaves it as it was.
    expect((await t().call('GET', '/v1/stock', undefined, bearer(made.key))).status).toBe(200);
    const again = (await t().get('/v1/api-keys?limit=200')).body.items.find(
      (k: { id: string }) => k.id === made.id,
    );
    expect(again.lastUsedAt).toBe(listed.lastUsedAt);
    // A wrong secret with the right prefix does not count as a use.
    await t().db.query('UPDATE api_keys SET last_used_at = NULL WHERE api_key_id = $1', [made.id]);
    const [, prefix] = KEY_RE.exec(made.key)!;
    await t().call('GET', '/v1/stock', undefined, { authorization: `Bearer ck_${prefix}_${'A'.repeat(43)}` });
    const { rows } = await t().db.query('SELECT last_used_at FROM api_keys WHERE api_key_id = $1', [made.id]);
    expect(rows[0]).toEqual({ last_used_at: null });
  });

  it('stops working when its creator is disabled', async () => {
    const admin = await signedIn(t(), 'admin');
    const made = await asUser(t(), admin, 'POST', '/v1/api-keys', { name: 'orphan', scopes: ['stock.read'] });
    expect(made.status).toBe(201);
    expect((await t().call('GET', '/v1/stock', undefined, bearer(made.body.key))).status).toBe(200);
    expect((await t().call('PATCH', `/v1/users/${admin.id}`, { isDisabled: true })).status).toBe(200);
    const r = await t().call('GET', '/v1/stock', undefined, bearer(made.body.key));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('invalid_api_key');
  });

  it('refuses an expiry in the past, and an expired key', async () => {
    const past = await t().post('/v1/api-keys', {
      name: 'late',
      scopes: ['stock.read'],
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('expiry_in_past');

    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const made = await makeKey(t(), { scopes: ['stock.read'], expiresAt });
    expect(Date.parse(made.body.expiresAt)).toBe(Date.parse(expiresAt));
    expect((await t().call('GET', '/v1/stock', undefined, bearer(made.key))).status).toBe(200);
    await t().db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE api_key_id = $1`, [
      made.id,
    ]);
    const r = await t().call('GET', '/v1/stock', undefined, bearer(made.key));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('invalid_api_key');
  });

  it('confines a key to its warehouses: objects elsewhere do not exist for it', async () => {
    const here = await stocked(t(), 3);
    const there = await stocked(t(), 3);
    const made = await makeKey(t(), {
      scopes: ['stock.read', 'locations.read'],
      warehouses: [here.warehouse],
    });
    expect(made.body).toMatchObject({ allWarehouses: false, warehouses: [here.warehouse] });
    const mine = await t().call(
      'GET',
      `/v1/locations/${encodeURIComponent(here.bin)}`,
      undefined,
      bearer(made.key),
    );
    expect(mine.status).toBe(200);
    const theirs = await t().call(
      'GET',
      `/v1/locations/${encodeURIComponent(there.bin)}`,
      undefined,
      bearer(made.key),
    );
    expect(theirs.status).toBe(404);
    const stock = await t().call('GET', `/v1/stock?sku=${there.sku}`, undefined, bearer(made.key));
    expect(stock.status).toBe(200);
    expect(stock.body.items).toEqual([]);
  });

  it('cannot mint a key that reaches further than the key that mints it', async () => {
    const here = await stocked(t(), 1);
    const there = await stocked(t(), 1);
    const confined = await makeKey(t(), {
      scopes: ['api_keys.write', 'locations.read'],
      warehouses: [here.warehouse],
    });
    const minted = await t().call(
      'POST',
      '/v1/api-keys',
      { name: 'wider?', scopes: ['locations.read'] },
      bearer(confined.key),
    );
    // Either refused, or confined like its maker; never a key for every warehouse.
    if (minted.status === 201) {
      const theirs = await t().call(
        'GET',
        `/v1/locations/${encodeURIComponent(there.bin)}`,
        undefined,
        bearer(minted.body.key),
      );
      expect(theirs.status).toBe(404);
    } else {
      expect(minted.status).toBe(403);
    }
    const elsewhere = await t().call(
      'POST',
      '/v1/api-keys',
      { name: 'elsewhere', scopes: ['locations.read'], warehouses: [there.warehouse] },
      bearer(confined.key),
    );
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('unknown_warehouse');
  });
});
