import type { Queryable } from '../../../db/index.js';

/**
 * This module's SQL: transfer orders with their lines and the stock transfers (picks) that carry them,
 * read into the document the API returns; the locations a transfer order names.
 */
export type TransferOrderStatus = 'requested' | 'shipped' | 'partially_received' | 'received' | 'cancelled';

export interface TransferOrderPick {
  stockTransferId: string;
  from: string;
  to: string;
  qty: number;
  receivedQty: number;
  lostQty: number;
}

export interface TransferOrderLine {
  lineNo: number;
  sku: string;
  qtyRequested: number;
  qtyShipped: number;
  qtyReceived: number;
  qtyDamaged: number;
  qtyLost: number;
  qtyInTransit: number;
  picks: TransferOrderPick[];
}

export interface TransferOrder {
  id: string;
  number: string;
  from: string;
  to: string;
  status: TransferOrderStatus;
  expectedAt: string | null;
  note: string | null;
  lines: TransferOrderLine[];
  requestedAt: string;
  requestedBy: string;
  shippedAt: string | null;
  shippedBy: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  version: number;
  updatedAt: string;
}

/** The head of a transfer order, as commands need it. */
export interface TransferOrderHead {
  transfer_order_id: string;
  number: string;
  from_warehouse_id: string;
  from_code: string;
  to_warehouse_id: string;
  to_code: string;
  status: TransferOrderStatus;
}

export const HEAD_SELECT = `
  SELECT o.transfer_order_id, o.number, o.from_warehouse_id, fw.code AS from_code, o.to_warehouse_id,
         tw.code AS to_code, o.status
    FROM transfer_orders o
    JOIN locations fw ON fw.location_id = o.from_warehouse_id
    JOIN locations tw ON tw.location_id = o.to_warehouse_id`;

interface OrderRow extends TransferOrderHead {
  expected_at: Date | null;
  note: string | null;
  requested_at: Date;
  requested_by: string;
  shipped_at: Date | null;
  shipped_by: string | null;
  received_at: Date | null;
  received_by: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  version: number;
  updated_at: Date;
}

const ORDER_SELECT = `
  SELECT o.transfer_order_id, o.number, o.from_warehouse_id, fw.code AS from_code, o.to_warehouse_id,
         tw.code AS to_code, o.status, o.expected_at, o.note, o.requested_at, o.requested_by, o.shipped_at,
         o.shipped_by, o.received_at, o.received_by, o.cancelled_at, o.cancelled_by, o.cancel_reason, o.version,
         o.updated_at
    FROM transfer_orders o
    JOIN locations fw ON fw.location_id = o.from_warehouse_id
    JOIN locations tw ON tw.location_id = o.to_warehouse_id`;

export interface LineRow {
  transfer_order_id: string;
  line_no: number;
  sku_id: string;
  sku_code: string;
  qty_requested: number;
  qty_shipped: number;
  qty_received: number;
  qty_damaged: number;
  qty_lost: number;
}

/** The lines of transfer orders, in line order. */
export async function readLines(q: Queryable, ids: readonly string[]): Promise<LineRow[]> {
  const { rows } = await q.query<LineRow>(
    `SELECT l.transfer_order_id, l.line_no, l.sku_id, s.code AS sku_code, l.qty_requested, l.qty_shipped,
            l.qty_received, l.qty_damaged, l.qty_lost
       FROM transfer_order_lines l JOIN skus s ON s.sku_id = l.sku_id
      WHERE l.transfer_order_id = ANY($1::text[])
      ORDER BY l.transfer_order_id, l.line_no`,
    [ids],
  );
  return rows;
}

export interface PickRow {
  transfer_order_id: string;
  line_no: number;
  pick_no: number;
  stock_transfer_id: string;
  from_code: string;
  to_code: string;
  qty: number;
  received_qty: number;
  lost_qty: number;
}

