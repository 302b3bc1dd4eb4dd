import { type Context, type Queryable, writeAudit } from '../../../db/index.js';
import { systemActor } from '../../../kernel/actor.js';
import { applyBalanceChanges } from '../db/balances.js';
import type { LocationRef } from '../db/locations.js';

/**
 * Ends open reservations whose expiry has passed by the database clock and releases what they held.
 * Used by the background sweeper, by `coulisse check`, and lazily by reserve when stock is short (a
 * reservation that has expired must not block a new one just because the sweeper has not run yet).
 * Rows another transaction holds are skipped, not waited for: that transaction is ending them already.
 */
const EXPIRE_DUE = {
  name: 'inv_expire_due',
  text: `WITH due AS (
           SELECT r.reservation_id FROM reservations r
            WHERE r.status = 'open' AND r.expires_at <= now()
              AND ($1::text[] IS NULL OR EXISTS (
                    SELECT 1 FROM reservation_lines rl
                      JOIN unnest($1::text[], $2::text[]) AS k(location_id, sku_id)
                        ON rl.location_id = k.location_id AND rl.sku_id = k.sku_id
                     WHERE rl.reservation_id = r.reservation_id))
            ORDER BY r.reservation_id
            LIMIT $3
              FOR UPDATE SKIP LOCKED
         ), ended AS (
           UPDATE reservations r SET status = 'expired', ended_at = now(), ended_by_kind = $4, ended_by = $5
             FROM due WHERE r.reservation_id = due.reservation_id
           RETURNING r.reservation_id
         )
         SELECT rl.location_id, l.code AS location_code, l.warehouse_id, rl.sku_id, s.code AS sku_code,
                sum(rl.qty)::bigint AS qty, (SELECT count(*) FROM ended)::int AS ended_total,
                (SELECT array_agg(reservation_id ORDER BY reservation_id) FROM ended) AS ended_ids
           FROM reservation_lines rl JOIN ended ON ended.reservation_id = rl.reservation_id
           JOIN skus s ON s.sku_id = rl.sku_id JOIN locations l ON l.location_id = rl.location_id
          GROUP BY rl.location_id, l.code, l.warehouse_id, rl.sku_id, s.code`,
};

export async function expireDueInTransaction(
  tx: Queryable,
  keys: { locationId: string; skuId: string }[] | null,
  limit = 500,
): Promise<number> {
  return (await expireDue(tx, keys, limit)).ended;
}

async function expireDue(
  tx: Queryable,
  keys: { locationId: string; skuId: string }[] | null,
  limit: number,
): Promise<{ ended: number; ids: string[]; warehouseIds: string[] }> {
  const actor = systemActor('expiry');
  const { rows } = await tx.query<{
    location_id: string;
    location_code: string;
    warehouse_id: string;
    sku_id: string;
    sku_code: string;
    qty: number;
    ended_total: number;
    ended_ids: string[];
  }>(EXPIRE_DUE, [
    keys?.map((k) => k.locationId) ?? null,
    keys?.map((k) => k.skuId) ?? null,
    limit,
    actor.kind,
    actor.id,
  ]);
  if (rows.length === 0) return { ended: 0, ids: [], warehouseIds: [] };
  await applyBalanceChanges(
    tx,
    rows.map((r) => ({
      location: {
        id: r.location_id,
        code: r.location_code,
        kind: 'bin',
        isPhysical: true,
        isArchived: false,
        warehouseId: r.warehouse_id,
        warehouseCode: '',
        // Expiry changes reserved counts only; no move, so no arrival to judge by usage.
        usage: 'storage',
      } satisfies LocationRef,
      sku: { id: r.sku_id, code: r.sku_code, isArchived: false },
      onHand: 0,
      reserved: -r.qty,
    })),
  );
  return {
    ended: rows[0]!.ended_total,
    ids: rows[0]!.ended_ids,
    warehouseIds: [...new Set(rows.map((r) => r.warehouse_id))],
  };
}

/**
 * Expires every due reservation, in batches; returns how many ended. Each batch writes one audit record
 * (actor system:expiry) naming the reservations it ended.
 */
export async function expireReservations(ctx: Pick<Context, 'db'>, batchSize = 500): Promise<number> {
  let total = 0;
  const actor = systemActor('expiry');
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const batch = await expireDue(tx, null, batchSize);
      if (batch.ended > 0) {
        await writeAudit(tx, { actor, requestId: null }, 'inventory.expire_reservations', {
          targetType: 'reservation',
          targetId: batch.ids.length === 1 ? batch.ids[0]! : null,
          before: { status: 'open' },
          after: { status: 'expired', reservations: batch.ids },
          reason: 'expired',
          warehouseIds: batch.warehouseIds,
        });
      }
      return batch.ended;
    });
    total += n;
    if (n < batchSize) return total;
  }
}
