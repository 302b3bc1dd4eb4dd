import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import sjson from 'secure-json-parse';
import Type from 'typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { systemActor } from '../kernel/actor.js';
import { type Clock, systemClock } from '../kernel/clock.js';
import { DomainError, validationError } from '../kernel/errors.js';
import { newId } from '../kernel/ids.js';
import { accessRoutes, installAccessControl, installSecurityHeaders } from '../modules/access/index.js';
import { catalogRoutes } from '../modules/catalog/index.js';
import { countingRoutes } from '../modules/counting/index.js';
import { fulfillmentRoutes, packingRoutes, pickingRoutes } from '../modules/fulfillment/index.js';
import { inventoryRoutes } from '../modules/inventory/index.js';
import { orderRoutes } from '../modules/orders/index.js';
import { purchasingRoutes, receivingRoutes } from '../modules/purchasing/index.js';
import { putawayRoutes } from '../modules/putaway/index.js';
import { reportRoutes } from '../modules/reports/index.js';
import { returnRoutes } from '../modules/returns/index.js';
import { transferRoutes } from '../modules/transfers/index.js';
import { webhookRoutes } from '../modules/webhooks/index.js';
import { sendError } from './errors.js';
import { ErrorResponse } from './schemas.js';
import type { App } from './types.js';
import { webRoutes } from './web.js';

export interface AppDeps {
  readonly db: Db;
  readonly config: Config;
  readonly clock?: Clock;
  /** A pino logger, or false for silence (tests). Defaults to JSON logs at the configured level. */
  readonly logger?: FastifyBaseLogger | false;
}

/**
 * Bodies are validated strictly (no coercion, unknown fields rejected); query strings and path parameters
 * arrive as text, so only they are coerced to the schema's types.
 */
function buildValidator(externalSchemas: Record<string, unknown> = {}) {
  const make = (coerceTypes: false | 'array') => {
    const ajv = new Ajv({
      coerceTypes,
      useDefaults: true,
      removeAdditional: false,
      allErrors: false,
      strict: false,
      verbose: true,
    });
    addFormats.default(ajv);
    for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as object);
    return ajv;
  };
  const strictAjv = make(false);
  const coercingAjv = make('array');
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema as object);
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;
const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;

export { VERSION as API_VERSION } from '../version.js';

import { VERSION as API_VERSION } from '../version.js';

