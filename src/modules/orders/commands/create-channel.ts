import { type Context, runCommand } from '../../../db/index.js';
import { forbidden, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { type Channel, type ChannelKind, readChannel, setChannelWarehouses } from '../db/channels.js';

export interface ChannelWarehouseInput {
  warehouse: string;
  priority?: number | undefined;
}

export interface CreateChannelInput {
  code: string;
  name: string;
  kind: ChannelKind;
  currency: string;
  warehouses?: ChannelWarehouseInput[] | undefined;
  bufferUnits?: number | undefined;
  bufferPercent?: number | undefined;
  allowSplit?: boolean | undefined;
  allowPartial?: boolean | undefined;
  allowBackorder?: boolean | undefined;
  preferNearest?: boolean | undefined;
}

/** Warehouse codes → ids with priorities (the list order when none is given). */
export async function channelWarehouses(
  tx: Parameters<typeof resolveWarehouses>[0],
  ctx: Context,
  input: readonly ChannelWarehouseInput[],
): Promise<{ id: string; priority: number }[]> {
  const seen = new Set<string>();
  for (const [i, w] of input.entries()) {
    const key = w.warehouse.toLowerCase();
    if (seen.has(key)) {
      throw unprocessable('duplicate_warehouse', `Warehouse ${w.warehouse} is listed twice.`, {
        field: `warehouses[${i}].warehouse`,
      });
    }
    seen.add(key);
  }
  const found = await resolveWarehouses(
    tx,
    input.map((w) => w.warehouse),
    { field: 'warehouses', scope: ctx.warehouseScope },
  );
  const byCode = new Map(found.map((w) => [w.code.toLowerCase(), w.id]));
  return input.map((w, i) => ({ id: byCode.get(w.warehouse.toLowerCase())!, priority: w.priority ?? i }));
}

/**
 * Creates a sales channel: its currency, the warehouses it ships from by priority, the stock buffer it
 * keeps back from what it may sell, and its routing rules. Only someone who sees every warehouse creates
 * channels (they are shared by all warehouses).
 * Errors: warehouse_scope_required (403); channel_code_taken (409); unknown_warehouse, duplicate_warehouse,
 * invalid_currency (422).
 */
export async function createChannel(ctx: Context, input: CreateChannelInput) {
  if (ctx.warehouseScope !== null) {
    throw forbidden(
      'warehouse_scope_required',
      'Only an owner or admin who sees every warehouse creates channels.',
    );
  }
  return runCommand(ctx, 'orders.create_channel', input, async (tx, audit): Promise<Channel> => {
    const id = newId('channel');
    const warehouses = await channelWarehouses(tx, ctx, input.warehouses ?? []);
    await tx.query(
      `INSERT INTO channels (channel_id, code, name, kind, currency, buffer_units, buffer_percent, allow_split,
                             allow_partial, allow_backorder, prefer_nearest, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
      [
        id,
        input.code.trim(),
        input.name.trim(),
        input.kind,
        input.currency,
        input.bufferUnits ?? 0,
        input.bufferPercent ?? 0,
        input.allowSplit ?? true,
        input.allowPartial ?? true,
        input.allowBackorder ?? true,
        input.preferNearest ?? true,
        ctx.actor.id,
      ],
    );
    await setChannelWarehouses(tx, id, warehouses);
    const channel = await readChannel(tx, id);
    audit.record({ targetType: 'channel', targetId: channel.code, before: null, after: channel });
    return channel;
  });
}
