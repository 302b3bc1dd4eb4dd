/** Ids: `<prefix>_<ulid>`, unique and increasing within a process even within one millisecond. */
import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe('ids', () => {
  it('are prefixed ULIDs, unique and sortable by creation', () => {
    const ids = Array.from({ length: 5000 }, () => newId('move'));
    expect(ids.every((id) => isId('move', id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(isId('sku', ids[0]!)).toBe(false);
  });

  it('use the whole alphabet in their random part', () => {
    const chars = new Set(Array.from({ length: 2000 }, () => newId('sku').slice(-16)).join(''));
    expect(chars.size).toBe(32);
  });
});
