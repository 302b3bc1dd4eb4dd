import Type from 'typebox';
import {
  LocationCode,
  NonNegativeQty,
  Note,
  Nullable,
  Qty,
  Reference,
  SignedQty,
  SkuCode,
  Timestamp,
} from '../../../http/schemas.js';
import { MAX_AISLE_LENGTH, MAX_COORDINATE_CM, MAX_LAYOUT_INDEX } from '../domain/location-layout.js';
import { LOCATION_USAGES } from '../domain/locations.js';
import { ADJUSTMENT_REASONS, POST_REASONS, SCRAP_REASONS } from '../domain/reasons.js';

const Enum = <T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)) as unknown as [Type.TLiteral<T[number]>], options);

export const LocationLayout = Type.Object(
  {
    aisle: Nullable(Type.String()),
    bay: Nullable(Type.Integer()),
    level: Nullable(Type.Integer()),
    x: Nullable(Type.Integer({ description: 'Centimetres on the floor plan' })),
    y: Nullable(Type.Integer({ description: 'Centimetres on the floor plan' })),
    pickSeq: Nullable(Type.Integer({ description: 'Orders bins when coordinates are unknown' })),
  },
  {
    description:
      "Where the location is on the floor plan: a bin in an aisle sits on the aisle's centreline; a " +
      "warehouse's own point is its depot, where pick routes start and end. Null when unknown.",
  },
);

export const Location = Type.Object(
  {
    id: Type.String(),
    code: Type.String({ description: 'Path code, e.g. WH1/A-01-02' }),
    name: Type.String(),
    kind: Enum([
      'warehouse',
      'zone',
      'bin',
      'supplier',
      'customer',
      'adjustment',
      'scrap',
      'transit',
      'production',
    ] as const),
    parent: Nullable(Type.String()),
    warehouse: Type.String(),
    isPhysical: Type.Boolean(),
    isArchived: Type.Boolean(),
    country: Nullable(Type.String()),
    region: Nullable(Type.String()),
    layout: LocationLayout,
    usage: Enum(LOCATION_USAGES, {
      description:
        'storage: its stock can be promised; receiving: a dock; quarantine: held back (QC, returns)',
    }),
    createdAt: Timestamp(),
    createdBy: Type.String(),
    updatedAt: Timestamp(),
  },
  { $id: 'Location' },
);

export const CreateLocationBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 80,
      description: 'Warehouse code, or a zone/bin code (local part or full path)',
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Enum(['warehouse', 'zone', 'bin'] as const),
    parent: Type.Optional(LocationCode),
    country: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{2}$',
        description: 'Warehouses only: ISO 3166-1 alpha-2 country, for routing',
      }),
    ),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Warehouses only' })),
    usage: Type.Optional(
      Enum(LOCATION_USAGES, {
        description:
          "Zones and bins: storage (its stock can be promised), receiving (a dock) or quarantine (held back); default the zone's, else storage",
      }),
    ),
  },
  { additionalProperties: false },
);

const layoutIndex = (description: string) =>
  Nullable(
    Type.Integer({ minimum: 0, maximum: MAX_LAYOUT_INDEX, description, 'x-error-code': 'invalid_layout' }),
  );
const coordinate = (description: string) =>
  Nullable(
    Type.Integer({ minimum: 0, maximum: MAX_COORDINATE_CM, description, 'x-error-code': 'invalid_layout' }),
  );

export const LocationLayoutBody = Type.Object(
  {
    aisle: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: MAX_AISLE_LENGTH,
          pattern: '\\S',
          'x-error-code': 'invalid_layout',
        }),
      ),
    ),
    bay: Type.Optional(layoutIndex('Bay number along the aisle')),
    level: Type.Optional(layoutIndex('Shelf level (0 = floor)')),
    x: Type.Optional(coordinate('Centimetres; send with y')),
    y: Type.Optional(coordinate('Centimetres; send with x')),
    pickSeq: Type.Optional(layoutIndex('Pick order when coordinates are unknown')),
  },
  {
    additionalProperties: false,
    description: 'Fields left out keep their value; null clears one. x and y are sent together.',
  },
);

