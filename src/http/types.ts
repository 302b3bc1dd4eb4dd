import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Config } from '../config.js';
import type { Context } from '../db/index.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's context: database, actor, clock, request id, idempotency key. */
    ctx: Context;
  }
  interface FastifyInstance {
    coulisseConfig: Config;
    /** From now on new requests get 503 shutting_down (in flight ones finish); close() follows. */
    beginShutdown(): void;
  }
}
