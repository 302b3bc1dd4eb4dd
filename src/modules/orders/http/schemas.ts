import Type from 'typebox';
import { LocationCode, Note, Nullable, Qty, SkuCode, Timestamp } from '../../../http/schemas.js';

const Enum = <T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)) as unknown as [Type.TLiteral<T[number]>], options);
const Minor = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991, description, 'x-error-code': 'invalid_amount' });
const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code',
  'x-error-code': 'invalid_currency',
});
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const ChannelKind = Enum(['web_shop', 'marketplace', 'social', 'point_of_sale', 'manual'] as const);
const ChannelWarehouse = Type.Object(
  {
    warehouse: LocationCode,
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Lower ships first' })),
  },
  { additionalProperties: false },
);

export const Channel = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    currency: Type.String(),
    warehouses: Type.Array(Type.Object({ warehouse: Type.String(), priority: Type.Integer() })),
    bufferUnits: Type.Integer(),
    bufferPercent: Type.Integer(),
    rules: Type.Object({
      allowSplit: Type.Boolean(),
      allowPartial: Type.Boolean(),
      allowBackorder: Type.Boolean(),
      preferNearest: Type.Boolean(),
    }),
    isArchived: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { $id: 'Channel' },
);

const RuleFields = {
  bufferUnits: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 1_000_000_000,
      description: 'Units kept back from what the channel may sell',
    }),
  ),
  bufferPercent: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 100, description: 'Percent of available kept back' }),
  ),
  allowSplit: Type.Optional(Type.Boolean({ description: 'May ship one order from several warehouses' })),
  allowPartial: Type.Optional(Type.Boolean({ description: 'May allocate part of an order now' })),
  allowBackorder: Type.Optional(Type.Boolean({ description: 'What cannot be allocated waits for stock' })),
  preferNearest: Type.Optional(
    Type.Boolean({ description: "Rank warehouses by the destination's country/region first" }),
  ),
};

export const CreateChannelBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 32,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$',
      'x-error-code': 'invalid_channel_code',
    }),
    name: Text(200),
    kind: ChannelKind,
    currency: Currency,
    warehouses: Type.Optional(Type.Array(ChannelWarehouse, { maxItems: 100 })),
    ...RuleFields,
  },
  { additionalProperties: false },
);

export const UpdateChannelBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    currency: Type.Optional(Currency),
    warehouses: Type.Optional(Type.Array(ChannelWarehouse, { maxItems: 100 })),
    ...RuleFields,
    isArchived: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Address = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    company: Type.Optional(Type.String({ maxLength: 200 })),
    line1: Type.String({ maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ maxLength: 100 }),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    country: Type.String({
      pattern: '^[A-Z]{2}$',
      description: 'ISO 3166-1 alpha-2',
      'x-error-code': 'invalid_country',
    }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);

