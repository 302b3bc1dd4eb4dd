import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { resolveSkuRefs, skuArchived, unknownSku } from '../../catalog/index.js';
import { readChannel } from '../db/channels.js';
import {
  allocatePending,
  type LineState,
  lockLines,
  refreshStatus,
  releasableOf,
  releaseOpenUnits,
  takeOpenUnits,
} from '../db/lines.js';
import { type Order, readOrder, recordOrderEvent } from '../db/orders.js';
import { type Address, CANCELLABLE, missingAddressFields } from '../domain/order-status.js';
import { unitsInFulfilment } from '../errors.js';
import type { OrderLineInput } from './create-order.js';

export interface EditOrderInput {
  reason: string;
  /** A new shipping address: everything not shipped is allocated again (the nearest warehouse may change). */
  shipTo?: Address | undefined;
  addLines?: OrderLineInput[] | undefined;
  /** New ordered quantities of existing lines. */
  changeLines?: { lineNo: number; qty: number }[] | undefined;
  /** Lines to drop: their open units are cancelled. */
  removeLines?: number[] | undefined;
  /** Compare-and-set: the version the caller read. */
  version?: number | undefined;
}

/**
 * Edits an open order: adds lines, changes ordered quantities (a decrease comes off the backorder, then
 * the allocation, releasing stock; an increase is allocated), removes lines (cancelling what is open), or
 * changes the shipping address (everything not shipped is released and allocated again for the new
 * destination). Allocation runs again only for what changed, in one decision for the order.
 * Units in an open shipment stay as they are: changing them (or the address) waits for the shipment to be
 * voided. Errors: order_not_found (404); order_not_open, version_conflict, units_in_fulfilment (409);
 * unknown_line, edit_below_shipped,
 * address_required, unknown_sku, sku_archived, invalid_quantity, nothing_to_edit (422).
 */
