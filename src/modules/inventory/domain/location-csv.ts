import { parse } from 'csv-parse/sync';
import {
  LAYOUT_FIELDS,
  type LayoutField,
  type LayoutPatch,
  layoutProblems,
  NO_LAYOUT,
} from './location-layout.js';
import { childCode, localCodeOf } from './locations.js';

/**
 * Reading a location layout CSV file, purely: header mapping, per-row validation, duplicates within the
 * file. Columns: code, name, kind, parent, aisle, bay, level, x, y, pick_seq (only code is required). Rows
 * are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
 */
export interface LocationRowError {
  readonly row: number;
  /** The column as the file's header names it; null for the whole row. */
  readonly column: string | null;
  readonly code: string;
  readonly reason: string;
  /** The location code of the row, as written; null when the row has none. */
  readonly location: string | null;
}

export interface CsvLocationRow {
  readonly row: number;
  /** The full path code, e.g. WH1/A-01-02 (the warehouse as the file spells it). */
  readonly code: string;
  readonly warehouse: string;
  readonly local: string;
  /** Null when the column is absent or the cell empty: a new location is named after its local code. */
  readonly name: string | null;
  /** Null when not given: new locations are bins; an existing one keeps its kind. */
  readonly kind: 'zone' | 'bin' | null;
  /** The parent's code when given; else new locations go directly under their warehouse. */
  readonly parent: string | null;
  /** Only the layout columns the header has; an empty cell clears the field. */
  readonly layout: LayoutPatch;
}

export interface ParsedLocationCsv {
  readonly totalRows: number;
  readonly valid: CsvLocationRow[];
  readonly errors: LocationRowError[];
  /** A problem with the whole file (unreadable, too long, a missing or unknown column). */
  readonly fileError: LocationRowError | null;
}

/** More rows than this are refused as a whole: split the file. */
export const MAX_LOCATION_IMPORT_ROWS = 20_000;
const MAX_NAME_LENGTH = 200;

type Column = 'code' | 'name' | 'kind' | 'parent' | LayoutField;

const COLUMN_ALIASES: Record<string, Column> = {
  code: 'code',
  location: 'code',
  name: 'name',
  kind: 'kind',
  type: 'kind',
  parent: 'parent',
  aisle: 'aisle',
  bay: 'bay',
  level: 'level',
  x: 'x',
  x_cm: 'x',
  y: 'y',
  y_cm: 'y',
  pick_seq: 'pickSeq',
  pickseq: 'pickSeq',
  pick_sequence: 'pickSeq',
};

const WHOLE_NUMBER_RE = /^\d{1,10}$/;

const fileError = (totalRows: number, error: Omit<LocationRowError, 'location'>): ParsedLocationCsv => ({
  totalRows,
  valid: [],
  errors: [],
  fileError: { ...error, location: null },
});

