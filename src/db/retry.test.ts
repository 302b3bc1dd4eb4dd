/** Bounded retry: deadlocks and serialization failures are retried a few times, then become a 409, never a 5xx. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.js';
import { mapDatabaseError, registerConstraintErrors } from './errors.js';
import { withRetry } from './retry.js';

const pgError = (code: string, constraint?: string) =>
  Object.assign(new Error(`pg ${code}`), { code, constraint });

describe('withRetry', () => {
  it('retries deadlocks and serialization failures until they pass', async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls < 3) throw pgError(calls === 1 ? '40P01' : '40001');
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the bounded number of attempts with 409 transaction_conflict', async () => {
    let calls = 0;
    const failure = await withRetry(async () => {
      calls++;
      throw pgError('40P01');
    }, 4).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({
      kind: 'conflict',
      code: 'transaction_conflict',
      details: { attempts: 4 },
    });
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw pgError('23505');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });
});

describe('mapDatabaseError', () => {
  it('maps registered constraints to their codes and others to a generic 4xx, connection loss to 503', () => {
    registerConstraintErrors({ test_things_key: () => new DomainError('conflict', 'thing_taken', 'taken') });
    expect(mapDatabaseError(pgError('23505', 'test_things_key'))).toMatchObject({ code: 'thing_taken' });
    expect(mapDatabaseError(pgError('23505', 'other_key'))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
    expect(mapDatabaseError(pgError('23514', 'x_check'))).toMatchObject({
      kind: 'conflict',
      code: 'constraint_violation',
    });
    expect(mapDatabaseError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toMatchObject({
      kind: 'unavailable',
    });
    expect(mapDatabaseError(pgError('42P01'))).toBeNull();
    expect(mapDatabaseError(new Error('plain bug'))).toBeNull();
  });
});
