import { expect } from 'vitest';
import { type Response, type TestApp, unique } from './harness.js';

/**
 * Principals for access-control tests: a signed-in user of a given role (session cookie + CSRF token, as
 * a browser would call) and an API key with given scopes, both made through the API with the owner's key.
 */

type Call = <T = any>(
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response<T>>;

export interface Session {
  readonly userId: string;
  readonly email: string;
  /** Mutable: a test that changes the password through the API records the new one here. */
  password: string;
  /** The `Cookie` header value, `coulisse_session=<token>`; mutable, see `adopt`. */
  cookie: string;
  csrfToken: string;
  /** Sends the session cookie, and on state-changing methods the X-CSRF-Token header; never an API key. */
  readonly call: Call;
  /** Switches to the session a sign-in response opened (its Set-Cookie and CSRF token). */
  adopt(login: Response): void;
}

export interface Key {
  readonly id: string;
  readonly key: string;
  /** Sends `Authorization: Bearer <key>` instead of the owner's key. */
  readonly call: Call;
}

export const DEFAULT_PASSWORD = 'a long enough test passphrase';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The `coulisse_session=<token>` pair of a response's Set-Cookie header, or null when it sets none. */
export function sessionCookieOf(res: Response): string | null {
  const raw = res.headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  for (const line of lines) {
    const m = /^coulisse_session=([^;]*)/.exec(line);
    if (m && m[1] !== '') return `coulisse_session=${m[1]}`;
  }
  return null;
}

/**
 * Creates a user of `role` (POST /v1/users with the owner's key) and signs them in (POST /v1/auth/login,
 * no credentials). `warehouses`: warehouse codes, or 'all' (the default; owners and admins always see all).
 */
export async function signIn(
  t: TestApp,
  role: string,
  warehouses: string[] | 'all' = 'all',
  options: { name?: string; password?: string } = {},
): Promise<Session> {
  const email = `${unique(role.replaceAll('_', '-'))}@test.example`.toLowerCase();
  const password = options.password ?? DEFAULT_PASSWORD;
  const created = await t.post('/v1/users', {
    email,
    name: options.name ?? `Test ${role}`,
    password,
    role,
    ...(warehouses === 'all' ? { allWarehouses: true } : { warehouses }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const login = await t.anonymous('POST', '/v1/auth/login', { email, password });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const cookie = sessionCookieOf(login);
  expect(cookie, 'the sign-in response sets the session cookie').not.toBeNull();

  const session: Session = {
    userId: created.body.id,
    email,
    password,
    cookie: cookie!,
    csrfToken: login.body.csrfToken,
    call: (method, url, body, headers = {}) =>
      t.anonymous(method, url, body, {
        cookie: session.cookie,
        ...(SAFE_METHODS.has(method.toUpperCase()) ? {} : { 'x-csrf-token': session.csrfToken }),
        ...headers,
      }),
    adopt(res) {
      const next = sessionCookieOf(res);
      expect(next, 'the sign-in response sets the session cookie').not.toBeNull();
      session.cookie = next!;
      session.csrfToken = res.body.csrfToken;
    },
  };
  return session;
}

/**
 * Creates an API key with the owner's key (so the key acts with the owner's role capped by `scopes`),
 * restricted to `warehouses` (codes) when given, else in every warehouse.
 */
export async function makeKey(t: TestApp, scopes: string[], warehouses?: string[]): Promise<Key> {
  const r = await t.post('/v1/api-keys', {
    name: unique('key'),
    scopes,
    ...(warehouses === undefined ? {} : { warehouses }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const key = r.body.key as string;
  return {
    id: r.body.id,
    key,
    call: (method, url, body, headers = {}) =>
      t.call(method, url, body, { authorization: `Bearer ${key}`, ...headers }),
  };
}