export function parseLocationCsv(text: string): ParsedLocationCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as typeof records;
  } catch (e) {
    return fileError(0, {
      row: (e as { lines?: number }).lines ?? 1,
      column: null,
      code: 'invalid_csv',
      reason: `The file is not valid CSV: ${(e as Error).message}`,
    });
  }
  const [header, ...data] = records;
  if (!header) {
    return fileError(0, { row: 1, column: null, code: 'invalid_csv', reason: 'The file is empty' });
  }
  if (data.length > MAX_LOCATION_IMPORT_ROWS) {
    return fileError(data.length, {
      row: MAX_LOCATION_IMPORT_ROWS + 2,
      column: null,
      code: 'too_many_rows',
      reason: `The file has ${data.length} rows; import at most ${MAX_LOCATION_IMPORT_ROWS} at a time`,
    });
  }
  const names = header.record.map((h) => h.trim());
  const columns: Column[] = [];
  const headerOf = new Map<Column, string>();
  for (const name of names) {
    const column = COLUMN_ALIASES[name.toLowerCase()];
    // A misspelt column would silently leave a field alone on every row: refuse it instead.
    if (column === undefined) {
      return fileError(data.length, {
        row: 1,
        column: name,
        code: 'unknown_column',
        reason: `Unknown column "${name}"; the columns are code, name, kind, parent, aisle, bay, level, x, y, pick_seq`,
      });
    }
    if (headerOf.has(column)) {
      return fileError(data.length, {
        row: 1,
        column: name,
        code: 'duplicate_column',
        reason: `The header names ${headerOf.get(column)} twice`,
      });
    }
    headerOf.set(column, name);
    columns.push(column);
  }
  if (!headerOf.has('code')) {
    return fileError(data.length, {
      row: 1,
      column: 'code',
      code: 'missing_column',
      reason: `The header has no "code" column (found: ${names.join(', ')})`,
    });
  }
  if (headerOf.has('x') !== headerOf.has('y')) {
    const missing = headerOf.has('x') ? 'y' : 'x';
    return fileError(data.length, {
      row: 1,
      column: missing,
      code: 'missing_column',
      reason: 'x and y make one point: the header needs both columns or neither',
    });
  }

  const valid: CsvLocationRow[] = [];
  const errors: LocationRowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of data) {
    const row = info.lines;
    if (record.length !== names.length) {
      errors.push({
        row,
        column: null,
        code: 'wrong_column_count',
        reason: `Expected ${names.length} columns, found ${record.length}`,
        location: record[columns.indexOf('code')]?.trim() || null,
      });
      continue;
    }
    const cell = new Map<Column, string>();
    columns.forEach((column, i) => {
      cell.set(column, (record[i] ?? '').trim());
    });
    const written = cell.get('code') ?? '';
    const problems: LocationRowError[] = [];
    const problem = (column: Column | null, code: string, reason: string) =>
      problems.push({
        row,
        column: column === null ? null : (headerOf.get(column) ?? column),
        code,
        reason,
        location: written === '' ? null : written,
      });

    const parent = cell.get('parent') || null;
    let warehouse: string | null = null;
    let local: string | null = null;
    if (written === '') {
      problem('code', 'invalid_location_code', 'The code is empty');
    } else {
      // Warehouse codes have no slash, so the warehouse is the first segment of the parent or the code.
      const slash = written.indexOf('/');
      warehouse = parent !== null ? parent.split('/')[0]! : slash >= 0 ? written.slice(0, slash) : null;
      if (warehouse === null) {
        problem(
          'code',
          'invalid_location_code',
          `Give ${written} as a full path (WH1/${written}) or name its parent`,
        );
      } else {
        const checked = localCodeOf(written, warehouse);
        if (checked.ok) local = checked.local;
        else problem('code', 'invalid_location_code', `Invalid location code: ${checked.reason}`);
      }
    }
    const kindCell = (cell.get('kind') ?? '').toLowerCase();
    const kind = kindCell === '' ? null : kindCell === 'zone' || kindCell === 'bin' ? kindCell : undefined;
    if (kind === undefined) {
      problem(
        'kind',
        'invalid_kind',
        kindCell === 'warehouse'
          ? 'Warehouses are not imported: create them one by one (POST /v1/locations), then import their zones and bins'
          : `Kind "${cell.get('kind')}" is neither zone nor bin`,
      );
    }
    const name = cell.get('name') || null;
    if (name !== null && name.length > MAX_NAME_LENGTH) {
      problem('name', 'invalid_name', `A name is at most ${MAX_NAME_LENGTH} characters`);
    }
    const layout: LayoutPatch = {};
    for (const field of LAYOUT_FIELDS) {
      if (!headerOf.has(field)) continue;
      const value = cell.get(field) ?? '';
      if (field === 'aisle') {
        layout.aisle = value === '' ? null : value;
      } else if (value === '') {
        layout[field] = null;
      } else if (WHOLE_NUMBER_RE.test(value)) {
        layout[field] = Number(value);
      } else {
        problem(
          field,
          'invalid_layout',
          `${headerOf.get(field)} "${value}" is not a whole number of 0 or more`,
        );
      }
    }
    for (const p of layoutProblems({ ...NO_LAYOUT, ...layout })) {
      // A cell already reported as not a number is absent from the layout; do not report it twice.
      if (!problems.some((q) => q.column === headerOf.get(p.field)))
        problem(p.field, 'invalid_layout', p.reason);
    }
    if (problems.length === 0 && warehouse !== null && local !== null) {
      const code = childCode(warehouse, local);
      const key = code.toLowerCase();
      const firstRow = seen.get(key);
      if (firstRow !== undefined) {
        problem('code', 'duplicate_in_file', `${code} already appears in row ${firstRow}`);
      } else {
        seen.set(key, row);
        valid.push({ row, code, warehouse, local, name, kind: kind ?? null, parent, layout });
        continue;
      }
    }
    errors.push(...problems);
  }
  return { totalRows: data.length, valid, errors, fileError: null };
}
