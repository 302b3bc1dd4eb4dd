import Type from 'typebox';
import {
  LocationCode,
  NonNegativeQty,
  Note,
  Nullable,
  Qty,
  SkuCode,
  Timestamp,
} from '../../../http/schemas.js';

const WarehouseCode = Type.String({ minLength: 1, maxLength: 80, description: 'Warehouse code' });
const LineNo = Type.Integer({ minimum: 1, maximum: 100000 });

export const TRANSFER_ORDER_STATUSES = [
  'requested',
  'shipped',
  'partially_received',
  'received',
  'cancelled',
];

export const TransferOrder = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: 'TO-000001' }),
    from: Type.String({ description: 'Source warehouse' }),
    to: Type.String({ description: 'Destination warehouse' }),
    status: Type.Union(TRANSFER_ORDER_STATUSES.map((s) => Type.Literal(s))),
    expectedAt: Nullable(Type.String({ format: 'date-time' })),
    note: Nullable(Type.String()),
    lines: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        sku: Type.String(),
        qtyRequested: Type.Integer(),
        qtyShipped: Type.Integer(),
        qtyReceived: Type.Integer({ description: 'Arrived units, the damaged ones included' }),
        qtyDamaged: Type.Integer({ description: 'Arrived damaged, received into quarantine' }),
        qtyLost: Type.Integer({ description: 'Written off as lost in transit when the order was closed' }),
        qtyInTransit: Type.Integer(),
        picks: Type.Array(
          Type.Object({
            stockTransferId: Type.String({ description: 'The inventory transfer carrying these units' }),
            from: Type.String({ description: 'Source bin' }),
            to: Type.String({ description: 'Planned destination location' }),
            qty: Type.Integer(),
            receivedQty: Type.Integer(),
            lostQty: Type.Integer(),
          }),
        ),
      }),
    ),
    requestedAt: Type.String({ format: 'date-time' }),
    requestedBy: Type.String(),
    shippedAt: Nullable(Type.String({ format: 'date-time' })),
    shippedBy: Nullable(Type.String()),
    receivedAt: Nullable(Type.String({ format: 'date-time' })),
    receivedBy: Nullable(Type.String()),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
    cancelledBy: Nullable(Type.String()),
    cancelReason: Nullable(Type.String()),
    version: Type.Integer(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'TransferOrder' },
);

export const CreateTransferOrderBody = Type.Object(
  {
    from: WarehouseCode,
    to: WarehouseCode,
    lines: Type.Array(
      Type.Object({ sku: SkuCode, qty: Qty('Units requested') }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 500,
      },
    ),
    expectedAt: Type.Optional(Timestamp('When the units are expected at the destination')),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const ShipTransferOrderBody = Type.Object(
  {
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lineNo: LineNo,
            qty: Type.Optional(Qty('Units shipped (default: as requested)')),
            from: Type.Optional({
              ...LocationCode,
              description:
                "Source bin (default: the source's storage bins with available stock, in bin order)",
            }),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 500,
          description: 'Default: every line in full; lines left out ship nothing',
        },
      ),
    ),
    to: Type.Optional({
      ...LocationCode,
      description:
        "Where the units will arrive (default: the destination's first receiving dock, else its first bin)",
    }),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const ReceiveTransferOrderBody = Type.Object(
  {
    location: Type.Optional({
      ...LocationCode,
      description: 'Destination bin or dock for the good units (default: where each pick was sent)',
    }),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lineNo: LineNo,
            qty: Qty('Units arrived, damaged ones included'),
            damaged: Type.Optional(NonNegativeQty('Of them, damaged: received into quarantine')),
          },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
    quarantine: Type.Optional({
      ...LocationCode,
      description: "Quarantine location for damaged units (default: the destination's first one)",
    }),
    close: Type.Optional(
      Type.Boolean({ description: 'Write off whatever is still in transit after this receipt as lost' }),
    ),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const CancelTransferOrderBody = Type.Optional(
  Type.Object(
    { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
    { additionalProperties: false },
  ),
);

export const Incoming = Type.Object({
  items: Type.Array(
    Type.Object({
      warehouse: Type.String(),
      sku: Type.String(),
      qtyInTransit: Type.Integer(),
      nextExpectedAt: Nullable(Type.String({ format: 'date-time' })),
      transferOrders: Type.Array(
        Type.Object({
          id: Type.String(),
          number: Type.String(),
          from: Type.String(),
          qtyInTransit: Type.Integer(),
          expectedAt: Nullable(Type.String({ format: 'date-time' })),
          shippedAt: Type.String({ format: 'date-time' }),
        }),
      ),
    }),
  ),
});
