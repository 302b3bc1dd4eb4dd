import type { Queryable } from '../../../db/index.js';

export interface LedgerProblem {
  check: string;
  key: Record<string, string>;
  expected: number | string | null;
  actual: number | string | null;
}

export interface LedgerReport {
  ok: boolean;
  problems: LedgerProblem[];
  stats: { moves: number; balances: number; openReservations: number; skus: number };
}

interface Check {
  name: string;
  sql: string;
}

/**
 * Each check is one query returning the offending keys (none when the ledger is sound). They re-derive the
 * truth from history instead of trusting the kept balances, and they read only, so a running system can be
 * checked at any time.
 */
const CHECKS: Check[] = [
  {
    // Every balance equals the sum of the moves into it minus the moves out of it.
    name: 'balance_matches_moves',
    sql: `WITH derived AS (
            SELECT location_id, sku_id, sum(delta)::bigint AS on_hand FROM (
              SELECT to_location_id AS location_id, sku_id, qty AS delta FROM stock_moves
              UNION ALL SELECT from_location_id, sku_id, -qty FROM stock_moves) d
            GROUP BY location_id, sku_id)
          SELECT s.code AS sku, l.code AS location, coalesce(d.on_hand, 0) AS expected, coalesce(b.on_hand, 0) AS actual
            FROM stock_balances b FULL JOIN derived d ON d.location_id = b.location_id AND d.sku_id = b.sku_id
            JOIN skus s ON s.sku_id = coalesce(b.sku_id, d.sku_id)
            JOIN locations l ON l.location_id = coalesce(b.location_id, d.location_id)
           WHERE coalesce(d.on_hand, 0) <> coalesce(b.on_hand, 0)`,
  },
  {
    // Stock is conserved: over all locations, real and virtual, each SKU sums to zero.
    name: 'sku_sums_to_zero',
    sql: `SELECT s.code AS sku, 0 AS expected, sum(b.on_hand)::bigint AS actual
            FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
           GROUP BY s.code HAVING sum(b.on_hand) <> 0`,
  },
  {
    // What a balance holds reserved is exactly what its open reservations hold.
    name: 'reserved_matches_reservations',
    sql: `WITH held AS (
            SELECT rl.location_id, rl.sku_id, sum(rl.qty)::bigint AS reserved
              FROM reservation_lines rl JOIN reservations r ON r.reservation_id = rl.reservation_id
             WHERE r.status = 'open' GROUP BY rl.location_id, rl.sku_id)
          SELECT s.code AS sku, l.code AS location, coalesce(h.reserved, 0) AS expected, coalesce(b.reserved, 0) AS actual
            FROM stock_balances b FULL JOIN held h ON h.location_id = b.location_id AND h.sku_id = b.sku_id
            JOIN skus s ON s.sku_id = coalesce(b.sku_id, h.sku_id)
            JOIN locations l ON l.location_id = coalesce(b.location_id, h.location_id)
           WHERE coalesce(h.reserved, 0) <> coalesce(b.reserved, 0)`,
  },
  {
    // A physical location never holds less than it has reserved, so never less than zero.
    name: 'physical_not_oversold',
    sql: `SELECT s.code AS sku, l.code AS location, b.reserved AS expected, b.on_hand AS actual
            FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id JOIN locations l ON l.location_id = b.location_id
           WHERE l.is_physical AND (b.on_hand < b.reserved OR b.on_hand < 0 OR b.reserved < 0)`,
  },
  {
    name: 'virtual_not_reserved',
    sql: `SELECT s.code AS sku, l.code AS location, 0 AS expected, b.reserved AS actual
            FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id JOIN locations l ON l.location_id = b.location_id
           WHERE NOT l.is_physical AND b.reserved <> 0`,
  },
  {
    // No reservation outlives its expiry by more than the grace period (the sweeper's lag).
    name: 'reservation_past_expiry',
    sql: `SELECT r.reservation_id AS reservation, r.expires_at::text AS expected, 'open' AS actual
            FROM reservations r
           WHERE r.status = 'open' AND r.expires_at < now() - make_interval(secs => $1::int)`,
  },
  {
    // A posted reservation moved exactly what its lines say was posted; nothing else moved in its name.
    name: 'posted_matches_moves',
    sql: `WITH moved AS (
            SELECT reservation_id, from_location_id AS location_id, sku_id, sum(qty)::bigint AS qty
              FROM stock_moves WHERE reservation_id IS NOT NULL GROUP BY 1, 2, 3)
          SELECT coalesce(rl.reservation_id, m.reservation_id) AS reservation, s.code AS sku,
                 coalesce(rl.posted_qty, 0) AS expected, coalesce(m.qty, 0) AS actual
            FROM reservation_lines rl
            FULL JOIN moved m ON m.reservation_id = rl.reservation_id AND m.location_id = rl.location_id AND m.sku_id = rl.sku_id
            JOIN skus s ON s.sku_id = coalesce(rl.sku_id, m.sku_id)
           WHERE coalesce(rl.posted_qty, 0) <> coalesce(m.qty, 0)`,
  },
  {
    // A transfer's shipped, received and lost quantities are exactly its moves.
    name: 'transfer_matches_moves',
    sql: `SELECT t.transfer_id AS transfer,
                 format('out=%s in=%s lost=%s', t.qty, t.received_qty, t.lost_qty) AS expected,
                 format('out=%s in=%s lost=%s', coalesce(sum(m.qty) FILTER (WHERE m.move_type = 'transfer_out'), 0),
                        coalesce(sum(m.qty) FILTER (WHERE m.move_type = 'transfer_in'), 0),
                        coalesce(sum(m.qty) FILTER (WHERE m.move_type = 'adjustment'), 0)) AS actual
            FROM stock_transfers t LEFT JOIN stock_moves m ON m.transfer_id = t.transfer_id
           GROUP BY t.transfer_id, t.qty, t.received_qty, t.lost_qty
          HAVING t.qty <> coalesce(sum(m.qty) FILTER (WHERE m.move_type = 'transfer_out'), 0)
              OR t.received_qty <> coalesce(sum(m.qty) FILTER (WHERE m.move_type = 'transfer_in'), 0)
              OR t.lost_qty <> coalesce(sum(m.qty) FILTER (WHERE m.move_type = 'adjustment'), 0)`,
  },
];