export async function editOrder(ctx: Context, id: string, input: EditOrderInput) {
  for (const [i, l] of (input.addLines ?? []).entries()) positiveQty(l.qty, `addLines[${i}].qty`);
  for (const [i, l] of (input.changeLines ?? []).entries()) positiveQty(l.qty, `changeLines[${i}].qty`);
  if (!input.shipTo && !input.addLines?.length && !input.changeLines?.length && !input.removeLines?.length) {
    throw unprocessable(
      'nothing_to_edit',
      'Say what to change: shipTo, addLines, changeLines or removeLines.',
    );
  }
  return runCommand(ctx, 'orders.edit_order', { id, ...input }, async (tx, audit): Promise<Order> => {
    await tx.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [id]);
    const before = await readOrder(tx, id, ctx.warehouseScope);
    if (!CANCELLABLE.has(before.status)) {
      throw conflict('order_not_open', `Order ${id} is ${before.status}; it can no longer be edited.`, {
        status: before.status,
      });
    }
    if (input.version !== undefined && input.version !== before.version) {
      throw conflict('version_conflict', `Order ${id} was changed by someone else; reload and retry.`, {
        expectedVersion: input.version,
        currentVersion: before.version,
      });
    }
    const channel = await readChannel(tx, before.channel);
    const lines = await lockLines(tx, id);
    const lineOf = (lineNo: number, field: string): LineState => {
      const line = lines.find((l) => l.line_no === lineNo);
      if (!line) throw unprocessable('unknown_line', `Order ${id} has no line ${lineNo}.`, { field });
      return line;
    };
    const changes: Record<string, unknown>[] = [];

    if (input.shipTo) {
      // A shipment being prepared goes to the address it was created for.
      const held = lines.filter((l) => l.qty_in_fulfilment > 0);
      if (held.length > 0) throw unitsInFulfilment(id, held);
      const missing = channel.kind === 'point_of_sale' ? [] : missingAddressFields(input.shipTo);
      if (missing.length > 0) {
        throw unprocessable('address_required', `The new address lacks ${missing.join(', ')}.`, {
          field: 'shipTo',
          missing,
        });
      }
      await tx.query('UPDATE orders SET ship_to = $2::jsonb WHERE order_id = $1', [
        id,
        JSON.stringify(input.shipTo),
      ]);
      // Everything not shipped is decided again for the new destination.
      await releaseOpenUnits(tx, ctx, id, lines);
      changes.push({ shipTo: input.shipTo });
    }
    for (const [i, lineNo] of (input.removeLines ?? []).entries()) {
      const line = lineOf(lineNo, `removeLines[${i}]`);
      if (line.qty_in_fulfilment > 0) throw unitsInFulfilment(id, [line]);
      const open = releasableOf(line);
      if (open === 0) continue;
      await takeOpenUnits(tx, ctx, id, line, open);
      await tx.query(
        'UPDATE order_lines SET qty_cancelled = qty_cancelled + $3 WHERE order_id = $1 AND line_no = $2',
        [id, lineNo, open],
      );
      line.qty_cancelled += open;
      changes.push({ removed: lineNo, qty: open });
    }
    for (const [i, change] of (input.changeLines ?? []).entries()) {
      const line = lineOf(change.lineNo, `changeLines[${i}].lineNo`);
      const floor = line.qty_shipped + line.qty_cancelled;
      if (change.qty < floor) {
        throw unprocessable(
          'edit_below_shipped',
          `Line ${change.lineNo} has ${line.qty_shipped} shipped and ${line.qty_cancelled} cancelled; it cannot be ordered ${change.qty}.`,
          { field: `changeLines[${i}].qty`, minimum: floor },
        );
      }
      if (change.qty < floor + line.qty_in_fulfilment) throw unitsInFulfilment(id, [line]);
      const delta = change.qty - line.qty_ordered;
      if (delta < 0) await takeOpenUnits(tx, ctx, id, line, -delta);
      await tx.query('UPDATE order_lines SET qty_ordered = $3 WHERE order_id = $1 AND line_no = $2', [
        id,
        change.lineNo,
        change.qty,
      ]);
      line.qty_ordered = change.qty;
      changes.push({ lineNo: change.lineNo, from: change.qty - delta, to: change.qty });
    }
    if (input.addLines?.length) {
      const skus = await resolveSkuRefs(
        tx,
        input.addLines.map((l) => l.sku),
      );
      let next = Math.max(0, ...lines.map((l) => l.line_no));
      for (const [i, l] of input.addLines.entries()) {
        const sku = skus.get(l.sku.toLowerCase());
        if (!sku) throw unknownSku(l.sku, `addLines[${i}].sku`);
        if (sku.isArchived) throw skuArchived(sku.code);
        next += 1;
        await tx.query(
          `INSERT INTO order_lines (order_id, line_no, sku_id, external_line_id, title, qty_ordered, unit_price_minor,
                                    discount_minor, tax_minor)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            next,
            sku.id,
            l.externalLineId ?? null,
            l.title ?? null,
            l.qty,
            l.unitPriceMinor,
            l.discountMinor ?? 0,
            l.taxMinor ?? 0,
          ],
        );
        lines.push({
          line_no: next,
          sku_id: sku.id,
          sku: sku.code,
          qty_ordered: l.qty,
          qty_allocated: 0,
          qty_backordered: 0,
          qty_shipped: 0,
          qty_cancelled: 0,
          qty_in_fulfilment: 0,
        });
        changes.push({ added: next, sku: sku.code, qty: l.qty });
      }
    }
    const shipTo = input.shipTo ?? before.shipTo;
    const decision = await allocatePending(
      tx,
      ctx,
      {
        id,
        channel,
        destination: shipTo?.country ? { country: shipTo.country, region: shipTo.region } : null,
      },
      lines,
    );
    if (decision) {
      await tx.query('UPDATE orders SET allocation = $2::jsonb WHERE order_id = $1', [
        id,
        JSON.stringify({
          status: decision.status,
          warehouses: decision.warehouses,
          explanation: decision.explanation,
        }),
      ]);
    }
    const status = await refreshStatus(tx, ctx, id);
    await recordOrderEvent(tx, ctx, id, {
      event: 'edited',
      fromStatus: before.status,
      toStatus: status,
      reason: input.reason,
      details: { changes, explanation: decision?.explanation ?? [] },
    });
    await emitEvents(tx, [
      {
        type: 'order.updated',
        aggregateType: 'order',
        aggregateId: id,
        payload: { orderId: id, channel: before.channel, externalId: before.externalId, status, changes },
      },
    ]);
    audit.record({
      targetType: 'order',
      targetId: id,
      before: { status: before.status, version: before.version },
      after: { status, changes },
      reason: input.reason,
    });
    return readOrder(tx, id, null);
  });
}

/**
 * Allocates an order again from scratch: everything not shipped is released and decided anew with the
 * channel's current warehouses and rules (after a channel change, or to pull a backorder into a warehouse
 * that now has stock). Errors: order_not_found (404); order_not_open (409).
 */
export async function reallocateOrder(ctx: Context, id: string, input: { reason?: string | undefined } = {}) {
  return runCommand(ctx, 'orders.reallocate_order', { id, ...input }, async (tx, audit): Promise<Order> => {
    await tx.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [id]);
    const before = await readOrder(tx, id, ctx.warehouseScope);
    if (!CANCELLABLE.has(before.status)) {
      throw conflict('order_not_open', `Order ${id} is ${before.status}; there is nothing to allocate.`, {
        status: before.status,
      });
    }
    const channel = await readChannel(tx, before.channel);
    const lines = await lockLines(tx, id);
    await releaseOpenUnits(tx, ctx, id, lines);
    const shipTo = before.shipTo;
    const decision = await allocatePending(
      tx,
      ctx,
      {
        id,
        channel,
        destination: shipTo?.country ? { country: shipTo.country, region: shipTo.region } : null,
      },
      lines,
    );
    const allocation = decision
      ? { status: decision.status, warehouses: decision.warehouses, explanation: decision.explanation }
      : before.allocation;
    await tx.query('UPDATE orders SET allocation = $2::jsonb WHERE order_id = $1', [
      id,
      JSON.stringify(allocation),
    ]);
    const status = await refreshStatus(tx, ctx, id);
    await recordOrderEvent(tx, ctx, id, {
      event: 'reallocated',
      fromStatus: before.status,
      toStatus: status,
      reason: input.reason ?? null,
      details: allocation,
    });
    await emitEvents(tx, [
      {
        type: decision && decision.picks.length > 0 ? 'order.allocated' : 'order.backordered',
        aggregateType: 'order',
        aggregateId: id,
        payload: {
          orderId: id,
          status,
          reason: input.reason ?? 'reallocated',
          explanation: allocation?.explanation ?? [],
        },
      },
    ]);
    audit.record({
      targetType: 'order',
      targetId: id,
      before: { status: before.status, allocation: before.allocation },
      after: { status, allocation },
      reason: input.reason ?? null,
    });
    return readOrder(tx, id, null);
  });
}
