import type { Context } from '../../../db/index.js';
import { decodeCursor, pageOf } from '../../../kernel/pagination.js';
import { readChannel } from '../db/channels.js';

export interface ChannelAvailability {
  sku: string;
  onHand: number;
  reserved: number;
  /** On hand − reserved over the channel's warehouses. */
  available: number;
  /** What the channel keeps back: its fixed buffer plus its percentage of available (rounded up). */
  buffer: number;
  /** What the channel may offer for sale: available − buffer, never below zero. */
  availableToSell: number;
}

/**
 * Available to sell per SKU for a channel: on hand − reserved over the channel's (non-archived) physical
 * locations, less the channel's buffer. SKUs the channel's warehouses never held are listed with zeros when
 * asked for by code. A kit is available as many times as its scarcest component allows.
 * Errors: channel_not_found (404).
 */
export async function getChannelAvailability(
  ctx: Context,
  ref: string,
  input: { sku?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ channel: string; items: ChannelAvailability[]; nextCursor: string | null }> {
  const channel = await readChannel(ctx.db, ref);
  const after = decodeCursor(input.cursor, ['string']);
  const { rows } = await ctx.db.query<{
    sku: string;
    on_hand: number;
    reserved: number;
    kits: number | null;
  }>(
    `WITH avail AS (
       SELECT b.sku_id, sum(b.on_hand)::bigint AS on_hand, sum(b.reserved)::bigint AS reserved
         FROM stock_balances b
         JOIN locations l ON l.location_id = b.location_id AND b.is_physical AND NOT l.is_archived
              AND l.usage = 'storage'
         JOIN channel_warehouses cw ON cw.warehouse_id = l.warehouse_id AND cw.channel_id = $1
        WHERE $5::text[] IS NULL OR l.warehouse_id = ANY($5::text[])
        GROUP BY b.sku_id
     ), kit AS (
       SELECT sc.kit_sku_id AS sku_id,
              min(floor(greatest(coalesce(a.on_hand, 0) - coalesce(a.reserved, 0), 0)::numeric / sc.qty))::bigint AS kits
         FROM sku_components sc LEFT JOIN avail a ON a.sku_id = sc.component_sku_id
        GROUP BY sc.kit_sku_id
     )
     SELECT s.code AS sku, coalesce(a.on_hand, 0)::bigint AS on_hand, coalesce(a.reserved, 0)::bigint AS reserved,
            k.kits
       FROM skus s
       LEFT JOIN avail a ON a.sku_id = s.sku_id
       LEFT JOIN kit k ON k.sku_id = s.sku_id
      WHERE NOT s.is_archived
        AND ($2::text IS NULL OR lower(s.code) = lower($2))
        AND ($3::text IS NULL OR lower(s.code) > $3)
        AND ($2::text IS NOT NULL OR a.sku_id IS NOT NULL OR k.kits > 0)
      ORDER BY lower(s.code) LIMIT $4`,
    [channel.id, input.sku ?? null, after?.[0] ?? null, input.limit + 1, ctx.warehouseScope],
  );
  const page = pageOf(rows, input.limit, (r) => [r.sku.toLowerCase()]);
  return {
    channel: channel.code,
    items: page.rows.map((r) => {
      // A kit: as many as its scarcest component allows (a kit holds no stock of its own).
      const available = r.kits !== null ? Math.max(0, r.kits) : Math.max(0, r.on_hand - r.reserved);
      const buffer = Math.min(
        available,
        channel.bufferUnits + Math.ceil((available * channel.bufferPercent) / 100),
      );
      return {
        sku: r.sku,
        onHand: r.on_hand,
        reserved: r.reserved,
        available,
        buffer,
        availableToSell: available - buffer,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
