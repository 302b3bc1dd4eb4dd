import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the inventory module.
 * 404: location_not_found, reservation_not_found, transfer_not_found.
 * 409: insufficient_stock, location_code_taken, location_not_empty, location_in_use,
 *      expected_quantity_mismatch, count_below_reserved, reservation_not_open, reservation_expired,
 *      transfer_not_open.
 * 422: unknown_location, invalid_location_code, invalid_parent, location_not_physical, location_archived,
 *      same_location, reason_sign_mismatch, note_required, expiry_in_past, line_not_in_reservation,
 *      post_exceeds_reservation, transit_requires_two_warehouses, receive_exceeds_transfer, occurred_in_future,
 *      invalid_layout (a bin layout that breaks locations_layout_check: x without y, out of range, too long
 *      an aisle), import_rejected (a location import with problems; the report is in details.report),
 *      invalid_csv (an import body that is not a CSV file).
 * 400: invalid_layout (a layout field outside its range in the request schema).
 * Location import rows (in the report, not as HTTP errors): invalid_csv, too_many_rows, unknown_column,
 *      duplicate_column, missing_column, wrong_column_count, invalid_location_code, invalid_kind,
 *      invalid_name, invalid_layout, duplicate_in_file, unknown_location, invalid_parent, kind_mismatch,
 *      parent_mismatch, location_archived.
 */
export interface Shortage {
  sku: string;
  location: string;
  requested: number;
  available: number;
  onHand: number;
  reserved: number;
}

export function insufficientStock(shortages: Shortage[]) {
  const first = shortages[0]!;
  const message =
    `Only ${first.available} unit(s) of ${first.sku} are available at ${first.location}; ${first.requested} requested.` +
    (shortages.length > 1
      ? ` ${shortages.length - 1} other line(s) are short too (see details.shortages).`
      : '');
  return conflict('insufficient_stock', message, {
    sku: first.sku,
    location: first.location,
    requested: first.requested,
    available: first.available,
    shortages,
  });
}

export const locationNotFound = (code: string) =>
  notFound('location_not_found', `No location with code ${code}.`, { location: code });

export const unknownLocation = (code: string, field = 'location') =>
  unprocessable('unknown_location', `There is no location with code ${code}; create it first.`, {
    location: code,
    field,
  });

export const locationNotPhysical = (code: string, field = 'location') =>
  unprocessable(
    'location_not_physical',
    `${code} is a virtual location; stock can only be held, counted or reserved in a warehouse, zone or bin.`,
    { location: code, field },
  );

export const locationArchived = (code: string) =>
  unprocessable('location_archived', `Location ${code} is archived and cannot receive stock.`, {
    location: code,
  });

export const invalidLayout = (code: string, problems: readonly { field: string; reason: string }[]) =>
  unprocessable(
    'invalid_layout',
    `The layout of ${code} is not valid: ${problems.map((p) => p.reason).join('; ')}.`,
    { location: code, field: problems[0]?.field ?? null, problems },
  );

export const layoutNotPhysical = (code: string) =>
  unprocessable(
    'location_not_physical',
    `${code} is a virtual location; only a warehouse, zone or bin has a place on the floor plan.`,
    { location: code, field: 'location' },
  );

export const reservationNotFound = (id: string) =>
  notFound('reservation_not_found', `No reservation ${id}.`, { reservationId: id });

export const transferNotFound = (id: string) =>
  notFound('transfer_not_found', `No transfer ${id}.`, { transferId: id });

registerConstraintErrors({
  locations_code_key: () =>
    conflict('location_code_taken', 'A location with this code already exists (codes ignore case).'),
  locations_tree_check: (e) =>
    unprocessable('invalid_parent', `This location cannot go there: ${e.message}.`),
  locations_code_format_check: () =>
    unprocessable('invalid_location_code', 'The location code is not valid.'),
  stock_balances_on_hand_check: () =>
    conflict('insufficient_stock', 'Not enough stock is available for this change; nothing was changed.'),
  locations_layout_check: () =>
    unprocessable(
      'invalid_layout',
      'The layout is not valid: x and y go together (0 to 10,000,000 cm), an aisle is 1 to 40 characters, ' +
        'bay, level and pick sequence are 0 or more, and only warehouses, zones and bins have one.',
    ),
  stock_moves_distinct_locations_check: () =>
    unprocessable('same_location', 'A move needs two different locations.'),
});
