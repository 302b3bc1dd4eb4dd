import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery, Timestamp } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { forbidden } from '../../../kernel/errors.js';
import { getShrinkageReport } from '../../inventory/index.js';
import { createApiKey, revokeApiKey } from '../commands/api-keys.js';
import { createUser } from '../commands/create-user.js';
import { login, logout } from '../commands/login.js';
import { changeMyPassword, setUserPassword } from '../commands/set-password.js';
import { updateUser } from '../commands/update-user.js';
import { listAudit } from '../queries/list-audit.js';
import { getUser, listApiKeys, listUsers } from '../queries/users.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './authenticate.js';
import {
  ApiKey,
  AuditRecord,
  ChangeMyPasswordBody,
  CreateApiKeyBody,
  CreatedApiKey,
  CreateUserBody,
  LoginBody,
  LoginResult,
  Me,
  SetPasswordBody,
  ShrinkageReport,
  UpdateUserBody,
  User,
} from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const EmptyBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

export async function accessRoutes(app: App): Promise<void> {
  for (const s of [User, ApiKey, AuditRecord]) app.addSchema(s);
  const UserRef = Type.Ref('User');
  const ApiKeyRef = Type.Ref('ApiKey');
  const config = app.coulisseConfig;

  // Sessions ----------------------------------------------------------------------------------------------
  app.post(
    '/v1/auth/login',
    {
      schema: {
        tags: ['access'],
        operationId: 'login',
        summary: 'Sign in with email and password: sets the HttpOnly session cookie, returns the CSRF token',
        body: LoginBody,
        response: { 200: LoginResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await login(req.ctx.db, req.body, {
        address: req.ip ?? null,
        userAgent:
          typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 500) : null,
        presentedToken: req.cookies[SESSION_COOKIE] ?? null,
        absoluteSeconds: config.sessionAbsoluteSeconds,
        failuresBeforeBackoff: config.loginFailuresBeforeBackoff,
        requestId: req.id,
        clock: req.ctx.clock,
      });
      setSessionCookie(req, reply, config, result.token);
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt };
    },
  );
  app.post(
    '/v1/auth/logout',
    {
      schema: {
        tags: ['access'],
        operationId: 'logout',
        summary: 'Sign out: the session ends server-side',
        body: EmptyBody,
        response: { 200: Type.Object({ signedOut: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await logout(req.ctx, req.principal?.sessionHash ?? null);
      clearSessionCookie(req, reply, config);
      return sendOutcome(reply, out);
    },
  );
  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['access'],
        operationId: 'getMe',
        summary: 'Who am I: user or key, role, permissions, warehouses, and the CSRF token of this session',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => {
      const p = req.principal!;
      let warehouses: string[] | null = null;
      if (p.warehouseScope !== null) {
        const { rows } = await req.ctx.db.query<{ code: string }>(
          'SELECT code FROM locations WHERE location_id = ANY($1::text[]) ORDER BY code',
          [p.warehouseScope],
        );
        warehouses = rows.map((r) => r.code);
      }
      return {
        kind: p.via === 'session' ? ('user' as const) : ('api_key' as const),
        id: p.actor.id,
        name: p.actor.name,
        role: p.role,
        userId: p.userId,
        permissions: [...p.permissions].sort(),
        warehouses,
        csrfToken: p.csrfToken ?? null,
      };
    },
  );
  app.post(
    '/v1/me/password',
    {
      schema: {
        tags: ['access'],
        operationId: 'changeMyPassword',
        summary: 'Change your own password (your other sessions end)',
        body: ChangeMyPasswordBody,
        response: {
          200: Type.Object({ id: Type.String(), sessionsEnded: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      if (p.via !== 'session') {
        throw forbidden(
          'session_required',
          'Only a signed-in user changes their own password; keys have none.',
        );
      }
      return sendOutcome(reply, await changeMyPassword(req.ctx, req.body, p.sessionHash ?? null));
    },
  );

  // Users -------------------------------------------------------------------------------------------------
  app.get(
    '/v1/users',
    {
      schema: {
        tags: ['access'],
        operationId: 'listUsers',
        summary: 'List staff accounts',
        querystring: Type.Object(
          {
            query: Type.Optional(Type.String({ maxLength: 200 })),
            role: Type.Optional(Type.String({ maxLength: 40 })),
            includeDisabled: Type.Optional(Type.Boolean({ default: true })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(UserRef), ...errorResponses },
      },
    },
    async (req) => listUsers(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.post(
    '/v1/users',
    {
      schema: {
        tags: ['access'],
        operationId: 'createUser',
        summary: 'Create a staff account',
        body: CreateUserBody,
        response: { 201: UserRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createUser(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/users/:id',
    {
      schema: {
        tags: ['access'],
        operationId: 'getUser',
        summary: 'Get a staff account',
        params: IdParams,
        response: { 200: UserRef, ...errorResponses },
      },
    },
    async (req) => getUser(req.ctx, req.params.id),
  );
  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags: ['access'],
        operationId: 'updateUser',
        summary: 'Change name, role, warehouses or disabled (disabling ends the sessions at once)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updateUser(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/users/:id/password',
    {
      schema: {
        tags: ['access'],
        operationId: 'setUserPassword',
        summary: "Reset a user's password (their sessions end)",
        params: IdParams,
        body: SetPasswordBody,
        response: {
          200: Type.Object({ id: Type.String(), sessionsEnded: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => sendOutcome(reply, await setUserPassword(req.ctx, req.params.id, req.body)),
  );

  // API keys ----------------------------------------------------------------------------------------------
  app.get(
    '/v1/api-keys',
    {
      schema: {
        tags: ['access'],
        operationId: 'listApiKeys',
        summary: 'List API keys (never the keys themselves)',
        querystring: Type.Object(
          { includeRevoked: Type.Optional(Type.Boolean({ default: true })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(ApiKeyRef), ...errorResponses },
      },
    },
    async (req) => listApiKeys(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['access'],
        operationId: 'createApiKey',
        summary: 'Create an API key for an integration; the key is in this response only',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      return sendOutcome(
        reply,
        await createApiKey(req.ctx, req.body, { userId: p.userId, role: p.role }),
        201,
      );
    },
  );
  app.post(
    '/v1/api-keys/:id/revoke',
    {
      schema: {
        tags: ['access'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key: refused from the next request on',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ApiKeyRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await revokeApiKey(req.ctx, req.params.id)),
  );

  // Audit and shrinkage -----------------------------------------------------------------------------------
  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['access'],
        operationId: 'listAudit',
        summary: 'The audit trail, newest first',
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ maxLength: 100, description: 'User or API key id' })),
            targetType: Type.Optional(Type.String({ maxLength: 40 })),
            target: Type.Optional(
              Type.String({ maxLength: 200, description: 'Target id (SKU code, user id, …)' }),
            ),
            operation: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'Exact (inventory.adjust_stock) or a prefix ending in "."',
              }),
            ),
            since: Type.Optional(Timestamp()),
            until: Type.Optional(Timestamp()),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Type.Ref('AuditRecord')), ...errorResponses },
      },
    },
    async (req) => listAudit(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/reports/shrinkage',
    {
      schema: {
        tags: ['access'],
        operationId: 'getShrinkageReport',
        summary:
          'Shrinkage: damage, theft, loss, count corrections and scrap by SKU, location, user and period',
        querystring: Type.Object(
          {
            since: Type.Optional(Timestamp()),
            until: Type.Optional(Timestamp()),
            warehouse: Type.Optional(Type.String({ maxLength: 80 })),
            sku: Type.Optional(Type.String({ maxLength: 64 })),
            reason: Type.Optional(Type.String({ maxLength: 40 })),
            actor: Type.Optional(Type.String({ maxLength: 100 })),
            period: Type.Optional(
              Type.Union(
                [Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('all')],
                {
                  default: 'all',
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ShrinkageReport, ...errorResponses },
      },
    },
    async (req) => getShrinkageReport(req.ctx, { ...req.query, period: req.query.period ?? 'all' }),
  );
}