const OrderLineBody = Type.Object(
  {
    sku: SkuCode,
    qty: Qty(),
    unitPriceMinor: Minor('Unit price in minor units, as the channel sent it'),
    discountMinor: Type.Optional(Minor('Discount on the line, minor units')),
    taxMinor: Type.Optional(Type.Integer({ minimum: 0, description: 'Tax on the line, minor units' })),
    externalLineId: Type.Optional(Text(200)),
    title: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const CreateOrderBody = Type.Object(
  {
    channel: Type.String({ minLength: 1, maxLength: 64, description: 'Channel code or id' }),
    externalId: Type.String({ minLength: 1, maxLength: 200, description: "The channel's order id" }),
    placedAt: Timestamp('When the customer placed the order'),
    promisedAt: Type.Optional(Timestamp('When delivery was promised (backorders are served in this order)')),
    currency: Currency,
    customer: Type.Optional(
      Type.Object(
        {
          externalId: Type.Optional(Text(200)),
          kind: Type.Optional(Enum(['person', 'business'] as const)),
          name: Type.Optional(Text(200)),
          company: Type.Optional(Text(200)),
          email: Type.Optional(Type.String({ maxLength: 254 })),
          phone: Type.Optional(Type.String({ maxLength: 40 })),
          taxId: Type.Optional(Type.String({ maxLength: 50 })),
          tags: Type.Optional(Type.Array(Text(50), { maxItems: 50 })),
        },
        { additionalProperties: false },
      ),
    ),
    shipTo: Type.Optional(Address),
    billTo: Type.Optional(Address),
    shippingMethod: Type.Optional(Text(100)),
    paymentStatus: Type.Optional(
      Enum([
        'unknown',
        'pending',
        'authorized',
        'paid',
        'partially_paid',
        'refunded',
        'partially_refunded',
        'voided',
      ] as const),
    ),
    lines: Type.Array(OrderLineBody, { minItems: 1, maxItems: 500 }),
    totals: Type.Optional(
      Type.Object(
        {
          subtotalMinor: Type.Optional(Minor('As sent by the channel')),
          discountMinor: Type.Optional(Minor('As sent by the channel')),
          shippingMinor: Type.Optional(Minor('As sent by the channel')),
          taxMinor: Type.Optional(Minor('As sent by the channel')),
          totalMinor: Type.Optional(Minor('As sent by the channel')),
        },
        { additionalProperties: false },
      ),
    ),
    notes: Type.Optional(Note),
    tags: Type.Optional(Type.Array(Text(50), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const LineOut = Type.Object({
  lineNo: Type.Integer(),
  sku: Type.String(),
  title: Nullable(Type.String()),
  externalLineId: Nullable(Type.String()),
  qtyOrdered: Type.Integer(),
  qtyAllocated: Type.Integer(),
  qtyBackordered: Type.Integer(),
  qtyShipped: Type.Integer(),
  qtyCancelled: Type.Integer(),
  qtyReturned: Type.Integer(),
  qtyInFulfilment: Type.Integer({ description: 'Allocated units an open shipment holds' }),
  unitPriceMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  taxMinor: Type.Integer(),
  allocations: Type.Array(
    Type.Object({
      warehouse: Type.String(),
      location: Type.String(),
      qty: Type.Integer(),
      reservationId: Type.String(),
      shipmentId: Nullable(Type.String()),
    }),
  ),
});

export const Order = Type.Object(
  {
    id: Type.String(),
    channel: Type.String(),
    externalId: Type.String(),
    status: Type.String(),
    onHold: Type.Boolean(),
    holdReason: Nullable(Type.String()),
    placedAt: Timestamp(),
    promisedAt: Nullable(Timestamp()),
    currency: Type.String(),
    customer: Nullable(
      Type.Object({
        id: Type.String(),
        externalId: Nullable(Type.String()),
        name: Nullable(Type.String()),
        email: Nullable(Type.String()),
      }),
    ),
    shipTo: Nullable(Type.Unknown()),
    billTo: Nullable(Type.Unknown()),
    shippingMethod: Nullable(Type.String()),
    paymentStatus: Type.String(),
    totals: Type.Object({
      subtotalMinor: Nullable(Type.Integer()),
      discountMinor: Nullable(Type.Integer()),
      shippingMinor: Nullable(Type.Integer()),
      taxMinor: Nullable(Type.Integer()),
      totalMinor: Nullable(Type.Integer()),
    }),
    flags: Type.Array(Type.String(), { description: 'What did not add up in what the channel sent' }),
    notes: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    lines: Type.Array(LineOut),
    allocation: Nullable(
      Type.Object({
        status: Type.String(),
        warehouses: Type.Array(Type.String()),
        explanation: Type.Array(Type.String()),
      }),
    ),
    version: Type.Integer(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { $id: 'Order' },
);

export const OrderWithTimeline = Type.Intersect([
  Type.Ref('Order'),
  Type.Object({
    timeline: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        occurredAt: Timestamp(),
        event: Type.String(),
        fromStatus: Nullable(Type.String()),
        toStatus: Nullable(Type.String()),
        reason: Nullable(Type.String()),
        details: Type.Unknown(),
        actor: Type.Object({ kind: Type.String(), id: Type.String() }),
      }),
    ),
  }),
]);

export const HoldBody = Type.Object({ reason: Text(500) }, { additionalProperties: false });
export const ReleaseBody = Type.Optional(
  Type.Object({ reason: Type.Optional(Text(500)) }, { additionalProperties: false }),
);
export const CancelBody = Type.Object(
  {
    reason: Text(500),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lineNo: Type.Integer({ minimum: 1 }),
            qty: Type.Optional(Qty('Units to cancel (default: all open)')),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 500 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EditBody = Type.Object(
  {
    reason: Text(500),
    shipTo: Type.Optional(Address),
    addLines: Type.Optional(Type.Array(OrderLineBody, { minItems: 1, maxItems: 500 })),
    changeLines: Type.Optional(
      Type.Array(
        Type.Object(
          { lineNo: Type.Integer({ minimum: 1 }), qty: Qty('The new ordered quantity') },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 500 },
      ),
    ),
    removeLines: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 })),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Compare-and-set: the version you read' }),
    ),
  },
  { additionalProperties: false },
);

export const ReallocateBody = Type.Optional(
  Type.Object({ reason: Type.Optional(Text(500)) }, { additionalProperties: false }),
);

const Condition = Type.Object(
  {
    totalAboveMinor: Type.Optional(Minor('Hold when the total sent by the channel is above this')),
    currency: Type.Optional(Currency),
    addressIncomplete: Type.Optional(Type.Boolean()),
    customerTags: Type.Optional(Type.Array(Text(50), { minItems: 1, maxItems: 50 })),
    orderTags: Type.Optional(Type.Array(Text(50), { minItems: 1, maxItems: 50 })),
    shipToCountries: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1, maxItems: 250 }),
    ),
    flagged: Type.Optional(Type.Boolean({ description: "The channel's amounts did not add up" })),
    paymentStatuses: Type.Optional(Type.Array(Text(40), { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const HoldRule = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    channel: Nullable(Type.String()),
    condition: Type.Record(Type.String(), Type.Unknown()),
    priority: Type.Integer(),
    isActive: Type.Boolean(),
    version: Type.Integer(),
  },
  { $id: 'HoldRule' },
);

export const CreateHoldRuleBody = Type.Object(
  {
    name: Text(200),
    channel: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    condition: Condition,
    priority: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: 'Lower is evaluated first' }),
    ),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateHoldRuleBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    channel: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    condition: Type.Optional(Condition),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
