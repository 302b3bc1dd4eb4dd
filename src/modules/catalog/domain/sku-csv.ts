import { parse } from 'csv-parse/sync';
import { type FieldProblem, type SkuFields, validateSkuFields } from './sku.js';

/**
 * Reading a SKU CSV file, purely: header mapping, per-row validation, duplicates within the file.
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
 */
export interface RowError {
  readonly row: number;
  readonly column: string | null;
  readonly code: string;
  readonly reason: string;
}

export interface CsvSkuRow {
  readonly row: number;
  readonly fields: SkuFields;
}

export interface ParsedSkuCsv {
  readonly totalRows: number;
  readonly valid: CsvSkuRow[];
  readonly errors: RowError[];
  /** A problem with the whole file (unreadable, missing required column): nothing can be imported. */
  readonly fileError: RowError | null;
}

const COLUMN_ALIASES: Record<string, keyof SkuFields> = {
  code: 'code',
  sku: 'code',
  'sku code': 'code',
  variant_sku: 'code',
  name: 'name',
  title: 'name',
  description: 'name',
  gtin: 'gtin',
  barcode: 'gtin',
  ean: 'gtin',
  upc: 'gtin',
  unit: 'unit',
  uom: 'unit',
};

export function parseSkuCsv(text: string): ParsedSkuCsv {
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
    const line = (e as { lines?: number }).lines ?? null;
    return {
      totalRows: 0,
      valid: [],
      errors: [],
      fileError: {
        row: line ?? 1,
        column: null,
        code: 'invalid_csv',
        reason: `The file is not valid CSV: ${(e as Error).message}`,
      },
    };
  }
  const [header, ...data] = records;
  if (!header) {
    return {
      totalRows: 0,
      valid: [],
      errors: [],
      fileError: { row: 1, column: null, code: 'invalid_csv', reason: 'The file is empty' },
    };
  }
  const columns = header.record.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()] ?? null);
  for (const required of ['code', 'name'] as const) {
    if (!columns.includes(required)) {
      return {
        totalRows: data.length,
        valid: [],
        errors: [],
        fileError: {
          row: 1,
          column: required,
          code: 'missing_column',
          reason: `The header has no "${required}" column (found: ${header.record.join(', ')})`,
        },
      };
    }
  }
  const valid: CsvSkuRow[] = [];
  const errors: RowError[] = [];
  const seenCodes = new Map<string, number>();
  const seenGtins = new Map<string, number>();
  for (const { record, info } of data) {
    const row = info.lines;
    if (record.length !== header.record.length) {
      errors.push({
        row,
        column: null,
        code: 'wrong_column_count',
        reason: `Expected ${header.record.length} columns, found ${record.length}`,
      });
      continue;
    }
    const raw: Record<string, string> = {};
    columns.forEach((col, i) => {
      if (col !== null && raw[col] === undefined) raw[col] = record[i] ?? '';
    });
    const checked = validateSkuFields({
      code: raw.code ?? '',
      name: raw.name ?? '',
      gtin: raw.gtin,
      unit: raw.unit,
    });
    if (!checked.ok) {
      for (const p of checked.problems) errors.push(toRowError(row, p));
      continue;
    }
    const key = checked.value.code.toLowerCase();
    const firstRow = seenCodes.get(key);
    if (firstRow !== undefined) {
      errors.push({
        row,
        column: 'code',
        code: 'duplicate_in_file',
        reason: `SKU ${checked.value.code} already appears in row ${firstRow}`,
      });
      continue;
    }
    const gtin14 = checked.value.gtin?.padStart(14, '0');
    const gtinRow = gtin14 ? seenGtins.get(gtin14) : undefined;
    if (gtinRow !== undefined) {
      errors.push({
        row,
        column: 'gtin',
        code: 'duplicate_in_file',
        reason: `GTIN ${checked.value.gtin} already appears in row ${gtinRow}`,
      });
      continue;
    }
    seenCodes.set(key, row);
    if (gtin14) seenGtins.set(gtin14, row);
    valid.push({ row, fields: checked.value });
  }
  return { totalRows: data.length, valid, errors, fileError: null };
}

function toRowError(row: number, p: FieldProblem): RowError {
  return { row, column: p.field, code: p.code, reason: p.message };
}
