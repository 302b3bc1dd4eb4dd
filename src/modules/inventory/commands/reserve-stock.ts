import { type AuditRecorder, type Context, type Queryable, runCommand } from '../../../db/index.js';
import { isDomainError, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { positiveQty } from '../../../kernel/quantity.js';
import { applyBalanceChanges, type BalanceChange } from '../db/balances.js';
import { resolveStockRefs } from '../db/refs.js';
import type { Reservation } from '../db/reservations.js';
import { sumDemand } from '../domain/demand.js';
import { expireDueInTransaction } from './expire-reservations.js';

export interface ReserveStockInput {
  lines: { sku: string; location: string; qty: number }[];
  reference: string;
  /** When the hold lapses by itself (database clock); none means until posted or voided. */
  expiresAt?: string | undefined;
}

const INSERT_RESERVATION = {
  name: 'inv_insert_reservation',
  text: `WITH r AS (
           INSERT INTO reservations (reservation_id, reference, expires_at, created_by_kind, created_by, request_id)
           SELECT $1, $2, $3::timestamptz, $4, $5, $6
            WHERE $3::timestamptz IS NULL OR $3::timestamptz > now()
           RETURNING reservation_id, created_at
         )
         INSERT INTO reservation_lines (reservation_id, line_no, sku_id, location_id, qty)
         SELECT r.reservation_id, l.n, l.sku, l.loc, l.qty
           FROM r, unnest($7::int[], $8::text[], $9::text[], $10::bigint[]) AS l(n, sku, loc, qty)
         RETURNING (SELECT created_at FROM r) AS created_at`,
};

/**
 * Reserves stock for a reference, all lines or none. Demand is summed per (SKU, location) before it is
 * checked, and the check and the hold are one guarded statement, so concurrent reservations can never hold
 * more than is on hand. Expired holds on the same stock are released first if they are in the way.
 * Errors: insufficient_stock (409, with requested and available in details); unknown_sku, sku_archived,
 * unknown_location, location_not_physical, invalid_quantity, expiry_in_past (422).
 */
export async function reserveStock(ctx: Context, input: ReserveStockInput) {
  return runCommand(ctx, 'inventory.reserve_stock', input, (tx, audit) =>
    reserveInTransaction(tx, ctx, input, audit),
  );
}

/**
 * The reservation inside a caller's transaction (an order reserves its lines in its own command). The
 * audit recorder is the caller's, or none: the caller's command describes the change.
 */
export async function reserveInTransaction(
  tx: Queryable,
  ctx: Context,
  input: ReserveStockInput,
  audit: AuditRecorder | null = null,
): Promise<Reservation> {
  for (const [i, l] of input.lines.entries()) positiveQty(l.qty, `lines[${i}].qty`);
  const refs = await resolveStockRefs(tx, {
    skus: input.lines.map((l) => l.sku),
    locations: input.lines.map((l) => l.location),
    lock: false,
    scope: ctx.warehouseScope,
  });
  const skus = input.lines.map((l) => refs.sku(l.sku, { active: true }));
  const locations = input.lines.map((l, i) =>
    refs.location({ code: l.location, field: `lines[${i}].location`, physical: true }),
  );
  const demand = sumDemand(
    input.lines.map((l, i) => {
      const sku = skus[i]!;
      const location = locations[i]!;
      return { locationId: location.id, skuId: sku.id, qty: l.qty, sku, location };
    }),
  );
  const id = newId('reservation');
  const inserted = await tx.query<{ created_at: Date }>(INSERT_RESERVATION, [
    id,
    input.reference,
    input.expiresAt ?? null,
    ctx.actor.kind,
    ctx.actor.id,
    ctx.requestId,
    demand.map((_, i) => i + 1),
    demand.map((d) => d.skuId),
    demand.map((d) => d.locationId),
    demand.map((d) => d.qty),
  ]);
  if (inserted.rowCount === 0) {
    throw unprocessable('expiry_in_past', 'expiresAt must be in the future.', {
      expiresAt: input.expiresAt ?? null,
    });
  }
  const changes: BalanceChange[] = demand.map((d) => ({
    location: d.location,
    sku: d.sku,
    onHand: 0,
    reserved: d.qty,
  }));
  const guard = { unsafeDisableGuard: ctx.unsafeDisableStockGuard };
  try {
    await applyBalanceChanges(tx, changes, guard);
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'insufficient_stock') throw e;
    const released = await expireDueInTransaction(
      tx,
      demand.map((d) => ({ locationId: d.locationId, skuId: d.skuId })),
    );
    if (released === 0) throw e;
    await applyBalanceChanges(tx, changes, guard);
  }
  const lines = demand.map((d) => ({ sku: d.sku.code, location: d.location.code, qty: d.qty }));
  audit?.record({
    targetType: 'reservation',
    targetId: id,
    before: null,
    after: { status: 'open', reference: input.reference, expiresAt: input.expiresAt ?? null, lines },
    warehouseIds: locations.map((l) => l.warehouseId),
  });
  return {
    id,
    status: 'open',
    reference: input.reference,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    lines: demand.map((d) => ({ sku: d.sku.code, location: d.location.code, qty: d.qty, postedQty: 0 })),
    createdAt: inserted.rows[0]!.created_at.toISOString(),
    createdBy: ctx.actor.id,
    endedAt: null,
    endedBy: null,
  };
}
