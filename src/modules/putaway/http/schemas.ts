import Type from 'typebox';
import { LocationCode, Nullable, Qty, SkuCode, Timestamp } from '../../../http/schemas.js';

const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const RULE_KINDS = ['fixed_bin', 'zone', 'overflow'] as const;

const WarehouseCode = Type.String({ minLength: 1, maxLength: 64, description: 'Warehouse code' });
const Category = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description: 'SKU category (as on the SKU)',
  'x-error-code': 'invalid_category',
});
const Priority = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  description: 'Lower first, within the rule kind (fixed bins, then zones, then overflow zones)',
});

export const PutawayTask = Type.Object(
  {
    id: Type.String({ examples: ['put_01J…'] }),
    status: Literals(TASK_STATUSES),
    warehouse: Type.String(),
    sku: Type.String(),
    from: Type.String({ description: 'The dock (receiving location) the units wait at' }),
    suggestedBin: Type.String({ description: 'Where the rules send them' }),
    qty: Type.Integer(),
    reservationId: Type.String({ description: 'Holds the units at the dock while the task is open' }),
    to: Nullable(Type.String({ description: 'The bin actually scanned (done tasks)' })),
    ruleId: Nullable(Type.String()),
    splitFrom: Nullable(Type.String({ description: 'The task a partial confirmation split this one from' })),
    source: Nullable(Type.String()),
    createdAt: Timestamp(),
    createdBy: Type.String(),
    doneAt: Nullable(Timestamp()),
    doneBy: Nullable(Type.String()),
    cancelledAt: Nullable(Timestamp()),
    cancelledBy: Nullable(Type.String()),
  },
  { $id: 'PutawayTask' },
);

export const PutawayRule = Type.Object(
  {
    id: Type.String({ examples: ['pwr_01J…'] }),
    warehouse: Type.String(),
    priority: Type.Integer(),
    kind: Literals(RULE_KINDS),
    sku: Nullable(Type.String()),
    category: Nullable(Type.String()),
    target: Type.String({ description: 'A bin (fixed_bin) or a zone (zone, overflow)' }),
    isActive: Type.Boolean(),
    createdAt: Timestamp(),
    createdBy: Type.String(),
    updatedAt: Timestamp(),
    updatedBy: Type.String(),
  },
  { $id: 'PutawayRule' },
);

export const CreatePutawayTasksBody = Type.Object(
  {
    warehouse: WarehouseCode,
    location: Type.Optional(LocationCode),
    sku: Type.Optional(SkuCode),
    source: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'e.g. the receipt or delivery note' }),
    ),
  },
  { additionalProperties: false },
);

export const PutawayPlan = Type.Object({
  tasks: Type.Array(Type.Ref('PutawayTask')),
  unplaced: Type.Array(Type.Object({ sku: Type.String(), location: Type.String(), qty: Type.Integer() }), {
    description: 'Units no allowed bin has room for; they stay at the dock without a task',
  }),
});

export const ConfirmPutawayBody = Type.Object(
  {
    bin: Type.String({ minLength: 1, maxLength: 80, description: 'The destination bin label as scanned' }),
    qty: Type.Optional(Qty('Units put away; fewer than the task splits it (default: all)')),
  },
  { additionalProperties: false },
);

const Move = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  from: Type.String(),
  to: Type.String(),
  qty: Type.Integer(),
});

export const PutawayConfirmation = Type.Object({
  task: Type.Ref('PutawayTask'),
  remainder: Nullable(Type.Ref('PutawayTask')),
  moves: Type.Array(Move),
});

export const CreatePutawayRuleBody = Type.Object(
  {
    warehouse: WarehouseCode,
    priority: Priority,
    kind: Literals(RULE_KINDS),
    sku: Type.Optional(Nullable(SkuCode)),
    category: Type.Optional(Nullable(Category)),
    target: LocationCode,
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdatePutawayRuleBody = Type.Object(
  {
    priority: Type.Optional(Priority),
    target: Type.Optional(LocationCode),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SetCapacityBody = Type.Object(
  {
    capacityUnits: Nullable(
      Type.Integer({
        minimum: 0,
        maximum: 2_000_000_000,
        description: 'Base units across SKUs; null = unlimited',
        'x-error-code': 'invalid_quantity',
      }),
    ),
  },
  { additionalProperties: false },
);

export const LocationCapacity = Type.Object({
  location: Type.String(),
  capacityUnits: Nullable(Type.Integer()),
  unitsOnHand: Type.Integer(),
});
