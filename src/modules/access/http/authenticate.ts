import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/index.js';
import type { App } from '../../../http/types.js';
import { DomainError, forbidden, rateLimited, unauthenticated } from '../../../kernel/errors.js';
import { loadApiKeyPrincipal, loadSessionPrincipal, type Principal } from '../db/principals.js';
import { allows, OPERATIONS, type Requirement } from '../domain/permissions.js';
import { authenticationRequired, permissionDenied } from '../errors.js';
import { parseApiKey, sameSecret } from '../secrets.js';

export const SESSION_COOKIE = 'coulisse_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: null only on public operations called without credentials. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the operation requires, from the permission table (set for every /v1 route). */
    requirement?: Requirement;
    operationId?: string;
  }
}

/** Security headers (CSP, HSTS, frame, referrer, nosniff …) on every response, errors included. */
export async function installSecurityHeaders(app: App): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Would send the browser to https://localhost for every asset of a plain-HTTP local install.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * The one authorization point. Every /v1 route must have an operationId listed in the permission table
 * (OPERATIONS), or the server refuses to start. For each request: authenticate (API key in
 * `Authorization: Bearer`, or the session cookie), check CSRF for state-changing cookie requests (the
 * `X-CSRF-Token` header must carry the session's token), check the permission the operation needs, and
 * put the principal's actor, role, permissions and warehouse scope into the request context, where every
 * command and query finds them. Also a per-principal rate limit.
 * Must be installed before any route is registered.
 */
export async function installAccessControl(app: App, deps: { db: Db; config: Config }): Promise<void> {
  const { db, config } = deps;
  await app.register(cookie);

  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1')) return;
    const schema = (route.schema ?? {}) as { operationId?: string; security?: unknown };
    const operationId = schema.operationId;
    const requirement = operationId === undefined ? undefined : OPERATIONS[operationId];
    if (operationId === undefined || requirement === undefined) {
      throw new Error(
        `${route.method} ${route.url}: operation ${operationId ?? '(no operationId)'} is not in the permission table (src/modules/access/domain/permissions.ts)`,
      );
    }
    route.config = { ...(route.config ?? {}), requirement, operationId };
    // The document says what each operation needs, from the same table that enforces it.
    const needs =
      requirement === 'public'
        ? 'Public: no credentials needed.'
        : requirement === 'authenticated'
          ? 'Needs any signed-in user or API key.'
          : `Needs the permission \`${requirement}\`.`;
    const described = schema as { description?: string };
    route.schema = {
      ...(route.schema ?? {}),
      description: described.description ? `${described.description}\n\n${needs}` : needs,
      ...(requirement === 'public' ? { security: [] } : {}),
    } as NonNullable<typeof route.schema>;
  });

  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => (req.principal ? `p:${req.principal.actor.id}` : `ip:${req.ip}`),
    allowList: (req) => !req.url.startsWith('/v1/'),
    errorResponseBuilder: (_req, context) =>
      new DomainError(
        'rate_limited',
        'rate_limited',
        `Too many requests: at most ${context.max} per minute; retry in ${Math.ceil(context.ttl / 1000)} second(s).`,
        { limit: context.max, retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
      ),
  });

  const refusals = new RefusalCounter(config.rateLimitPerMinute, 60_000);
  app.addHook('onRequest', async (req, reply) => {
    const requirement = req.routeOptions.config.requirement;
    if (requirement === undefined) return;
    // Requests that fail authentication never reach the per-principal limit: count them per address.
    refusals.check(req.ip);
    let principal: Principal | null;
    try {
      principal = await authenticate(req, reply, db, config);
    } catch (e) {
      refusals.add(req.ip);
      throw e;
    }
    if (principal === null) {
      if (requirement === 'public') return;
      refusals.add(req.ip);
      throw authenticationRequired();
    }
    req.principal = principal;
    if (principal.via === 'session' && !SAFE_METHODS.has(req.method) && requirement !== 'public') {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken ?? '')) {
        throw forbidden(
          'csrf_token_invalid',
          'This request needs the X-CSRF-Token header with the token given at sign-in (GET /v1/me returns it).',
        );
      }
    }
    if (!allows(requirement, principal.permissions)) {
      throw permissionDenied(req.routeOptions.config.operationId ?? req.url, requirement);
    }
    req.ctx = {
      ...req.ctx,
      userId: principal.userId,
      channel: principal.channel ?? null,
      actor: principal.actor,
      warehouseScope: principal.warehouseScope,
      permissions: principal.permissions,
    };
  });
}

async function authenticate(
  req: FastifyRequest,
  reply: FastifyReply,
  db: Db,
  config: Config,
): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const parsed = m ? parseApiKey(m[1]!) : null;
    const principal = parsed ? await loadApiKeyPrincipal(db, parsed) : null;
    if (principal === null) {
      throw unauthenticated(
        'invalid_api_key',
        'The API key is not valid: it is malformed, unknown, expired or revoked.',
      );
    }
    return principal;
  }
  const token = req.cookies[SESSION_COOKIE];
  if (token === undefined || token === '') return null;
  const principal = await loadSessionPrincipal(db, token, config.sessionIdleSeconds);
  if (principal === null) {
    clearSessionCookie(req, reply, config);
    // A stale cookie on a public operation (signing in again) is simply ignored.
    if (req.routeOptions.config.requirement === 'public') return null;
    throw unauthenticated('session_expired', 'Your session has ended; sign in again.');
  }
  return principal;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

function secureCookie(req: FastifyRequest, config: Config): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'always';
  // Behind a trusted proxy req.protocol says what the browser used; otherwise loopback hosts are local.
  if (req.protocol === 'https') return true;
  return !LOOPBACK.test(req.host ?? req.headers.host ?? '');
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(req, config),
    path: '/',
    maxAge: config.sessionAbsoluteSeconds,
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, config: Config) {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(req, config),
    path: '/',
  });
}

/**
 * Refused authentications per client address in a fixed window, in this process: beyond the limit, further
 * attempts from the address get 429 without touching the database (key and cookie guessing, floods of
 * unauthenticated calls).
 */
class RefusalCounter {
  private windowStart = Date.now();
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private roll(): void {
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.counts.clear();
    }
  }

  check(address: string): void {
    this.roll();
    if ((this.counts.get(address) ?? 0) >= this.limit) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((this.windowStart + this.windowMs - Date.now()) / 1000),
      );
      throw rateLimited(
        'rate_limited',
        `Too many refused requests from this address; retry in ${retryAfterSeconds} second(s).`,
        { limit: this.limit, retryAfterSeconds },
      );
    }
  }

  add(address: string): void {
    this.roll();
    this.counts.set(address, (this.counts.get(address) ?? 0) + 1);
  }
}
