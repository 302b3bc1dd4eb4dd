import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { scrapInTransaction, transferInTransaction } from '../../inventory/index.js';
import { findLocations, lockReturn, type ReturnRecord, readReturn } from '../db/returns.js';
import { type Grade, scrapReasonOf, sourcesOf } from '../domain/grading.js';
import { type ExcessLine, gradingExceedsReceived, returnNotOpen, unknownLine } from '../errors.js';
import { closeIfComplete } from './close-return.js';

export interface InspectReturnInput {
  units: {
    lineNo: number;
    grade: Grade;
    /** Units of the line graded alike (default 1). */
    qty?: number | undefined;
    /** restock: the storage location they go to (required); quarantine: another quarantine location. */
    location?: string | undefined;
    note?: string | undefined;
  }[];
}

/**
 * Grades received units of a return, each exactly once, in the order they were received: restock moves
 * them from quarantine to a storage location of the warehouse (stock to sell again: an arrival, so
 * backorders fill in this transaction); quarantine keeps them where they are (or moves them to another
 * quarantine location); scrap writes them off to the warehouse's scrap location with the reason they came
 * back for (damaged → damage, defective → defective, else other). One row per unit records grade, place,
 * move, who and when. When nothing more will come and every received unit is graded, the return closes
 * (`return.closed`). Guarded: never more graded than received (checked under the return's lock, by
 * return_lines_graded_check and by the units' key).
 * Errors: return_not_found (404); return_not_open, insufficient_stock (the units left quarantine by another
 * way) (409); grading_exceeds_received, unknown_line, unknown_location, restock_location_required,
 * location_not_storage, location_not_quarantine, location_not_allowed, invalid_quantity (422).
 */
