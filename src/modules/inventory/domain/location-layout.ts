/**
 * Where a location is on the warehouse floor plan, purely. Coordinates are integer centimetres; a bin in an
 * aisle sits on the aisle's centreline, a warehouse's own point is its depot (where pick routes start and
 * end), and pick_seq orders bins when coordinates are unknown. The same rules are the database's
 * `locations_layout_check`: asserted here so that a request is told which field is wrong, and there so that
 * nothing else can write a broken layout.
 */
export interface Layout {
  readonly aisle: string | null;
  readonly bay: number | null;
  readonly level: number | null;
  /** Centimetres from the floor plan's origin; set together with y, or neither. */
  readonly x: number | null;
  readonly y: number | null;
  readonly pickSeq: number | null;
}

export type LayoutField = keyof Layout;

/** A change to a layout: a field left out keeps its value, null clears it. */
export type LayoutPatch = { -readonly [K in LayoutField]?: Layout[K] };

export const LAYOUT_FIELDS: readonly LayoutField[] = ['aisle', 'bay', 'level', 'x', 'y', 'pickSeq'];

export const NO_LAYOUT: Layout = { aisle: null, bay: null, level: null, x: null, y: null, pickSeq: null };

/** 100 km: the floor plan's extent in each direction, in centimetres. */
export const MAX_COORDINATE_CM = 10_000_000;
export const MAX_AISLE_LENGTH = 40;
/** Bays, levels and pick sequence numbers fit the database's integer with room to spare. */
export const MAX_LAYOUT_INDEX = 1_000_000_000;

export interface LayoutProblem {
  readonly field: LayoutField;
  readonly reason: string;
}

const isIndex = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;

/** What is wrong with a layout (empty when nothing is). */
export function layoutProblems(layout: Layout): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  if (layout.aisle !== null && (layout.aisle.length < 1 || layout.aisle.length > MAX_AISLE_LENGTH)) {
    problems.push({ field: 'aisle', reason: `an aisle is 1 to ${MAX_AISLE_LENGTH} characters` });
  }
  for (const field of ['bay', 'level', 'pickSeq'] as const) {
    const value = layout[field];
    if (value !== null && !isIndex(value, MAX_LAYOUT_INDEX)) {
      problems.push({ field, reason: `${field} is a whole number from 0 to ${MAX_LAYOUT_INDEX}` });
    }
  }
  for (const field of ['x', 'y'] as const) {
    const value = layout[field];
    if (value !== null && !isIndex(value, MAX_COORDINATE_CM)) {
      problems.push({ field, reason: `${field} is whole centimetres from 0 to ${MAX_COORDINATE_CM}` });
    }
  }
  if ((layout.x === null) !== (layout.y === null)) {
    const missing = layout.x === null ? 'x' : 'y';
    problems.push({ field: missing, reason: 'x and y make one point: give both or neither' });
  }
  return problems;
}

/**
 * The layout after a patch, or the problems of the patch. x and y travel together in a patch (a point is
 * one value), so that changing one coordinate never silently keeps a stale other.
 */
export function patchLayout(
  current: Layout,
  patch: LayoutPatch,
): { ok: true; layout: Layout } | { ok: false; problems: LayoutProblem[] } {
  if ((patch.x === undefined) !== (patch.y === undefined)) {
    const missing = patch.x === undefined ? 'x' : 'y';
    return {
      ok: false,
      problems: [{ field: missing, reason: 'x and y make one point: send both (or both null to clear)' }],
    };
  }
  const aisle = patch.aisle === undefined ? current.aisle : (patch.aisle?.trim() ?? null);
  const layout: Layout = {
    aisle,
    bay: patch.bay === undefined ? current.bay : patch.bay,
    level: patch.level === undefined ? current.level : patch.level,
    x: patch.x === undefined ? current.x : patch.x,
    y: patch.y === undefined ? current.y : patch.y,
    pickSeq: patch.pickSeq === undefined ? current.pickSeq : patch.pickSeq,
  };
  const problems = layoutProblems(layout);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, layout };
}

export const sameLayout = (a: Layout, b: Layout): boolean => LAYOUT_FIELDS.every((f) => a[f] === b[f]);
