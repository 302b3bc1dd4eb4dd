import Type from 'typebox';
import { NonNegativeQty, Nullable } from '../../../http/schemas.js';
import { COUNT_TASK_SOURCES, COUNT_TASK_STATUSES } from '../db/tasks.js';

const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Code = (description: string) => Type.String({ minLength: 1, maxLength: 80, description });
const Days = (description: string) =>
  Type.Integer({ minimum: 1, maximum: 3660, description, 'x-error-code': 'invalid_period' });
const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code',
  'x-error-code': 'invalid_currency',
});
const AbcClassSchema = Literals(['A', 'B', 'C']);

export const CreateCountPlanBody = Type.Object(
  {
    warehouse: Code('Warehouse code'),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Literals(['location', 'abc']),
    blind: Type.Optional(
      Type.Boolean({ description: 'Hide the expected quantity from counters (default true)' }),
    ),
    locations: Type.Optional(
      Type.Array(Code('Zone (standing for its bins) or bin code'), { minItems: 1, maxItems: 500 }),
    ),
    prefix: Type.Optional(Code('Location plans: bins whose code starts with this (e.g. WH1/A-01)')),
    frequencies: Type.Optional(
      Type.Object(
        { A: Days('Days between counts of class A'), B: Days('Class B'), C: Days('Class C') },
        { additionalProperties: false },
      ),
    ),
    windowDays: Type.Optional(Days('ABC plans: the sales window classes come from (default 90)')),
    currency: Type.Optional(Currency),
    varianceThreshold: Type.Optional(
      Type.Object(
        {
          units: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 1_000_000_000, 'x-error-code': 'invalid_threshold' }),
          ),
          percent: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 100, 'x-error-code': 'invalid_threshold' }),
          ),
          valueMinor: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 9_000_000_000_000, 'x-error-code': 'invalid_threshold' }),
          ),
        },
        {
          additionalProperties: false,
          description: 'A variance exceeding any limit set waits for a manager (counts.approve)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CountPlan = Type.Object(
  {
    id: Type.String(),
    warehouse: Type.String(),
    name: Nullable(Type.String()),
    kind: Literals(['location', 'abc']),
    blind: Type.Boolean(),
    locations: Type.Array(Type.String()),
    prefix: Nullable(Type.String()),
    frequencies: Nullable(Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer() })),
    windowDays: Nullable(Type.Integer()),
    currency: Nullable(Type.String()),
    varianceThreshold: Type.Object({
      units: Nullable(Type.Integer()),
      percent: Nullable(Type.Integer()),
      valueMinor: Nullable(Type.Integer()),
    }),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
    lastGeneratedAt: Nullable(Type.String({ format: 'date-time' })),
    tasks: Type.Object({
      open: Type.Integer(),
      counted: Type.Integer(),
      done: Type.Integer(),
      approved: Type.Integer(),
      rejected: Type.Integer(),
      cancelled: Type.Integer(),
    }),
  },
  { $id: 'CountPlan' },
);

export const GenerateResult = Type.Object({
  plan: Type.String(),
  created: Type.Integer(),
  alreadyPending: Type.Integer({ description: 'Due pairs that already had a task waiting' }),
  taskIds: Type.Array(Type.String()),
});

export const CountTask = Type.Object(
  {
    id: Type.String(),
    warehouse: Type.String(),
    location: Type.String(),
    sku: Nullable(Type.String({ description: 'Null: confirm the bin is empty' })),
    source: Literals(COUNT_TASK_SOURCES),
    planId: Nullable(Type.String()),
    pickTaskId: Nullable(Type.String()),
    status: Literals(COUNT_TASK_STATUSES),
    blind: Type.Boolean(),
    abcClass: Nullable(AbcClassSchema),
    expectedQty: Nullable(
      Type.Integer({
        description:
          'On hand per the ledger (live while open, the snapshot once counted); null on a blind task for a caller without counts.approve',
      }),
    ),
    countedQty: Nullable(Type.Integer()),
    variance: Nullable(Type.Integer({ description: 'countedQty − expectedQty; hidden like expectedQty' })),
    varianceValueMinor: Nullable(Type.Integer()),
    currency: Nullable(Type.String()),
    withinThreshold: Nullable(Type.Boolean()),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
    countedAt: Nullable(Type.String({ format: 'date-time' })),
    countedBy: Nullable(Type.String()),
    approvedAt: Nullable(
      Type.String({ format: 'date-time', description: 'When a manager approved or rejected' }),
    ),
    approvedBy: Nullable(Type.String()),
    approvalReason: Nullable(Type.String()),
    doneAt: Nullable(Type.String({ format: 'date-time' })),
    doneBy: Nullable(Type.String()),
    recountOf: Nullable(Type.String({ description: 'The rejected task this one recounts' })),
  },
  { $id: 'CountTask' },
);

export const CountBody = Type.Object(
  {
    countedQty: NonNegativeQty('Units found'),
    sku: Type.Optional(Code('For a "confirm empty" task that found stock: the SKU found')),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, 'x-error-code': 'reason_required' }) },
  { additionalProperties: false },
);

const Figures = {
  counts: Type.Integer(),
  zeroVariance: Type.Integer(),
  zeroVariancePercent: Nullable(Type.Number()),
  withinThreshold: Type.Integer(),
  withinThresholdPercent: Nullable(Type.Number()),
  rejected: Type.Integer(),
  absUnitsVariance: Type.Integer(),
  netUnitsVariance: Type.Integer(),
  value: Type.Array(
    Type.Object({ currency: Type.String(), netMinor: Type.Integer(), absMinor: Type.Integer() }),
  ),
};

export const AccuracyReport = Type.Object({
  since: Type.String({ format: 'date-time' }),
  until: Type.String({ format: 'date-time' }),
  warehouse: Nullable(Type.String()),
  rows: Type.Array(Type.Object({ warehouse: Type.String(), abcClass: Nullable(AbcClassSchema), ...Figures })),
  total: Type.Object(Figures),
});

export const AbcReport = Type.Object({
  warehouse: Type.String(),
  days: Type.Integer(),
  since: Type.String({ format: 'date-time' }),
  until: Type.String({ format: 'date-time' }),
  currency: Nullable(Type.String()),
  totalValueMinor: Type.Integer(),
  classes: Type.Array(
    Type.Object({ abcClass: AbcClassSchema, skus: Type.Integer(), valueMinor: Type.Integer() }),
  ),
  items: Type.Array(
    Type.Object({
      sku: Type.String(),
      valueMinor: Type.Integer(),
      abcClass: AbcClassSchema,
      rank: Type.Integer(),
      cumulativeBps: Type.Integer(),
    }),
  ),
});
