import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the put-away module.
 * 404: putaway_task_not_found, putaway_rule_not_found, location_not_found (capacity of a location).
 * 409: putaway_task_not_open, nothing_to_put_away, no_putaway_location.
 * 422: unknown_warehouse, unknown_location, unknown_sku, not_a_receiving_location, invalid_putaway_rule,
 *      invalid_putaway_target, wrong_bin, bin_full, putaway_exceeds_task, capacity_not_for_kind.
 * 400: invalid_category, invalid_quantity (schema).
 */
export const putawayTaskNotFound = (id: string) =>
  notFound('putaway_task_not_found', `No put-away task ${id}.`, { putawayTask: id });

export const putawayRuleNotFound = (id: string) =>
  notFound('putaway_rule_not_found', `No put-away rule ${id}.`, { putawayRule: id });

export const putawayTaskNotOpen = (id: string, status: string, by: string | null) =>
  conflict(
    'putaway_task_not_open',
    `Put-away task ${id} is already ${status}${by ? ` (by ${by})` : ''}; refresh the task list.`,
    { putawayTask: id, status, by },
  );

export const invalidPutawayRule = (message: string, field: string) =>
  unprocessable('invalid_putaway_rule', message, { field });

export const unknownLocationCode = (code: string, field: string) =>
  unprocessable('unknown_location', `There is no location with code ${code}; create it first.`, {
    location: code,
    field,
  });

registerConstraintErrors({
  putaway_rules_target_fkey: () =>
    unprocessable(
      'invalid_putaway_target',
      "A rule's target must be a bin (fixed_bin) or a zone (zone, overflow) of the rule's warehouse.",
    ),
  putaway_rules_match_check: () =>
    unprocessable('invalid_putaway_rule', 'A rule matches one SKU or one category, not both.'),
  putaway_rules_fixed_bin_sku_check: () =>
    unprocessable('invalid_putaway_rule', 'A fixed_bin rule names the SKU that lives in the bin.'),
  putaway_rules_target_kind_check: () =>
    unprocessable(
      'invalid_putaway_target',
      'A fixed_bin rule targets a bin; zone and overflow rules target a zone.',
    ),
  locations_capacity_check: () =>
    unprocessable('capacity_not_for_kind', 'Only a bin has a capacity, 0 or more units.'),
  skus_category_check: () => unprocessable('invalid_category', 'A category is 1 to 64 characters.'),
});
