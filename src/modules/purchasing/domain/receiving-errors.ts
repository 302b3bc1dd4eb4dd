import { conflict, notFound, unprocessable } from '../../../kernel/errors.js';

/**
 * Error codes of receiving (receipts, ASNs, QC).
 * 404: receipt_not_found, asn_not_found.
 * 409: purchase_order_not_open, asn_not_open, qc_not_pending, asn_reference_conflict.
 * 422: receiving_location_required, quarantine_location_required, not_a_receiving_location,
 *      not_a_quarantine_location, location_in_other_warehouse, item_not_on_purchase_order, unknown_po_line,
 *      sku_line_mismatch, unknown_asn_line, invalid_quantity, nothing_received, qc_quantity_mismatch,
 *      unknown_receipt_line, invalid_edi, unknown_purchase_order, asn_unknown_item, asn_mixed_suppliers,
 *      unknown_supplier, unknown_warehouse; over_receipt_tolerance (from recordPoReceipt).
 */

export const receiptNotFound = (id: string) =>
  notFound('receipt_not_found', `No receipt ${id}.`, { receipt: id });

export const asnNotFound = (id: string) =>
  notFound('asn_not_found', `No advance ship notice ${id}.`, { asn: id });

export const purchaseOrderNotOpen = (id: string, number: string, status: string) =>
  conflict(
    'purchase_order_not_open',
    `Purchase order ${number} is ${status}; goods can be received only against a sent or partially received order.`,
    { purchaseOrder: id, number, status },
  );

export const asnNotOpen = (id: string, status: string) =>
  conflict('asn_not_open', `Advance ship notice ${id} is already ${status}.`, { asn: id, status });

export const qcNotPending = (receiptId: string, lineNo: number, status: string) =>
  conflict(
    'qc_not_pending',
    `Line ${lineNo} of receipt ${receiptId} is not waiting for QC (it is ${status}).`,
    { receipt: receiptId, lineNo, status },
  );

export const receivingLocationRequired = (warehouse: string) =>
  unprocessable(
    'receiving_location_required',
    `Warehouse ${warehouse} has no receiving location (dock). Name one with "location", or give a zone or bin the usage "receiving" (PUT /v1/locations/{code}/usage).`,
    { warehouse, field: 'location' },
  );

export const quarantineLocationRequired = (warehouse: string) =>
  unprocessable(
    'quarantine_location_required',
    `Warehouse ${warehouse} has no quarantine location for damaged, unexpected or QC units. Give a zone or bin the usage "quarantine" (PUT /v1/locations/{code}/usage).`,
    { warehouse, field: 'location' },
  );

export const wrongLocationUsage = (
  location: string,
  usage: string,
  wanted: 'receiving' | 'quarantine',
  field: string,
) =>
  unprocessable(
    wanted === 'receiving' ? 'not_a_receiving_location' : 'not_a_quarantine_location',
    `${location} is a ${usage} location; goods are received into a ${wanted} location${wanted === 'receiving' ? ' (a dock) and put away from there' : ' when QC is required'}.`,
    { location, usage, wanted, field },
  );

export const locationInOtherWarehouse = (location: string, warehouse: string, field: string) =>
  unprocessable(
    'location_in_other_warehouse',
    `${location} is not in warehouse ${warehouse}, where these goods are received.`,
    { location, warehouse, field },
  );

export const itemNotOnPurchaseOrder = (sku: string, field: string) =>
  unprocessable(
    'item_not_on_purchase_order',
    `${sku} is not on this purchase order. Refuse it, or receive it into quarantine with "acceptUnexpected": true.`,
    { sku, field },
  );

export const unknownPoLine = (lineNo: number, field: string) =>
  unprocessable('unknown_po_line', `The purchase order has no line ${lineNo}.`, { lineNo, field });

export const lineSkuMismatch = (lineNo: number, expected: string, given: string, field: string) =>
  unprocessable('sku_line_mismatch', `Line ${lineNo} of the purchase order is ${expected}, not ${given}.`, {
    lineNo,
    expected,
    sku: given,
    field,
  });

export const receiptQuantityInvalid = (field: string, value: unknown, min: number) =>
  unprocessable(
    'invalid_quantity',
    `${field} must be a whole number, ${min} or more; got ${String(value)}.`,
    {
      field,
      value: typeof value === 'number' && Number.isFinite(value) ? value : String(value),
    },
  );

export const nothingReceived = (field: string) =>
  unprocessable('nothing_received', `${field} receives nothing: give qty or damaged units above 0.`, {
    field,
  });

export const qcQuantityMismatch = (lineNo: number, pending: number, accept: number, reject: number) =>
  unprocessable(
    'qc_quantity_mismatch',
    `Line ${lineNo} has ${pending} unit(s) waiting for QC; accepted (${accept}) and rejected (${reject}) must add up to ${pending}.`,
    { lineNo, pending, accept, reject },
  );

export const unknownReceiptLine = (receiptId: string, lineNo: number, field: string) =>
  unprocessable('unknown_receipt_line', `Receipt ${receiptId} has no line ${lineNo}.`, {
    receipt: receiptId,
    lineNo,
    field,
  });

export const unknownAsnLine = (asnId: string, lineNo: number, field: string) =>
  unprocessable('unknown_asn_line', `Advance ship notice ${asnId} has no line ${lineNo}.`, {
    asn: asnId,
    lineNo,
    field,
  });
