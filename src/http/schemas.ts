import Type from 'typebox';
import { MAX_QTY } from '../kernel/quantity.js';

/**
 * Schema building blocks shared by every module. `x-error-code` names the stable error code a request
 * gets when that field fails validation (the HTTP layer reads it), so a zero quantity is reported as
 * `invalid_quantity`, not as a generic schema error.
 */
/** A schema that also accepts null. */
export const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Qty = (description = 'Quantity in the SKU base unit') =>
  Type.Integer({ minimum: 1, maximum: MAX_QTY, description, 'x-error-code': 'invalid_quantity' });

export const NonNegativeQty = (description: string) =>
  Type.Integer({ minimum: 0, maximum: MAX_QTY, description, 'x-error-code': 'invalid_quantity' });

export const SignedQty = (description: string) =>
  Type.Integer({
    minimum: -MAX_QTY,
    maximum: MAX_QTY,
    not: { const: 0 },
    description,
    'x-error-code': 'invalid_quantity',
  });

export const Timestamp = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });

export const SkuCode = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'SKU code (unique, case-insensitive)',
  examples: ['TSHIRT-BLK-M'],
});

export const LocationCode = Type.String({
  minLength: 1,
  maxLength: 80,
  description: 'Location path code: WH1, WH1/A (zone), WH1/A-01-02 (bin), WH1/@supplier (virtual)',
  examples: ['WH1/A-01-02'],
});

export const Reference = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Document or note this relates to',
});
export const Note = Type.String({ minLength: 1, maxLength: 2000 });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code (snake_case)' }),
      message: Type.String({ description: 'What went wrong and what to do next, for a person' }),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Error envelope' },
);

export const errorResponses = {
  '4xx': Type.Ref('ErrorResponse'),
  '5xx': Type.Ref('ErrorResponse'),
} as const;

export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (max 500)' }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page' })),
};

export const Page = <T extends Type.TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as cursor for the next page; null at the end',
    }),
  });
