import type { Context } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import {
  type Asn,
  findAsn,
  RECEIPT_SELECT,
  type Receipt,
  type ReceiptRow,
  toReceipt,
} from '../db/receipts.js';
import { asnNotFound, receiptNotFound } from '../domain/receiving-errors.js';

/** A receipt with its lines; outside the caller's warehouses it does not exist. Errors: receipt_not_found. */
export async function getReceipt(ctx: Context, id: string): Promise<Receipt> {
  const { rows } = await ctx.db.query<ReceiptRow>(
    `${RECEIPT_SELECT} WHERE r.receipt_id = $1 AND ($2::text[] IS NULL OR r.warehouse_id = ANY($2::text[]))`,
    [id, ctx.warehouseScope],
  );
  if (!rows[0]) throw receiptNotFound(id);
  return toReceipt(rows[0]);
}

export interface ListReceiptsInput {
  po?: string | undefined;
  warehouse?: string | undefined;
  qcStatus?: 'not_required' | 'pending' | 'accepted' | 'rejected' | 'partial' | undefined;
  since?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const sinceOf = (since: string | undefined): string | null => {
  if (since === undefined) return null;
  const t = Date.parse(since);
  if (Number.isNaN(t))
    throw unprocessable('invalid_time', `since "${since}" is not a date or date-time.`, { field: 'since' });
  return new Date(t).toISOString();
};

/**
 * Receipts, most recently recorded first: by purchase order (id or number), warehouse (code), a line's QC status, received
 * since. Errors: invalid_cursor (400), invalid_time (422).
 */
export async function listReceipts(
  ctx: Context,
  input: ListReceiptsInput,
): Promise<{ items: Receipt[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<ReceiptRow>(
    `${RECEIPT_SELECT}
      WHERE ($1::text[] IS NULL OR r.warehouse_id = ANY($1::text[]))
        AND ($2::text IS NULL OR r.po_id = $2 OR po.number = $2)
        AND ($3::text IS NULL OR lower(w.code) = lower($3))
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM receipt_lines x WHERE x.receipt_id = r.receipt_id
                                                                         AND x.qc_status = $4))
        AND ($5::timestamptz IS NULL OR r.received_at >= $5)
        AND ($6::text IS NULL OR r.receipt_id < $6)
      ORDER BY r.receipt_id DESC
      LIMIT $7`,
    [
      ctx.warehouseScope,
      input.po ?? null,
      input.warehouse ?? null,
      input.qcStatus ?? null,
      sinceOf(input.since),
      after?.[0] ?? null,
      input.limit + 1,
    ],
  );
  const page = pageOf(rows, input.limit, (r) => [r.receipt_id]);
  return { items: page.rows.map(toReceipt), nextCursor: page.nextCursor };
}

/** An ASN with its lines and receipts. Errors: asn_not_found (404, also outside the caller's warehouses). */
export async function getAsn(ctx: Context, id: string): Promise<Asn> {
  const asn = await findAsn(ctx.db, id, ctx.warehouseScope);
  if (!asn) throw asnNotFound(id);
  return asn;
}

export interface DiscrepancyRow {
  kind: 'short' | 'over' | 'damaged' | 'wrong_item';
  qty: number;
  sku: string;
  supplier: string | null;
  warehouse: string;
  purchaseOrderId: string | null;
  purchaseOrderNumber: string | null;
  poLineNo: number | null;
  /** Null for a shortage found when the purchase order was closed. */
  receiptId: string | null;
  receiptNumber: string | null;
  receiptLineNo: number | null;
  asnId: string | null;
  /** When the discrepancy arose: the receipt, or the order's closing. */
  at: string;
}

export interface DiscrepancyReport {
  since: string | null;
  totals: Record<DiscrepancyRow['kind'], number>;
  items: DiscrepancyRow[];
}

/**
 * Receiving discrepancies, newest first: per receipt line, the units damaged, beyond the order, short of
 * the ASN, and not on the order; plus, for each closed purchase order, what its lines never received.
 * Filtered by time, supplier (code) and warehouse (code), within the caller's warehouses; at most 1000.
 */
export async function getReceivingDiscrepancies(
  ctx: Context,
  input: { since?: string | undefined; supplier?: string | undefined; warehouse?: string | undefined },
): Promise<DiscrepancyReport> {
  const since = sinceOf(input.since);
  const { rows } = await ctx.db.query<{
    kind: DiscrepancyRow['kind'];
    qty: string;
    sku: string;
    supplier: string | null;
    warehouse: string;
    po_id: string | null;
    po_number: string | null;
    po_line_no: number | null;
    receipt_id: string | null;
    receipt_number: string | null;
    receipt_line_no: number | null;
    asn_id: string | null;
    at: Date;
  }>(
    `WITH lines AS (
       SELECT l.*, r.number AS receipt_number, r.po_id, r.asn_id, r.received_at AS at, r.warehouse_id, r.supplier_id
         FROM receipt_lines l JOIN receipts r ON r.receipt_id = l.receipt_id
        WHERE ($1::text[] IS NULL OR r.warehouse_id = ANY($1::text[]))
          AND ($2::timestamptz IS NULL OR r.received_at >= $2)
          AND (l.discrepancy <> 'none' OR l.qty_damaged > 0 OR l.qty_over > 0 OR l.qty_short > 0)
     ), found AS (
       SELECT d.kind, d.qty, l.sku_id, l.supplier_id, l.warehouse_id, l.po_id, l.po_line_no, l.receipt_id,
              l.receipt_number, l.line_no AS receipt_line_no, l.asn_id, l.at
         FROM lines l
        CROSS JOIN LATERAL (VALUES ('damaged', l.qty_damaged), ('over', l.qty_over), ('short', l.qty_short),
                                   ('wrong_item', CASE WHEN l.discrepancy = 'wrong_item' THEN l.qty + l.qty_damaged ELSE 0 END))
              AS d(kind, qty)
        WHERE d.qty > 0 AND NOT (d.kind = 'damaged' AND l.discrepancy = 'wrong_item')
       UNION ALL
       SELECT 'short', pl.qty_ordered - pl.qty_received, pl.sku_id, po.supplier_id, po.warehouse_id, po.po_id,
              pl.line_no, NULL, NULL, NULL, NULL, po.closed_at
         FROM purchase_orders po JOIN purchase_order_lines pl ON pl.po_id = po.po_id
        WHERE po.status = 'closed' AND pl.qty_received < pl.qty_ordered
          AND ($1::text[] IS NULL OR po.warehouse_id = ANY($1::text[]))
          AND ($2::timestamptz IS NULL OR po.closed_at >= $2)
     )
     SELECT f.kind, f.qty, k.code AS sku, s.code AS supplier, w.code AS warehouse, f.po_id, po.number AS po_number,
            f.po_line_no, f.receipt_id, f.receipt_number, f.receipt_line_no, f.asn_id, f.at
       FROM found f
       JOIN skus k ON k.sku_id = f.sku_id
       JOIN locations w ON w.location_id = f.warehouse_id
       LEFT JOIN suppliers s ON s.supplier_id = f.supplier_id
       LEFT JOIN purchase_orders po ON po.po_id = f.po_id
      WHERE ($3::text IS NULL OR lower(s.code) = lower($3))
        AND ($4::text IS NULL OR lower(w.code) = lower($4))
      ORDER BY f.at DESC, f.receipt_id, f.receipt_line_no, f.kind
      LIMIT 1000`,
    [ctx.warehouseScope, since, input.supplier ?? null, input.warehouse ?? null],
  );
  const totals = { short: 0, over: 0, damaged: 0, wrong_item: 0 };
  const items = rows.map((r): DiscrepancyRow => {
    const qty = Number(r.qty);
    totals[r.kind] += qty;
    return {
      kind: r.kind,
      qty,
      sku: r.sku,
      supplier: r.supplier,
      warehouse: r.warehouse,
      purchaseOrderId: r.po_id,
      purchaseOrderNumber: r.po_number,
      poLineNo: r.po_line_no,
      receiptId: r.receipt_id,
      receiptNumber: r.receipt_number,
      receiptLineNo: r.receipt_line_no,
      asnId: r.asn_id,
      at: r.at.toISOString(),
    };
  });
  return { since, totals, items };
}