/** The stock transfers carrying transfer orders' lines, oldest pick first. */
export async function readPicks(q: Queryable, ids: readonly string[]): Promise<PickRow[]> {
  const { rows } = await q.query<PickRow>(
    `SELECT p.transfer_order_id, p.line_no, p.pick_no, p.stock_transfer_id, f.code AS from_code,
            d.code AS to_code, t.qty, t.received_qty, t.lost_qty
       FROM transfer_order_picks p
       JOIN stock_transfers t ON t.transfer_id = p.stock_transfer_id
       JOIN locations f ON f.location_id = t.from_location_id
       JOIN locations d ON d.location_id = t.to_location_id
      WHERE p.transfer_order_id = ANY($1::text[])
      ORDER BY p.transfer_order_id, p.line_no, p.pick_no`,
    [ids],
  );
  return rows;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Transfer orders by id, in the order given (missing ids are skipped); no scope check. */
export async function loadTransferOrders(q: Queryable, ids: readonly string[]): Promise<TransferOrder[]> {
  if (ids.length === 0) return [];
  const orders = await q.query<OrderRow>(`${ORDER_SELECT} WHERE o.transfer_order_id = ANY($1::text[])`, [
    ids,
  ]);
  const lines = await readLines(q, ids);
  const picks = await readPicks(q, ids);
  const byId = new Map(orders.rows.map((r) => [r.transfer_order_id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.transfer_order_id,
        number: r.number,
        from: r.from_code,
        to: r.to_code,
        status: r.status,
        expectedAt: iso(r.expected_at),
        note: r.note,
        lines: lines
          .filter((l) => l.transfer_order_id === id)
          .map((l) => ({
            lineNo: l.line_no,
            sku: l.sku_code,
            qtyRequested: l.qty_requested,
            qtyShipped: l.qty_shipped,
            qtyReceived: l.qty_received,
            qtyDamaged: l.qty_damaged,
            qtyLost: l.qty_lost,
            qtyInTransit: l.qty_shipped - l.qty_received - l.qty_lost,
            picks: picks
              .filter((p) => p.transfer_order_id === id && p.line_no === l.line_no)
              .map((p) => ({
                stockTransferId: p.stock_transfer_id,
                from: p.from_code,
                to: p.to_code,
                qty: p.qty,
                receivedQty: p.received_qty,
                lostQty: p.lost_qty,
              })),
          })),
        requestedAt: r.requested_at.toISOString(),
        requestedBy: r.requested_by,
        shippedAt: iso(r.shipped_at),
        shippedBy: r.shipped_by,
        receivedAt: iso(r.received_at),
        receivedBy: r.received_by,
        cancelledAt: iso(r.cancelled_at),
        cancelledBy: r.cancelled_by,
        cancelReason: r.cancel_reason,
        version: r.version,
        updatedAt: r.updated_at.toISOString(),
      },
    ];
  });
}

/** The head of a transfer order, unlocked; null when it does not exist. */
export async function findHead(q: Queryable, id: string): Promise<TransferOrderHead | null> {
  const { rows } = await q.query<TransferOrderHead>(`${HEAD_SELECT} WHERE o.transfer_order_id = $1`, [id]);
  return rows[0] ?? null;
}

/** Whether a principal with this scope sees the transfer order: either of its warehouses is theirs. */
export const isVisible = (head: TransferOrderHead, scope: readonly string[] | null) =>
  scope === null || scope.includes(head.from_warehouse_id) || scope.includes(head.to_warehouse_id);

export interface PlaceRow {
  location_id: string;
  code: string;
  kind: string;
  is_physical: boolean;
  is_archived: boolean;
  warehouse_id: string;
  usage: string;
}

/** Locations by code (any case), keyed by lower-cased code. */
export async function findLocations(q: Queryable, codes: readonly string[]): Promise<Map<string, PlaceRow>> {
  const { rows } = await q.query<PlaceRow>(
    `SELECT location_id, code, kind, is_physical, is_archived, warehouse_id, usage
       FROM locations WHERE lower(code) = ANY($1::text[])`,
    [codes.map((c) => c.toLowerCase())],
  );
  return new Map(rows.map((r) => [r.code.toLowerCase(), r]));
}

/**
 * Where a transfer arrives by default: the destination's first receiving location (a dock), else its first
 * storage bin in bin order, else the warehouse itself.
 */
export async function defaultArrivalLocation(q: Queryable, warehouseId: string): Promise<string> {
  const { rows } = await q.query<{ code: string }>(
    `SELECT code FROM locations
      WHERE location_id = $1
         OR (warehouse_id = $1 AND NOT is_archived
             AND ((kind IN ('zone', 'bin') AND usage = 'receiving') OR (kind = 'bin' AND usage = 'storage')))
      ORDER BY CASE WHEN usage = 'receiving' AND kind IN ('zone', 'bin') THEN 0
                    WHEN kind = 'bin' THEN 1 ELSE 2 END,
               pick_seq NULLS LAST, code
      LIMIT 1`,
    [warehouseId],
  );
  return rows[0]!.code;
}

/** The destination's first quarantine location, for damaged units; null when it has none. */
export async function defaultQuarantineLocation(q: Queryable, warehouseId: string): Promise<string | null> {
  const { rows } = await q.query<{ code: string }>(
    `SELECT code FROM locations
      WHERE warehouse_id = $1 AND usage = 'quarantine' AND kind IN ('zone', 'bin') AND NOT is_archived
      ORDER BY CASE kind WHEN 'bin' THEN 0 ELSE 1 END, pick_seq NULLS LAST, code
      LIMIT 1`,
    [warehouseId],
  );
  return rows[0]?.code ?? null;
}

/** A SKU's storage bins in a warehouse with available stock, in bin order. */
export async function storageBinsWithStock(
  q: Queryable,
  warehouseId: string,
  skuId: string,
): Promise<{ location: string; available: number }[]> {
  const { rows } = await q.query<{ code: string; available: number }>(
    `SELECT l.code, b.on_hand - b.reserved AS available
       FROM stock_balances b JOIN locations l ON l.location_id = b.location_id
      WHERE l.warehouse_id = $1 AND b.sku_id = $2 AND l.kind = 'bin' AND l.usage = 'storage'
        AND NOT l.is_archived AND b.on_hand - b.reserved > 0
      ORDER BY l.pick_seq NULLS LAST, l.code`,
    [warehouseId, skuId],
  );
  return rows.map((r) => ({ location: r.code, available: r.available }));
}