export async function inspectReturn(ctx: Context, id: string, input: InspectReturnInput) {
  const units = input.units.map((u, i) => ({ ...u, qty: positiveQty(u.qty ?? 1, `units[${i}].qty`) }));
  return runCommand(
    ctx,
    'returns.inspect_return',
    { id, ...input },
    async (tx, audit): Promise<ReturnRecord> => {
      const { order, ret } = await lockReturn(tx, ctx, id);
      if (ret.status !== 'authorised' && ret.status !== 'received') {
        throw returnNotOpen(ret, 'inspected');
      }
      const entries = units.map((u, i) => {
        const line = ret.lines.find((l) => l.lineNo === u.lineNo);
        if (!line) throw unknownLine(ret.number, u.lineNo, `units[${i}].lineNo`);
        return { ...u, line, field: `units[${i}]` };
      });
      const wanted = new Map<number, number>();
      for (const e of entries) wanted.set(e.lineNo, (wanted.get(e.lineNo) ?? 0) + e.qty);
      const excess: ExcessLine[] = [...wanted]
        .map(([lineNo, requested]) => ({ line: ret.lines.find((l) => l.lineNo === lineNo)!, requested }))
        .filter(({ line, requested }) => requested > line.qtyReceived - line.qtyGraded)
        .map(({ line, requested }) => ({
          lineNo: line.lineNo,
          sku: line.sku,
          requested,
          received: line.qtyReceived,
          graded: line.qtyGraded,
          ungraded: line.qtyReceived - line.qtyGraded,
        }));
      if (excess.length > 0) throw gradingExceedsReceived(ret.number, excess);

      const named = await findLocations(
        tx,
        entries.flatMap((e) => (e.location ? [e.location] : [])),
      );
      const targets = entries.map((e) => {
        if (e.grade === 'scrap') {
          if (e.location) {
            throw unprocessable(
              'location_not_allowed',
              'Scrapped units go to the warehouse scrap location; leave the location out.',
              { field: `${e.field}.location` },
            );
          }
          return null;
        }
        if (!e.location) {
          if (e.grade === 'quarantine') return null;
          throw unprocessable(
            'restock_location_required',
            `Say which storage location of ${ret.warehouse} the restocked units of line ${e.lineNo} go to.`,
            { field: `${e.field}.location`, lineNo: e.lineNo },
          );
        }
        const found = named.get(e.location.toLowerCase());
        if (!found || found.warehouseId !== ret.warehouseId || !found.isPhysical) {
          throw unprocessable(
            'unknown_location',
            `There is no location with code ${e.location} in ${ret.warehouse}.`,
            { location: e.location, field: `${e.field}.location` },
          );
        }
        const usage = e.grade === 'restock' ? 'storage' : 'quarantine';
        if (found.usage !== usage) {
          throw unprocessable(
            e.grade === 'restock' ? 'location_not_storage' : 'location_not_quarantine',
            e.grade === 'restock'
              ? `${found.code} is a ${found.usage} location; restocked units go to a storage location, where they can be sold.`
              : `${found.code} is a ${found.usage} location; units kept in quarantine go to a quarantine location.`,
            { location: found.code, usage: found.usage, field: `${e.field}.location` },
          );
        }
        return found;
      });

      const { rows: receipts } = await tx.query<{ line_no: number; location: string; qty: number }>(
        `SELECT rr.line_no, l.code AS location, rr.qty
           FROM return_receipts rr JOIN locations l ON l.location_id = rr.location_id
          WHERE rr.return_id = $1 ORDER BY rr.receipt_seq`,
        [id],
      );
      const graded = new Map(ret.lines.map((l) => [l.lineNo, l.qtyGraded]));
      const reference = `return ${ret.number}`;
      const done: { lineNo: number; grade: Grade; qty: number; location: string | null }[] = [];
      for (const [i, e] of entries.entries()) {
        const target = targets[i]!;
        const sources = sourcesOf(
          receipts.filter((r) => r.line_no === e.lineNo),
          graded.get(e.lineNo)!,
          e.qty,
        );
        for (const src of sources) {
          let moveId: string | null = null;
          let placedAt = src.location;
          if (e.grade === 'scrap') {
            const scrapped = await scrapInTransaction(tx, ctx, {
              sku: e.line.sku,
              location: src.location,
              qty: src.qty,
              reason: scrapReasonOf(e.line.reason),
              note: e.note ?? `Returned (${e.line.reason}) on ${ret.number}`,
              reference,
            });
            moveId = scrapped.moves[0]!.id;
            placedAt = scrapped.moves[0]!.to;
          } else if (target && target.code.toLowerCase() !== src.location.toLowerCase()) {
            const moved = await transferInTransaction(tx, ctx, {
              sku: e.line.sku,
              from: src.location,
              to: target.code,
              qty: src.qty,
              via: 'direct',
              reference,
              note: e.note,
            });
            moveId = moved.moves[0]!.id;
            placedAt = target.code;
          }
          await tx.query(
            `INSERT INTO return_units (return_id, line_no, unit_no, grade, location_id, move_id, note, graded_by_kind,
                                       graded_by)
             SELECT $1, $2, u, $3, (SELECT location_id FROM locations WHERE code = $4), $5, $6, $7, $8
               FROM generate_series($9::bigint, $10::bigint) AS u`,
            [
              id,
              e.lineNo,
              e.grade,
              placedAt,
              moveId,
              e.note ?? null,
              ctx.actor.kind,
              ctx.actor.id,
              src.firstUnit,
              src.firstUnit + src.qty - 1,
            ],
          );
        }
        graded.set(e.lineNo, graded.get(e.lineNo)! + e.qty);
        done.push({ lineNo: e.lineNo, grade: e.grade, qty: e.qty, location: target?.code ?? null });
      }
      const { rows: updated } = await tx.query(
        `UPDATE return_lines rl SET qty_graded = rl.qty_graded + s.qty
           FROM unnest($2::int[], $3::bigint[]) AS s(line_no, qty)
          WHERE rl.return_id = $1 AND rl.line_no = s.line_no AND rl.qty_graded + s.qty <= rl.qty_received
          RETURNING rl.line_no`,
        [id, [...wanted.keys()], [...wanted.values()]],
      );
      if (updated.length !== wanted.size) throw gradingExceedsReceived(ret.number, []);
      const closed = await closeIfComplete(tx, ctx, order, ret);
      const after = await readReturn(tx, id, null);
      audit.record({
        targetType: 'return',
        targetId: id,
        before: { status: ret.status },
        after: { status: after.status, graded: done, closed },
        reason: 'inspection',
        warehouseId: ret.warehouseId,
      });
      return after;
    },
  );
}