/**
 * Re-derives the ledger and lists every key that disagrees. `expiryGraceSeconds` is how long an open
 * reservation may outlive its expiry before it counts as a problem (the sweeper runs every second).
 */
export async function checkLedger(
  db: Queryable,
  options: { expiryGraceSeconds?: number } = {},
): Promise<LedgerReport> {
  const problems: LedgerProblem[] = [];
  for (const check of CHECKS) {
    const params = check.name === 'reservation_past_expiry' ? [options.expiryGraceSeconds ?? 60] : [];
    const { rows } = await db.query<Record<string, string | number | null>>(check.sql, params);
    for (const row of rows) {
      const { expected = null, actual = null, ...key } = row;
      problems.push({
        check: check.name,
        key: Object.fromEntries(Object.entries(key).map(([k, v]) => [k, String(v)])),
        expected,
        actual,
      });
    }
  }
  const { rows } = await db.query<{
    moves: number;
    balances: number;
    open_reservations: number;
    skus: number;
  }>(
    `SELECT (SELECT count(*) FROM stock_moves)::bigint AS moves, (SELECT count(*) FROM stock_balances)::bigint AS balances,
            (SELECT count(*) FROM reservations WHERE status = 'open')::bigint AS open_reservations,
            (SELECT count(*) FROM skus)::bigint AS skus`,
  );
  const s = rows[0]!;
  return {
    ok: problems.length === 0,
    problems,
    stats: { moves: s.moves, balances: s.balances, openReservations: s.open_reservations, skus: s.skus },
  };
}
