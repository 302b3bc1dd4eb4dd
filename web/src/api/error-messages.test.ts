import { describe, expect, it } from 'vitest';
import { apiErrorText, FRENCH_ERRORS } from './error-messages';
import { ApiError } from './errors';

describe('apiErrorText', () => {
  const stock = new ApiError(422, 'insufficient_stock', 'Not enough stock available.');

  it('keeps the server message in English', () => {
    expect(apiErrorText(stock, 'en')).toBe('Not enough stock available.');
  });

  it('translates a known code into French', () => {
    expect(apiErrorText(stock, 'fr')).toBe(FRENCH_ERRORS.insufficient_stock);
  });

  it('falls back to the English message with its code for an unknown code', () => {
    const odd = new ApiError(422, 'something_new', 'Something new went wrong.');
    expect(apiErrorText(odd, 'fr')).toBe('Something new went wrong. (something_new)');
  });

  it('covers the common codes', () => {
    expect(Object.keys(FRENCH_ERRORS).length).toBeGreaterThanOrEqual(30);
    for (const code of [
      'order_not_open',
      'version_conflict',
      'permission_denied',
      'rate_limited',
      'validation_failed',
    ])
      expect(FRENCH_ERRORS[code]).toBeTruthy();
  });
});

describe('warehouse outbound codes', () => {
  it('has French words for every refusal of waves, picking and packing', () => {
    for (const code of [
      'wrong_bin',
      'wrong_item',
      'wrong_tote',
      'pick_exceeds_task',
      'pick_task_not_open',
      'picking_incomplete',
      'nothing_to_wave',
      'shipment_already_on_pick_list',
      'item_not_in_shipment',
      'unknown_item',
      'over_scan',
      'shipment_being_packed',
      'packing_incomplete',
      'shipping_profile_missing',
      'shipment_not_packed',
      'unknown_carton_type',
      'parcel_too_heavy',
      'unknown_service',
    ])
      expect(FRENCH_ERRORS[code], code).toBeTruthy();
  });
});

describe('inbound and control codes', () => {
  it('has French words for the refusals of purchasing, receiving, put-away, transfers, counts and returns', () => {
    for (const code of [
      'purchase_order_not_found',
      'no_unit_cost',
      'not_pack_multiple',
      'over_receipt_tolerance',
      'invalid_edi',
      'item_not_on_purchase_order',
      'qc_quantity_mismatch',
      'not_a_receiving_location',
      'wrong_bin',
      'bin_full',
      'putaway_task_not_open',
      'transfer_order_not_requested',
      'same_warehouse',
      'damaged_exceeds_qty',
      'count_task_not_open',
      'count_task_not_counted',
      'approval_below_zero',
      'return_exceeds_shipped',
      'grading_exceeds_received',
      'restock_location_required',
    ])
      expect(FRENCH_ERRORS[code], code).toBeTruthy();
  });
});
