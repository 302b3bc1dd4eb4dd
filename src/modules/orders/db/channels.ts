import type { Queryable } from '../../../db/index.js';
import { forbidden, unprocessable } from '../../../kernel/errors.js';
import type { HoldRule } from '../domain/hold-rules.js';
import { channelNotFound, unknownChannel } from '../errors.js';

export type ChannelKind = 'web_shop' | 'marketplace' | 'social' | 'point_of_sale' | 'manual';

export interface ChannelRules {
  allowSplit: boolean;
  allowPartial: boolean;
  allowBackorder: boolean;
  preferNearest: boolean;
}

/** A sales channel as the API shows it. */
export interface Channel {
  id: string;
  code: string;
  name: string;
  kind: ChannelKind;
  currency: string;
  /** Warehouses the channel ships from, by priority (lower first). */
  warehouses: { warehouse: string; priority: number }[];
  bufferUnits: number;
  bufferPercent: number;
  rules: ChannelRules;
  isArchived: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface ChannelRow {
  channel_id: string;
  code: string;
  name: string;
  kind: ChannelKind;
  currency: string;
  buffer_units: number;
  buffer_percent: number;
  allow_split: boolean;
  allow_partial: boolean;
  allow_backorder: boolean;
  prefer_nearest: boolean;
  is_archived: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  warehouses: { warehouse: string; priority: number }[] | null;
}

export const CHANNEL_SELECT = `
  SELECT c.channel_id, c.code, c.name, c.kind, c.currency, c.buffer_units, c.buffer_percent, c.allow_split,
         c.allow_partial, c.allow_backorder, c.prefer_nearest, c.is_archived, c.version, c.created_at, c.updated_at,
         (SELECT json_agg(json_build_object('warehouse', l.code, 'priority', cw.priority) ORDER BY cw.priority, l.code)
            FROM channel_warehouses cw JOIN locations l ON l.location_id = cw.warehouse_id
           WHERE cw.channel_id = c.channel_id) AS warehouses
    FROM channels c`;

export function toChannel(r: ChannelRow): Channel {
  return {
    id: r.channel_id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    currency: r.currency,
    warehouses: r.warehouses ?? [],
    bufferUnits: r.buffer_units,
    bufferPercent: r.buffer_percent,
    rules: {
      allowSplit: r.allow_split,
      allowPartial: r.allow_partial,
      allowBackorder: r.allow_backorder,
      preferNearest: r.prefer_nearest,
    },
    isArchived: r.is_archived,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** A channel by id or code, or null. */
export async function findChannel(tx: Queryable, ref: string): Promise<Channel | null> {
  const { rows } = await tx.query<ChannelRow>(
    `${CHANNEL_SELECT} WHERE c.channel_id = $1 OR lower(c.code) = lower($1)`,
    [ref],
  );
  return rows[0] ? toChannel(rows[0]) : null;
}

/** Errors: channel_not_found (404). */
export async function readChannel(tx: Queryable, ref: string): Promise<Channel> {
  const c = await findChannel(tx, ref);
  if (!c) throw channelNotFound(ref);
  return c;
}

/** A warehouse a channel ships from, as allocation needs it. */
export interface ShipFrom {
  warehouse_id: string;
  code: string;
  priority: number;
  country: string | null;
  region: string | null;
}

/**
 * What taking an order needs of its channel, in one statement: the channel, the warehouses it ships from
 * (not archived, by priority) and the hold rules that apply to its orders.
 */
const INTAKE_CHANNEL = {
  name: 'orders_intake_channel',
  text: `${CHANNEL_SELECT.replace(
    'FROM channels c',
    `, (SELECT json_agg(json_build_object('warehouse_id', cw.warehouse_id, 'code', l.code, 'priority', cw.priority,
                                          'country', l.country, 'region', l.region) ORDER BY cw.priority, l.code)
          FROM channel_warehouses cw JOIN locations l ON l.location_id = cw.warehouse_id
         WHERE cw.channel_id = c.channel_id AND NOT l.is_archived) AS ship_from,
       (SELECT json_agg(json_build_object('id', r.rule_id, 'name', r.name, 'channel', rc.code, 'condition', r.condition,
                                          'priority', r.priority, 'isActive', r.is_active))
          FROM hold_rules r LEFT JOIN channels rc ON rc.channel_id = r.channel_id
         WHERE r.is_active AND (r.channel_id IS NULL OR r.channel_id = c.channel_id)) AS hold_rules
    FROM channels c`,
  )} WHERE c.channel_id = $1 OR lower(c.code) = lower($1)`,
};

/**
 * The channel an order is taken for, with its warehouses and hold rules; checked like requireOrderChannel.
 * Errors: channel_not_allowed (403); unknown_channel, channel_archived (422).
 */
export async function requireIntakeChannel(
  tx: Queryable,
  ctx: { channel?: string | null | undefined },
  ref: string,
): Promise<{ channel: Channel; shipFrom: ShipFrom[]; holdRules: HoldRule[] }> {
  const { rows } = await tx.query<
    ChannelRow & { ship_from: ShipFrom[] | null; hold_rules: HoldRule[] | null }
  >(INTAKE_CHANNEL, [ref]);
  const row = rows[0];
  const channel = checkOrderChannel(ctx, ref, row ? toChannel(row) : null);
  return { channel, shipFrom: row?.ship_from ?? [], holdRules: row?.hold_rules ?? [] };
}

/** Replaces a channel's warehouses (codes → ids resolved by the caller). */
export async function setChannelWarehouses(
  tx: Queryable,
  channelId: string,
  warehouses: readonly { id: string; priority: number }[],
): Promise<void> {
  await tx.query('DELETE FROM channel_warehouses WHERE channel_id = $1', [channelId]);
  if (warehouses.length === 0) return;
  await tx.query(
    `INSERT INTO channel_warehouses (channel_id, warehouse_id, priority)
     SELECT $1, w, p FROM unnest($2::text[], $3::int[]) AS x(w, p)`,
    [channelId, warehouses.map((w) => w.id), warehouses.map((w) => w.priority)],
  );
}

/**
 * The channel an order names, if it may take it from this caller. Errors: channel_not_allowed (403) for a
 * key bound to another channel; unknown_channel, channel_archived (422).
 */
export async function requireOrderChannel(
  tx: Queryable,
  ctx: { channel?: string | null | undefined },
  ref: string,
): Promise<Channel> {
  return checkOrderChannel(ctx, ref, await findChannel(tx, ref));
}

function checkOrderChannel(
  ctx: { channel?: string | null | undefined },
  ref: string,
  channel: Channel | null,
): Channel {
  if (!channel) throw unknownChannel(ref);
  if (ctx.channel && ctx.channel.toLowerCase() !== channel.code.toLowerCase()) {
    throw forbidden('channel_not_allowed', `This key acts for channel ${ctx.channel}, not ${channel.code}.`, {
      channel: channel.code,
    });
  }
  if (channel.isArchived) {
    throw unprocessable('channel_archived', `Channel ${channel.code} is archived; it takes no new orders.`, {
      channel: channel.code,
    });
  }
  return channel;
}
