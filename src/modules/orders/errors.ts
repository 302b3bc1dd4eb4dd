import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the orders module.
 * 403: channel_not_allowed, warehouse_scope_required.
 * 404: channel_not_found, order_not_found, hold_rule_not_found.
 * 409: channel_code_taken, order_conflict, order_not_open, order_on_hold, order_not_on_hold,
 *      version_conflict, hold_rule_name_taken, units_in_fulfilment.
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

/** Units an open shipment holds are the warehouse's until it ships or is voided. */
export const unitsInFulfilment = (
  orderId: string,
  lines: readonly { line_no: number; qty_in_fulfilment: number }[],
) =>
  conflict(
    'units_in_fulfilment',
    `Order ${orderId} has units in an open shipment (line${lines.length > 1 ? 's' : ''} ${lines
      .map((l) => l.line_no)
      .join(', ')}); void the shipment first, or change only what is not in it.`,
    { lines: lines.map((l) => ({ lineNo: l.line_no, inFulfilment: l.qty_in_fulfilment })) },
  );

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
