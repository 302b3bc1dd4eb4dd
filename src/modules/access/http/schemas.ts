import Type from 'typebox';
import { LocationCode, Timestamp } from '../../../http/schemas.js';
import { PERMISSIONS, ROLES } from '../domain/permissions.js';
import { MAX_PASSWORD_LENGTH } from '../domain/users.js';

const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  {
    description: 'owner, admin, manager, warehouse_operator, purchasing, accountant, read_only',
    'x-error-code': 'invalid_role',
  },
);
const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email', 'x-error-code': 'invalid_email' });
const Password = Type.String({
  minLength: 1,
  maxLength: MAX_PASSWORD_LENGTH,
  description: '12 to 256 characters',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Warehouses = Type.Array(LocationCode, { maxItems: 500, description: 'Warehouse codes' });

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.String(),
    warehouses: Type.Array(Type.String()),
    allWarehouses: Type.Boolean(),
    isDisabled: Type.Boolean(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
    version: Type.Integer(),
  },
  { $id: 'User' },
);

export const ApiKey = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
    scopes: Type.Array(Type.String()),
    warehouses: Type.Array(Type.String()),
    allWarehouses: Type.Boolean(),
    channel: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.String(),
    createdAt: Timestamp(),
    expiresAt: Type.Union([Timestamp(), Type.Null()]),
    lastUsedAt: Type.Union([Timestamp(), Type.Null()], { description: 'Updated at most once a minute' }),
    revokedAt: Type.Union([Timestamp(), Type.Null()]),
    revokedBy: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'ApiKey' },
);

export const CreatedApiKey = Type.Intersect([
  Type.Ref('ApiKey'),
  Type.Object({
    key: Type.Union([Type.String(), Type.Null()], {
      description:
        'The key, shown in this response only (null when a replay of the request returns the record)',
    }),
  }),
]);

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false },
);

export const LoginResult = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String() }),
  csrfToken: Type.String({
    description: 'Send as X-CSRF-Token on every state-changing request made with the session cookie',
  }),
  expiresAt: Timestamp('When the session ends at the latest (it also ends after an idle period)'),
});

export const Me = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  userId: Type.String({ description: 'The user, or the user who created the key' }),
  permissions: Type.Array(Type.String()),
  warehouses: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every warehouse' }),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const CreateUserBody = Type.Object(
  {
    email: Email,
    name: Name,
    password: Password,
    role: RoleSchema,
    warehouses: Type.Optional(Warehouses),
    allWarehouses: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleSchema),
    warehouses: Type.Optional(Warehouses),
    allWarehouses: Type.Optional(Type.Boolean()),
    isDisabled: Type.Optional(Type.Boolean()),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Compare-and-set: the version you read' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export const ChangeMyPasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

export const CreateApiKeyBody = Type.Object(
  {
    name: Name,
    scopes: Type.Array(
      Type.Union(
        PERMISSIONS.map((p) => Type.Literal(p)),
        { 'x-error-code': 'invalid_permission' },
      ),
      { minItems: 1, maxItems: PERMISSIONS.length, description: 'Permissions (a subset of your own)' },
    ),
    warehouses: Type.Optional(Warehouses),
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresAt: Type.Optional(Timestamp()),
  },
  { additionalProperties: false },
);

export const AuditRecord = Type.Object(
  {
    id: Type.String(),
    seq: Type.Integer(),
    occurredAt: Timestamp(),
    actor: Type.Object({
      kind: Type.String(),
      id: Type.String(),
      role: Type.Union([Type.String(), Type.Null()]),
    }),
    operation: Type.String(),
    target: Type.Union([
      Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    before: Type.Unknown(),
    after: Type.Unknown(),
    reason: Type.Union([Type.String(), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditRecord' },
);

export const ShrinkageReport = Type.Object({
  rows: Type.Array(
    Type.Object({
      period: Type.Union([Timestamp(), Type.Null()]),
      sku: Type.String(),
      location: Type.String(),
      warehouse: Type.String(),
      reason: Type.String(),
      actor: Type.Object({ kind: Type.String(), id: Type.String() }),
      qtyLost: Type.Integer(),
      qtyFound: Type.Integer(),
      netQty: Type.Integer(),
      moves: Type.Integer(),
    }),
  ),
  totals: Type.Object({
    byReason: Type.Record(Type.String(), Type.Object({ qtyLost: Type.Integer(), qtyFound: Type.Integer() })),
    qtyLost: Type.Integer(),
    qtyFound: Type.Integer(),
  }),
  since: Type.Union([Type.String(), Type.Null()]),
  until: Type.Union([Type.String(), Type.Null()]),
});
