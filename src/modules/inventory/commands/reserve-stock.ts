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

/** Reservations and their lines, in one statement; a reservation already past its expiry is not written. */
const INSERT_RESERVATIONS = {
  name: 'inv_insert_reservations',
  text: `WITH r AS (
           INSERT INTO reservations (reservation_id, reference, expires_at, created_by_kind, created_by, request_id)
           SELECT x.id, x.reference, x.expires_at, $4, $5, $6
             FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(id, reference, expires_at)
            WHERE x.expires_at IS NULL OR x.expires_at > now()
           RETURNING reservation_id, created_at
         ), l AS (
           INSERT INTO reservation_lines (reservation_id, line_no, sku_id, location_id, qty)
           SELECT r.reservation_id, l.n, l.sku, l.loc, l.qty
             FROM unnest($7::text[], $8::int[], $9::text[], $10::text[], $11::bigint[]) AS l(rid, n, sku, loc, qty)
             JOIN r ON r.reservation_id = l.rid
         )
         SELECT reservation_id, created_at FROM r`,
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
  const [reservation] = await reserveManyInTransaction(tx, ctx, [input]);
  audit?.record({
    targetType: 'reservation',
    targetId: reservation!.id,
    before: null,
    after: {
      status: 'open',
      reference: input.reference,
      expiresAt: input.expiresAt ?? null,
      lines: reservation!.lines.map(({ sku, location, qty }) => ({ sku, location, qty })),
    },
    warehouseIds: reservation!.warehouseIds,
  });
  const { warehouseIds: _, ...out } = reservation!;
  return out;
}

/**
 * Several reservations at once, all or none, in a fixed number of statements whatever their count (an
 * order holds each line separately): references resolved once, one insert, one guarded balance change
 * over the demand of all of them summed per (SKU, location).
 */
export async function reserveManyInTransaction(
  tx: Queryable,
  ctx: Context,
  inputs: readonly ReserveStockInput[],
): Promise<(Reservation & { warehouseIds: string[] })[]> {
  const all = inputs.flatMap((input, r) => input.lines.map((l, i) => ({ ...l, r, i })));
  for (const l of all)
    positiveQty(l.qty, inputs.length > 1 ? `reservations[${l.r}].lines[${l.i}].qty` : `lines[${l.i}].qty`);
  const refs = await resolveStockRefs(tx, {
    skus: all.map((l) => l.sku),
    locations: all.map((l) => l.location),
    lock: false,
    scope: ctx.warehouseScope,
  });
  const made = inputs.map((input, r) => {
    const demand = sumDemand(
      input.lines.map((l, i) => {
        const sku = refs.sku(l.sku, { active: true });
        const location = refs.location({
          code: l.location,
          field: inputs.length > 1 ? `reservations[${r}].lines[${i}].location` : `lines[${i}].location`,
          physical: true,
        });
        return { locationId: location.id, skuId: sku.id, qty: l.qty, sku, location };
      }),
    );
    return { id: newId('reservation'), input, demand };
  });
  const lines = made.flatMap((m) => m.demand.map((d, i) => ({ id: m.id, n: i + 1, d })));
  const inserted = await tx.query<{ reservation_id: string; created_at: Date }>(INSERT_RESERVATIONS, [
    made.map((m) => m.id),
    made.map((m) => m.input.reference),
    made.map((m) => m.input.expiresAt ?? null),
    ctx.actor.kind,
    ctx.actor.id,
    ctx.requestId,
    lines.map((l) => l.id),
    lines.map((l) => l.n),
    lines.map((l) => l.d.skuId),
    lines.map((l) => l.d.locationId),
    lines.map((l) => l.d.qty),
  ]);
  if (inserted.rows.length < made.length) {
    const late = made.find((m) => !inserted.rows.some((r) => r.reservation_id === m.id));
    throw unprocessable('expiry_in_past', 'expiresAt must be in the future.', {
      expiresAt: late?.input.expiresAt ?? null,
    });
  }
  const changes: BalanceChange[] = lines.map((l) => ({
    location: l.d.location,
    sku: l.d.sku,
    onHand: 0,
    reserved: l.d.qty,
  }));
  const guard = { unsafeDisableGuard: ctx.unsafeDisableStockGuard };
  try {
    await applyBalanceChanges(tx, changes, guard);
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'insufficient_stock') throw e;
    const released = await expireDueInTransaction(
      tx,
      lines.map((l) => ({ locationId: l.d.locationId, skuId: l.d.skuId })),
    );
    if (released === 0) throw e;
    await applyBalanceChanges(tx, changes, guard);
  }
  const createdAt = new Map(inserted.rows.map((r) => [r.reservation_id, r.created_at.toISOString()]));
  return made.map((m) => ({
    id: m.id,
    status: 'open',
    reference: m.input.reference,
    expiresAt: m.input.expiresAt ? new Date(m.input.expiresAt).toISOString() : null,
    lines: m.demand.map((d) => ({ sku: d.sku.code, location: d.location.code, qty: d.qty, postedQty: 0 })),
    createdAt: createdAt.get(m.id)!,
    createdBy: ctx.actor.id,
    endedAt: null,
    endedBy: null,
    warehouseIds: [...new Set(m.demand.map((d) => d.location.warehouseId))],
  }));
}
