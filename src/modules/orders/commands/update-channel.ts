import { type Context, runCommand } from '../../../db/index.js';
import { conflict, forbidden } from '../../../kernel/errors.js';
import { type Channel, readChannel, setChannelWarehouses } from '../db/channels.js';
import { type ChannelWarehouseInput, channelWarehouses } from './create-channel.js';

export interface UpdateChannelInput {
  name?: string | undefined;
  currency?: string | undefined;
  warehouses?: ChannelWarehouseInput[] | undefined;
  bufferUnits?: number | undefined;
  bufferPercent?: number | undefined;
  allowSplit?: boolean | undefined;
  allowPartial?: boolean | undefined;
  allowBackorder?: boolean | undefined;
  preferNearest?: boolean | undefined;
  isArchived?: boolean | undefined;
  /** Compare-and-set: the version the caller read. */
  version?: number | undefined;
}

/**
 * Changes a channel's name, currency, warehouses, buffer, rules or archived flag. Orders already taken
 * keep their currency; new orders must use the new one.
 * Errors: warehouse_scope_required (403); channel_not_found (404); version_conflict (409);
 * unknown_warehouse, duplicate_warehouse, invalid_currency (422).
 */
export async function updateChannel(ctx: Context, ref: string, input: UpdateChannelInput) {
  if (ctx.warehouseScope !== null) {
    throw forbidden(
      'warehouse_scope_required',
      'Only an owner or admin who sees every warehouse changes channels.',
    );
  }
  return runCommand(ctx, 'orders.update_channel', { ref, ...input }, async (tx, audit): Promise<Channel> => {
    const before = await readChannel(tx, ref);
    const locked = await tx.query<{ version: number }>(
      'SELECT version FROM channels WHERE channel_id = $1 FOR UPDATE',
      [before.id],
    );
    const version = locked.rows[0]!.version;
    if (input.version !== undefined && input.version !== version) {
      throw conflict(
        'version_conflict',
        `Channel ${before.code} was changed by someone else; reload and retry.`,
        {
          expectedVersion: input.version,
          currentVersion: version,
        },
      );
    }
    await tx.query(
      `UPDATE channels SET
         name = coalesce($2, name), currency = coalesce($3, currency),
         buffer_units = coalesce($4, buffer_units), buffer_percent = coalesce($5, buffer_percent),
         allow_split = coalesce($6, allow_split), allow_partial = coalesce($7, allow_partial),
         allow_backorder = coalesce($8, allow_backorder), prefer_nearest = coalesce($9, prefer_nearest),
         is_archived = coalesce($10, is_archived), version = version + 1, updated_at = now(), updated_by = $11
       WHERE channel_id = $1`,
      [
        before.id,
        input.name?.trim() ?? null,
        input.currency ?? null,
        input.bufferUnits ?? null,
        input.bufferPercent ?? null,
        input.allowSplit ?? null,
        input.allowPartial ?? null,
        input.allowBackorder ?? null,
        input.preferNearest ?? null,
        input.isArchived ?? null,
        ctx.actor.id,
      ],
    );
    if (input.warehouses !== undefined) {
      await setChannelWarehouses(tx, before.id, await channelWarehouses(tx, ctx, input.warehouses));
    }
    const after = await readChannel(tx, before.id);
    audit.record({ targetType: 'channel', targetId: after.code, before, after });
    return after;
  });
}
