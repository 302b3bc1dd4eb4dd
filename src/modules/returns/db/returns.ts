import type { Context, Queryable } from '../../../db/index.js';
import { lockOrderForShipment, type Order } from '../../orders/index.js';
import type { Grade, ReturnReason, ReturnStatus } from '../domain/grading.js';
import { returnNotFound } from '../errors.js';

export interface ReturnLine {
  lineNo: number;
  orderLineNo: number;
  sku: string;
  reason: ReturnReason;
  qtyAuthorised: number;
  qtyReceived: number;
  qtyGraded: number;
  /** What the received units of the line were paid (minor units). */
  refundMinor: number;
  graded: Record<Grade, number>;
}

export interface CustomerReturn {
  id: string;
  number: string;
  orderId: string;
  channel: string;
  externalId: string;
  warehouse: string;
  status: ReturnStatus;
  reason: ReturnReason;
  note: string | null;
  currency: string;
  refundMinor: number;
  refundShipping: boolean;
  shippingRefundMinor: number;
  lines: ReturnLine[];
  receipts: {
    lineNo: number;
    qty: number;
    location: string;
    moveId: string;
    receivedAt: string;
    receivedBy: string;
  }[];
  units: {
    lineNo: number;
    unitNo: number;
    grade: Grade;
    location: string;
    moveId: string | null;
    note: string | null;
    gradedAt: string;
    gradedBy: string;
  }[];
  authorisedAt: string;
  authorisedBy: string;
  receivedAt: string | null;
  receivedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
}

/** A return with its warehouse's id (for audit records and scope; not part of the API's shape). */
export type ReturnRecord = CustomerReturn & { warehouseId: string };

