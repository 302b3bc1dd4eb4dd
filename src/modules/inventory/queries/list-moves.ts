import type { Context } from '../../../db/index.js';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination.js';
import { skuNotFound } from '../../catalog/index.js';
import { SUBTREE_IDS } from '../db/locations.js';
import { MOVE_SELECT, type Move, type MoveRow, toMove } from '../db/moves.js';
import { locationNotFound } from '../errors.js';

export interface ListMovesInput {
  sku?: string | undefined;
  /** Moves into or out of this location or anything under it. */
  location?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  type?: string | undefined;
  reason?: string | undefined;
  reference?: string | undefined;
  reservationId?: string | undefined;
  transferId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface MoveLine extends Move {
  /** With a location filter: +qty into it, −qty out of it, 0 within it. */
  delta: number | null;
  /** With both a SKU and a location filter: that SKU's on hand there right after this move. */
  balanceAfter: number | null;
}

/**
 * The movement history, newest first: "why is it X". Filters combine; since/until are business time
 * (occurredAt). With a SKU and a location, each line carries the running balance after it.
 */
export async function listMoves(
  ctx: Context,
  input: ListMovesInput,
): Promise<{ items: MoveLine[]; nextCursor: string | null }> {
  const before = decodeCursor(input.cursor, ['number']);
  let skuId: string | null = null;
  let locationId: string | null = null;
  if (input.sku !== undefined) {
    const { rows } = await ctx.db.query<{ sku_id: string }>(
      'SELECT sku_id FROM skus WHERE lower(code) = lower($1)',
      [input.sku],
    );
    if (!rows[0]) throw skuNotFound(input.sku);
    skuId = rows[0].sku_id;
  }
  if (input.location !== undefined) {
    const { rows } = await ctx.db.query<{ location_id: string }>(
      `SELECT location_id FROM locations
        WHERE lower(code) = lower($1) AND ($2::text[] IS NULL OR warehouse_id = ANY($2::text[]))`,
      [input.location, ctx.warehouseScope],
    );
    if (!rows[0]) throw locationNotFound(input.location);
    locationId = rows[0].location_id;
  }
  const sub = `(${SUBTREE_IDS.replaceAll('$1', '$2')})`;
  const withBalance = skuId !== null && locationId !== null;
  const { rows } = await ctx.db.query<MoveRow & { delta: number | null; balance_after: number | null }>(
    `WITH sub AS ${sub},
     signed AS (
       SELECT m.move_seq,
              CASE WHEN $2::text IS NULL THEN NULL
                   ELSE (CASE WHEN m.to_location_id IN (SELECT location_id FROM sub) THEN m.qty ELSE 0 END)
                      - (CASE WHEN m.from_location_id IN (SELECT location_id FROM sub) THEN m.qty ELSE 0 END) END AS delta
         FROM stock_moves m
        WHERE ($1::text IS NULL OR m.sku_id = $1)
          AND ($2::text IS NULL OR m.from_location_id IN (SELECT location_id FROM sub) OR m.to_location_id IN (SELECT location_id FROM sub))
     ),
     running AS (
       SELECT move_seq, delta,
              CASE WHEN $12::boolean THEN (sum(delta) OVER (ORDER BY move_seq))::bigint END AS balance_after
         FROM signed
     )
     ${MOVE_SELECT.replace('SELECT m.move_id', 'SELECT running.delta, running.balance_after, m.move_id')}
       JOIN running ON running.move_seq = m.move_seq
      WHERE ($3::timestamptz IS NULL OR m.occurred_at >= $3)
        AND ($4::timestamptz IS NULL OR m.occurred_at < $4)
        AND ($5::text IS NULL OR m.move_type = $5)
        AND ($6::text IS NULL OR m.reason = $6)
        AND ($7::text IS NULL OR m.reference = $7)
        AND ($8::text IS NULL OR m.reservation_id = $8)
        AND ($9::text IS NULL OR m.transfer_id = $9)
        AND ($10::bigint IS NULL OR m.move_seq < $10)
        AND ($13::text[] IS NULL OR f.warehouse_id = ANY($13::text[]) OR t.warehouse_id = ANY($13::text[]))
      ORDER BY m.move_seq DESC LIMIT $11`,
    [
      skuId,
      locationId,
      input.since ?? null,
      input.until ?? null,
      input.type ?? null,
      input.reason ?? null,
      input.reference ?? null,
      input.reservationId ?? null,
      input.transferId ?? null,
      before?.[0] ?? null,
      input.limit + 1,
      withBalance,
      ctx.warehouseScope,
    ],
  );
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  return {
    items: page.map((r) => ({ ...toMove(r), delta: r.delta, balanceAfter: r.balance_after })),
    nextCursor: hasMore ? encodeCursor([page[page.length - 1]!.move_seq]) : null,
  };
}
