import { type Context, runCommand } from '../../../db/index.js';
import { emitEvents } from '../../../events/outbox.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { transferInTransaction } from '../../inventory/index.js';
import {
  defaultArrivalLocation,
  findHead,
  findLocations,
  isVisible,
  loadTransferOrders,
  type PlaceRow,
  readLines,
  storageBinsWithStock,
  type TransferOrder,
} from '../db/transfer-orders.js';
import { type Pick, planPicks } from '../domain/plan-picks.js';
import {
  duplicateLine,
  transferOrderNotFound,
  transferOrderNotRequested,
  unknownLine,
  wrongWarehouse,
} from '../errors.js';

export interface ShipTransferOrderInput {
  /** Default: every line, in full, from the source's storage bins. */
  lines?: { lineNo: number; qty?: number | undefined; from?: string | undefined }[] | undefined;
  /** Where the units will arrive at the destination (default: its first receiving dock, else first bin). */
  to?: string | undefined;
  note?: string | undefined;
}

/**
 * Ships a requested transfer order: for each line, units leave source bins (the named one, or the
 * storage bins with available stock in bin order) for the destination's in-transit location, one
 * inventory stock transfer per line and bin; the order becomes shipped. A line may ship less than
 * requested (recorded as qtyShipped) or nothing. Needs the source warehouse in scope.
 * Errors: transfer_order_not_found (404); transfer_order_not_requested, insufficient_stock (409);
 * unknown_line, duplicate_line, ship_exceeds_request, nothing_to_ship, wrong_warehouse, unknown_location,
 * location_not_physical, location_archived, invalid_quantity (422).
 */
