import type { Context, Queryable } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import type { StockArrival } from '../../inventory/index.js';
import { allocateLines } from '../db/allocation.js';
import { type Channel, readChannel } from '../db/channels.js';
import { refreshStatus } from '../db/lines.js';
import { recordOrderEvent } from '../db/orders.js';
import type { OrderStatus } from '../domain/order-status.js';

/** At most this many waiting lines are served per arrival; the rest wait for the next one or a reallocate. */
const BATCH = 200;

/**
 * Backorders fill themselves: when stock of a SKU arrives in a warehouse, the lines waiting for that SKU in
 * orders whose channel ships from there are allocated, earliest promise first, then earliest placed, in the
 * transaction that brought the stock. Orders another transaction is changing right now are skipped, not
 * waited for (SKIP LOCKED: no deadlock with a cancel in flight); they are served by the next arrival or a
 * reallocate. Runs as a stock-arrival handler registered with inventory.
 */
export async function fillBackorders(
  tx: Queryable,
  ctx: Context,
  arrivals: readonly StockArrival[],
): Promise<void> {
  const skuIds = [...new Set(arrivals.map((a) => a.skuId))];
  const warehouseIds = [...new Set(arrivals.map((a) => a.warehouseId))];
  const { rows } = await tx.query<{
    order_id: string;
    channel_id: string;
    ship_to: { country?: string; region?: string } | null;
    status: OrderStatus;
    line_no: number;
    sku_id: string;
    sku: string;
    qty_backordered: number;
  }>(
    {
      name: 'orders_waiting_for_arrival',
      text: `SELECT o.order_id, o.channel_id, o.ship_to, o.status, ol.line_no, ol.sku_id, s.code AS sku, ol.qty_backordered
               FROM order_lines ol
               JOIN orders o ON o.order_id = ol.order_id
               JOIN skus s ON s.sku_id = ol.sku_id
              WHERE (ol.sku_id = ANY($1::text[])
                     OR ol.sku_id IN (SELECT kit_sku_id FROM sku_components WHERE component_sku_id = ANY($1::text[])))
                AND ol.qty_backordered > 0
                AND EXISTS (SELECT 1 FROM channel_warehouses cw
                             WHERE cw.channel_id = o.channel_id AND cw.warehouse_id = ANY($2::text[]))
              ORDER BY o.promised_at NULLS LAST, o.placed_at, o.order_id, ol.line_no
              LIMIT $3
                FOR UPDATE OF o, ol SKIP LOCKED`,
    },
    [skuIds, warehouseIds, BATCH],
  );
  if (rows.length === 0) return;
  const channels = new Map<string, Channel>();
  const exhausted = new Set<string>();
  const touched = new Map<string, { status: OrderStatus; explanation: string[]; lines: number[] }>();
  for (const r of rows) {
    if (exhausted.has(r.sku_id)) continue;
    let channel = channels.get(r.channel_id);
    if (!channel) {
      channel = await readChannel(tx, r.channel_id);
      channels.set(r.channel_id, channel);
    }
    // The waiting units go back to undecided, and are decided again on the stock there is now.
    await tx.query('UPDATE order_lines SET qty_backordered = 0 WHERE order_id = $1 AND line_no = $2', [
      r.order_id,
      r.line_no,
    ]);
    const decision = await allocateLines(
      tx,
      ctx,
      {
        id: r.order_id,
        channel,
        destination: r.ship_to?.country ? { country: r.ship_to.country, region: r.ship_to.region } : null,
      },
      [{ lineNo: r.line_no, skuId: r.sku_id, sku: r.sku, qty: r.qty_backordered }],
    );
    if (decision.picks.length === 0) {
      exhausted.add(r.sku_id);
      continue;
    }
    if (decision.backordered.length > 0) exhausted.add(r.sku_id);
    const t = touched.get(r.order_id) ?? { status: r.status, explanation: [], lines: [] };
    t.explanation.push(...decision.explanation);
    t.lines.push(r.line_no);
    touched.set(r.order_id, t);
  }
  for (const [orderId, t] of touched) {
    const status = await refreshStatus(tx, ctx, orderId);
    await recordOrderEvent(tx, ctx, orderId, {
      event: 'allocated',
      fromStatus: t.status,
      toStatus: status,
      reason: 'stock arrived',
      details: { lines: t.lines, explanation: t.explanation },
    });
    await emitEvents(tx, [
      {
        type: 'order.allocated',
        aggregateType: 'order',
        aggregateId: orderId,
        payload: { orderId, status, lines: t.lines, reason: 'backorder filled', explanation: t.explanation },
      },
    ]);
  }
}
