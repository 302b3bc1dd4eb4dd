import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the orders module.
 * 403: channel_not_allowed, warehouse_scope_required.
 * 404: channel_not_found, order_not_found, hold_rule_not_found.
 * 409: channel_code_taken, order_conflict, order_not_open, order_on_hold, order_not_on_hold,
 *      version_conflict, hold_rule_name_taken.
 * 422: unknown_channel, channel_archived, currency_mismatch, address_required, unknown_sku, sku_archived,
 *      unknown_warehouse, duplicate_warehouse, unknown_line, cancel_exceeds_open, edit_below_shipped,
 *      nothing_to_edit, invalid_currency, import_rejected, invalid_csv.
 */
export const channelNotFound = (ref: string) =>
  notFound('channel_not_found', `No sales channel ${ref}.`, { channel: ref });

export const unknownChannel = (ref: string) =>
  unprocessable('unknown_channel', `There is no sales channel ${ref}; create it first.`, {
    channel: ref,
    field: 'channel',
  });

export const orderNotFound = (id: string) => notFound('order_not_found', `No order ${id}.`, { order: id });

registerConstraintErrors({
  hold_rules_name_key: () => conflict('hold_rule_name_taken', 'A hold rule with this name already exists.'),
  channels_code_key: () => conflict('channel_code_taken', 'A sales channel with this code already exists.'),
  channels_currency_check: () =>
    unprocessable('invalid_currency', 'The currency must be an ISO 4217 code such as EUR.', {
      field: 'currency',
    }),
  channel_warehouses_warehouse_id_fkey: () =>
    conflict(
      'location_in_use',
      'A sales channel ships from this warehouse; archive it instead of deleting it.',
    ),
});
