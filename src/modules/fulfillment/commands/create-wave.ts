import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, DomainError, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { createPickLists } from '../db/picking.js';
import { admitToWave, type PickListKind } from '../domain/plan-pick-lists.js';
import { getWaveInTransaction, type Wave } from '../queries/picking.js';
import { createShipmentInTransaction } from './create-shipment.js';

export interface CreateWaveInput {
  warehouse: string;
  /** Only these orders (ids); otherwise every order with units held at the warehouse, by the rules below. */
  orders?: string[] | undefined;
  channels?: string[] | undefined;
  /** Orders whose shipping method is one of these (e.g. a carrier's service with its own cut-off). */
  shippingMethods?: string[] | undefined;
  /** Carrier cut-off: only orders promised at or before this time. */
  cutoff?: string | undefined;
  maxOrders?: number | undefined;
  maxLines?: number | undefined;
  /** single: a list per order; batch: lists of `ordersPerList` orders in totes; wave: one list. */
  pickLists?: PickListKind | undefined;
  ordersPerList?: number | undefined;
}

const SHIPPABLE = ['allocated', 'partially_allocated', 'backordered', 'in_fulfilment', 'partially_shipped'];
/** Conflicts that take an order out of the wave (it changed since it was read) instead of failing it. */
const SKIPPED = new Set(['order_on_hold', 'order_not_open', 'nothing_to_ship']);

function limit(value: number | undefined, fallback: number, max: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw unprocessable('invalid_limit', `${field} must be a whole number from 1 to ${max}.`, { field, max });
  }
  return v;
}

/**
 * Releases a wave at one warehouse: picks the orders with units held there (not on hold) by the rules —
 * channel, shipping method, promised by the carrier cut-off, explicit orders — in priority order (promised
 * date, then placed date) within the wave's limits, starts a shipment for each (their units set aside
 * exactly like POST /v1/shipments), and splits them into pick lists whose tasks are ordered along the
 * shortest path the planner finds. An order that changed since it was read (put on hold, nothing left to
 * ship) is left out and reported. Errors: nothing_to_wave (409); unknown_warehouse, invalid_limit,
 * invalid_time (422).
 */
