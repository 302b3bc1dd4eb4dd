import type { Context, Queryable } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { maxReceivable, openQty } from '../domain/ordering.js';
import { overReceiptTolerance, purchaseOrderNotFound, unknownLine } from '../errors.js';

export const PO_STATUSES = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

export interface PurchaseOrderLine {
  lineNo: number;
  skuId: string;
  sku: string;
  supplierSku: string | null;
  qtyOrdered: number;
  qtyReceived: number;
  qtyRejected: number;
  /** Ordered minus received, never below zero. */
  qtyOpen: number;
  unitCostMinor: number;
  lineTotalMinor: number;
}

export interface PurchaseOrder {
  id: string;
  number: string;
  supplierId: string;
  supplier: string;
  supplierName: string;
  warehouseId: string;
  warehouse: string;
  status: PoStatus;
  currency: string;
  expectedAt: string | null;
  externalRef: string | null;
  notes: string | null;
  version: number;
  /** Basis points of each line's ordered quantity that may be received beyond it (the supplier's). */
  overReceiptToleranceBp: number;
  lines: PurchaseOrderLine[];
  totals: {
    qtyOrdered: number;
    qtyReceived: number;
    qtyRejected: number;
    qtyOpen: number;
    orderedMinor: number;
    receivedMinor: number;
    openMinor: number;
  };
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  sentAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
}

export interface PurchaseOrderRow {
  po_id: string;
  number: string;
  supplier_id: string;
  supplier: string;
  supplier_name: string;
  warehouse_id: string;
  warehouse: string;
  status: PoStatus;
  currency: string;
  expected_at: string | null;
  external_ref: string | null;
  notes: string | null;
  version: number;
  over_receipt_tolerance_bp: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  sent_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
  lines: Record<string, unknown>[] | null;
}

export const PO_SELECT = `
  SELECT po.po_id, po.number, po.supplier_id, s.code AS supplier, s.name AS supplier_name, po.warehouse_id,
         w.code AS warehouse, po.status, po.currency, po.expected_at, po.external_ref, po.notes, po.version,
         s.over_receipt_tolerance_bp, po.created_at, po.created_by, po.updated_at, po.sent_at, po.closed_at,
         po.cancelled_at,
         (SELECT json_agg(json_build_object(
                   'lineNo', l.line_no, 'skuId', l.sku_id, 'sku', k.code, 'supplierSku', l.supplier_sku,
                   'qtyOrdered', l.qty_ordered, 'qtyReceived', l.qty_received, 'qtyRejected', l.qty_rejected,
                   'unitCostMinor', l.unit_cost_minor) ORDER BY l.line_no)
            FROM purchase_order_lines l JOIN skus k ON k.sku_id = l.sku_id
           WHERE l.po_id = po.po_id) AS lines
    FROM purchase_orders po
    JOIN suppliers s ON s.supplier_id = po.supplier_id
    JOIN locations w ON w.location_id = po.warehouse_id`;

/** A purchase order is visible to a principal scoped to warehouses when it is delivered to one of them. */
export const poInScope = (param: string) =>
  `(${param}::text[] IS NULL OR po.warehouse_id = ANY(${param}::text[]))`;

