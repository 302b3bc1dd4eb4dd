import { validationError } from './errors.js';

/** Opaque cursors: base64url JSON of the last row's sort key. Tampered cursors are a 400, never a 500. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  shape: readonly ('string' | 'number')[],
): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) {
      return key as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw validationError(
    'invalid_cursor',
    'The cursor is not one this list returned; start again without a cursor.',
  );
}

/** Takes limit+1 rows: returns the page and the cursor of its last row when there are more. */
export function pageOf<R>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => (string | number)[],
): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(keyOf(page[page.length - 1]!)) };
}
