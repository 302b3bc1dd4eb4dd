import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { resolveWarehouses } from '../../inventory/index.js';
import {
  assertNotOnHold,
  freeHoldings,
  lockOrderForShipment,
  setAsideForShipment,
  shipmentLineInfo,
} from '../../orders/index.js';
import { readShipment, type Shipment, type ShipmentRecord } from '../db/shipments.js';
import { planShipment, remainderOf } from '../domain/plan-shipment.js';
import { nothingToShip, warehouseRequired } from '../errors.js';

export interface CreateShipmentInput {
  order: string;
  /** The warehouse it leaves from; needed only when the order is allocated in several. */
  warehouse?: string | undefined;
  /** Units per order line; everything allocated at the warehouse (outside other shipments) when omitted. */
  lines?: { lineNo: number; qty: number }[] | undefined;
}

const SHIPPABLE = new Set([
  'allocated',
  'partially_allocated',
  'backordered',
  'in_fulfilment',
  'partially_shipped',
]);

/**
 * Starts a shipment: allocated units of one order at one warehouse are set aside for it (their holds split
 * off the order lines' reservations in this transaction), so cancelling or reallocating the rest of the
 * order cannot take them; the order is then in fulfilment. The shipment lists, per line, the bins its units
 * are held at. Errors: order_not_found (404); order_not_open, order_on_hold, nothing_to_ship (409);
 * warehouse_required, unknown_warehouse, unknown_line, shipment_exceeds_allocated, invalid_quantity (422).
 */
export async function createShipment(ctx: Context, input: CreateShipmentInput) {
  for (const [i, l] of (input.lines ?? []).entries()) positiveQty(l.qty, `lines[${i}].qty`);
  return runCommand(ctx, 'fulfillment.create_shipment', input, async (tx, audit): Promise<Shipment> => {
    const created = await createShipmentInTransaction(tx, ctx, input);
    audit.record({
      targetType: 'shipment',
      targetId: created.id,
      after: {
        status: 'open',
        orderId: created.orderId,
        warehouse: created.warehouse,
        lines: created.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty })),
      },
      warehouseIds: [created.warehouseId],
    });
    return created;
  });
}

/**
 * The shipment's work inside the caller's transaction (a wave starts many): takes the order's lock, sets
 * the units aside and returns the shipment as stored. Same errors as createShipment.
 */
export async function createShipmentInTransaction(
  tx: Queryable,
  ctx: Context,
  input: CreateShipmentInput & { waveId?: string | null; tote?: string | null },
): Promise<ShipmentRecord> {
  const order = await lockOrderForShipment(tx, ctx, input.order);
  if (!SHIPPABLE.has(order.status)) {
    throw conflict('order_not_open', `Order ${order.id} is ${order.status}; there is nothing to ship.`, {
      status: order.status,
    });
  }
  assertNotOnHold(order);
  const [requested] = input.warehouse
    ? await resolveWarehouses(tx, [input.warehouse], { field: 'warehouse', scope: ctx.warehouseScope })
    : [];
  const info = await shipmentLineInfo(tx, order.id);
  const holdings = await freeHoldings(tx, order.id);
  const scope = ctx.warehouseScope;
  const visible = scope ? holdings.filter((h) => scope.includes(h.warehouseId)) : holdings;
  const plan = planShipment({
    lines: info,
    holdings: visible,
    warehouse: requested?.code,
    requested: input.lines,
  });
  if (!plan.ok) {
    switch (plan.code) {
      case 'nothing_to_ship':
        throw nothingToShip(order.id, requested?.code);
      case 'warehouse_required':
        throw warehouseRequired(order.id, plan.details.warehouses as string[]);
      case 'unknown_line':
        throw unprocessable(
          'unknown_line',
          `Order ${order.id} has no line ${plan.details.lineNo}.`,
          plan.details,
        );
      case 'shipment_exceeds_allocated':
        throw unprocessable(
          'shipment_exceeds_allocated',
          `Line ${plan.details.lineNo} has ${plan.details.allocated} unit(s) allocated at ${plan.details.warehouse} outside other shipments; ${plan.details.requested} cannot be shipped.`,
          plan.details,
        );
    }
  }
  const warehouseId = requested?.id ?? holdings.find((h) => h.warehouse === plan.warehouse)!.warehouseId;
  const shipmentId = newId('shipment');
  await tx.query(
    `INSERT INTO shipments (shipment_id, order_id, warehouse_id, created_by_kind, created_by, wave_id, tote)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      shipmentId,
      order.id,
      warehouseId,
      ctx.actor.kind,
      ctx.actor.id,
      input.waveId ?? null,
      input.tote ?? null,
    ],
  );
  const held = await setAsideForShipment(tx, ctx, {
    order,
    shipmentId,
    warehouse: plan.warehouse,
    holdings,
    lines: plan.lines.map((l) => ({
      lineNo: l.lineNo,
      qty: l.qty,
      pieces: l.pieces,
      remainder: remainderOf(
        holdings.filter((h) => h.lineNo === l.lineNo),
        l.pieces,
      ),
    })),
  });
  await tx.query(
    `INSERT INTO shipment_lines (shipment_id, order_id, line_no, qty, reservation_id)
       SELECT $1, $2, l.line_no, l.qty, l.reservation_id
         FROM unnest($3::int[], $4::bigint[], $5::text[]) AS l(line_no, qty, reservation_id)`,
    [
      shipmentId,
      order.id,
      held.map((h) => h.lineNo),
      held.map((h) => h.qty),
      held.map((h) => h.reservationId),
    ],
  );
  return readShipment(tx, shipmentId, null);
}
