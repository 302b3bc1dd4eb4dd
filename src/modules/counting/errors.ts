import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the counting module.
 * 404: count_plan_not_found, count_task_not_found.
 * 409: count_task_not_open (count of a task already counted, closed or being counted by someone else),
 *      count_task_not_counted (approve/reject of a task not awaiting approval), bin_not_empty (a
 *      "confirm empty" task counted as empty while the bin holds stock), approval_below_zero (an
 *      approval whose counted difference would take today's on hand below zero), and from inventory:
 *      count_below_reserved.
 * 422: unknown_warehouse, unknown_location, location_not_physical, unknown_sku, plan_locations_required,
 *      location_not_in_warehouse, abc_frequencies_required, currency_required, sku_required, sku_mismatch,
 *      reason_required, invalid_period, invalid_threshold.
 * 400 (request schema): invalid_quantity, invalid_threshold, invalid_period, invalid_currency, invalid_limit,
 *      reason_required, unknown_field, validation_failed.
 */
export const countPlanNotFound = (id: string) =>
  notFound('count_plan_not_found', `No count plan ${id}.`, { plan: id });

export const countTaskNotFound = (id: string) =>
  notFound('count_task_not_found', `No count task ${id}.`, { countTask: id });

export const countTaskNotOpen = (id: string, status: string) =>
  conflict(
    'count_task_not_open',
    `Count task ${id} is ${status}, not open: it was counted already (or closed). Reload it; a manager can reject a count to have it recounted.`,
    { countTask: id, status },
  );

export const countTaskNotCounted = (id: string, status: string) =>
  conflict(
    'count_task_not_counted',
    `Count task ${id} is ${status}; only a counted task awaiting approval can be approved or rejected.`,
    { countTask: id, status },
  );

export const binNotEmpty = (id: string, location: string, onHand: number) =>
  conflict(
    'bin_not_empty',
    `${location} holds ${onHand} unit(s) now; count task ${id} cannot confirm it empty. Count it by SKU (give sku and countedQty).`,
    { countTask: id, location, onHand },
  );

export const approvalBelowZero = (id: string, currentQty: number, variance: number) =>
  conflict(
    'approval_below_zero',
    `On hand moved to ${currentQty} since the count; applying its variance of ${variance} would go below zero. Reject the count to have it recounted.`,
    { countTask: id, currentQty, variance },
  );

export const skuRequired = (id: string) =>
  unprocessable(
    'sku_required',
    `Count task ${id} is for a whole bin; say which SKU you found (sku) when the count is not zero.`,
    { field: 'sku', countTask: id },
  );

export const currencyRequired = (currencies: readonly string[]) =>
  unprocessable(
    'currency_required',
    `Sales in this window are in several currencies (${currencies.join(', ')}); say which one ranks the SKUs (currency).`,
    { field: 'currency', currencies },
  );

registerConstraintErrors({
  count_plans_name_check: () =>
    unprocessable('validation_failed', 'A plan name is 1 to 200 characters.', { field: 'name' }),
  count_plans_threshold_check: () =>
    unprocessable('invalid_threshold', 'Threshold limits must be ≥ 0, a percent at most 100.', {
      field: 'varianceThreshold',
    }),
  count_plans_value_currency_check: () =>
    unprocessable('currency_required', 'A value threshold needs the plan currency (currency).', {
      field: 'currency',
    }),
});
