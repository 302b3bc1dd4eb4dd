import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { stockAudit } from '../db/audit.js';
import type { BalanceView } from '../db/balances.js';
import { writeLedger } from '../db/ledger.js';
import type { LocationRef } from '../db/locations.js';
import type { Move } from '../db/moves.js';
import { resolveStockRefs } from '../db/refs.js';
import { TRANSFER_SELECT, type Transfer, type TransferRow, toTransfer } from '../db/transfers.js';
import { checkOccurredAt } from '../domain/time.js';

export interface TransferStockInput {
  sku: string;
  from: string;
  to: string;
  qty: number;
  /** direct (default): one move. transit: between warehouses, via the destination's in-transit location. */
  via?: 'direct' | 'transit' | undefined;
  reference?: string | undefined;
  note?: string | undefined;
  occurredAt?: string | undefined;
}

export interface TransferResult {
  transfer: Transfer | null;
  moves: Move[];
  balances: BalanceView[];
}

/**
 * Moves qty units between two physical locations (bin to bin, or warehouse to warehouse). Directly, it is
 * one move. Via transit, the units leave the source for the destination warehouse's in-transit location
 * and a transfer record waits for them to be received (see receiveTransfer). Reserved units never move.
 * Errors: insufficient_stock (409); unknown_sku, unknown_location, location_not_physical,
 * location_archived, same_location, transit_requires_two_warehouses, invalid_quantity (422).
 */
export async function transferStock(ctx: Context, input: TransferStockInput) {
  const qty = positiveQty(input.qty);
  const occurredAt = checkOccurredAt(input.occurredAt, ctx.clock.now());
  const via = input.via ?? 'direct';
  return runCommand(ctx, 'inventory.transfer_stock', input, async (tx, audit): Promise<TransferResult> => {
    const { from, to, transfer, moves, balances } = await transferInTransaction(tx, ctx, {
      ...input,
      qty,
      via,
      occurredAt,
    });
    if (transfer === null) {
      audit.record({
        ...stockAudit(moves, balances, {
          locations: [from.code, to.code],
          reason: 'transfer',
          warehouseId: from.warehouseId,
        }),
        warehouseIds: [from.warehouseId, to.warehouseId],
      });
      return { transfer: null, moves, balances };
    }
    audit.record({
      ...stockAudit(moves, balances, {
        locations: [from.code],
        reason: 'transfer',
        warehouseId: from.warehouseId,
      }),
      warehouseIds: [from.warehouseId, to.warehouseId],
      after: {
        ...(stockAudit(moves, balances, {
          locations: [from.code],
          reason: null,
          warehouseId: from.warehouseId,
        }).after as object),
        transferId: transfer.id,
        to: to.code,
        qty,
      },
    });
    return { transfer, moves, balances: balances.filter((b) => b.location === from.code) };
  });
}

/**
 * The transfer's ledger work inside the caller's transaction (also used by transfer orders, which ship
 * each line via transit). The caller validated qty and occurredAt. `scope` replaces the context's
 * warehouse scope for resolving the two locations (a transfer order checks its own scope: the shipper
 * needs the source in scope, not the destination). Returns every balance the moves touched.
 * Errors: as transferStock.
 */
export async function transferInTransaction(
  tx: Queryable,
  ctx: Context,
  input: Omit<TransferStockInput, 'occurredAt'> & {
    occurredAt?: string | null | undefined;
    scope?: readonly string[] | null | undefined;
  },
): Promise<{
  from: LocationRef;
  to: LocationRef;
  transfer: Transfer | null;
  moves: Move[];
  balances: BalanceView[];
}> {
  const qty = input.qty;
  const occurredAt = input.occurredAt;
  const via = input.via ?? 'direct';
  const refs = await resolveStockRefs(tx, {
    skus: [input.sku],
    locations: [input.from, input.to],
    virtualKind: via === 'transit' ? 'transit' : undefined,
    lock: true,
    scope: input.scope === undefined ? ctx.warehouseScope : input.scope,
  });
  const sku = refs.sku(input.sku, { active: false });
  const from = refs.location({ code: input.from, field: 'from', physical: true });
  const to = refs.location({ code: input.to, field: 'to', physical: true, receiving: true });
  if (from.id === to.id) {
    throw unprocessable('same_location', `Cannot transfer from ${from.code} to itself.`, {
      from: from.code,
      to: to.code,
    });
  }
  if (via === 'direct') {
    const { moves, balances } = await writeLedger(tx, ctx, {
      moves: [
        {
          sku,
          from: from,
          to: to,
          qty,
          type: 'transfer',
          reason: 'transfer',
          reference: input.reference,
          note: input.note,
          occurredAt,
        },
      ],
    });
    return { from, to, transfer: null, moves, balances };
  }
  if (from.warehouseId === to.warehouseId) {
    throw unprocessable(
      'transit_requires_two_warehouses',
      `${from.code} and ${to.code} are in the same warehouse; transfer directly.`,
      { from: from.code, to: to.code },
    );
  }
  const transit = refs.virtual(to.warehouseId);
  const transferId = newId('transfer');
  await tx.query(
    `INSERT INTO stock_transfers (transfer_id, sku_id, from_location_id, to_location_id, transit_location_id, qty,
                                  reference, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [transferId, sku.id, from.id, to.id, transit.id, qty, input.reference ?? null, ctx.actor.id],
  );
  const { moves, balances } = await writeLedger(tx, ctx, {
    moves: [
      {
        sku,
        from: from,
        to: transit,
        qty,
        type: 'transfer_out',
        reason: 'transfer',
        transferId,
        reference: input.reference,
        note: input.note,
        occurredAt,
      },
    ],
  });
  const { rows } = await tx.query<TransferRow>(`${TRANSFER_SELECT} WHERE t.transfer_id = $1`, [transferId]);
  return { from, to, transfer: toTransfer(rows[0]!), moves, balances };
}