export const LocationImportReport = Type.Object({
  mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')]),
  totalRows: Type.Integer({ description: 'Data rows in the file' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer({ description: 'Rows not imported; their problems are in errors' }),
  committed: Type.Boolean({ description: 'False when nothing was written' }),
  errors: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Line in the file; the header is row 1' }),
      column: Nullable(Type.String({ description: "As the file's header names it" })),
      code: Type.String(),
      reason: Type.String(),
      location: Nullable(Type.String({ description: 'The code of the row, as written' })),
    }),
  ),
});

export const Move = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer({ description: 'Ledger sequence number (ordering)' }),
    sku: Type.String(),
    from: Type.String(),
    to: Type.String(),
    qty: Type.Integer(),
    type: Type.String({
      description: 'receipt, adjustment, count, transfer, transfer_out, transfer_in, scrap, post',
    }),
    reason: Type.String(),
    reference: Nullable(Type.String()),
    note: Nullable(Type.String()),
    reservationId: Nullable(Type.String()),
    transferId: Nullable(Type.String()),
    actor: Type.Object({ kind: Type.String(), id: Type.String() }),
    requestId: Nullable(Type.String()),
    occurredAt: Timestamp('Business time'),
    recordedAt: Timestamp('When it was recorded'),
  },
  { $id: 'Move' },
);

export const MoveLine = Type.Object({
  ...Move.properties,
  delta: Nullable(Type.Integer({ description: 'With a location filter: + into it, − out of it' })),
  balanceAfter: Nullable(
    Type.Integer({ description: 'With sku and location filters: on hand after this move' }),
  ),
});

export const Balance = Type.Object(
  {
    sku: Type.String(),
    location: Type.String(),
    onHand: Type.Integer(),
    reserved: Type.Integer(),
    available: Type.Integer(),
  },
  { $id: 'Balance' },
);

export const StockChange = Type.Object({
  moves: Type.Array(Type.Ref('Move')),
  balances: Type.Array(Type.Ref('Balance')),
});

const common = {
  reference: Type.Optional(Reference),
  note: Type.Optional(Note),
  occurredAt: Type.Optional(Timestamp('Business time (default now; not in the future)')),
};

export const ReceiptBody = Type.Object(
  { sku: SkuCode, location: LocationCode, qty: Qty(), ...common },
  { additionalProperties: false },
);

export const AdjustmentBody = Type.Object(
  {
    sku: SkuCode,
    location: LocationCode,
    delta: SignedQty('Units to add (positive) or remove (negative)'),
    reason: Enum(ADJUSTMENT_REASONS, {
      description: 'damage, theft, loss (negative); found (positive); count, other',
    }),
    ...common,
  },
  { additionalProperties: false },
);

export const ScrapBody = Type.Object(
  { sku: SkuCode, location: LocationCode, qty: Qty(), reason: Enum(SCRAP_REASONS), ...common },
  { additionalProperties: false },
);