export async function shipTransferOrder(ctx: Context, id: string, input: ShipTransferOrderInput) {
  const named = (input.lines ?? []).map((l, i) => ({
    lineNo: l.lineNo,
    qty: l.qty === undefined ? undefined : positiveQty(l.qty, `lines[${i}].qty`),
    from: l.from,
    field: `lines[${i}]`,
  }));
  const seen = new Set<number>();
  for (const l of named) {
    if (seen.has(l.lineNo)) throw duplicateLine(l.lineNo, `${l.field}.lineNo`);
    seen.add(l.lineNo);
  }
  return runCommand(
    ctx,
    'transfers.ship_transfer_order',
    { id, ...input },
    async (tx, audit): Promise<TransferOrder> => {
      // The guarded transition first: it locks the order, so a second shipper waits here and then finds it
      // shipped.
      const { rows } = await tx.query<{
        number: string;
        from_warehouse_id: string;
        to_warehouse_id: string;
      }>(
        `UPDATE transfer_orders
            SET status = 'shipped', shipped_at = now(), shipped_by = $2, version = version + 1, updated_at = now()
          WHERE transfer_order_id = $1 AND status = 'requested'
            AND ($3::text[] IS NULL OR from_warehouse_id = ANY($3::text[]))
          RETURNING number, from_warehouse_id, to_warehouse_id`,
        [id, ctx.actor.id, ctx.warehouseScope],
      );
      const order = rows[0];
      if (!order) {
        const head = await findHead(tx, id);
        if (!head || !isVisible(head, ctx.warehouseScope)) throw transferOrderNotFound(id);
        if (ctx.warehouseScope !== null && !ctx.warehouseScope.includes(head.from_warehouse_id)) {
          // Seen from the destination only: shipping is the source's business.
          throw transferOrderNotFound(id);
        }
        throw transferOrderNotRequested(id, head.status, 'shipped');
      }
      const lines = await readLines(tx, [id]);
      const byNo = new Map(lines.map((l) => [l.line_no, l]));
      for (const l of named) if (!byNo.has(l.lineNo)) throw unknownLine(id, l.lineNo, `${l.field}.lineNo`);
      const wanted =
        input.lines === undefined
          ? lines.map((l) => ({
              line: l,
              qty: l.qty_requested,
              from: undefined as string | undefined,
              field: '',
            }))
          : named.map((n) => {
              const line = byNo.get(n.lineNo)!;
              return { line, qty: n.qty ?? line.qty_requested, from: n.from, field: n.field };
            });
      for (const w of wanted) {
        if (w.qty > w.line.qty_requested) {
          throw unprocessable(
            'ship_exceeds_request',
            `Line ${w.line.line_no} (${w.line.sku_code}) requests ${w.line.qty_requested} unit(s); ${w.qty} cannot ship.`,
            { lineNo: w.line.line_no, sku: w.line.sku_code, requested: w.line.qty_requested, qty: w.qty },
          );
        }
      }
      if (wanted.every((w) => w.qty === 0)) {
        throw unprocessable('nothing_to_ship', `Nothing of transfer order ${id} would ship.`, {
          transferOrder: id,
        });
      }
      const codes = [...wanted.flatMap((w) => (w.from ? [w.from] : [])), ...(input.to ? [input.to] : [])];
      const places = codes.length > 0 ? await findLocations(tx, codes) : new Map<string, PlaceRow>();
      const place = (code: string, warehouseId: string, field: string) => {
        const p = places.get(code.toLowerCase());
        if (!p) {
          throw unprocessable('unknown_location', `There is no location with code ${code}.`, {
            location: code,
            field,
          });
        }
        if (p.warehouse_id !== warehouseId) {
          const warehouse =
            warehouseId === order.from_warehouse_id ? 'the source warehouse' : 'the destination';
          throw wrongWarehouse(p.code, warehouse, field);
        }
        return p.code;
      };
      const to = input.to
        ? place(input.to, order.to_warehouse_id, 'to')
        : await defaultArrivalLocation(tx, order.to_warehouse_id);
      const shipped: { lineNo: number; sku: string; qty: number; picks: Pick[] }[] = [];
      for (const w of wanted) {
        let picks: Pick[];
        if (w.from)
          picks = [{ location: place(w.from, order.from_warehouse_id, `${w.field}.from`), qty: w.qty }];
        else {
          const plan = planPicks(
            w.qty,
            await storageBinsWithStock(tx, order.from_warehouse_id, w.line.sku_id),
          );
          if (plan.short > 0) {
            throw conflict(
              'insufficient_stock',
              `Only ${w.qty - plan.short} unit(s) of ${w.line.sku_code} are available in the storage bins of the source warehouse; line ${w.line.line_no} ships ${w.qty}. Ship less, or name a bin.`,
              {
                lineNo: w.line.line_no,
                sku: w.line.sku_code,
                requested: w.qty,
                available: w.qty - plan.short,
              },
            );
          }
          picks = plan.picks;
        }
        let pickNo = 0;
        for (const pick of picks) {
          const result = await transferInTransaction(tx, ctx, {
            sku: w.line.sku_code,
            from: pick.location,
            to,
            qty: pick.qty,
            via: 'transit',
            reference: order.number,
            note: input.note,
            scope: null,
          });
          await tx.query(
            `INSERT INTO transfer_order_picks (stock_transfer_id, transfer_order_id, line_no, pick_no)
             VALUES ($1, $2, $3, $4)`,
            [result.transfer!.id, id, w.line.line_no, ++pickNo],
          );
        }
        if (w.qty > 0) shipped.push({ lineNo: w.line.line_no, sku: w.line.sku_code, qty: w.qty, picks });
      }
      await tx.query(
        `UPDATE transfer_order_lines l SET qty_shipped = s.qty
           FROM unnest($2::int[], $3::bigint[]) AS s(line_no, qty)
          WHERE l.transfer_order_id = $1 AND l.line_no = s.line_no`,
        [id, shipped.map((s) => s.lineNo), shipped.map((s) => s.qty)],
      );
      audit.record({
        targetType: 'transfer_order',
        targetId: id,
        before: { status: 'requested' },
        after: { status: 'shipped', to, lines: shipped },
        reason: 'transfer',
        warehouseIds: [order.from_warehouse_id, order.to_warehouse_id],
      });
      const result = (await loadTransferOrders(tx, [id]))[0]!;
      await emitEvents(tx, [
        {
          type: 'transfer.shipped',
          aggregateType: 'transfer_order',
          aggregateId: id,
          payload: {
            transferOrderId: id,
            number: result.number,
            from: result.from,
            to: result.to,
            status: result.status,
            lines: result.lines.map((l) => ({
              lineNo: l.lineNo,
              sku: l.sku,
              qtyShipped: l.qtyShipped,
              qtyReceived: l.qtyReceived,
              qtyDamaged: l.qtyDamaged,
              qtyLost: l.qtyLost,
            })),
          },
        },
      ]);
      return result;
    },
  );
}
