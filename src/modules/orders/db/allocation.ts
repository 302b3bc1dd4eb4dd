import type { Context, Queryable } from '../../../db/index.js';
import { reserveManyInTransaction } from '../../inventory/index.js';
import { type AllocationDecision, allocate, type Destination } from '../domain/allocate.js';
import type { Channel, ShipFrom } from './channels.js';

export interface LineToAllocate {
  readonly lineNo: number;
  readonly skuId: string;
  readonly sku: string;
  readonly qty: number;
  /** When known (false for every line), no kit components are looked up. */
  readonly isKit?: boolean | undefined;
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
  /** The channel's warehouses when the caller read them with the channel (intake); read here otherwise. */
  channelWarehouses?: readonly ShipFrom[],
): Promise<AllocationDecision> {
  const scope = ctx.warehouseScope;
  const warehouses = channelWarehouses
    ? channelWarehouses.filter((w) => scope === null || scope.includes(w.warehouse_id))
    : (
        await tx.query<ShipFrom>(
          `SELECT cw.warehouse_id, l.code, cw.priority, l.country, l.region
             FROM channel_warehouses cw JOIN locations l ON l.location_id = cw.warehouse_id
            WHERE cw.channel_id = $1 AND NOT l.is_archived
              AND ($2::text[] IS NULL OR cw.warehouse_id = ANY($2::text[]))
            ORDER BY cw.priority, l.code`,
          [order.channel.id, scope],
        )
      ).rows;
  // Kits are allocated as their components: each kit line becomes one demand line per component.
  const { rows: componentRows } = lines.every((l) => l.isKit === false)
    ? { rows: [] }
    : await tx.query<{ kit_sku_id: string; sku_id: string; code: string; qty: number }>(
        `SELECT sc.kit_sku_id, c.sku_id, c.code, sc.qty FROM sku_components sc JOIN skus c ON c.sku_id = sc.component_sku_id
          WHERE sc.kit_sku_id = ANY($1::text[]) ORDER BY sc.kit_sku_id, c.code`,
        [[...new Set(lines.map((l) => l.skuId))]],
      );
  const componentsOf = new Map<string, { skuId: string; sku: string; qty: number }[]>();
  for (const r of componentRows) {
    const list = componentsOf.get(r.kit_sku_id) ?? [];
    list.push({ skuId: r.sku_id, sku: r.code, qty: r.qty });
    componentsOf.set(r.kit_sku_id, list);
  }
  const demand = lines.flatMap((l) => {
    const parts = componentsOf.get(l.skuId);
    return parts
      ? parts.map((p, j) => ({
          lineNo: l.lineNo * 1000 + j + 1,
          skuId: p.skuId,
          sku: p.sku,
          qty: l.qty * p.qty,
          per: p.qty,
        }))
      : [{ lineNo: l.lineNo * 1000, skuId: l.skuId, sku: l.sku, qty: l.qty, per: 1 }];
  });
  const skuIds = [...new Set(demand.map((d) => d.skuId))];
  const { rows: offers } =
    warehouses.length === 0 || skuIds.length === 0
      ? { rows: [] }
      : await tx.query<{ warehouse: string; location: string; sku: string; available: number }>(
          `WITH locked AS (
             SELECT b.location_id, b.sku_id, b.on_hand, b.reserved
               FROM stock_balances b
               JOIN locations l ON l.location_id = b.location_id
              WHERE b.sku_id = ANY($1::text[]) AND l.warehouse_id = ANY($2::text[]) AND b.is_physical
                AND NOT l.is_archived AND l.usage = 'storage'
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
  const raw = allocate({
    lines: demand.map((d) => ({ lineNo: d.lineNo, sku: d.sku, qty: d.qty })),
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
  const decision = toLineDecision(raw, lines, demand, order.channel.rules.allowBackorder);
  if (warehouses.length === 0) {
    decision.explanation.unshift(
      ctx.warehouseScope === null
        ? `Channel ${order.channel.code} ships from no warehouse yet: nothing can be allocated.`
        : `Channel ${order.channel.code} ships from none of the warehouses you work in.`,
    );
  }

  // Each line is held by its own reservation (so that a line can be released alone), all written at once.
  const held = lines
    .map((line) => ({ line, picks: decision.picks.filter((p) => p.lineNo === line.lineNo) }))
    .filter((h) => h.picks.length > 0);
  const reservations =
    held.length === 0
      ? []
      : await reserveManyInTransaction(
          tx,
          ctx,
          held.map(({ line, picks }) => ({
            lines: picks.map((p) => ({ sku: p.sku, location: p.location, qty: p.qty })),
            reference: `order ${order.id} line ${line.lineNo}`,
          })),
        );
  const buckets = lines.map((line) => {
    const backordered = decision.backordered.find((b) => b.lineNo === line.lineNo)?.qty ?? 0;
    const unfulfilled = decision.unfulfilled.find((b) => b.lineNo === line.lineNo)?.qty ?? 0;
    return { lineNo: line.lineNo, picked: line.qty - backordered - unfulfilled, backordered, unfulfilled };
  });
  // The lines' reservations recorded and their units moved into their buckets, in one statement.
  await tx.query(
    `WITH held AS (
       INSERT INTO order_line_reservations (order_id, line_no, reservation_id)
       SELECT $1, r.line_no, r.reservation_id FROM unnest($6::int[], $7::text[]) AS r(line_no, reservation_id)
     )
     UPDATE order_lines ol
        SET qty_allocated = ol.qty_allocated + b.picked, qty_backordered = ol.qty_backordered + b.backordered,
            qty_cancelled = ol.qty_cancelled + b.unfulfilled
       FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::bigint[]) AS b(line_no, picked, backordered, unfulfilled)
      WHERE ol.order_id = $1 AND ol.line_no = b.line_no`,
    [
      order.id,
      buckets.map((b) => b.lineNo),
      buckets.map((b) => b.picked),
      buckets.map((b) => b.backordered),
      buckets.map((b) => b.unfulfilled),
      held.map((h) => h.line.lineNo),
      reservations.map((r) => r.id),
    ],
  );
  return decision;
}

/**
 * Turns the allocator's decision over demand lines (components for kits) back into the order's lines: a
 * kit line gets as many whole kits as every component covers; component units beyond that are not held,
 * and the kits not covered wait (backorder) or are reported unfulfilled like any shortfall. Picks keep the
 * component SKUs (what is reserved) under the order line's number; shortfalls are in the line's units.
 */
function toLineDecision(
  raw: AllocationDecision,
  lines: readonly LineToAllocate[],
  demand: readonly { lineNo: number; skuId: string; sku: string; qty: number; per: number }[],
  allowBackorder: boolean,
): AllocationDecision {
  const picks: AllocationDecision['picks'] = [];
  const backordered: AllocationDecision['backordered'] = [];
  const unfulfilled: AllocationDecision['unfulfilled'] = [];
  for (const line of lines) {
    const parts = demand.filter((d) => Math.floor(d.lineNo / 1000) === line.lineNo);
    const pickedOf = (d: (typeof parts)[number]) =>
      raw.picks.filter((p) => p.lineNo === d.lineNo).reduce((s, p) => s + p.qty, 0);
    const whole = Math.min(...parts.map((d) => Math.floor(pickedOf(d) / d.per)));
    for (const d of parts) {
      let keep = whole * d.per;
      for (const p of raw.picks.filter((x) => x.lineNo === d.lineNo)) {
        const qty = Math.min(keep, p.qty);
        if (qty > 0) picks.push({ ...p, lineNo: line.lineNo, qty });
        keep -= qty;
      }
    }
    const short = line.qty - whole;
    if (short > 0)
      (allowBackorder ? backordered : unfulfilled).push({ lineNo: line.lineNo, sku: line.sku, qty: short });
  }
  const status: AllocationDecision['status'] =
    backordered.length + unfulfilled.length === 0
      ? 'allocated'
      : picks.length > 0
        ? 'partially_allocated'
        : allowBackorder
          ? 'backordered'
          : 'unfulfillable';
  const used = new Set(picks.map((p) => p.warehouse));
  return {
    ...raw,
    status,
    picks,
    backordered,
    unfulfilled,
    warehouses: raw.warehouses.filter((w) => used.has(w)),
  };
}