export function toPurchaseOrder(r: PurchaseOrderRow): PurchaseOrder {
  const lines = (r.lines ?? []).map((l): PurchaseOrderLine => {
    const qtyOrdered = Number(l.qtyOrdered);
    const qtyReceived = Number(l.qtyReceived);
    const unitCostMinor = Number(l.unitCostMinor);
    return {
      lineNo: Number(l.lineNo),
      skuId: String(l.skuId),
      sku: String(l.sku),
      supplierSku: (l.supplierSku as string | null) ?? null,
      qtyOrdered,
      qtyReceived,
      qtyRejected: Number(l.qtyRejected),
      qtyOpen: openQty(qtyOrdered, qtyReceived),
      unitCostMinor,
      lineTotalMinor: qtyOrdered * unitCostMinor,
    };
  });
  const sum = (f: (l: PurchaseOrderLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  return {
    id: r.po_id,
    number: r.number,
    supplierId: r.supplier_id,
    supplier: r.supplier,
    supplierName: r.supplier_name,
    warehouseId: r.warehouse_id,
    warehouse: r.warehouse,
    status: r.status,
    currency: r.currency,
    expectedAt: r.expected_at,
    externalRef: r.external_ref,
    notes: r.notes,
    version: r.version,
    overReceiptToleranceBp: r.over_receipt_tolerance_bp,
    lines,
    totals: {
      qtyOrdered: sum((l) => l.qtyOrdered),
      qtyReceived: sum((l) => l.qtyReceived),
      qtyRejected: sum((l) => l.qtyRejected),
      qtyOpen: sum((l) => l.qtyOpen),
      orderedMinor: sum((l) => l.lineTotalMinor),
      receivedMinor: sum((l) => l.qtyReceived * l.unitCostMinor),
      openMinor: sum((l) => l.qtyOpen * l.unitCostMinor),
    },
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
  };
}

/** Reads a purchase order with its lines; outside the scope it does not exist. Errors: purchase_order_not_found. */
export async function readPurchaseOrder(
  q: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<PurchaseOrder> {
  const { rows } = await q.query<PurchaseOrderRow>(
    `${PO_SELECT} WHERE po.po_id = $1 AND ${poInScope('$2')}`,
    [id, scope],
  );
  const row = rows[0];
  if (!row) throw purchaseOrderNotFound(id);
  return toPurchaseOrder(row);
}

/**
 * Locks a purchase order's row (FOR UPDATE) for the rest of the caller's transaction and reads it with its
 * lines. A purchase order outside the caller's warehouses answers like a missing one.
 * Errors: purchase_order_not_found (404).
 */
export async function lockPurchaseOrder(tx: Queryable, ctx: Context, poId: string): Promise<PurchaseOrder> {
  const { rows } = await tx.query<{ po_id: string }>(
    `SELECT po.po_id FROM purchase_orders po WHERE po.po_id = $1 AND ${poInScope('$2')} FOR UPDATE`,
    [poId, ctx.warehouseScope],
  );
  if (rows.length === 0) throw purchaseOrderNotFound(poId);
  return readPurchaseOrder(tx, poId, null);
}

const RECEIVABLE = `('sent', 'partially_received', 'received')`;

/**
 * Adds received (and of those, rejected) units to purchase order lines, each by a guarded increment that
 * holds qty_received within the ordered quantity plus the supplier's over-receipt tolerance
 * (floor(ordered × bp / 10000)); then sets the order partially_received or received. Lines are updated in
 * line order. Call it in the receipt's transaction (after lockPurchaseOrder).
 * Errors: purchase_order_not_found (404); purchase_order_not_receivable (409, draft/closed/cancelled);
 * unknown_line, over_receipt_tolerance, rejection_exceeds_received (422).
 */
export async function recordPoReceipt(
  tx: Queryable,
  input: { poId: string; lines: readonly { lineNo: number; qtyReceived: number; qtyRejected: number }[] },
): Promise<PoStatus> {
  const po = await readPurchaseOrder(tx, input.poId, null);
  if (!['sent', 'partially_received', 'received'].includes(po.status)) {
    throw notReceivable(po.id, po.status);
  }
  const lines = [...input.lines].sort((a, b) => a.lineNo - b.lineNo);
  for (const l of lines) {
    if (
      !Number.isSafeInteger(l.qtyReceived) ||
      l.qtyReceived < 0 ||
      !Number.isSafeInteger(l.qtyRejected) ||
      l.qtyRejected < 0
    ) {
      throw unprocessable(
        'invalid_quantity',
        'Received and rejected quantities are whole numbers, zero or more.',
        {
          lineNo: l.lineNo,
        },
      );
    }
    const { rowCount } = await tx.query(
      `UPDATE purchase_order_lines l
          SET qty_received = l.qty_received + $3, qty_rejected = l.qty_rejected + $4
         FROM purchase_orders po JOIN suppliers s ON s.supplier_id = po.supplier_id
        WHERE l.po_id = $1 AND l.line_no = $2 AND po.po_id = l.po_id AND po.status IN ${RECEIVABLE}
          AND l.qty_received + $3 <= l.qty_ordered + (l.qty_ordered * s.over_receipt_tolerance_bp) / 10000`,
      [input.poId, l.lineNo, l.qtyReceived, l.qtyRejected],
    );
    if (rowCount === 0) {
      const line = po.lines.find((x) => x.lineNo === l.lineNo);
      if (!line) throw unknownLine(po.id, l.lineNo);
      const now = await readPurchaseOrder(tx, input.poId, null);
      const current = now.lines.find((x) => x.lineNo === l.lineNo)!;
      throw overReceiptTolerance(
        po.id,
        l.lineNo,
        current.qtyOrdered,
        current.qtyReceived,
        l.qtyReceived,
        maxReceivable(current.qtyOrdered, po.overReceiptToleranceBp),
      );
    }
  }
  const { rows } = await tx.query<{ status: PoStatus }>(
    `UPDATE purchase_orders po
        SET status = CASE WHEN EXISTS (SELECT 1 FROM purchase_order_lines l
                                        WHERE l.po_id = po.po_id AND l.qty_received < l.qty_ordered)
                          THEN CASE WHEN EXISTS (SELECT 1 FROM purchase_order_lines l
                                                  WHERE l.po_id = po.po_id AND l.qty_received > 0)
                                    THEN 'partially_received' ELSE 'sent' END
                          ELSE 'received' END,
            version = version + 1, updated_at = now()
      WHERE po.po_id = $1 AND po.status IN ${RECEIVABLE} RETURNING status`,
    [input.poId],
  );
  return rows[0]?.status ?? po.status;
}

/**
 * Marks received units as rejected by QC (they still count as received for the order's progress): a
 * guarded increment that keeps qty_rejected ≤ qty_received.
 * Errors: unknown_line, rejection_exceeds_received (422).
 */
export async function recordPoRejection(
  tx: Queryable,
  input: { poId: string; lines: readonly { lineNo: number; qty: number }[] },
): Promise<void> {
  for (const l of [...input.lines].sort((a, b) => a.lineNo - b.lineNo)) {
    if (!Number.isSafeInteger(l.qty) || l.qty <= 0) {
      throw unprocessable('invalid_quantity', 'A rejected quantity is a whole number above zero.', {
        lineNo: l.lineNo,
      });
    }
    const { rows } = await tx.query<{ qty_received: number }>(
      `UPDATE purchase_order_lines SET qty_rejected = qty_rejected + $3
        WHERE po_id = $1 AND line_no = $2 AND qty_rejected + $3 <= qty_received RETURNING qty_received`,
      [input.poId, l.lineNo, l.qty],
    );
    if (rows.length === 0) {
      const { rows: found } = await tx.query<{ qty_received: number; qty_rejected: number }>(
        'SELECT qty_received, qty_rejected FROM purchase_order_lines WHERE po_id = $1 AND line_no = $2',
        [input.poId, l.lineNo],
      );
      const line = found[0];
      if (!line) throw unknownLine(input.poId, l.lineNo);
      throw unprocessable(
        'rejection_exceeds_received',
        `Line ${l.lineNo} of ${input.poId} has ${line.qty_received} received and ${line.qty_rejected} already rejected; ${l.qty} more cannot be rejected.`,
        {
          purchaseOrder: input.poId,
          lineNo: l.lineNo,
          qtyReceived: Number(line.qty_received),
          qtyRejected: Number(line.qty_rejected),
          qty: l.qty,
        },
      );
    }
  }
}

export const notReceivable = (id: string, status: string) =>
  conflict(
    'purchase_order_not_receivable',
    `Purchase order ${id} is ${status}; only a sent or partially received order can be received against.`,
    { purchaseOrder: id, status },
  );
