import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { nonNegativeQty } from '../../../kernel/quantity.js';
import type { SkuRef } from '../../catalog/index.js';
import { stockAudit } from '../db/audit.js';
import type { BalanceView } from '../db/balances.js';
import { writeLedger } from '../db/ledger.js';
import { type LocationRef, resolveLocationRefs, virtualLocationsOf } from '../db/locations.js';
import type { Move, NewMove } from '../db/moves.js';
import { requireSku } from '../db/refs.js';
import { TRANSFER_SELECT, type Transfer, type TransferRow, toTransfer } from '../db/transfers.js';
import { locationArchived, locationNotPhysical, transferNotFound, unknownLocation } from '../errors.js';
import type { TransferResult } from './transfer-stock.js';

export interface ReceiveTransferInput {
  /** Units arriving now (default: everything still in transit). */
  qty?: number | undefined;
  /** Close the transfer: whatever is still in transit after this receipt is written off as lost. */
  closeShort?: boolean | undefined;
  note?: string | undefined;
}

/**
 * Receives units of an in-transit transfer at its destination (several partial receipts are allowed).
 * With closeShort, the units that never arrived move from transit to the adjustment location with reason
 * `loss`, and the transfer is complete.
 * Errors: transfer_not_found (404); transfer_not_open (409); receive_exceeds_transfer, invalid_quantity,
 * location_archived (422).
 */
export async function receiveTransfer(ctx: Context, transferId: string, input: ReceiveTransferInput) {
  return runCommand(
    ctx,
    'inventory.receive_transfer',
    { transferId, ...input },
    async (tx, audit): Promise<TransferResult> => {
      const { transfer, sku, to, lost, moves, balances } = await receiveTransferInTransaction(
        tx,
        ctx,
        transferId,
        input,
      );
      audit.record({
        ...stockAudit(moves, balances, {
          locations: [to.code],
          reason: 'transfer',
          warehouseId: to.warehouseId,
        }),
        targetId: `${sku.code}@${to.code}`,
        reason: lost > 0 ? 'loss' : 'transfer',
      });
      return { transfer, moves, balances: balances.filter((b) => b.location === to.code) };
    },
  );
}

/**
 * The receipt's ledger work inside the caller's transaction (also used by transfer orders). `into` puts
 * the arriving units somewhere else in the destination warehouse than the transfer's planned location (a
 * quarantine location for damaged units, another dock or bin). Returns every balance the moves touched.
 * Errors: as receiveTransfer, and unknown_location, location_not_physical (422), wrong_warehouse (422)
 * when `into` is outside the destination warehouse.
 */
export async function receiveTransferInTransaction(
  tx: Queryable,
  ctx: Context,
  transferId: string,
  input: ReceiveTransferInput & { into?: string | undefined },
): Promise<{
  transfer: Transfer;
  sku: SkuRef;
  to: LocationRef;
  lost: number;
  moves: Move[];
  balances: BalanceView[];
}> {
  const { rows } = await tx.query<
    TransferRow & { sku_id: string; to_location_id: string; transit_location_id: string }
  >(
    `${TRANSFER_SELECT.replace('SELECT t.transfer_id', 'SELECT t.sku_id, t.to_location_id, t.transit_location_id, t.transfer_id')}
    WHERE t.transfer_id = $1 FOR UPDATE OF t`,
    [transferId],
  );
  const current = rows[0];
  if (!current) throw transferNotFound(transferId);
  if (ctx.warehouseScope !== null) {
    // Received at the destination: a principal outside its warehouse does not see the transfer.
    const wh = await tx.query<{ warehouse_id: string }>(
      'SELECT warehouse_id FROM locations WHERE location_id = $1',
      [current.to_location_id],
    );
    if (!ctx.warehouseScope.includes(wh.rows[0]!.warehouse_id)) throw transferNotFound(transferId);
  }
  if (current.status !== 'in_transit') {
    throw conflict('transfer_not_open', `Transfer ${transferId} is already fully received.`, {
      status: current.status,
    });
  }
  const open = current.qty - current.received_qty - current.lost_qty;
  const qty = input.qty === undefined ? open : nonNegativeQty(input.qty);
  if (qty === 0 && !input.closeShort) {
    throw unprocessable(
      'invalid_quantity',
      'qty must be at least 1 unless the transfer is being closed short.',
      {
        field: 'qty',
        value: 0,
      },
    );
  }
  if (qty > open) {
    throw unprocessable(
      'receive_exceeds_transfer',
      `Only ${open} unit(s) of transfer ${transferId} are still in transit; ${qty} received.`,
      {
        inTransitQty: open,
        qty,
      },
    );
  }
  const lost = input.closeShort ? open - qty : 0;
  const sku = await requireSku(tx, current.sku_code, { active: false });
  const codes = [current.to_code, current.transit_code, ...(input.into ? [input.into] : [])];
  const refs = await resolveLocationRefs(tx, codes, true);
  const planned = refs.get(current.to_code.toLowerCase())!;
  const transit = refs.get(current.transit_code.toLowerCase())!;
  let to = planned;
  if (input.into !== undefined) {
    const into = refs.get(input.into.toLowerCase());
    if (!into) throw unknownLocation(input.into, 'into');
    if (!into.isPhysical) throw locationNotPhysical(into.code, 'into');
    if (into.warehouseId !== planned.warehouseId) {
      throw unprocessable(
        'wrong_warehouse',
        `${into.code} is not in ${planned.warehouseCode}, where transfer ${transferId} arrives.`,
        { location: into.code, warehouse: planned.warehouseCode },
      );
    }
    to = into;
  }
  if (to.isArchived && qty > 0) throw locationArchived(to.code);
  const newMoves: NewMove[] = [];
  if (qty > 0)
    newMoves.push({
      sku,
      from: transit,
      to,
      qty,
      type: 'transfer_in',
      reason: 'transfer',
      transferId,
      note: input.note,
    });
  if (lost > 0) {
    const adjustment = (await virtualLocationsOf(tx, [to.warehouseId], 'adjustment')).get(to.warehouseId)!;
    newMoves.push({
      sku,
      from: transit,
      to: adjustment,
      qty: lost,
      type: 'adjustment',
      reason: 'loss',
      transferId,
      note: input.note,
    });
  }
  await tx.query(
    `UPDATE stock_transfers
      SET received_qty = received_qty + $2, lost_qty = lost_qty + $3,
          status = CASE WHEN received_qty + $2 + lost_qty + $3 = qty THEN 'received' ELSE 'in_transit' END,
          updated_at = now(), updated_by = $4
    WHERE transfer_id = $1`,
    [transferId, qty, lost, ctx.actor.id],
  );
  const { moves, balances } = await writeLedger(tx, ctx, { moves: newMoves });
  const after = await tx.query<TransferRow>(`${TRANSFER_SELECT} WHERE t.transfer_id = $1`, [transferId]);
  return { transfer: toTransfer(after.rows[0]!), sku, to, lost, moves, balances };
}
