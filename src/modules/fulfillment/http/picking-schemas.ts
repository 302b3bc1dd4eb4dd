import Type from 'typebox';
import { Nullable } from '../../../http/schemas.js';

const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Code = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

export const WAVE_STATUSES = ['released', 'picking', 'picked', 'cancelled'] as const;
export const PICK_LIST_STATUSES = ['open', 'picking', 'picked', 'cancelled'] as const;
const PICK_LIST_KINDS = ['single', 'batch', 'wave'] as const;

export const CreateWaveBody = Type.Object(
  {
    warehouse: Code('The warehouse that picks and ships'),
    orders: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        minItems: 1,
        maxItems: 500,
        description: 'Only these orders (ids); otherwise all that match the rules',
      }),
    ),
    channels: Type.Optional(Type.Array(Code('Channel code'), { minItems: 1, maxItems: 50 })),
    shippingMethods: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
    ),
    cutoff: Type.Optional(
      Type.String({ format: 'date-time', description: 'Carrier cut-off: orders promised at or before it' }),
    ),
    maxOrders: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Default 50' })),
    maxLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'Default 1000' })),
    pickLists: Type.Optional(
      Type.Union(
        PICK_LIST_KINDS.map((k) => Type.Literal(k)),
        {
          description:
            'single: a list per order; batch (default): ordersPerList orders in totes; wave: one list',
        },
      ),
    ),
    ordersPerList: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 50, description: 'Totes per cart; default 8' }),
    ),
  },
  { additionalProperties: false },
);

const TaskCounts = Type.Object({
  total: Type.Integer(),
  open: Type.Integer(),
  picked: Type.Integer(),
  short: Type.Integer(),
  cancelled: Type.Integer(),
});

const PickListSummaryFields = {
  id: Type.String(),
  number: Type.Integer(),
  waveId: Nullable(Type.String()),
  waveNumber: Nullable(Type.Integer()),
  warehouse: Type.String(),
  kind: Literals(PICK_LIST_KINDS),
  status: Literals(PICK_LIST_STATUSES),
  assignedTo: Nullable(Type.String({ description: 'The first picker who confirmed a task' })),
  pathLengthCm: Nullable(
    Type.Integer({ description: 'Walking distance of the planned path (null without a bin layout)' }),
  ),
  naiveLengthCm: Nullable(
    Type.Integer({ description: 'Walking distance in bin-code order, for comparison' }),
  ),
  pathStrategy: Nullable(Type.String()),
  tasks: TaskCounts,
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
};

export const PickListSummary = Type.Object(PickListSummaryFields, { $id: 'PickListSummary' });

export const PickTask = Type.Object(
  {
    id: Type.String(),
    pickListId: Type.String(),
    seq: Type.Integer({ description: 'Position in the walking order' }),
    shipmentId: Type.String(),
    orderId: Type.String(),
    orderRef: Type.String({ description: "The channel's order number" }),
    lineNo: Type.Integer(),
    sku: Type.String(),
    skuName: Type.String(),
    gtin: Nullable(Type.String()),
    bin: Type.String(),
    aisle: Nullable(Type.String()),
    qty: Type.Integer(),
    tote: Nullable(Type.String()),
    status: Literals(['open', 'picked', 'short', 'cancelled']),
    qtyPicked: Type.Integer(),
    qtyShort: Type.Integer(),
    qtyPutBack: Type.Integer({
      description: 'Picked units to return to the bin (their line lost its units)',
    }),
    confirmedAt: Nullable(Type.String({ format: 'date-time' })),
    confirmedBy: Nullable(Type.String()),
  },
  { $id: 'PickTask' },
);

export const PickList = Type.Object(
  { ...PickListSummaryFields, items: Type.Array(Type.Ref('PickTask'), { description: 'In walking order' }) },
  { $id: 'PickList' },
);

export const Wave = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    warehouse: Type.String(),
    status: Literals(WAVE_STATUSES),
    rules: Type.Record(Type.String(), Type.Unknown()),
    orderCount: Type.Integer(),
    lineCount: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
    completedAt: Nullable(Type.String({ format: 'date-time' })),
    pickLists: Type.Array(Type.Ref('PickListSummary')),
    shipments: Type.Array(
      Type.Object({
        id: Type.String(),
        orderId: Type.String(),
        orderRef: Type.String(),
        tote: Nullable(Type.String()),
        status: Type.String(),
      }),
    ),
    skipped: Type.Optional(
      Type.Array(Type.Object({ orderId: Type.String(), code: Type.String() }), {
        description: 'Orders the rules chose that changed before they could be taken (release answer only)',
      }),
    ),
    voided: Type.Optional(
      Type.Array(Type.String(), { description: 'Shipments the cancellation voided (cancel answer only)' }),
    ),
    kept: Type.Optional(
      Type.Array(Type.Object({ id: Type.String(), orderId: Type.String(), status: Type.String() }), {
        description: 'Shipments already shipped that the cancellation left as they are (cancel answer only)',
      }),
    ),
  },
  { $id: 'Wave' },
);

export const WaveListItem = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  warehouse: Type.String(),
  status: Literals(WAVE_STATUSES),
  rules: Type.Record(Type.String(), Type.Unknown()),
  orderCount: Type.Integer(),
  lineCount: Type.Integer(),
  pickLists: Type.Integer(),
  tasks: Type.Object({ total: Type.Integer(), open: Type.Integer() }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CancelWaveBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200, description: 'Why the wave is cancelled' }) },
  { additionalProperties: false },
);

export const CreatePickListBody = Type.Object(
  {
    shipments: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 }),
    kind: Type.Optional(Literals(['single', 'batch'])),
  },
  { additionalProperties: false },
);

export const ConfirmPickBody = Type.Object(
  {
    bin: Type.String({ minLength: 1, maxLength: 100, description: 'The bin label as scanned' }),
    item: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The item as scanned: SKU code, GTIN, or GS1 element string with (01)',
    }),
    qty: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Units taken; fewer than the task asks records a short pick' }),
    ),
    tote: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const PickConfirmation = Type.Object({
  task: Type.Ref('PickTask'),
  pickList: Type.Object({ id: Type.String(), status: Type.String(), openTasks: Type.Integer() }),
  short: Nullable(
    Type.Object({
      missing: Type.Integer({ description: 'Units the bin lacked (written off with reason short_pick)' }),
      replacements: Type.Array(
        Type.Object({ taskId: Type.String(), bin: Type.String(), qty: Type.Integer() }),
      ),
      removedFromShipment: Type.Integer({
        description: 'Units of the line the shipment gave up (allocated elsewhere or backordered)',
      }),
      orderStatus: Type.String(),
      countTaskId: Type.String(),
      shipmentVoided: Type.Boolean(),
    }),
  ),
});
