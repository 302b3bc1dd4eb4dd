/**
 * The one error type of Coulisse. Every expected failure is a DomainError with a stable snake_case `code`
 * and a `kind` that the HTTP layer maps to a status through an exhaustive switch. Messages are for people
 * (they say what to do next); `details` carries the numbers, for programs and tests.
 */
export type ErrorKind =
  | 'validation' // 400: the request is malformed (schema, syntax)
  | 'unprocessable' // 422: well-formed but breaks a business rule about its own content
  | 'not_found' // 404
  | 'conflict' // 409: the current state of the world forbids it (stock, status, stale version)
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'rate_limited' // 429
  | 'unavailable'; // 503

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
  }
}

export const validationError = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('validation', code, message, details);
export const unprocessable = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('unprocessable', code, message, details);
export const notFound = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('not_found', code, message, details);
export const conflict = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('conflict', code, message, details);
export const unauthenticated = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('unauthenticated', code, message, details);
export const forbidden = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('forbidden', code, message, details);
export const rateLimited = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('rate_limited', code, message, details);
