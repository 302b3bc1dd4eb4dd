import Type from 'typebox';
import { NonNegativeQty, Nullable, Qty, SkuCode } from '../../../http/schemas.js';
import { PO_STATUSES } from '../db/purchase-orders.js';

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217',
  'x-error-code': 'unknown_currency',
});
const Minor = (description: string) =>
  Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description,
    'x-error-code': 'invalid_amount',
  });
export const SupplierCode = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Supplier code (case-insensitive)',
});

const Address = Type.Object(
  {
    line1: Type.Optional(Type.String({ maxLength: 200 })),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    country: Type.Optional(Type.String({ maxLength: 2, minLength: 2 })),
  },
  { additionalProperties: false },
);

export const Supplier = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    address: Nullable(Address),
    currency: Type.String(),
    leadTimeDays: Type.Integer(),
    paymentTerms: Nullable(Type.String()),
    overReceiptToleranceBp: Type.Integer({ description: 'Basis points a line may be over-received' }),
    isArchived: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Supplier' },
);

const supplierFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Nullable(Type.String({ format: 'email', maxLength: 200 })),
  phone: Nullable(Type.String({ minLength: 1, maxLength: 40 })),
  address: Nullable(Address),
  currency: Currency,
  leadTimeDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  paymentTerms: Nullable(Type.String({ minLength: 1, maxLength: 40, examples: ['NET30'] })),
  overReceiptToleranceBp: Type.Integer({ minimum: 0, maximum: 100000 }),
};

export const CreateSupplierBody = Type.Object(
  {
    code: SupplierCode,
    name: supplierFields.name,
    email: Type.Optional(supplierFields.email),
    phone: Type.Optional(supplierFields.phone),
    address: Type.Optional(supplierFields.address),
    currency: supplierFields.currency,
    leadTimeDays: Type.Optional(supplierFields.leadTimeDays),
    paymentTerms: Type.Optional(supplierFields.paymentTerms),
    overReceiptToleranceBp: Type.Optional(supplierFields.overReceiptToleranceBp),
  },
  { additionalProperties: false },
);

export const UpdateSupplierBody = Type.Object(
  {
    name: Type.Optional(supplierFields.name),
    email: Type.Optional(supplierFields.email),
    phone: Type.Optional(supplierFields.phone),
    address: Type.Optional(supplierFields.address),
    currency: Type.Optional(supplierFields.currency),
    leadTimeDays: Type.Optional(supplierFields.leadTimeDays),
    paymentTerms: Type.Optional(supplierFields.paymentTerms),
    overReceiptToleranceBp: Type.Optional(supplierFields.overReceiptToleranceBp),
    isArchived: Type.Optional(Type.Boolean({ description: 'true archives the supplier, false restores it' })),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const SupplierSku = Type.Object(
  {
    sku: Type.String(),
    supplierSku: Nullable(Type.String()),
    costMinor: Type.Integer(),
    currency: Type.String(),
    packSize: Type.Integer(),
    minOrderQty: Type.Integer(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SupplierSku' },
);

export const SetSupplierSkuBody = Type.Object(
  {
    supplierSku: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    costMinor: Minor('Unit cost in minor units of the currency'),
    currency: Type.Optional(Currency),
    packSize: Type.Optional(Qty('Units per pack: orders are whole packs')),
    minOrderQty: Type.Optional(Qty('Smallest quantity the supplier accepts (defaults to the pack size)')),
  },
  { additionalProperties: false },
);

const LineBody = Type.Object(
  {
    sku: SkuCode,
    qty: Qty(),
    unitCostMinor: Type.Optional(Minor('Unit cost; defaults to the supplier SKU cost')),
    supplierSku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const CreatePurchaseOrderBody = Type.Object(
  {
    supplier: SupplierCode,
    warehouse: Type.String({ minLength: 1, maxLength: 64 }),
    expectedAt: Type.Optional(DateOnly),
    notes: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    lines: Type.Array(LineBody, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const UpdatePurchaseOrderBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version last read (compare and set)' }),
    expectedAt: Type.Optional(Nullable(DateOnly)),
    notes: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000 }))),
    lines: Type.Optional(Type.Array(LineBody, { minItems: 1, maxItems: 1000 })),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);

export const PurchaseOrder = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ examples: ['PO-000123'] }),
    supplier: Type.String(),
    supplierName: Type.String(),
    warehouse: Type.String(),
    status: Type.Union(PO_STATUSES.map((s) => Type.Literal(s))),
    currency: Type.String(),
    expectedAt: Nullable(Type.String({ format: 'date' })),
    externalRef: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    version: Type.Integer(),
    overReceiptToleranceBp: Type.Integer(),
    lines: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        sku: Type.String(),
        supplierSku: Nullable(Type.String()),
        qtyOrdered: Type.Integer(),
        qtyReceived: Type.Integer(),
        qtyRejected: Type.Integer({
          description: 'Received, then rejected by QC (still counts as received)',
        }),
        qtyOpen: Type.Integer({ description: 'Ordered minus received, never below zero' }),
        unitCostMinor: Type.Integer(),
        lineTotalMinor: Type.Integer(),
      }),
    ),
    totals: Type.Object({
      qtyOrdered: Type.Integer(),
      qtyReceived: Type.Integer(),
      qtyRejected: Type.Integer(),
      qtyOpen: Type.Integer(),
      orderedMinor: Type.Integer(),
      receivedMinor: Type.Integer(),
      openMinor: Type.Integer(),
    }),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
    updatedAt: Type.String({ format: 'date-time' }),
    sentAt: Nullable(Type.String({ format: 'date-time' })),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'PurchaseOrder' },
);

export const ImportResult = Type.Object({
  items: Type.Array(Type.Object({ created: Type.Boolean(), purchaseOrder: Type.Ref('PurchaseOrder') })),
  warnings: Type.Array(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      externalRef: Type.String(),
      declaredMinor: Type.Integer(),
      computedMinor: Type.Integer(),
    }),
  ),
});

export const Incoming = Type.Object({
  items: Type.Array(
    Type.Object({
      sku: Type.String(),
      warehouse: Type.String(),
      qtyOnOrder: NonNegativeQty('Ordered minus received on sent and partially received orders'),
      nextExpectedAt: Nullable(Type.String({ format: 'date' })),
      purchaseOrders: Type.Integer(),
    }),
  ),
});
