import { monotonicFactory } from 'ulid';

/**
 * Ids are `<prefix>_<ulid>`: sortable by creation time, unguessable enough for references, and telling
 * their type at a glance in logs (`sku_01J…`, `mov_01J…`). Human document numbers are separate columns.
 */
export const ID_PREFIXES = {
  sku: 'sku',
  location: 'loc',
  move: 'mov',
  reservation: 'res',
  transfer: 'trf',
  count: 'cnt',
  request: 'req',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ulid = monotonicFactory();

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${ulid()}`;
}

const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(kind: IdKind, value: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ULID_RE.test(value.slice(prefix.length));
}
