import { type Context, runCommand } from '../../../db/index.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { readReceipt, writeReceipt } from '../db/receipts.js';
import { checkReceivedAt, planBlindReceipt } from '../domain/receiving.js';
import { unknownSupplier } from '../errors.js';
import { type ReceiptResult, receiptAudit } from './receive-purchase-order.js';

export interface ReceiveBlindInput {
  warehouse: string;
  location?: string | undefined;
  supplier?: string | undefined;
  qc?: boolean | undefined;
  note?: string | undefined;
  lines: { sku: string; qty: number; damaged?: number }[];
  occurredAt?: string | undefined;
}

/**
 * A blind receipt: goods that came without a purchase order (a sample, a replacement, an unannounced
 * delivery), received like an order's — good units to the dock (or quarantine with qc), damaged ones to
 * quarantine — with a GRN and no order to credit.
 * Errors: unknown_warehouse, unknown_supplier, receiving_location_required, quarantine_location_required,
 * not_a_receiving_location, not_a_quarantine_location, unknown_location, location_in_other_warehouse,
 * unknown_sku, sku_archived, invalid_quantity, nothing_received, occurred_in_future (422).
 */
export async function receiveBlind(ctx: Context, input: ReceiveBlindInput) {
  const occurredAt = checkReceivedAt(input.occurredAt, ctx.clock.now());
  const lines = planBlindReceipt(input.lines, { qc: input.qc ?? false });
  return runCommand(ctx, 'purchasing.receive_blind', input, async (tx, audit): Promise<ReceiptResult> => {
    const [warehouse] = await resolveWarehouses(tx, [input.warehouse], {
      field: 'warehouse',
      scope: ctx.warehouseScope,
    });
    let supplierId: string | null = null;
    if (input.supplier !== undefined) {
      const { rows } = await tx.query<{ supplier_id: string }>(
        'SELECT supplier_id FROM suppliers WHERE lower(code) = lower($1)',
        [input.supplier],
      );
      if (!rows[0]) throw unknownSupplier(input.supplier);
      supplierId = rows[0].supplier_id;
    }
    const receipt = await writeReceipt(tx, ctx, {
      warehouse: warehouse!,
      poId: null,
      asnId: null,
      supplierId,
      lines,
      location: input.location,
      qc: input.qc ?? false,
      note: input.note,
      occurredAt,
    });
    const result = { ...(await readReceipt(tx, receipt.id)), purchaseOrderStatus: null };
    audit.record({
      targetType: 'receipt',
      targetId: receipt.id,
      before: null,
      after: receiptAudit(result),
      warehouseId: warehouse!.id,
    });
    return result;
  });
}
