import createClient, { type Middleware } from 'openapi-fetch';
import { errorFromResponse, networkError } from './errors';
import { newIdempotencyKey } from './idempotency';
import type { paths } from './schema';

/**
 * The one way the UI talks to the server: same-origin /v1 calls carrying the session cookie
 * (HttpOnly: never seen by this code), the session's CSRF token on every state-changing request, and an
 * Idempotency-Key on every POST (the caller may give its own, to make a retried action safe).
 */

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The token from sign-in or GET /v1/me; null when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to anything but sign-in: the session has ended. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    if (!SAFE_METHODS.has(request.method) && csrfToken !== null) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) {
      request.headers.set('idempotency-key', newIdempotencyKey());
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/v1/auth/login')) {
      onUnauthenticated?.();
    }
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'same-origin',
});
api.use(sessionMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a 2xx answer, or an ApiError (the server's envelope, or a network failure). */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError(e);
  }
  if (!result.response.ok) throw errorFromResponse(result.response, result.error);
  return result.data as T;
}

/** Headers for a POST made with a key chosen by the caller (kept across retries of one action). */
export function idempotent(key: string): { headers: { 'idempotency-key': string } } {
  return { headers: { 'idempotency-key': key } };
}
