import Type from 'typebox';
import { SkuCode, Timestamp } from '../../../http/schemas.js';

export const Sku = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    gtin: Type.Union([Type.String(), Type.Null()]),
    unit: Type.String(),
    category: Type.Union([Type.String(), Type.Null()]),
    isArchived: Type.Boolean(),
    isKit: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Timestamp(),
    createdBy: Type.String(),
    updatedAt: Timestamp(),
    updatedBy: Type.String(),
  },
  { $id: 'Sku' },
);

export const Gtin = Type.String({
  pattern: '^[0-9]+$',
  minLength: 8,
  maxLength: 14,
  description: 'GTIN-8, -12, -13 or -14 with a valid GS1 check digit',
  'x-error-code': 'invalid_gtin',
});

export const Category = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description: 'Grouping matched by put-away rules (e.g. bulky, frozen)',
  'x-error-code': 'invalid_category',
});

export const CreateSkuBody = Type.Object(
  {
    code: SkuCode,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    gtin: Type.Optional(Type.Union([Gtin, Type.Null()])),
    unit: Type.Optional(
      Type.String({ minLength: 1, maxLength: 16, description: 'Base unit (default each)' }),
    ),
    category: Type.Optional(Type.Union([Category, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateSkuBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    gtin: Type.Optional(Type.Union([Gtin, Type.Null()], { description: 'null removes the GTIN' })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    category: Type.Optional(
      Type.Union([Category, Type.Null()], { description: 'null removes the category' }),
    ),
    expectedVersion: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Reject if the SKU changed since' }),
    ),
  },
  { additionalProperties: false },
);

export const SkuParams = Type.Object({ code: SkuCode });

export const ImportReport = Type.Object({
  mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')]),
  totalRows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  committed: Type.Boolean(),
  errors: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Line in the file; the header is row 1' }),
      column: Type.Union([Type.String(), Type.Null()]),
      code: Type.String(),
      reason: Type.String(),
    }),
  ),
});
