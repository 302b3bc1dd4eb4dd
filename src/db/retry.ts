import { conflict } from '../kernel/errors.js';
import { isRetryable } from './errors.js';

export const DEFAULT_MAX_ATTEMPTS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds or fails with a non-retryable error. Deadlocks, serialization failures
 * and lock timeouts (40P01, 40001, 55P03) are retried after full-jitter exponential backoff (a random wait
 * below 8, 16, 32, … ms), at most `maxAttempts` times in all; then the caller gets a 409
 * `transaction_conflict`, never a 5xx.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isRetryable(e)) throw e;
      if (n >= maxAttempts) {
        throw conflict(
          'transaction_conflict',
          'The system is busy with conflicting changes to the same records; retry the request.',
          { attempts: n },
        );
      }
      await sleep(Math.random() * 2 ** (n + 1) * 2);
    }
  }
}