export interface ReturnRow {
  return_id: string;
  number: string;
  order_id: string;
  channel: string;
  external_id: string;
  warehouse: string;
  warehouse_id: string;
  status: ReturnStatus;
  reason: ReturnReason;
  customer_note: string | null;
  currency: string;
  refund_minor: number;
  refund_shipping: boolean;
  shipping_refund_minor: number;
  authorised_at: Date;
  authorised_by: string;
  received_at: Date | null;
  received_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  lines: (Omit<ReturnLine, 'graded'> & { graded: Partial<Record<Grade, number>> | null })[] | null;
  receipts: CustomerReturn['receipts'] | null;
  units: CustomerReturn['units'] | null;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const RETURN_SELECT = `
  SELECT r.return_id, r.number, r.order_id, c.code AS channel, o.external_id, w.code AS warehouse, r.warehouse_id,
         r.status, r.reason, r.customer_note, r.currency, r.refund_minor, r.refund_shipping, r.shipping_refund_minor,
         r.authorised_at, r.authorised_by, r.received_at, r.received_by, r.closed_at, r.closed_by, r.cancelled_at,
         r.cancelled_by, r.cancel_reason,
         (SELECT json_agg(json_build_object(
                   'lineNo', rl.line_no, 'orderLineNo', rl.order_line_no, 'sku', s.code, 'reason', rl.reason,
                   'qtyAuthorised', rl.qty_authorised, 'qtyReceived', rl.qty_received, 'qtyGraded', rl.qty_graded,
                   'refundMinor', rl.refund_minor,
                   'graded', (SELECT json_object_agg(g.grade, g.n)
                                FROM (SELECT ru.grade, count(*) AS n FROM return_units ru
                                       WHERE ru.return_id = rl.return_id AND ru.line_no = rl.line_no
                                       GROUP BY ru.grade) g)) ORDER BY rl.line_no)
            FROM return_lines rl JOIN skus s ON s.sku_id = rl.sku_id
           WHERE rl.return_id = r.return_id) AS lines,
         (SELECT json_agg(json_build_object(
                   'lineNo', rr.line_no, 'qty', rr.qty, 'location', rl.code, 'moveId', rr.move_id,
                   'receivedAt', ${TS('rr.received_at')}, 'receivedBy', rr.received_by) ORDER BY rr.receipt_seq)
            FROM return_receipts rr JOIN locations rl ON rl.location_id = rr.location_id
           WHERE rr.return_id = r.return_id) AS receipts,
         (SELECT json_agg(json_build_object(
                   'lineNo', ru.line_no, 'unitNo', ru.unit_no, 'grade', ru.grade, 'location', ul.code,
                   'moveId', ru.move_id, 'note', ru.note, 'gradedAt', ${TS('ru.graded_at')},
                   'gradedBy', ru.graded_by) ORDER BY ru.line_no, ru.unit_no)
            FROM return_units ru JOIN locations ul ON ul.location_id = ru.location_id
           WHERE ru.return_id = r.return_id) AS units
    FROM returns r
    JOIN orders o ON o.order_id = r.order_id
    JOIN channels c ON c.channel_id = o.channel_id
    JOIN locations w ON w.location_id = r.warehouse_id`;

/** A return is visible to a principal scoped to warehouses when it comes back to one of them. */
export const returnInScope = (param: string) =>
  `(${param}::text[] IS NULL OR r.warehouse_id = ANY(${param}::text[]))`;

export function toReturn(r: ReturnRow): CustomerReturn {
  return {
    id: r.return_id,
    number: r.number,
    orderId: r.order_id,
    channel: r.channel,
    externalId: r.external_id,
    warehouse: r.warehouse,
    status: r.status,
    reason: r.reason,
    note: r.customer_note,
    currency: r.currency,
    refundMinor: Number(r.refund_minor),
    refundShipping: r.refund_shipping,
    shippingRefundMinor: Number(r.shipping_refund_minor),
    lines: (r.lines ?? []).map((l) => ({
      ...l,
      qtyAuthorised: Number(l.qtyAuthorised),
      qtyReceived: Number(l.qtyReceived),
      qtyGraded: Number(l.qtyGraded),
      refundMinor: Number(l.refundMinor),
      graded: {
        restock: Number(l.graded?.restock ?? 0),
        quarantine: Number(l.graded?.quarantine ?? 0),
        scrap: Number(l.graded?.scrap ?? 0),
      },
    })),
    receipts: (r.receipts ?? []).map((x) => ({ ...x, qty: Number(x.qty) })),
    units: (r.units ?? []).map((u) => ({ ...u, unitNo: Number(u.unitNo) })),
    authorisedAt: r.authorised_at.toISOString(),
    authorisedBy: r.authorised_by,
    receivedAt: r.received_at?.toISOString() ?? null,
    receivedBy: r.received_by,
    closedAt: r.closed_at?.toISOString() ?? null,
    closedBy: r.closed_by,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    cancelledBy: r.cancelled_by,
    cancelReason: r.cancel_reason,
  };
}

/** Errors: return_not_found (404), also outside the caller's warehouses. */
export async function readReturn(
  tx: Queryable,
  id: string,
  scope: readonly string[] | null,
): Promise<ReturnRecord> {
  const { rows } = await tx.query<ReturnRow>(
    `${RETURN_SELECT} WHERE r.return_id = $1 AND ${returnInScope('$2')}`,
    [id, scope],
  );
  if (!rows[0]) throw returnNotFound(id);
  return { ...toReturn(rows[0]), warehouseId: rows[0].warehouse_id };
}

export interface LockedReturn {
  id: string;
  number: string;
  orderId: string;
  warehouseId: string;
  warehouse: string;
  status: ReturnStatus;
  refundShipping: boolean;
  lines: {
    lineNo: number;
    orderLineNo: number;
    skuId: string;
    sku: string;
    reason: ReturnReason;
    qtyAuthorised: number;
    qtyReceived: number;
    qtyGraded: number;
  }[];
}

/**
 * Takes a return's locks in the order every change of it follows: its order (then the order's lines, see
 * lockOrderForShipment), then the return row, then its lines. The return's warehouse is the scope check
 * (404 outside the caller's warehouses). Errors: return_not_found (404).
 */
export async function lockReturn(
  tx: Queryable,
  ctx: Context,
  id: string,
): Promise<{ order: Order; ret: LockedReturn }> {
  const { rows: found } = await tx.query<{ order_id: string }>(
    `SELECT r.order_id FROM returns r WHERE r.return_id = $1 AND ${returnInScope('$2')}`,
    [id, ctx.warehouseScope],
  );
  if (!found[0]) throw returnNotFound(id);
  const order = await lockOrderForShipment(tx, { ...ctx, warehouseScope: null }, found[0].order_id);
  const { rows } = await tx.query<{
    return_id: string;
    number: string;
    order_id: string;
    warehouse_id: string;
    warehouse: string;
    status: ReturnStatus;
    refund_shipping: boolean;
  }>(
    `SELECT r.return_id, r.number, r.order_id, r.warehouse_id, w.code AS warehouse, r.status, r.refund_shipping
       FROM returns r JOIN locations w ON w.location_id = r.warehouse_id
      WHERE r.return_id = $1 FOR UPDATE OF r`,
    [id],
  );
  const r = rows[0]!;
  const { rows: lines } = await tx.query<{
    line_no: number;
    order_line_no: number;
    sku_id: string;
    sku: string;
    reason: ReturnReason;
    qty_authorised: number;
    qty_received: number;
    qty_graded: number;
  }>(
    `SELECT rl.line_no, rl.order_line_no, rl.sku_id, s.code AS sku, rl.reason, rl.qty_authorised, rl.qty_received,
            rl.qty_graded
       FROM return_lines rl JOIN skus s ON s.sku_id = rl.sku_id
      WHERE rl.return_id = $1 ORDER BY rl.line_no FOR UPDATE OF rl`,
    [id],
  );
  return {
    order,
    ret: {
      id: r.return_id,
      number: r.number,
      orderId: r.order_id,
      warehouseId: r.warehouse_id,
      warehouse: r.warehouse,
      status: r.status,
      refundShipping: r.refund_shipping,
      lines: lines.map((l) => ({
        lineNo: l.line_no,
        orderLineNo: l.order_line_no,
        skuId: l.sku_id,
        sku: l.sku,
        reason: l.reason,
        qtyAuthorised: l.qty_authorised,
        qtyReceived: l.qty_received,
        qtyGraded: l.qty_graded,
      })),
    },
  };
}

/** Physical locations by code (any case) with their warehouse and usage, for checking where units go. */
export async function findLocations(
  tx: Queryable,
  codes: readonly string[],
): Promise<
  Map<
    string,
    {
      id: string;
      code: string;
      isPhysical: boolean;
      isArchived: boolean;
      warehouseId: string;
      usage: string;
    }
  >
> {
  const { rows } = await tx.query<{
    location_id: string;
    code: string;
    is_physical: boolean;
    is_archived: boolean;
    warehouse_id: string;
    usage: string;
  }>(
    `SELECT location_id, code, is_physical, is_archived, warehouse_id, usage FROM locations
      WHERE lower(code) = ANY($1::text[])`,
    [codes.map((c) => c.toLowerCase())],
  );
  return new Map(
    rows.map((r) => [
      r.code.toLowerCase(),
      {
        id: r.location_id,
        code: r.code,
        isPhysical: r.is_physical,
        isArchived: r.is_archived,
        warehouseId: r.warehouse_id,
        usage: r.usage,
      },
    ]),
  );
}