/**
 * Builds the HTTP application (not listening): JSON under /v1, the OpenAPI 3.1 document at
 * /v1/openapi.json generated from the same schemas that validate requests, a docs page at /docs.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { db, config } = deps;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    ...(deps.logger === false
      ? { logger: false }
      : deps.logger
        ? { loggerInstance: deps.logger }
        : {
            logger: {
              level: config.logLevel,
              redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
            },
          }),
    bodyLimit: config.bodyLimitBytes,
    // Fastify accepts a hop count too (proxy-addr), though its types omit it.
    trustProxy: config.trustProxy as boolean | string[],
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : newId('request');
    },
    // Set through the factory (not setValidatorCompiler) so plugins that add shared schemas keep it.
    schemaController: { compilersFactory: { buildValidator } },
    routerOptions: { ignoreTrailingSlash: true },
    // While closing, requests are refused by our own hook below, in the error envelope.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.decorate('coulisseConfig', config);

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, sjson.parse(text, { protoAction: 'error', constructorAction: 'error' }));
    } catch (e) {
      const detail = e instanceof SyntaxError ? e.message : 'forbidden __proto__ or constructor key';
      done(validationError('malformed_json', `The request body is not valid JSON: ${detail}.`), undefined);
    }
  });
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 },
    (_req, body, done) => done(null, String(body)),
  );

  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    // Name shared schemas by their $id (#/components/schemas/Sku) rather than def-0, def-1, …
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Coulisse API',
        version: API_VERSION,
        description:
          'Back-office for e-commerce operations: catalog, locations, the stock ledger and reservations. ' +
          'Errors are `{ "error": { "code", "message", "details" } }` with stable snake_case codes. Every ' +
          'mutating call accepts an `Idempotency-Key` header.',
      },
      tags: [
        { name: 'catalog', description: 'SKUs' },
        { name: 'locations', description: 'Warehouses, zones, bins and virtual locations' },
        { name: 'stock', description: 'The stock ledger: receipts, adjustments, counts, transfers, queries' },
        { name: 'reservations', description: 'Two-phase stock reservations' },
        { name: 'transfers', description: 'Transfer orders between warehouses: request, ship, receive' },
        { name: 'orders', description: 'Sales channels and orders: intake, routing, hold, cancel' },
        { name: 'webhooks', description: 'Outgoing webhooks: subscriptions and the delivery log' },
        { name: 'reports', description: 'The dashboard: figures across orders and stock' },
        { name: 'access', description: 'Sign-in, users, API keys, the audit trail and the shrinkage report' },
        { name: 'system', description: 'Health and documents' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer ck_…' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'coulisse_session',
            description: 'The web session (POST /v1/auth/login); state-changing calls also need X-CSRF-Token',
          },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });

  // Before every other hook, so that even a request refused at the door gets the security headers.
  await installSecurityHeaders(app);

  let closing = false;
  app.decorate('beginShutdown', () => {
    closing = true;
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) {
      reply.header('connection', 'close');
      throw new DomainError(
        'unavailable',
        'shutting_down',
        'This server is shutting down; retry the request (another server may take it).',
      );
    }
    const rawKey = req.headers['idempotency-key'];
    let idempotencyKey: string | null = null;
    if (rawKey !== undefined) {
      if (typeof rawKey !== 'string' || !IDEMPOTENCY_KEY_RE.test(rawKey)) {
        throw validationError(
          'invalid_idempotency_key',
          'Idempotency-Key must be 1 to 255 visible ASCII characters.',
        );
      }
      idempotencyKey = rawKey;
    }
    req.ctx = {
      db,
      actor: systemActor('http'),
      userId: null,
      clock,
      requestId: req.id,
      idempotencyKey,
      // Until access control has authenticated the request: no permissions, no warehouses.
      warehouseScope: [],
      permissions: new Set(),
      unsafeDisableStockGuard: config.unsafeDisableStockGuard,
    };
  });
  app.addHook('preValidation', async (req) => {
    // Action endpoints (POST …/post, …/void) may be called without a body.
    if (req.body === undefined && (req.method === 'POST' || req.method === 'PATCH')) req.body = {};
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (req.url.startsWith('/v1/')) {
      reply.header('cache-control', 'no-store');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });

  await installAccessControl(app, { db, config });

  app.setErrorHandler((error, req, reply) => sendError(error, req, reply));
  app.setNotFoundHandler((req, reply) =>
    sendError(
      new DomainError('not_found', 'route_not_found', `No operation ${req.method} ${req.url.split('?')[0]}.`),
      req,
      reply,
    ),
  );

  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), engine: Type.String(), version: Type.String() }),
          '5xx': Type.Ref('ErrorResponse'),
        },
      },
    },
    async () => {
      try {
        await db.query('SELECT 1');
      } catch {
        throw new DomainError('unavailable', 'database_unavailable', 'The database is not reachable.');
      }
      return { status: 'ok' as const, engine: db.engine, version: API_VERSION };
    },
  );
  app.get('/v1/openapi.json', { schema: { hide: true, operationId: 'getOpenApi' } }, async () =>
    app.swagger(),
  );

  await app.register(accessRoutes);
  await app.register(catalogRoutes);
  await app.register(inventoryRoutes);
  await app.register(orderRoutes);
  await app.register(fulfillmentRoutes);
  await app.register(packingRoutes);
  await app.register(pickingRoutes);
  await app.register(countingRoutes);
  await app.register(purchasingRoutes);
  await app.register(receivingRoutes);
  await app.register(putawayRoutes);
  await app.register(transferRoutes);
  await app.register(webhookRoutes);
  await app.register(reportRoutes);
  await app.register(returnRoutes);
  await app.register(webRoutes);
  return app;
}
