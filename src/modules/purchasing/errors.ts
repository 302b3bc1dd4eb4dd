import { registerConstraintErrors } from '../../db/index.js';
import { conflict, notFound, unprocessable } from '../../kernel/errors.js';
import type { PackProblem } from './domain/ordering.js';

/**
 * Error codes of the purchasing module.
 * 404: supplier_not_found, purchase_order_not_found.
 * 409: supplier_code_taken, supplier_sku_taken, version_conflict, purchase_order_not_draft,
 *      purchase_order_not_cancellable, purchase_order_not_closable, purchase_order_not_sendable.
 * 422: unknown_supplier, supplier_archived, unknown_warehouse (inventory's), unknown_sku, sku_archived,
 *      sku_is_kit, no_unit_cost, currency_mismatch, not_pack_multiple, below_minimum_order, invalid_supplier,
 *      unknown_line, over_receipt_tolerance, rejection_exceeds_received, purchase_order_not_receivable,
 *      invalid_edi, edi_unknown_supplier, edi_unknown_product, edi_unknown_warehouse, edi_unsupported_unit,
 *      supplier_required, warehouse_required.
 */
export const supplierNotFound = (code: string) =>
  notFound('supplier_not_found', `No supplier with code ${code}.`, { supplier: code });

export const unknownSupplier = (code: string, field = 'supplier') =>
  unprocessable('unknown_supplier', `There is no supplier with code ${code}; create it first.`, {
    supplier: code,
    field,
  });

export const supplierArchived = (code: string) =>
  unprocessable(
    'supplier_archived',
    `Supplier ${code} is archived; restore it (PATCH isArchived: false) before ordering from it.`,
    { supplier: code },
  );

export const purchaseOrderNotFound = (id: string) =>
  notFound('purchase_order_not_found', `No purchase order ${id}.`, { purchaseOrder: id });

export const purchaseOrderNotDraft = (id: string, status: string) =>
  conflict(
    'purchase_order_not_draft',
    `Purchase order ${id} is ${status}; only a draft can be changed or sent.`,
    { purchaseOrder: id, status },
  );

export const versionConflict = (id: string, expected: number, actual: number) =>
  conflict(
    'version_conflict',
    `Purchase order ${id} is at version ${actual}, not ${expected}: someone changed it. Reload and try again.`,
    { purchaseOrder: id, expected, actual },
  );

export const notPackMultiple = (
  sku: string,
  p: Extract<PackProblem, { kind: 'not_pack_multiple' }>,
  line: number,
) =>
  unprocessable(
    'not_pack_multiple',
    `${sku} comes in packs of ${p.packSize}; ${p.qty} is not a whole number of packs. Order ${
      p.lower === null ? p.higher : `${p.lower} or ${p.higher}`
    }.`,
    { sku, line, qty: p.qty, packSize: p.packSize, lower: p.lower, higher: p.higher },
  );

export const belowMinimumOrder = (sku: string, qty: number, minOrderQty: number, line: number) =>
  unprocessable(
    'below_minimum_order',
    `The supplier's minimum order for ${sku} is ${minOrderQty}; ${qty} is too few.`,
    { sku, line, qty, minOrderQty },
  );

export const noUnitCost = (sku: string, supplier: string, line: number) =>
  unprocessable(
    'no_unit_cost',
    `No unit cost for ${sku}: give unitCostMinor, or set the SKU's cost for supplier ${supplier} (PUT /v1/suppliers/${supplier}/skus/${sku}).`,
    { sku, supplier, line },
  );

export const overReceiptTolerance = (
  poId: string,
  lineNo: number,
  qtyOrdered: number,
  qtyReceived: number,
  qty: number,
  maxReceivable: number,
) =>
  unprocessable(
    'over_receipt_tolerance',
    `Line ${lineNo} of ${poId} ordered ${qtyOrdered} and has ${qtyReceived} received; ${qty} more would exceed the ${maxReceivable} the supplier's tolerance allows.`,
    { purchaseOrder: poId, lineNo, qtyOrdered, qtyReceived, qty, maxReceivable },
  );

export const unknownLine = (poId: string, lineNo: number) =>
  unprocessable('unknown_line', `Purchase order ${poId} has no line ${lineNo}.`, {
    purchaseOrder: poId,
    lineNo,
  });

registerConstraintErrors({
  suppliers_code_key: () =>
    conflict('supplier_code_taken', 'A supplier with this code already exists (codes ignore case).'),
  suppliers_code_format_check: () =>
    unprocessable(
      'invalid_supplier',
      'A supplier code is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.',
      { field: 'code' },
    ),
  suppliers_name_length_check: () =>
    unprocessable('invalid_supplier', 'The name must have 1 to 200 characters.', { field: 'name' }),
  suppliers_currency_check: () =>
    unprocessable('unknown_currency', 'The currency must be an ISO 4217 code (EUR, USD, JPY...).', {
      field: 'currency',
    }),
  supplier_skus_supplier_sku_key: () =>
    conflict('supplier_sku_taken', 'This supplier already uses that supplier SKU code for another SKU.'),
  purchase_orders_warehouse_fkey: () =>
    unprocessable(
      'unknown_warehouse',
      'A purchase order is delivered to a warehouse (a top-level location).',
    ),
  purchase_order_lines_rejected_check: () =>
    unprocessable('rejection_exceeds_received', 'A line cannot have more units rejected than received.'),
});
