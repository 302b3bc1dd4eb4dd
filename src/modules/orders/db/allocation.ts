import type { Context, Queryable } from '../../../db/index.js';
import { reserveInTransaction } from '../../inventory/index.js';
import { type AllocationDecision, allocate, type Destination } from '../domain/allocate.js';
import type { Channel } from './channels.js';

export interface LineToAllocate {
  readonly lineNo: number;
  readonly skuId: string;
  readonly sku: string;
  readonly qty: number;
}

/**
 * Allocates order lines to stock: reads the channel's eligible warehouses (within the caller's scope),
 * locks the balance rows of the demanded SKUs there in the ledger's lock order and reads what is
 * available, lets the pure allocator decide, then holds each line's picks with one reservation (guarded
 * like every reservation) and moves the line's units into the allocated / backordered / cancelled buckets.
 * The locks make the decision and the reservations one step: a concurrent order for the same SKUs waits,
 * then decides on what is left.
 */
export async function allocateLines(
  tx: Queryable,
  ctx: Context,
  order: { id: string; channel: Channel; destination: Destination | null },
  lines: readonly LineToAllocate[],
): Promise<AllocationDecision> {
  const { rows: warehouses } = await tx.query<{
    warehouse_id: string;
    code: string;
    priority: number;
    country: string | null;
    region: string | null;
  }>(
    `SELECT cw.warehouse_id, l.code, cw.priority, l.country, l.region
       FROM channel_warehouses cw JOIN locations l ON l.location_id = cw.warehouse_id
      WHERE cw.channel_id = $1 AND NOT l.is_archived
        AND ($2::text[] IS NULL OR cw.warehouse_id = ANY($2::text[]))
      ORDER BY cw.priority, l.code`,
    [order.channel.id, ctx.warehouseScope],
  );
  const skuIds = [...new Set(lines.map((l) => l.skuId))];
  const { rows: offers } =
    warehouses.length === 0 || skuIds.length === 0
      ? { rows: [] }
      : await tx.query<{ warehouse: string; location: string; sku: string; available: number }>(
          `WITH locked AS (
             SELECT b.location_id, b.sku_id, b.on_hand, b.reserved
               FROM stock_balances b
               JOIN locations l ON l.location_id = b.location_id
              WHERE b.sku_id = ANY($1::text[]) AND l.warehouse_id = ANY($2::text[]) AND b.is_physical
                AND NOT l.is_archived
              ORDER BY b.location_id COLLATE "C", b.sku_id COLLATE "C"
                FOR UPDATE OF b
           )
           SELECT w.code AS warehouse, l.code AS location, s.code AS sku, (k.on_hand - k.reserved)::bigint AS available
             FROM locked k
             JOIN locations l ON l.location_id = k.location_id
             JOIN locations w ON w.location_id = l.warehouse_id
             JOIN skus s ON s.sku_id = k.sku_id
            WHERE k.on_hand > k.reserved`,
          [skuIds, warehouses.map((w) => w.warehouse_id)],
        );
  const decision = allocate({
    lines: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, qty: l.qty })),
    warehouses: warehouses.map((w) => ({
      code: w.code,
      priority: w.priority,
      // ZZ (ISO 3166 "unknown"): a warehouse without a country is never the nearest.
      country: w.country ?? 'ZZ',
      region: w.region ?? undefined,
    })),
    offers,
    destination: order.destination,
    rules: order.channel.rules,
  });
  if (warehouses.length === 0) {
    decision.explanation.unshift(
      ctx.warehouseScope === null
        ? `Channel ${order.channel.code} ships from no warehouse yet: nothing can be allocated.`
        : `Channel ${order.channel.code} ships from none of the warehouses you work in.`,
    );
  }

  for (const line of lines) {
    const picks = decision.picks.filter((p) => p.lineNo === line.lineNo);
    const picked = picks.reduce((s, p) => s + p.qty, 0);
    const backordered = decision.backordered.find((b) => b.lineNo === line.lineNo)?.qty ?? 0;
    const unfulfilled = decision.unfulfilled.find((b) => b.lineNo === line.lineNo)?.qty ?? 0;
    if (picks.length > 0) {
      const reservation = await reserveInTransaction(tx, ctx, {
        lines: picks.map((p) => ({ sku: p.sku, location: p.location, qty: p.qty })),
        reference: `order ${order.id} line ${line.lineNo}`,
      });
      await tx.query(
        'INSERT INTO order_line_reservations (order_id, line_no, reservation_id) VALUES ($1, $2, $3)',
        [order.id, line.lineNo, reservation.id],
      );
    }
    await tx.query(
      `UPDATE order_lines
          SET qty_allocated = qty_allocated + $3, qty_backordered = qty_backordered + $4,
              qty_cancelled = qty_cancelled + $5
        WHERE order_id = $1 AND line_no = $2`,
      [order.id, line.lineNo, picked, backordered, unfulfilled],
    );
  }
  return decision;
}
