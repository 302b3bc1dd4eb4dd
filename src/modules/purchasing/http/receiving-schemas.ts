import Type from 'typebox';
import { Nullable } from '../../../http/schemas.js';
import { DISCREPANCIES, QC_STATUSES } from '../domain/receiving.js';

const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Code = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });
const Qty = (description: string, minimum = 0) =>
  Type.Integer({ minimum, maximum: 1_000_000_000, description, 'x-error-code': 'invalid_quantity' });
const Note = Type.String({ maxLength: 1000 });
const OccurredAt = Type.String({
  format: 'date-time',
  description: 'When the goods arrived (business time; may be back-dated, not in the future). Default now',
});

export const ReceivePurchaseOrderBody = Type.Object(
  {
    location: Type.Optional(
      Code(
        'The dock (usage receiving) — or with qc the quarantine area — of the order’s warehouse; default its first one',
      ),
    ),
    qc: Type.Optional(Type.Boolean({ description: 'Every good unit goes to quarantine and waits for QC' })),
    acceptUnexpected: Type.Optional(
      Type.Boolean({
        description: 'Receive a SKU that is not on the order into quarantine (discrepancy wrong_item)',
      }),
    ),
    note: Type.Optional(Note),
    lines: Type.Array(
      Type.Object(
        {
          lineNo: Type.Optional(Type.Integer({ minimum: 1, description: 'The purchase order line' })),
          sku: Type.Optional(Code('Or the SKU code (its first open line on the order)')),
          qty: Qty('Good units'),
          damaged: Type.Optional(Qty('Damaged units: to quarantine, recorded as a discrepancy')),
          sscc: Type.Optional(
            Type.String({ minLength: 1, maxLength: 40, description: 'Pallet or carton label' }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    occurredAt: Type.Optional(OccurredAt),
  },
  { additionalProperties: false },
);

export const ReceiveBlindBody = Type.Object(
  {
    warehouse: Code('The warehouse receiving the goods'),
    location: Type.Optional(Code('Its dock (or with qc its quarantine area); default the first one')),
    supplier: Type.Optional(Code('The supplier, when known')),
    qc: Type.Optional(Type.Boolean({ description: 'Every good unit goes to quarantine and waits for QC' })),
    note: Type.Optional(Note),
    lines: Type.Array(
      Type.Object(
        {
          sku: Code('SKU code'),
          qty: Qty('Good units'),
          damaged: Type.Optional(Qty('Damaged units, to quarantine')),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    occurredAt: Type.Optional(OccurredAt),
  },
  { additionalProperties: false },
);

export const ReceiveAsnBody = Type.Object(
  {
    location: Type.Optional(Code('The dock (or with qc the quarantine area); default the first one')),
    qc: Type.Optional(Type.Boolean({ description: 'Every good unit goes to quarantine and waits for QC' })),
    note: Type.Optional(Note),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lineNo: Type.Integer({ minimum: 1, description: 'The ASN line' }),
            qty: Qty('Good units that arrived (fewer than announced: a short)'),
            damaged: Type.Optional(Qty('Damaged units, to quarantine')),
          },
          { additionalProperties: false },
        ),
        { maxItems: 2000, description: 'What actually arrived; lines not listed arrived as announced' },
      ),
    ),
    occurredAt: Type.Optional(OccurredAt),
  },
  { additionalProperties: false },
);

export const DecideQcBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          lineNo: Type.Integer({ minimum: 1, description: 'The receipt line' }),
          accept: Qty('Units accepted'),
          reject: Qty('Units rejected'),
          rejectTo: Type.Optional(Literals(['supplier', 'scrap'])),
          toLocation: Type.Optional(
            Code('Where accepted units go: default the warehouse’s dock, for put-away; or a storage bin'),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

const ReceiptLine = Type.Object({
  lineNo: Type.Integer(),
  poLineNo: Nullable(Type.Integer()),
  asnLineNo: Nullable(Type.Integer()),
  sku: Type.String(),
  location: Type.String({ description: 'Where the good units went' }),
  qty: Type.Integer(),
  qtyDamaged: Type.Integer(),
  qtyExpected: Nullable(Type.Integer({ description: 'What the ASN announced' })),
  qtyOver: Type.Integer({ description: 'Units beyond the ordered quantity' }),
  qtyShort: Type.Integer({ description: 'Units the ASN announced that did not arrive' }),
  discrepancy: Literals(DISCREPANCIES),
  sscc: Nullable(Type.String()),
  qcStatus: Literals(QC_STATUSES),
  qcLocation: Nullable(Type.String()),
  qtyQc: Type.Integer({ description: 'Units held in quarantine for QC' }),
  qtyAccepted: Type.Integer(),
  qtyRejected: Type.Integer(),
  rejectTo: Nullable(Literals(['supplier', 'scrap'])),
  acceptedTo: Nullable(Type.String()),
  qcDecidedAt: Nullable(Type.String({ format: 'date-time' })),
  qcDecidedBy: Nullable(Type.String()),
});

const ReceiptFields = {
  id: Type.String(),
  number: Type.String({ description: 'GRN-000001' }),
  purchaseOrderId: Nullable(Type.String()),
  purchaseOrderNumber: Nullable(Type.String()),
  asnId: Nullable(Type.String()),
  supplier: Nullable(Type.String()),
  warehouse: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  recordedAt: Type.String({ format: 'date-time' }),
  receivedBy: Type.String(),
  note: Nullable(Type.String()),
  qcStatus: Literals(['not_required', 'pending', 'decided']),
  lines: Type.Array(ReceiptLine),
};

export const Receipt = Type.Object(ReceiptFields, { $id: 'Receipt' });

export const ReceiptResult = Type.Object(
  {
    ...ReceiptFields,
    purchaseOrderStatus: Nullable(Type.String({ description: 'The order’s status after the receipt' })),
  },
  { $id: 'ReceiptResult' },
);

const AsnFields = {
  id: Type.String(),
  reference: Type.String({ description: 'BSN02' }),
  supplier: Nullable(Type.String()),
  shippedAt: Nullable(Type.String({ format: 'date-time' })),
  status: Literals(['open', 'received']),
  warnings: Type.Array(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      segment: Type.String(),
      position: Type.Integer(),
    }),
  ),
  importedAt: Type.String({ format: 'date-time' }),
  importedBy: Type.String(),
  receivedAt: Nullable(Type.String({ format: 'date-time' })),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      purchaseOrderId: Type.String(),
      purchaseOrderNumber: Type.String(),
      poLineNo: Type.Integer(),
      sku: Type.String(),
      qty: Type.Integer(),
      uom: Nullable(Type.String()),
      sscc: Nullable(Type.String()),
      ssccValid: Nullable(Type.Boolean()),
      qtyReceived: Type.Integer(),
    }),
  ),
  receipts: Type.Array(Type.String()),
};

export const Asn = Type.Object(AsnFields, { $id: 'Asn' });

export const AsnImportResult = Type.Object({
  ...AsnFields,
  created: Type.Boolean({ description: 'False when this notice had been imported before' }),
});

export const AsnReceiptResult = Type.Object({
  asn: Type.Ref('Asn'),
  receipts: Type.Array(Type.Ref('ReceiptResult')),
});

export const DiscrepancyReport = Type.Object({
  since: Nullable(Type.String({ format: 'date-time' })),
  totals: Type.Object({
    short: Type.Integer(),
    over: Type.Integer(),
    damaged: Type.Integer(),
    wrong_item: Type.Integer(),
  }),
  items: Type.Array(
    Type.Object({
      kind: Literals(['short', 'over', 'damaged', 'wrong_item']),
      qty: Type.Integer(),
      sku: Type.String(),
      supplier: Nullable(Type.String()),
      warehouse: Type.String(),
      purchaseOrderId: Nullable(Type.String()),
      purchaseOrderNumber: Nullable(Type.String()),
      poLineNo: Nullable(Type.Integer()),
      receiptId: Nullable(Type.String()),
      receiptNumber: Nullable(Type.String()),
      receiptLineNo: Nullable(Type.Integer()),
      asnId: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});
