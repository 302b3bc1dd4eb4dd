import type { Context, Queryable } from '../../../db/index.js';
import { registerConstraintErrors } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { unknownSku } from '../../catalog/index.js';
import { receiveInTransaction } from '../../inventory/index.js';
import type { PlannedReceiptLine, QcStatus } from '../domain/receiving.js';
import {
  locationInOtherWarehouse,
  quarantineLocationRequired,
  receivingLocationRequired,
  wrongLocationUsage,
} from '../domain/receiving-errors.js';

/**
 * Receiving's SQL: the dock and quarantine of a warehouse (locations by usage), receipts and their lines
 * (written once; only a line's QC decision changes it later), and the receipt read model.
 */

export type Usage = 'storage' | 'receiving' | 'quarantine';

export interface UsageLocation {
  id: string;
  code: string;
  warehouseId: string;
  usage: Usage;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The first (by code) active zone or bin of the warehouse with this usage, or null. */
export async function findUsageLocation(
  q: Queryable,
  warehouseId: string,
  usage: Usage,
): Promise<UsageLocation | null> {
  const { rows } = await q.query<{ location_id: string; code: string; warehouse_id: string; usage: Usage }>(
    `SELECT location_id, code, warehouse_id, usage FROM locations
      WHERE warehouse_id = $1 AND usage = $2 AND kind IN ('zone', 'bin') AND NOT is_archived
      ORDER BY code COLLATE "C" LIMIT 1`,
    [warehouseId, usage],
  );
  const r = rows[0];
  return r ? { id: r.location_id, code: r.code, warehouseId: r.warehouse_id, usage: r.usage } : null;
}

/**
 * A location named in a request, inside the caller's scope. Errors: unknown_location (422), also for one
 * outside the caller's warehouses; location_in_other_warehouse (422).
 */
export async function namedLocation(
  q: Queryable,
  ctx: Context,
  code: string,
  warehouse: { id: string; code: string },
  field: string,
): Promise<UsageLocation> {
  const { rows } = await q.query<{ location_id: string; code: string; warehouse_id: string; usage: Usage }>(
    `SELECT location_id, code, warehouse_id, usage FROM locations
      WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
    [code, ctx.warehouseScope],
  );
  const r = rows[0];
  if (!r)
    throw unprocessable('unknown_location', `There is no location with code ${code}.`, {
      location: code,
      field,
    });
  if (r.warehouse_id !== warehouse.id) throw locationInOtherWarehouse(r.code, warehouse.code, field);
  return { id: r.location_id, code: r.code, warehouseId: r.warehouse_id, usage: r.usage };
}

/**
 * Where goods land: the named location, which must have the wanted usage, or the warehouse's first one.
 * Errors: receiving_location_required, quarantine_location_required, not_a_receiving_location,
 * not_a_quarantine_location, unknown_location, location_in_other_warehouse (422).
 */
export async function landingLocation(
  q: Queryable,
  ctx: Context,
  warehouse: { id: string; code: string },
  usage: 'receiving' | 'quarantine',
  named?: { code: string; field: string } | undefined,
): Promise<UsageLocation> {
  if (named) {
    const loc = await namedLocation(q, ctx, named.code, warehouse, named.field);
    if (loc.usage !== usage) throw wrongLocationUsage(loc.code, loc.usage, usage, named.field);
    return loc;
  }
  const loc = await findUsageLocation(q, warehouse.id, usage);
  if (!loc)
    throw usage === 'receiving'
      ? receivingLocationRequired(warehouse.code)
      : quarantineLocationRequired(warehouse.code);
  return loc;
}

export interface WriteReceiptInput {
  warehouse: { id: string; code: string };
  poId: string | null;
  asnId: string | null;
  supplierId: string | null;
  lines: readonly PlannedReceiptLine[];
  /** The request's location: the dock, or the quarantine area when every good unit goes to QC. */
  location?: string | undefined;
  qc: boolean;
  note?: string | undefined;
  occurredAt: string | null;
}

/**
 * Writes a receipt: the receipt row (its GRN number), one ledger write moving every unit from the
 * warehouse's @supplier (good units to the dock or quarantine, damaged and unexpected ones to quarantine),
 * and the lines. Returns the receipt id and number.
 */
export async function writeReceipt(
  tx: Queryable,
  ctx: Context,
  input: WriteReceiptInput,
): Promise<{ id: string; number: string }> {
  const needsDock = input.lines.some((l) => !l.goodToQuarantine);
  const needsQuarantine = input.lines.some((l) => l.qtyQc > 0 || l.goodToQuarantine);
  const named = input.location === undefined ? undefined : { code: input.location, field: 'location' };
  const dock =
    needsDock || (named && !input.qc)
      ? await landingLocation(tx, ctx, input.warehouse, 'receiving', input.qc ? undefined : named)
      : null;
  const quarantine = needsQuarantine
    ? await landingLocation(tx, ctx, input.warehouse, 'quarantine', input.qc ? named : undefined)
    : null;
  const goodTo = (l: PlannedReceiptLine) => (l.goodToQuarantine ? quarantine : dock)!;
  const skuIds = await skuIdsOf(
    tx,
    input.lines.map((l) => l.sku),
  );
  const id = newId('receipt');
  const { rows } = await tx.query<{ number: string }>(
    `INSERT INTO receipts (receipt_id, po_id, asn_id, supplier_id, warehouse_id, received_at, received_by_kind,
                           received_by, request_id, note)
     VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8, $9, $10) RETURNING number`,
    [
      id,
      input.poId,
      input.asnId,
      input.supplierId,
      input.warehouse.id,
      input.occurredAt,
      ctx.actor.kind,
      ctx.actor.id,
      ctx.requestId,
      input.note ?? null,
    ],
  );
  const number = rows[0]!.number;
  const moves: { sku: string; location: string; qty: number; field: string }[] = [];
  for (const l of input.lines) {
    const field = `lines[${l.lineNo - 1}]`;
    if (l.qty > 0) moves.push({ sku: l.sku, location: goodTo(l).code, qty: l.qty, field });
    if (l.qtyDamaged > 0) moves.push({ sku: l.sku, location: quarantine!.code, qty: l.qtyDamaged, field });
  }
  if (moves.length > 0)
    await receiveInTransaction(tx, ctx, {
      lines: moves,
      reference: number,
      note: input.note,
      occurredAt: input.occurredAt,
    });
  await tx.query(
    `INSERT INTO receipt_lines (receipt_id, line_no, po_line_no, asn_line_no, sku_id, location_id, qty, qty_damaged,
                                qty_expected, qty_over, qty_short, discrepancy, sscc, qc_location_id, qty_qc, qc_status)
     SELECT $1, l.line_no, l.po_line_no, l.asn_line_no, l.sku_id, l.location_id, l.qty, l.qty_damaged, l.qty_expected,
            l.qty_over, l.qty_short, l.discrepancy, l.sscc, l.qc_location_id, l.qty_qc, l.qc_status
       FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
                   $10::bigint[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::text[])
            AS l(line_no, po_line_no, asn_line_no, sku_id, location_id, qty, qty_damaged, qty_expected, qty_over,
                 qty_short, discrepancy, sscc, qc_location_id, qty_qc, qc_status)`,
    [
      id,
      input.lines.map((l) => l.lineNo),
      input.lines.map((l) => l.poLineNo),
      input.lines.map((l) => l.asnLineNo),
      input.lines.map((l) => skuIds.get(l.sku.toLowerCase())!),
      input.lines.map((l) => goodTo(l).id),
      input.lines.map((l) => l.qty),
      input.lines.map((l) => l.qtyDamaged),
      input.lines.map((l) => l.qtyExpected),
      input.lines.map((l) => l.qtyOver),
      input.lines.map((l) => l.qtyShort),
      input.lines.map((l) => l.discrepancy),
      input.lines.map((l) => l.sscc),
      input.lines.map((l) => (l.qtyQc > 0 ? quarantine!.id : null)),
      input.lines.map((l) => l.qtyQc),
      input.lines.map((l) => l.qcStatus),
    ],
  );
  // Integrations (an ERP, the supplier portal) learn of goods in from the receipt, not from stock.changed.
  await emitEvents(tx, [
    {
      type: 'receipt.posted',
      aggregateType: 'receipt',
      aggregateId: id,
      payload: {
        receiptId: id,
        number,
        purchaseOrderId: input.poId,
        asnId: input.asnId,
        warehouse: input.warehouse.code,
        qc: input.qc,
        lines: input.lines.map((l) => ({
          lineNo: l.lineNo,
          poLineNo: l.poLineNo,
          sku: l.sku,
          qty: l.qty,
          damaged: l.qtyDamaged,
          discrepancy: l.discrepancy,
        })),
      },
    },
  ]);
  return { id, number };
}

/** SKU ids by code (lower-cased keys). Errors: unknown_sku (422). */
export async function skuIdsOf(q: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.map((c) => c.toLowerCase()))];
  const { rows } = await q.query<{ sku_id: string; code: string }>(
    'SELECT sku_id, code FROM skus WHERE lower(code) = ANY($1::text[])',
    [wanted],
  );
  const ids = new Map(rows.map((r) => [r.code.toLowerCase(), r.sku_id]));
  for (const c of codes) if (!ids.has(c.toLowerCase())) throw unknownSku(c);
  return ids;
}

export interface ReceiptLineView {
  lineNo: number;
  poLineNo: number | null;
  asnLineNo: number | null;
  sku: string;
  location: string;
  qty: number;
  qtyDamaged: number;
  qtyExpected: number | null;
  qtyOver: number;
  qtyShort: number;
  discrepancy: string;
  sscc: string | null;
  qcStatus: QcStatus;
  qcLocation: string | null;
  qtyQc: number;
  qtyAccepted: number;
  qtyRejected: number;
  rejectTo: 'supplier' | 'scrap' | null;
  acceptedTo: string | null;
  qcDecidedAt: string | null;
  qcDecidedBy: string | null;
}

export interface Receipt {
  id: string;
  number: string;
  purchaseOrderId: string | null;
  purchaseOrderNumber: string | null;
  asnId: string | null;
  supplier: string | null;
  warehouse: string;
  receivedAt: string;
  recordedAt: string;
  receivedBy: string;
  note: string | null;
  qcStatus: 'not_required' | 'pending' | 'decided';
  lines: ReceiptLineView[];
}

export interface ReceiptRow {
  receipt_id: string;
  number: string;
  po_id: string | null;
  po_number: string | null;
  asn_id: string | null;
  supplier: string | null;
  warehouse: string;
  warehouse_id: string;
  received_at: string;
  recorded_at: string;
  received_by: string;
  note: string | null;
  lines: ReceiptLineView[] | null;
}

export const RECEIPT_SELECT = `
  SELECT r.receipt_id, r.number, r.po_id, po.number AS po_number, r.asn_id, s.code AS supplier, w.code AS warehouse,
         r.warehouse_id, ${ISO('r.received_at')} AS received_at, ${ISO('r.recorded_at')} AS recorded_at,
         r.received_by, r.note,
         (SELECT json_agg(json_build_object(
                   'lineNo', l.line_no, 'poLineNo', l.po_line_no, 'asnLineNo', l.asn_line_no, 'sku', k.code,
                   'location', loc.code, 'qty', l.qty, 'qtyDamaged', l.qty_damaged, 'qtyExpected', l.qty_expected,
                   'qtyOver', l.qty_over, 'qtyShort', l.qty_short, 'discrepancy', l.discrepancy, 'sscc', l.sscc,
                   'qcStatus', l.qc_status, 'qcLocation', q.code, 'qtyQc', l.qty_qc, 'qtyAccepted', l.qty_accepted,
                   'qtyRejected', l.qty_rejected, 'rejectTo', l.reject_to, 'acceptedTo', a.code,
                   'qcDecidedAt', ${ISO('l.qc_decided_at')}, 'qcDecidedBy', l.qc_decided_by) ORDER BY l.line_no)
            FROM receipt_lines l
            JOIN skus k ON k.sku_id = l.sku_id
            JOIN locations loc ON loc.location_id = l.location_id
            LEFT JOIN locations q ON q.location_id = l.qc_location_id
            LEFT JOIN locations a ON a.location_id = l.accepted_to_location_id
           WHERE l.receipt_id = r.receipt_id) AS lines
    FROM receipts r
    JOIN locations w ON w.location_id = r.warehouse_id
    LEFT JOIN purchase_orders po ON po.po_id = r.po_id
    LEFT JOIN suppliers s ON s.supplier_id = r.supplier_id`;

export function toReceipt(r: ReceiptRow): Receipt {
  const lines = (r.lines ?? []).map((l) => ({
    ...l,
    qty: Number(l.qty),
    qtyDamaged: Number(l.qtyDamaged),
    qtyExpected: l.qtyExpected === null ? null : Number(l.qtyExpected),
    qtyOver: Number(l.qtyOver),
    qtyShort: Number(l.qtyShort),
    qtyQc: Number(l.qtyQc),
    qtyAccepted: Number(l.qtyAccepted),
    qtyRejected: Number(l.qtyRejected),
  }));
  const statuses = new Set(lines.map((l) => l.qcStatus));
  return {
    id: r.receipt_id,
    number: r.number,
    purchaseOrderId: r.po_id,
    purchaseOrderNumber: r.po_number,
    asnId: r.asn_id,
    supplier: r.supplier,
    warehouse: r.warehouse,
    receivedAt: r.received_at,
    recordedAt: r.recorded_at,
    receivedBy: r.received_by,
    note: r.note,
    qcStatus: statuses.has('pending')
      ? 'pending'
      : [...statuses].every((s) => s === 'not_required')
        ? 'not_required'
        : 'decided',
    lines,
  };
}

/** The receipt as stored (no scope check: callers check it). */
export async function readReceipt(q: Queryable, id: string): Promise<Receipt> {
  const { rows } = await q.query<ReceiptRow>(`${RECEIPT_SELECT} WHERE r.receipt_id = $1`, [id]);
  return toReceipt(rows[0]!);
}

registerConstraintErrors({
  asns_reference_key: () =>
    conflict('asn_reference_conflict', 'An advance ship notice with this reference was already imported.'),
  receipt_lines_qc_check: () =>
    unprocessable(
      'qc_quantity_mismatch',
      'Accepted and rejected units must add up to the units waiting for QC.',
    ),
});

export interface AsnLineView {
  lineNo: number;
  purchaseOrderId: string;
  purchaseOrderNumber: string;
  poLineNo: number;
  sku: string;
  qty: number;
  uom: string | null;
  sscc: string | null;
  ssccValid: boolean | null;
  qtyReceived: number;
}

export interface Asn {
  id: string;
  reference: string;
  supplier: string | null;
  shippedAt: string | null;
  status: 'open' | 'received';
  warnings: { code: string; message: string; segment: string; position: number }[];
  importedAt: string;
  importedBy: string;
  receivedAt: string | null;
  lines: AsnLineView[];
  receipts: string[];
}

interface AsnRow {
  asn_id: string;
  reference: string;
  supplier: string | null;
  shipped_at: string | null;
  status: 'open' | 'received';
  warnings: Asn['warnings'];
  imported_at: string;
  imported_by: string;
  received_at: string | null;
  lines: AsnLineView[] | null;
  receipts: string[] | null;
}

/** An ASN is visible to a scoped principal when every purchase order it ships against is in scope. */
export const ASN_IN_SCOPE = (asn: string, param: string) => `(${param}::text[] IS NULL OR NOT EXISTS (
    SELECT 1 FROM asn_lines sl JOIN purchase_orders spo ON spo.po_id = sl.po_id
     WHERE sl.asn_id = ${asn} AND NOT spo.warehouse_id = ANY(${param}::text[])))`;

const ASN_SELECT = `
  SELECT a.asn_id, a.reference, s.code AS supplier, ${ISO('a.shipped_at')} AS shipped_at, a.status, a.warnings,
         ${ISO('a.imported_at')} AS imported_at, a.imported_by, ${ISO('a.received_at')} AS received_at,
         (SELECT json_agg(json_build_object(
                   'lineNo', l.line_no, 'purchaseOrderId', l.po_id, 'purchaseOrderNumber', po.number,
                   'poLineNo', l.po_line_no, 'sku', k.code, 'qty', l.qty, 'uom', l.uom, 'sscc', l.sscc,
                   'ssccValid', l.sscc_valid, 'qtyReceived', l.qty_received) ORDER BY l.line_no)
            FROM asn_lines l JOIN skus k ON k.sku_id = l.sku_id JOIN purchase_orders po ON po.po_id = l.po_id
           WHERE l.asn_id = a.asn_id) AS lines,
         (SELECT array_agg(r.receipt_id ORDER BY r.receipt_id) FROM receipts r WHERE r.asn_id = a.asn_id) AS receipts
    FROM asns a LEFT JOIN suppliers s ON s.supplier_id = a.supplier_id`;

/** The ASN with its lines, or null when it does not exist or is outside the scope. */
export async function findAsn(
  q: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<Asn | null> {
  const { rows } = await q.query<AsnRow>(
    `${ASN_SELECT} WHERE a.asn_id = $1 AND ${ASN_IN_SCOPE('a.asn_id', '$2')}`,
    [id, scope],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.asn_id,
    reference: r.reference,
    supplier: r.supplier,
    shippedAt: r.shipped_at,
    status: r.status,
    warnings: r.warnings,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    receivedAt: r.received_at,
    lines: (r.lines ?? []).map((l) => ({
      ...l,
      qty: Number(l.qty),
      qtyReceived: Number(l.qtyReceived),
    })),
    receipts: r.receipts ?? [],
  };
}