export const CountBody = Type.Object(
  {
    sku: SkuCode,
    location: LocationCode,
    countedQty: NonNegativeQty('Units physically counted'),
    expectedQty: Type.Optional(NonNegativeQty('On hand as the counter saw it; if it changed since, 409')),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const CountResult = Type.Object({
  count: Type.Object({
    id: Type.String(),
    sku: Type.String(),
    location: Type.String(),
    countedQty: Type.Integer(),
    expectedQty: Nullable(Type.Integer()),
    previousQty: Type.Integer(),
    delta: Type.Integer(),
  }),
  move: Nullable(Type.Ref('Move')),
  balance: Type.Ref('Balance'),
});

export const Transfer = Type.Object(
  {
    id: Type.String(),
    sku: Type.String(),
    from: Type.String(),
    to: Type.String(),
    via: Type.String(),
    qty: Type.Integer(),
    receivedQty: Type.Integer(),
    lostQty: Type.Integer(),
    inTransitQty: Type.Integer(),
    status: Enum(['in_transit', 'received'] as const),
    reference: Nullable(Type.String()),
    createdAt: Timestamp(),
    createdBy: Type.String(),
    updatedAt: Timestamp(),
  },
  { $id: 'Transfer' },
);

export const TransferBody = Type.Object(
  {
    sku: SkuCode,
    from: LocationCode,
    to: LocationCode,
    qty: Qty(),
    via: Type.Optional(
      Enum(['direct', 'transit'] as const, { description: 'transit: between warehouses, received later' }),
    ),
    ...common,
  },
  { additionalProperties: false },
);

export const TransferResult = Type.Object({
  transfer: Nullable(Type.Ref('Transfer')),
  moves: Type.Array(Type.Ref('Move')),
  balances: Type.Array(Type.Ref('Balance')),
});

export const ReceiveTransferBody = Type.Object(
  {
    qty: Type.Optional(NonNegativeQty('Units arriving now (default: all still in transit)')),
    closeShort: Type.Optional(Type.Boolean({ description: 'Write off what is still missing as lost' })),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const ReservationLineInput = Type.Object(
  { sku: SkuCode, location: LocationCode, qty: Qty() },
  { additionalProperties: false },
);

export const Reservation = Type.Object(
  {
    id: Type.String(),
    status: Enum(['open', 'posted', 'voided', 'expired'] as const),
    reference: Type.String(),
    expiresAt: Nullable(Timestamp()),
    lines: Type.Array(
      Type.Object({
        sku: Type.String(),
        location: Type.String(),
        qty: Type.Integer(),
        postedQty: Type.Integer(),
      }),
    ),
    createdAt: Timestamp(),
    createdBy: Type.String(),
    endedAt: Nullable(Timestamp()),
    endedBy: Nullable(Type.String()),
  },
  { $id: 'Reservation' },
);

export const ReserveBody = Type.Object(
  {
    lines: Type.Array(ReservationLineInput, { minItems: 1, maxItems: 200 }),
    reference: Reference,
    expiresAt: Type.Optional(Timestamp('When the hold lapses (database clock)')),
  },
  { additionalProperties: false },
);

export const PostBody = Type.Object(
  {
    lines: Type.Optional(
      Type.Array(ReservationLineInput, { minItems: 1, maxItems: 200, description: 'Default: all, in full' }),
    ),
    to: Type.Optional(LocationCode),
    reason: Type.Optional(Enum(POST_REASONS)),
    reference: Type.Optional(Reference),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const PostResult = Type.Object({
  reservation: Type.Ref('Reservation'),
  moves: Type.Array(Type.Ref('Move')),
});

export const StockItem = Type.Object({
  sku: Type.String(),
  skuName: Type.String(),
  location: Type.String(),
  warehouse: Type.String(),
  isPhysical: Type.Boolean(),
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
});

export const StockReport = Type.Object({
  items: Type.Array(StockItem),
  totals: Type.Object({ onHand: Type.Integer(), reserved: Type.Integer(), available: Type.Integer() }),
  asOf: Nullable(Timestamp()),
  nextCursor: Nullable(Type.String()),
});

export const LedgerReport = Type.Object({
  ok: Type.Boolean(),
  problems: Type.Array(
    Type.Object({
      check: Type.String(),
      key: Type.Record(Type.String(), Type.String()),
      expected: Type.Union([Type.Integer(), Type.String(), Type.Null()]),
      actual: Type.Union([Type.Integer(), Type.String(), Type.Null()]),
    }),
  ),
  stats: Type.Object({
    moves: Type.Integer(),
    balances: Type.Integer(),
    openReservations: Type.Integer(),
    skus: Type.Integer(),
  }),
});

export const SetLocationUsageBody = Type.Object(
  {
    usage: Enum(LOCATION_USAGES),
  },
  { additionalProperties: false },
);
