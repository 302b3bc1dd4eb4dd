import { type Context, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { type LayoutColumns, toLayout } from '../db/locations.js';
import { type CsvLocationRow, type LocationRowError, parseLocationCsv } from '../domain/location-csv.js';
import { type Layout, NO_LAYOUT, patchLayout, sameLayout } from '../domain/location-layout.js';
import { childCode, type LocationKind } from '../domain/locations.js';

export type ImportMode = 'all_or_nothing' | 'skip_invalid';

export interface ImportLocationsOptions {
  readonly mode: ImportMode;
  /** Called as rows are written: (rows written so far, rows to write). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImportLocationsReport {
  mode: ImportMode;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** False when nothing was written (all-or-nothing with errors, or an unreadable file). */
  committed: boolean;
  errors: LocationRowError[];
}

interface ExistingRow extends LayoutColumns {
  location_id: string;
  code: string;
  name: string;
  kind: LocationKind;
  is_archived: boolean;
  warehouse_id: string;
  warehouse_code: string;
  parent_code: string | null;
}

/** A location the file will make or change, once every row has been checked. */
interface Planned {
  readonly row: number;
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: LocationKind;
  readonly parentId: string;
  readonly warehouseId: string;
  readonly layout: Layout;
}

const BATCH = 1000;

/**
 * Imports zones and bins with their layout from CSV (columns code, name, kind, parent, aisle, bay, level,
 * x, y, pick_seq; see parseLocationCsv). New codes are created (kind default bin, parent default the code's
 * warehouse), existing ones get the file's name and layout (an empty layout cell clears the field, a
 * column left out keeps it), identical ones are left alone, so re-running a file changes nothing. Every
 * problem is reported with its row, column, location and reason. In all_or_nothing mode any error writes
 * nothing; in skip_invalid mode the valid rows are written. One transaction, one audit record; locations
 * outside the caller's warehouses are treated as absent.
 */
export async function importLocations(ctx: Context, csv: string, options: ImportLocationsOptions) {
  const parsed = parseLocationCsv(csv);
  const report: ImportLocationsReport = {
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
  return runCommand(ctx, 'inventory.import_locations', { csv, mode: options.mode }, async (tx, audit) => {
    const rows = parsed.valid;
    const wanted = [
      ...new Set(rows.flatMap((r) => [r.code, r.parent ?? r.warehouse]).map((c) => c.toLowerCase())),
    ];
    // Rows to change are locked (FOR NO KEY UPDATE: moves, which key-share-lock their locations, go on),
    // and so are the parents new rows go under, so that archiving cannot slip in before the commit.
    const { rows: found } = await tx.query<ExistingRow>(
      `SELECT l.location_id, l.code, l.name, l.kind, l.is_archived, l.warehouse_id, w.code AS warehouse_code,
              p.code AS parent_code, l.aisle, l.bay, l.level, l.x_cm, l.y_cm, l.pick_seq
         FROM locations l
         JOIN locations w ON w.location_id = l.warehouse_id
         LEFT JOIN locations p ON p.location_id = l.parent_id
        WHERE lower(l.code) = ANY($1::text[]) AND ($2::text[] IS NULL OR l.warehouse_id = ANY($2::text[]))
        ORDER BY l.location_id
          FOR NO KEY UPDATE OF l`,
      [wanted, ctx.warehouseScope],
    );
    const existing = new Map(found.map((e) => [e.code.toLowerCase(), e]));

    const errors = report.errors;
    const fail = (r: CsvLocationRow, column: string | null, code: string, reason: string) =>
      errors.push({ row: r.row, column, code, reason, location: r.code });
    const creates = new Map<string, Planned>();
    const updates: Planned[] = [];
    /** Rows of the file that failed, by code: their children are told which row to fix first. */
    const fileCodes = new Set(rows.map((r) => r.code.toLowerCase()));
    const failedRows = new Map<string, number>(
      parsed.errors.flatMap((e) => (e.location === null ? [] : [[e.location.toLowerCase(), e.row] as const])),
    );

    // Zones first, so that the bins of the same file can go into them.
    const kindOf = (r: CsvLocationRow) => r.kind ?? existing.get(r.code.toLowerCase())?.kind ?? 'bin';
    const ordered = [
      ...rows.filter((r) => kindOf(r) === 'zone'),
      ...rows.filter((r) => kindOf(r) !== 'zone'),
    ];
    for (const r of ordered) {
      const errorsBefore = errors.length;
      const current = existing.get(r.code.toLowerCase());
      if (current) {
        if (current.kind !== 'zone' && current.kind !== 'bin') {
          fail(
            r,
            'code',
            'kind_mismatch',
            `${current.code} is a ${current.kind}; only zones and bins are imported`,
          );
        } else if (current.is_archived) {
          fail(r, 'code', 'location_archived', `${current.code} is archived; restore it or leave it out`);
        } else if (r.kind !== null && r.kind !== current.kind) {
          fail(r, 'kind', 'kind_mismatch', `${current.code} is a ${current.kind}, not a ${r.kind}`);
        } else if (r.parent !== null && r.parent.toLowerCase() !== current.parent_code?.toLowerCase()) {
          fail(
            r,
            'parent',
            'parent_mismatch',
            `${current.code} is in ${current.parent_code}, not ${r.parent}; move it by hand if it has moved`,
          );
        }
        if (errors.length > errorsBefore) continue;
        const before = toLayout(current);
        const patched = patchLayout(before, r.layout);
        if (!patched.ok) {
          for (const p of patched.problems) fail(r, p.field, 'invalid_layout', p.reason);
          continue;
        }
        const name = r.name ?? current.name;
        if (name === current.name && sameLayout(before, patched.layout)) {
          report.unchanged++;
          continue;
        }
        updates.push({
          row: r.row,
          id: current.location_id,
          code: current.code,
          name,
          kind: current.kind,
          parentId: '',
          warehouseId: current.warehouse_id,
          layout: patched.layout,
        });
        continue;
      }

      const kind = r.kind ?? 'bin';
      const parentCode = r.parent ?? r.warehouse;
      const parentInDb = existing.get(parentCode.toLowerCase());
      const parentInFile = creates.get(parentCode.toLowerCase());
      let parent: { id: string; kind: string; warehouseId: string; warehouseCode: string } | null = null;
      if (parentInDb) {
        if (parentInDb.is_archived) {
          fail(
            r,
            'parent',
            'invalid_parent',
            `${parentInDb.code} is archived; nothing new can be placed in it`,
          );
        }
        parent = {
          id: parentInDb.location_id,
          kind: parentInDb.kind,
          warehouseId: parentInDb.warehouse_id,
          warehouseCode: parentInDb.warehouse_code,
        };
      } else if (parentInFile) {
        parent = {
          id: parentInFile.id,
          kind: parentInFile.kind,
          warehouseId: parentInFile.warehouseId,
          warehouseCode: parentInFile.code.split('/')[0]!,
        };
      } else if (failedRows.has(parentCode.toLowerCase())) {
        fail(
          r,
          'parent',
          'invalid_parent',
          `Its parent ${parentCode} is not imported: fix row ${failedRows.get(parentCode.toLowerCase())} first`,
        );
      } else if (fileCodes.has(parentCode.toLowerCase())) {
        fail(
          r,
          'parent',
          'invalid_parent',
          `A ${kind} cannot be placed in ${parentCode} (a bin of this file)`,
        );
      } else {
        fail(r, 'parent', 'unknown_location', `There is no location ${parentCode}; create it first`);
      }
      if (parent !== null) {
        const allowed = kind === 'zone' ? ['warehouse'] : ['warehouse', 'zone'];
        if (!allowed.includes(parent.kind)) {
          fail(
            r,
            'parent',
            'invalid_parent',
            `A ${kind} cannot be placed in ${parentCode} (a ${parent.kind})`,
          );
        }
      }
      const patched = patchLayout(NO_LAYOUT, r.layout);
      if (!patched.ok) for (const p of patched.problems) fail(r, p.field, 'invalid_layout', p.reason);
      if (errors.length > errorsBefore || parent === null || !patched.ok) {
        failedRows.set(r.code.toLowerCase(), r.row);
        continue;
      }
      const code = childCode(parent.warehouseCode, r.local);
      creates.set(code.toLowerCase(), {
        row: r.row,
        id: newId('location'),
        code,
        name: r.name ?? r.local,
        kind,
        parentId: parent.id,
        warehouseId: parent.warehouseId,
        layout: patched.layout,
      });
    }

    errors.sort((a, b) => a.row - b.row);
    report.rejected = new Set(errors.map((e) => e.row)).size;
    if (errors.length > 0 && options.mode === 'all_or_nothing') {
      report.unchanged = 0;
      audit.skip();
      return report;
    }
    report.created = creates.size;
    report.updated = updates.length;

    const newZones = [...creates.values()].filter((c) => c.kind === 'zone');
    const newBins = [...creates.values()].filter((c) => c.kind === 'bin');
    const total = creates.size + updates.length;
    let done = 0;
    options.onProgress?.(0, total);
    // Zones are inserted before bins: the tree trigger checks each row's parent as it goes in.
    for (const group of [newZones, newBins]) {
      for (let i = 0; i < group.length; i += BATCH) {
        const batch = group.slice(i, i + BATCH);
        await tx.query(
          `INSERT INTO locations (location_id, code, name, kind, parent_id, warehouse_id, created_by, updated_by,
                                  aisle, bay, level, x_cm, y_cm, pick_seq)
           SELECT r.id, r.code, r.name, r.kind, r.parent_id, r.warehouse_id, $7, $7,
                  r.aisle, r.bay, r.level, r.x_cm, r.y_cm, r.pick_seq
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $8::text[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[])
                  AS r(id, code, name, kind, parent_id, warehouse_id, aisle, bay, level, x_cm, y_cm, pick_seq)`,
          [
            batch.map((c) => c.id),
            batch.map((c) => c.code),
            batch.map((c) => c.name),
            batch.map((c) => c.kind),
            batch.map((c) => c.parentId),
            batch.map((c) => c.warehouseId),
            ctx.actor.id,
            ...layoutArrays(batch),
          ],
        );
        done += batch.length;
        options.onProgress?.(done, total);
      }
    }
    for (let i = 0; i < updates.length; i += BATCH) {
      const batch = updates.slice(i, i + BATCH);
      await tx.query(
        `UPDATE locations l
            SET name = u.name, aisle = u.aisle, bay = u.bay, level = u.level, x_cm = u.x_cm, y_cm = u.y_cm,
                pick_seq = u.pick_seq, updated_at = now(), updated_by = $3
           FROM unnest($1::text[], $2::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])
                AS u(id, name, aisle, bay, level, x_cm, y_cm, pick_seq)
          WHERE l.location_id = u.id`,
        [batch.map((u) => u.id), batch.map((u) => u.name), ctx.actor.id, ...layoutArrays(batch)],
      );
      done += batch.length;
      options.onProgress?.(done, total);
    }
    report.committed = true;
    const written = [...creates.values(), ...updates].sort((a, b) => a.row - b.row);
    audit.record({
      targetType: 'location_import',
      after: {
        mode: options.mode,
        totalRows: report.totalRows,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected,
        // What the trail keeps of an import: the counts and (some of) the codes, never the whole file.
        codes: written.slice(0, 1000).map((w) => w.code),
      },
      warehouseIds: written.map((w) => w.warehouseId),
    });
    return report;
  });
}

function layoutArrays(batch: readonly Planned[]) {
  return [
    batch.map((p) => p.layout.aisle),
    batch.map((p) => p.layout.bay),
    batch.map((p) => p.layout.level),
    batch.map((p) => p.layout.x),
    batch.map((p) => p.layout.y),
    batch.map((p) => p.layout.pickSeq),
  ];
}
