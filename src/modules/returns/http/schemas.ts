import Type from 'typebox';
import { LocationCode, Nullable, Qty } from '../../../http/schemas.js';
import { GRADES, RETURN_REASONS, RETURN_STATUSES } from '../domain/grading.js';

const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)) as unknown as [Type.TLiteral<T[number]>],
    description ? { description } : {},
  );
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const LineNo = (description: string) => Type.Integer({ minimum: 1, maximum: 100_000, description });
const Graded = Type.Object(
  Object.fromEntries(GRADES.map((g) => [g, Type.Integer()])) as Record<
    (typeof GRADES)[number],
    Type.TInteger
  >,
);

export { RETURN_STATUSES };

export const CustomerReturn = Type.Object(
  {
    id: Type.String({ description: 'ret_…' }),
    number: Type.String({ description: 'RMA-000001' }),
    orderId: Type.String(),
    channel: Type.String(),
    externalId: Type.String(),
    warehouse: Type.String({ description: 'Where the units come back to' }),
    status: Enum(
      RETURN_STATUSES,
      'authorised: units may come; received: nothing more will come, inspection goes on; closed: every received unit graded; cancelled: nothing came',
    ),
    reason: Enum(RETURN_REASONS),
    note: Nullable(Type.String({ description: 'What the customer said' })),
    currency: Type.String(),
    refundMinor: Type.Integer({
      description:
        'What the received units were paid (order discount and tax shares included), plus the order shipping once closed with refundShipping; minor units. Not posted to the books yet.',
    }),
    refundShipping: Type.Boolean(),
    shippingRefundMinor: Type.Integer(),
    lines: Type.Array(
      Type.Object({
        lineNo: Type.Integer({ description: 'Line of the return' }),
        orderLineNo: Type.Integer({ description: 'Line of the order it returns' }),
        sku: Type.String(),
        reason: Enum(RETURN_REASONS),
        qtyAuthorised: Type.Integer(),
        qtyReceived: Type.Integer(),
        qtyGraded: Type.Integer(),
        refundMinor: Type.Integer(),
        graded: Graded,
      }),
    ),
    receipts: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        qty: Type.Integer(),
        location: Type.String({ description: 'The quarantine location they landed in' }),
        moveId: Type.String(),
        receivedAt: Type.String({ format: 'date-time' }),
        receivedBy: Type.String(),
      }),
    ),
    units: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        unitNo: Type.Integer({ description: 'The n-th unit of the line received' }),
        grade: Enum(GRADES),
        location: Type.String({ description: 'Where it went (or stays)' }),
        moveId: Nullable(Type.String()),
        note: Nullable(Type.String()),
        gradedAt: Type.String({ format: 'date-time' }),
        gradedBy: Type.String(),
      }),
    ),
    authorisedAt: Type.String({ format: 'date-time' }),
    authorisedBy: Type.String(),
    receivedAt: Nullable(Type.String({ format: 'date-time' })),
    receivedBy: Nullable(Type.String()),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    closedBy: Nullable(Type.String()),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
    cancelledBy: Nullable(Type.String()),
    cancelReason: Nullable(Type.String()),
  },
  { $id: 'CustomerReturn' },
);

export const AuthoriseReturnBody = Type.Object(
  {
    order: Text(64, 'Order id'),
    lines: Type.Array(
      Type.Object(
        {
          lineNo: LineNo('Order line'),
          qty: Qty('Shipped units of the line coming back'),
          reason: Enum(RETURN_REASONS),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    warehouse: Type.Optional(Text(64, 'Where they come back to (default: the warehouse that shipped them)')),
    reason: Type.Optional(Enum(RETURN_REASONS, "The return's reason (default: the first line's)")),
    note: Type.Optional(Text(2000, 'What the customer said')),
    refundShipping: Type.Optional(
      Type.Boolean({ description: "Refund the order's shipping too once closed (one return per order)" }),
    ),
  },
  { additionalProperties: false },
);

export const ReceiveReturnBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        { lineNo: LineNo('Line of the return'), qty: Qty('Units that arrived') },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    location: Type.Optional({
      ...LocationCode,
      description: "A quarantine location of the return's warehouse (default: its first one)",
    }),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);

export const InspectReturnBody = Type.Object(
  {
    units: Type.Array(
      Type.Object(
        {
          lineNo: LineNo('Line of the return'),
          grade: Enum(GRADES),
          qty: Type.Optional(Qty('Units of the line graded alike (default 1)')),
          location: Type.Optional({
            ...LocationCode,
            description:
              'restock: the storage location they go to (required); quarantine: another quarantine location (default: stay)',
          }),
          note: Type.Optional(Text(2000)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const CloseReturnBody = Type.Object(
  {
    refundShipping: Type.Optional(
      Type.Boolean({ description: "Refund the order's shipping too (one return per order)" }),
    ),
  },
  { additionalProperties: false },
);

export const CancelReturnBody = Type.Object(
  { reason: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
