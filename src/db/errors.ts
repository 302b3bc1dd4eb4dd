import { conflict, DomainError, unprocessable } from '../kernel/errors.js';

/**
 * Maps PostgreSQL errors (SQLSTATE + constraint name) to DomainErrors. Modules register what their named
 * constraints mean; an unregistered constraint still yields a 409/422 with the constraint's name rather
 * than a 500, because a request that trips a constraint changed nothing and can be told why.
 */
export interface PgErrorLike {
  code?: string;
  constraint?: string;
  table?: string;
  detail?: string;
  message: string;
}

export function asPgError(e: unknown): PgErrorLike | null {
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    if (/^[0-9A-Z]{5}$/.test(code)) return e as PgErrorLike;
  }
  return null;
}

export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  lockNotAvailable: '55P03',
  numericOutOfRange: '22003',
  invalidTextRepresentation: '22P02',
  raiseException: 'P0001',
} as const;

export function isRetryable(e: unknown): boolean {
  const pg = asPgError(e);
  return (
    pg !== null &&
    (pg.code === SQLSTATE.serializationFailure ||
      pg.code === SQLSTATE.deadlockDetected ||
      pg.code === SQLSTATE.lockNotAvailable)
  );
}

type ConstraintMapper = (e: PgErrorLike) => DomainError;
const constraintMappers = new Map<string, ConstraintMapper>();

export function registerConstraintErrors(mappers: Record<string, ConstraintMapper>): void {
  for (const [name, mapper] of Object.entries(mappers)) constraintMappers.set(name, mapper);
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P03',
]);

/** Returns the DomainError a database error means, or null when it is a genuine bug (a 500). */
export function mapDatabaseError(e: unknown): DomainError | null {
  if (e instanceof DomainError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    return new DomainError(
      'unavailable',
      'database_unavailable',
      'The database is not reachable; try again shortly.',
    );
  }
  const pg = asPgError(e);
  if (pg === null) return null;
  if (pg.constraint) {
    const mapper = constraintMappers.get(pg.constraint);
    if (mapper) return mapper(pg);
  }
  switch (pg.code) {
    case SQLSTATE.uniqueViolation:
      return conflict('duplicate', 'A record with the same unique key already exists.', {
        constraint: pg.constraint ?? null,
      });
    case SQLSTATE.foreignKeyViolation:
      return conflict('referenced_record', 'The record is referenced by or refers to another record.', {
        constraint: pg.constraint ?? null,
      });
    case SQLSTATE.checkViolation:
      return conflict(
        'constraint_violation',
        'The change would break a rule of the ledger and was not made.',
        {
          constraint: pg.constraint ?? null,
        },
      );
    case SQLSTATE.numericOutOfRange:
      return unprocessable('number_out_of_range', 'A number is out of the range the system accepts.');
    case SQLSTATE.serializationFailure:
    case SQLSTATE.deadlockDetected:
    case SQLSTATE.lockNotAvailable:
      return conflict(
        'transaction_conflict',
        'The system is busy with conflicting changes; retry the request.',
      );
    default:
      return null;
  }
}
