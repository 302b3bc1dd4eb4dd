import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { mapDatabaseError } from '../db/index.js';
import { DomainError, httpStatusOf } from '../kernel/errors.js';

interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: Record<string, unknown>;
}

/** Turns a schema validation failure into a DomainError with a stable code and the offending field. */
export function fromValidation(errors: readonly AjvErrorLike[], context: string): DomainError {
  const first = errors[0];
  const where = (path: string) => `${context}${path.replace(/\//g, '.')}`.replace(/^body\./, '');
  if (!first) return new DomainError('validation', 'validation_failed', 'The request is not valid.');
  if (first.keyword === 'additionalProperties') {
    const field = `${first.instancePath}/${String(first.params.additionalProperty)}`;
    return new DomainError(
      'validation',
      'unknown_field',
      `Unknown field "${where(field)}": remove it and retry.`,
      {
        field: where(field),
      },
    );
  }
  const field = where(first.instancePath || '');
  const code =
    typeof first.parentSchema?.['x-error-code'] === 'string' ? first.parentSchema['x-error-code'] : null;
  const message = `${field || context} ${first.message ?? 'is invalid'}`;
  return new DomainError('validation', code ?? 'validation_failed', `Invalid request: ${message}.`, {
    field: field || context,
    rule: first.keyword,
    ...(first.params && Object.keys(first.params).length > 0 ? { params: first.params } : {}),
  });
}

const FASTIFY_CODES: Record<string, DomainError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: new DomainError(
    'payload_too_large',
    'payload_too_large',
    'The request body is too large.',
  ),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new DomainError(
    'unsupported_media_type',
    'unsupported_media_type',
    'Send the body as application/json (or text/csv where the operation says so).',
  ),
  FST_ERR_CTP_EMPTY_JSON_BODY: new DomainError('validation', 'malformed_json', 'The request body is empty.'),
  FST_ERR_CTP_INVALID_JSON_BODY: new DomainError(
    'validation',
    'malformed_json',
    'The request body is not valid JSON.',
  ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new DomainError(
    'validation',
    'invalid_content_length',
    'Content-Length does not match the body.',
  ),
};

/** The one translation from anything thrown to the error envelope. Unknown errors are 500s that leak nothing. */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const fe = error as Partial<FastifyError> & { validation?: AjvErrorLike[]; validationContext?: string };
  if (Array.isArray(fe.validation)) return fromValidation(fe.validation, fe.validationContext ?? 'request');
  if (typeof fe.code === 'string' && FASTIFY_CODES[fe.code]) return FASTIFY_CODES[fe.code]!;
  if (error instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new DomainError('validation', 'malformed_json', 'The request body is not valid JSON.');
  }
  const mapped = mapDatabaseError(error);
  if (mapped) return mapped;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new DomainError('validation', 'bad_request', fe.message ?? 'Bad request.');
  }
  return null;
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const domain = toDomainError(error);
  if (domain === null) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: {
        code: 'internal_error',
        message: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
        details: { requestId: request.id },
      },
    });
  }
  const status = httpStatusOf(domain.kind);
  if (status === 503) request.log.warn({ err: error }, 'dependency unavailable');
  const retryAfter = domain.details.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply
    .code(status)
    .send({ error: { code: domain.code, message: domain.message, details: domain.details } });
}
