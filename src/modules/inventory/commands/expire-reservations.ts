import type { Context, Queryable } from '../../../db/index.js';
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
                sum(rl.qty)::bigint AS qty, (SELECT count(*) FROM ended)::int AS ended_total
           FROM reservation_lines rl JOIN ended ON ended.reservation_id = rl.reservation_id
           JOIN skus s ON s.sku_id = rl.sku_id JOIN locations l ON l.location_id = rl.location_id
          GROUP BY rl.location_id, l.code, l.warehouse_id, rl.sku_id, s.code`,
};

export async function expireDueInTransaction(
  tx: Queryable,
  keys: { locationId: string; skuId: string }[] | null,
  limit = 500,
): Promise<number> {
  const actor = systemActor('expiry');
  const { rows } = await tx.query<{
    location_id: string;
    location_code: string;
    warehouse_id: string;
    sku_id: string;
    sku_code: string;
    qty: number;
    ended_total: number;
  }>(EXPIRE_DUE, [
    keys?.map((k) => k.locationId) ?? null,
    keys?.map((k) => k.skuId) ?? null,
    limit,
    actor.kind,
    actor.id,
  ]);
  if (rows.length === 0) return 0;
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
      } satisfies LocationRef,
      sku: { id: r.sku_id, code: r.sku_code, isArchived: false },
      onHand: 0,
      reserved: -r.qty,
    })),
  );
  return rows[0]!.ended_total;
}

/** Expires every due reservation, in batches; returns how many ended. */
export async function expireReservations(ctx: Pick<Context, 'db'>, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ctx.db.transaction((tx) => expireDueInTransaction(tx, null, batchSize));
    total += n;
    if (n < batchSize) return total;
  }
}