export async function createWave(ctx: Context, input: CreateWaveInput) {
  const maxOrders = limit(input.maxOrders, 50, 500, 'maxOrders');
  const maxLines = limit(input.maxLines, 1000, 10_000, 'maxLines');
  const ordersPerList = limit(input.ordersPerList, 8, 50, 'ordersPerList');
  const kind = input.pickLists ?? 'batch';
  const cutoff = input.cutoff === undefined ? null : Date.parse(input.cutoff);
  if (cutoff !== null && Number.isNaN(cutoff)) {
    throw unprocessable('invalid_time', `cutoff "${input.cutoff}" is not a date-time.`, { field: 'cutoff' });
  }
  return runCommand(ctx, 'fulfillment.create_wave', input, async (tx, audit): Promise<Wave> => {
    const [warehouse] = await resolveWarehouses(tx, [input.warehouse], {
      field: 'warehouse',
      scope: ctx.warehouseScope,
    });
    const candidates = await waveCandidates(tx, {
      warehouseId: warehouse!.id,
      orders: input.orders ?? null,
      channels: input.channels?.map((c) => c.toLowerCase()) ?? null,
      shippingMethods: input.shippingMethods?.map((m) => m.toLowerCase()) ?? null,
      cutoff: cutoff === null ? null : new Date(cutoff).toISOString(),
      limit: maxOrders * 2 + 50,
    });
    const waveId = newId('wave');
    await tx.query(
      `INSERT INTO waves (wave_id, warehouse_id, rules, order_count, line_count, created_by_kind, created_by)
       VALUES ($1, $2, $3::jsonb, 1, 1, $4, $5)`,
      [
        waveId,
        warehouse!.id,
        JSON.stringify({
          orders: input.orders ?? null,
          channels: input.channels ?? null,
          shippingMethods: input.shippingMethods ?? null,
          cutoff: input.cutoff ?? null,
          maxOrders,
          maxLines,
          pickLists: kind,
          ordersPerList,
        }),
        ctx.actor.kind,
        ctx.actor.id,
      ],
    );
    const shipments: { id: string; lines: number }[] = [];
    const skipped: { orderId: string; code: string }[] = [];
    // Candidates were read without locks: each is taken under its order's lock, and one that changed in
    // between (another wave took it, a hold) is passed over for the next.
    const taken = { orders: 0, lines: 0 };
    for (const c of candidates) {
      const verdict = admitToWave(taken, c, { maxOrders, maxLines });
      if (verdict === 'full') break;
      if (verdict === 'pass') continue;
      try {
        const s = await createShipmentInTransaction(tx, ctx, {
          order: c.orderId,
          warehouse: warehouse!.code,
          waveId,
        });
        shipments.push({ id: s.id, lines: s.lines.length });
        taken.orders += 1;
        taken.lines += s.lines.length;
      } catch (e) {
        if (e instanceof DomainError && SKIPPED.has(e.code))
          skipped.push({ orderId: c.orderId, code: e.code });
        else throw e;
      }
    }
    if (shipments.length === 0) {
      throw conflict(
        'nothing_to_wave',
        `No order has units held at ${warehouse!.code} that match the wave's rules (and is not on hold).`,
        { warehouse: warehouse!.code, candidates: candidates.length, skipped },
      );
    }
    const lists = await createPickLists(tx, ctx, {
      warehouseId: warehouse!.id,
      waveId,
      kind,
      ordersPerList,
      shipmentIds: shipments.map((s) => s.id),
    });
    await tx.query('UPDATE waves SET order_count = $2, line_count = $3 WHERE wave_id = $1', [
      waveId,
      shipments.length,
      shipments.reduce((n, s) => n + s.lines, 0),
    ]);
    audit.record({
      targetType: 'wave',
      targetId: waveId,
      after: {
        status: 'released',
        warehouse: warehouse!.code,
        shipments: shipments.map((s) => s.id),
        pickLists: lists.map((l) => l.id),
        skipped,
      },
      warehouseIds: [warehouse!.id],
    });
    const wave = await getWaveInTransaction(tx, waveId, null);
    return { ...wave, skipped };
  });
}

/** Orders with units held at the warehouse outside shipments, matching the rules, in priority order. */
async function waveCandidates(
  tx: Queryable,
  q: {
    warehouseId: string;
    orders: string[] | null;
    channels: string[] | null;
    shippingMethods: string[] | null;
    cutoff: string | null;
    limit: number;
  },
): Promise<{ orderId: string; lines: number }[]> {
  const { rows } = await tx.query<{ order_id: string; lines: number }>(
    `SELECT o.order_id, count(DISTINCT olr.line_no)::int AS lines
       FROM orders o
       JOIN channels c ON c.channel_id = o.channel_id
       JOIN order_line_reservations olr ON olr.order_id = o.order_id AND olr.shipment_id IS NULL
       JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
       JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
       JOIN locations l ON l.location_id = rl.location_id
      WHERE l.warehouse_id = $1 AND o.status = ANY($2::text[]) AND NOT o.on_hold
        AND ($3::text[] IS NULL OR o.order_id = ANY($3::text[]))
        AND ($4::text[] IS NULL OR lower(c.code) = ANY($4::text[]))
        AND ($5::text[] IS NULL OR lower(o.shipping_method) = ANY($5::text[]))
        AND ($6::timestamptz IS NULL OR o.promised_at <= $6::timestamptz)
      GROUP BY o.order_id, o.promised_at, o.placed_at
      ORDER BY o.promised_at NULLS LAST, o.placed_at, o.order_id
      LIMIT $7`,
    [q.warehouseId, SHIPPABLE, q.orders, q.channels, q.shippingMethods, q.cutoff, q.limit],
  );
  return rows.map((r) => ({ orderId: r.order_id, lines: r.lines }));
}
