import { conflict, notFound, unprocessable } from '../../kernel/errors.js';

/**
 * Error codes of the fulfillment module.
 * 404: shipment_not_found, carrier_not_found, shipping_profile_not_found, wave_not_found, pick_list_not_found,
 *      pick_task_not_found.
 * 409: nothing_to_wave, wave_not_open, pick_task_not_open, shipment_already_on_pick_list, shipment_not_open, shipment_not_shipped, nothing_to_ship, order_on_hold, order_not_open,
 *      picking_incomplete, shipment_being_packed, over_scan, packing_incomplete, shipping_profile_missing,
 *      shipment_not_packed, sscc_serials_exhausted.
 * 422: warehouse_required, unknown_warehouse, unknown_line, shipment_exceeds_allocated,
 *      delivered_before_shipped, item_not_in_shipment, unknown_item, unknown_carton_type, parcel_too_heavy,
 *      duplicate_parcel, parcel_missing, empty_parcel, items_with_scans, manual_carrier_fixed,
 *      invalid_rate_table, unknown_service, invalid_parcel, invalid_sscc (the last four from CarrierError),
 *      wrong_bin, wrong_item, wrong_tote, pick_exceeds_task, invalid_limit, mixed_warehouses.
 */
export const shipmentNotFound = (id: string) =>
  notFound('shipment_not_found', `No shipment ${id}.`, { shipment: id });

export const shipmentNotOpen = (id: string, status: string) =>
  conflict(
    'shipment_not_open',
    `Shipment ${id} is ${status}; only an open shipment can be shipped or voided.`,
    {
      shipment: id,
      status,
    },
  );

export const nothingToShip = (orderId: string, warehouse?: string) =>
  conflict(
    'nothing_to_ship',
    warehouse
      ? `Order ${orderId} has no allocated units at ${warehouse} outside other shipments.`
      : `Order ${orderId} has no allocated units outside other shipments.`,
    { order: orderId, ...(warehouse ? { warehouse } : {}) },
  );

export const warehouseRequired = (orderId: string, warehouses: string[]) =>
  unprocessable(
    'warehouse_required',
    `Order ${orderId} is allocated in several warehouses (${warehouses.join(', ')}); say which one ships.`,
    { field: 'warehouse', warehouses },
  );

export const shipmentBeingPacked = (id: string, packingBy: string | null, station: string | null) =>
  conflict(
    'shipment_being_packed',
    `Shipment ${id} is being packed by ${packingBy ?? 'someone else'}${station ? ` at station ${station}` : ''}; finish there, or reset its packing (POST /v1/shipments/${id}/pack-scans/reset) to start again here.`,
    { shipment: id, packingBy, station },
  );

export const itemNotInShipment = (id: string, code: string, sku: string | null) =>
  unprocessable(
    'item_not_in_shipment',
    `${sku ?? code} is not in shipment ${id}; put it aside and scan an item of this shipment.`,
    { shipment: id, code, sku },
  );

export const unknownItem = (id: string, code: string) =>
  unprocessable('unknown_item', `"${code}" is not a SKU code or GTIN Coulisse knows; scan the item again.`, {
    shipment: id,
    code,
  });

export const overScan = (id: string, sku: string, required: number, scanned: number, qty: number) =>
  conflict(
    'over_scan',
    `Shipment ${id} needs ${required} × ${sku} and ${scanned} are already packed; ${qty} more is too many. Put the extra aside.`,
    { shipment: id, sku, required, scanned, qty },
  );

export const packingIncomplete = (
  id: string,
  missing: { sku: string; required: number; scanned: number }[],
) =>
  conflict(
    'packing_incomplete',
    `Shipment ${id} is not completely packed: ${missing
      .map((m) => `${m.required - m.scanned} × ${m.sku}`)
      .join(', ')} missing. Scan them (or list them in the parcels), or reset the packing.`,
    { shipment: id, missing },
  );

export const shippingProfileMissing = (warehouse: string) =>
  conflict(
    'shipping_profile_missing',
    `Warehouse ${warehouse} has no shipping profile (ship-from address, GS1 company prefix); set it with PUT /v1/warehouses/${warehouse}/shipping-profile or \`coulisse warehouses shipping-profile ${warehouse}\`.`,
    { warehouse },
  );

export const shipmentNotPacked = (id: string, status: string) =>
  conflict('shipment_not_packed', `Shipment ${id} is ${status}; pack it into parcels first.`, {
    shipment: id,
    status,
  });

export const unknownCartonType = (code: string, field: string) =>
  unprocessable(
    'unknown_carton_type',
    `There is no carton type ${code}; define it with PUT /v1/carton-types/${code}.`,
    {
      cartonType: code,
      field,
    },
  );

export const parcelTooHeavy = (
  parcelNo: number,
  weightGrams: number,
  cartonType: string,
  maxWeightGrams: number,
) =>
  unprocessable(
    'parcel_too_heavy',
    `Parcel ${parcelNo} weighs ${weightGrams} g; a ${cartonType} carton takes at most ${maxWeightGrams} g. Split it or use a larger carton.`,
    { parcelNo, weightGrams, cartonType, maxWeightGrams },
  );

export const pickListNotFound = (id: string) =>
  notFound('pick_list_not_found', `No pick list ${id}.`, { pickList: id });

export const waveNotFound = (id: string) => notFound('wave_not_found', `No wave ${id}.`, { wave: id });

export const waveNotOpen = (id: string, status: string, shipments: { id: string; status: string }[]) =>
  conflict(
    'wave_not_open',
    status === 'cancelled'
      ? `Wave ${id} is already cancelled.`
      : `Wave ${id} has no open or packed shipment left to void (every one is shipped or voided); there is nothing to cancel.`,
    { wave: id, status, shipments },
  );

export const pickTaskNotFound = (id: string) =>
  notFound('pick_task_not_found', `No pick task ${id}.`, { pickTask: id });
