import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the returns module.
 * 404: return_not_found (also outside the caller's warehouses), order_not_found (orders).
 * 409: return_not_open, return_has_receipts, return_nothing_received, shipping_already_refunded,
 *      insufficient_stock (inventory: the units are no longer where they were received).
 * 422: return_exceeds_shipped, receipt_exceeds_authorised, grading_exceeds_received, unknown_line,
 *      duplicate_line, kit_not_returnable, warehouse_required, unknown_warehouse, returns_location_required,
 *      unknown_location, location_archived, location_not_quarantine, location_not_storage,
 *      location_not_allowed, restock_location_required, invalid_quantity.
 */
export const returnNotFound = (id: string) =>
  notFound('return_not_found', `No return ${id}.`, { return: id });

export const returnNotOpen = (ret: { id: string; number: string; status: string }, action: string) =>
  conflict('return_not_open', `Return ${ret.number} is ${ret.status}; it cannot be ${action} any more.`, {
    return: ret.id,
    status: ret.status,
  });

export const unknownLine = (id: string, lineNo: number, field: string) =>
  unprocessable('unknown_line', `${id} has no line ${lineNo}.`, { lineNo, field });

export const duplicateLine = (lineNo: number, field: string) =>
  unprocessable('duplicate_line', `Line ${lineNo} is listed twice; list each line once with its quantity.`, {
    lineNo,
    field,
  });

export interface ExcessLine {
  lineNo: number;
  requested: number;
  [k: string]: unknown;
}

export const returnExceedsShipped = (orderId: string, lines: ExcessLine[]) =>
  unprocessable(
    'return_exceeds_shipped',
    `Order ${orderId}: ${lines
      .map((l) => `line ${l.lineNo} has ${l.returnable} unit(s) left to return, ${l.requested} requested`)
      .join('; ')}. Only shipped units not already on another return can be returned.`,
    { order: orderId, lines },
  );

export const receiptExceedsAuthorised = (id: string, lines: ExcessLine[]) =>
  unprocessable(
    'receipt_exceeds_authorised',
    `Return ${id}: ${lines
      .map((l) => `line ${l.lineNo} expects ${l.expected} more unit(s), ${l.requested} received`)
      .join('; ')}. Authorise a new return for the extra units.`,
    { return: id, lines },
  );

export const gradingExceedsReceived = (id: string, lines: ExcessLine[]) =>
  unprocessable(
    'grading_exceeds_received',
    `Return ${id}: ${lines
      .map((l) => `line ${l.lineNo} has ${l.ungraded} received unit(s) left to grade, ${l.requested} graded`)
      .join('; ')}. Each received unit is graded once; receive the others first.`,
    { return: id, lines },
  );

registerConstraintErrors({
  return_lines_received_check: () =>
    unprocessable(
      'receipt_exceeds_authorised',
      'More units would be received than the return authorises; nothing was changed.',
    ),
  return_lines_graded_check: () =>
    unprocessable(
      'grading_exceeds_received',
      'More units would be graded than were received; nothing was changed.',
    ),
  return_units_pkey: () =>
    unprocessable('grading_exceeds_received', 'A unit would be graded twice; nothing was changed.'),
  returns_shipping_refund_key: () =>
    conflict(
      'shipping_already_refunded',
      "Another return of this order already refunds the order's shipping.",
    ),
});
