import { type Context, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { resolveSkuRefs, unknownSku } from '../../catalog/index.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { loadTransferOrders, type TransferOrder } from '../db/transfer-orders.js';
import { sameWarehouse } from '../errors.js';

export interface CreateTransferOrderInput {
  from: string;
  to: string;
  lines: { sku: string; qty: number }[];
  expectedAt?: string | undefined;
  note?: string | undefined;
}

/**
 * Requests a transfer of SKUs from one warehouse to another: the document and its lines, no stock moves.
 * A principal needs at least one of the two warehouses in scope.
 * Errors: unknown_warehouse, same_warehouse, unknown_sku, sku_archived, sku_is_kit, duplicate_sku,
 * invalid_quantity, invalid_expected_at (422).
 */
export async function createTransferOrder(ctx: Context, input: CreateTransferOrderInput) {
  if (input.lines.length === 0) {
    throw unprocessable('nothing_to_transfer', 'A transfer order needs at least one line.', {
      field: 'lines',
    });
  }
  const lines = input.lines.map((l, i) => ({ sku: l.sku, qty: positiveQty(l.qty, `lines[${i}].qty`) }));
  const seen = new Map<string, number>();
  lines.forEach((l, i) => {
    const key = l.sku.toLowerCase();
    if (seen.has(key)) {
      throw unprocessable('duplicate_sku', `${l.sku} is on two lines; put all its units on one line.`, {
        sku: l.sku,
        field: `lines[${i}].sku`,
      });
    }
    seen.set(key, i);
  });
  if (input.expectedAt !== undefined && Number.isNaN(Date.parse(input.expectedAt))) {
    throw unprocessable('invalid_expected_at', 'expectedAt must be a date-time (ISO 8601).', {
      field: 'expectedAt',
    });
  }
  return runCommand(
    ctx,
    'transfers.create_transfer_order',
    input,
    async (tx, audit): Promise<TransferOrder> => {
      const [from] = await resolveWarehouses(tx, [input.from], { field: 'from', scope: null });
      const [to] = await resolveWarehouses(tx, [input.to], { field: 'to', scope: null });
      if (from!.id === to!.id) throw sameWarehouse(from!.code);
      const scope = ctx.warehouseScope;
      if (scope !== null && !scope.includes(from!.id) && !scope.includes(to!.id)) {
        // Neither end is the caller's: answer as for a warehouse that does not exist.
        throw unprocessable('unknown_warehouse', `There is no warehouse with code ${input.to}.`, {
          warehouse: input.to,
          field: 'to',
        });
      }
      const skus = await resolveSkuRefs(
        tx,
        lines.map((l) => l.sku),
      );
      const resolved = lines.map((l, i) => {
        const sku = skus.get(l.sku.toLowerCase());
        if (!sku) throw unknownSku(l.sku);
        if (sku.isArchived) {
          throw unprocessable('sku_archived', `SKU ${sku.code} is archived; restore it to transfer it.`, {
            sku: sku.code,
            field: `lines[${i}].sku`,
          });
        }
        if (sku.isKit) {
          throw unprocessable(
            'sku_is_kit',
            `${sku.code} is a kit; transfer its components, which hold the stock.`,
            { sku: sku.code, field: `lines[${i}].sku` },
          );
        }
        return { skuId: sku.id, sku: sku.code, qty: l.qty };
      });
      const id = newId('transferOrder');
      await tx.query(
        `INSERT INTO transfer_orders (transfer_order_id, from_warehouse_id, to_warehouse_id, expected_at, note,
                                      requested_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, from!.id, to!.id, input.expectedAt ?? null, input.note ?? null, ctx.actor.id],
      );
      await tx.query(
        `INSERT INTO transfer_order_lines (transfer_order_id, line_no, sku_id, qty_requested)
         SELECT $1, l.line_no, l.sku_id, l.qty
           FROM unnest($2::int[], $3::text[], $4::bigint[]) AS l(line_no, sku_id, qty)`,
        [id, resolved.map((_, i) => i + 1), resolved.map((l) => l.skuId), resolved.map((l) => l.qty)],
      );
      const [order] = await loadTransferOrders(tx, [id]);
      audit.record({
        targetType: 'transfer_order',
        targetId: id,
        before: null,
        after: {
          number: order!.number,
          from: from!.code,
          to: to!.code,
          status: 'requested',
          lines: resolved.map((l, i) => ({ lineNo: i + 1, sku: l.sku, qty: l.qty })),
        },
        warehouseIds: [from!.id, to!.id],
      });
      return order!;
    },
  );
}
