import { unprocessable } from '../../../kernel/errors.js';

/** Business time may be back-dated (a receipt entered the next morning) but not set in the future. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export function checkOccurredAt(occurredAt: string | undefined, now: Date): string | null {
  if (occurredAt === undefined) return null;
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t)) {
    throw unprocessable('invalid_time', `occurredAt "${occurredAt}" is not a date-time.`, {
      field: 'occurredAt',
    });
  }
  if (t > now.getTime() + MAX_FUTURE_SKEW_MS) {
    throw unprocessable(
      'occurred_in_future',
      'occurredAt is in the future; stock can only move in the past or now.',
      {
        occurredAt,
        now: now.toISOString(),
      },
    );
  }
  return new Date(t).toISOString();
}
