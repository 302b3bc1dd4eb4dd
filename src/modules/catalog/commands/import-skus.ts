import { type Context, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { parseSkuCsv, type RowError } from '../domain/sku-csv.js';

export type ImportMode = 'all_or_nothing' | 'skip_invalid';

export interface ImportSkusOptions {
  readonly mode: ImportMode;
  /** Called as rows are written: (rows written so far, rows to write). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImportSkusReport {
  mode: ImportMode;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** False when nothing was written (all-or-nothing with errors, or an unreadable file). */
  committed: boolean;
  errors: RowError[];
}

const BATCH = 500;

/**
 * Imports SKUs from CSV (columns code, name, gtin, unit; common aliases such as sku, title, barcode
 * accepted). Existing codes are updated, new ones created, identical ones left alone, so re-running a
 * file changes nothing. Every problem is reported with its row, column and reason. In all_or_nothing
 * mode any error writes nothing; in skip_invalid mode the valid rows are written. One transaction.
 */
export async function importSkus(ctx: Context, csv: string, options: ImportSkusOptions) {
  const parsed = parseSkuCsv(csv);
  const report: ImportSkusReport = {
    mode: options.mode,
    totalRows: parsed.totalRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    committed: false,
    errors: parsed.fileError ? [parsed.fileError] : [...parsed.errors],
  };
  if (parsed.fileError) {
    report.rejected = parsed.totalRows;
    return { value: report, replayed: false };
  }
  return runCommand(ctx, 'catalog.import_skus', { csv, mode: options.mode }, async (tx, audit) => {
    const rows = parsed.valid;
    // Existing SKUs with these codes or GTINs, to classify rows and catch conflicts before writing.
    const { rows: existing } = await tx.query<{
      code: string;
      name: string;
      gtin: string | null;
      unit: string;
      has_moves: boolean;
      gtin14: string | null;
    }>(
      `SELECT s.code, s.name, s.gtin, s.unit, lpad(s.gtin, 14, '0') AS gtin14,
              EXISTS (SELECT 1 FROM stock_moves m WHERE m.sku_id = s.sku_id) AS has_moves
         FROM skus s
        WHERE lower(s.code) = ANY($1::text[]) OR lpad(s.gtin, 14, '0') = ANY($2::text[])`,
      [
        rows.map((r) => r.fields.code.toLowerCase()),
        rows.flatMap((r) => (r.fields.gtin ? [r.fields.gtin.padStart(14, '0')] : [])),
      ],
    );
    const byCode = new Map(existing.map((e) => [e.code.toLowerCase(), e]));
    const byGtin = new Map(existing.filter((e) => e.gtin14).map((e) => [e.gtin14!, e]));
    const toWrite: typeof rows = [];
    for (const r of rows) {
      const current = byCode.get(r.fields.code.toLowerCase());
      const gtinOwner = r.fields.gtin ? byGtin.get(r.fields.gtin.padStart(14, '0')) : undefined;
      if (gtinOwner && gtinOwner.code.toLowerCase() !== r.fields.code.toLowerCase()) {
        report.errors.push({
          row: r.row,
          column: 'gtin',
          code: 'gtin_taken',
          reason: `GTIN ${r.fields.gtin} belongs to SKU ${gtinOwner.code}`,
        });
        continue;
      }
      if (current && current.unit !== r.fields.unit && current.has_moves) {
        report.errors.push({
          row: r.row,
          column: 'unit',
          code: 'unit_locked',
          reason: `SKU ${current.code} has stock history in ${current.unit}; its unit cannot change`,
        });
        continue;
      }
      if (
        current &&
        current.name === r.fields.name &&
        current.gtin === r.fields.gtin &&
        current.unit === r.fields.unit
      ) {
        report.unchanged++;
        continue;
      }
      if (current) report.updated++;
      else report.created++;
      toWrite.push(r);
    }
    report.errors.sort((a, b) => a.row - b.row);
    report.rejected = new Set(report.errors.map((e) => e.row)).size;
    if (report.errors.length > 0 && options.mode === 'all_or_nothing') {
      report.created = report.updated = report.unchanged = 0;
      audit.skip();
      return report;
    }
    options.onProgress?.(0, toWrite.length);
    for (let i = 0; i < toWrite.length; i += BATCH) {
      const batch = toWrite.slice(i, i + BATCH);
      await tx.query(
        `INSERT INTO skus (sku_id, code, name, gtin, unit, created_by, updated_by)
         SELECT id, code, name, gtin, unit, $6, $6
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(id, code, name, gtin, unit)
         ON CONFLICT (lower(code)) DO UPDATE SET
           name = EXCLUDED.name, gtin = EXCLUDED.gtin, unit = EXCLUDED.unit,
           version = skus.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [
          batch.map(() => newId('sku')),
          batch.map((r) => r.fields.code),
          batch.map((r) => r.fields.name),
          batch.map((r) => r.fields.gtin),
          batch.map((r) => r.fields.unit),
          ctx.actor.id,
        ],
      );
      options.onProgress?.(Math.min(i + BATCH, toWrite.length), toWrite.length);
    }
    if (toWrite.length > 0) await tx.query('ANALYZE skus');
    report.committed = true;
    audit.record({
      targetType: 'sku_import',
      after: { ...summary(report, options.mode), codes: toWrite.slice(0, 1000).map((r) => r.fields.code) },
    });
    return report;
  });
}

/** What the audit trail keeps of an import: the counts, never the whole file. */
function summary(report: ImportSkusReport, mode: ImportMode) {
  return {
    mode,
    totalRows: report.totalRows,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected,
    committed: report.committed,
  };
}
