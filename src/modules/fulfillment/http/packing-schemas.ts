import Type from 'typebox';
import { Nullable, Qty, SkuCode } from '../../../http/schemas.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Millimetres = (description: string) =>
  Type.Integer({ minimum: 1, maximum: 10_000, description, 'x-error-code': 'invalid_dimension' });
const Grams = (description: string) =>
  Type.Integer({ minimum: 1, maximum: 10_000_000, description, 'x-error-code': 'invalid_weight' });

export const Address = Type.Object(
  {
    name: Text(200),
    company: Type.Optional(Text(200)),
    line1: Text(200),
    line2: Type.Optional(Text(200)),
    city: Text(100),
    region: Type.Optional(Text(100)),
    postalCode: Type.Optional(Text(20)),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    phone: Type.Optional(Text(40)),
  },
  { additionalProperties: false },
);

export const ShippingProfileBody = Type.Object(
  {
    address: Address,
    gs1CompanyPrefix: Type.String({
      pattern: '^[0-9]{7,10}$',
      description: 'GS1 company prefix, 7 to 10 digits',
      'x-error-code': 'invalid_company_prefix',
    }),
    ssccExtensionDigit: Type.Optional(Type.Integer({ minimum: 0, maximum: 9, default: 0 })),
  },
  { additionalProperties: false },
);

export const ShippingProfile = Type.Object({
  warehouse: Type.String(),
  address: Address,
  gs1CompanyPrefix: Type.String(),
  ssccExtensionDigit: Type.Integer(),
  nextSsccSerial: Type.Integer({ description: 'Serial reference of the next SSCC' }),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});

const Band = Type.Object(
  {
    maxWeightGrams: Grams('Inclusive upper bound of the chargeable weight'),
    priceMinor: Type.Integer({ minimum: 0, description: 'Price in minor units of the currency' }),
  },
  { additionalProperties: false },
);

export const RateTableBody = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    services: Type.Array(
      Type.Object(
        { code: Text(40), name: Text(100), bands: Type.Array(Band, { minItems: 1, maxItems: 100 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    volumetricDivisor: Type.Optional(Type.Integer({ minimum: 1, description: 'cm³ per kg (e.g. 5000)' })),
    trackingPrefix: Type.Optional(Type.String({ pattern: '^[A-Z]{1,4}$' })),
  },
  { additionalProperties: false },
);

export const CarrierBody = Type.Object(
  { name: Text(100), rateTable: RateTableBody },
  { additionalProperties: false },
);

export const Carrier = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('manual'), Type.Literal('rate_table')]),
  services: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  rateTable: Nullable(
    Type.Object({
      carrier: Type.String(),
      name: Type.Optional(Type.String()),
      currency: Type.String(),
      services: Type.Array(
        Type.Object({
          code: Type.String(),
          name: Type.String(),
          bands: Type.Array(Type.Object({ maxWeightGrams: Type.Integer(), priceMinor: Type.Integer() })),
        }),
      ),
      volumetricDivisor: Type.Optional(Type.Integer()),
      trackingPrefix: Type.Optional(Type.String()),
    }),
  ),
});

export const CartonTypeBody = Type.Object(
  {
    name: Text(100),
    lengthMm: Millimetres('Inner length'),
    widthMm: Millimetres('Inner width'),
    heightMm: Millimetres('Inner height'),
    tareGrams: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Weight of the empty carton' }),
    maxWeightGrams: Type.Optional(Grams('Heaviest a packed carton may be')),
  },
  { additionalProperties: false },
);

export const CartonType = Type.Object({
  code: Type.String(),
  name: Type.String(),
  lengthMm: Type.Integer(),
  widthMm: Type.Integer(),
  heightMm: Type.Integer(),
  tareGrams: Type.Integer(),
  maxWeightGrams: Nullable(Type.Integer()),
});

const ParcelNo = Type.Integer({ minimum: 1, maximum: 999, description: 'Parcel number within the shipment' });

export const PackScanBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'SKU code, GTIN, or GS1 (01) element string',
    }),
    qty: Type.Optional(Qty('Units this scan stands for (default 1)')),
    parcel: Type.Optional(ParcelNo),
    station: Type.Optional(Text(64)),
  },
  { additionalProperties: false },
);

export const PackResetBody = Type.Optional(
  Type.Object({ reason: Type.Optional(Text(500)) }, { additionalProperties: false }),
);

const Item = Type.Object({ sku: SkuCode, qty: Qty() }, { additionalProperties: false });

export const PackBody = Type.Object(
  {
    parcels: Type.Array(
      Type.Object(
        {
          parcelNo: Type.Optional(ParcelNo),
          cartonType: Type.Optional(Text(32)),
          weightGrams: Grams('Weight of the packed parcel'),
          lengthMm: Type.Optional(Millimetres('Outer length (default: the carton type)')),
          widthMm: Type.Optional(Millimetres('Outer width')),
          heightMm: Type.Optional(Millimetres('Outer height')),
          items: Type.Optional(
            Type.Array(Item, {
              minItems: 1,
              maxItems: 500,
              description: 'Content, when nothing was scanned',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    station: Type.Optional(Text(64)),
  },
  { additionalProperties: false },
);

export const PackProgress = Type.Object({
  shipment: Type.String(),
  status: Type.String(),
  packingBy: Nullable(Type.String()),
  station: Nullable(Type.String()),
  items: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.String(),
      required: Type.Integer(),
      scanned: Type.Integer(),
    }),
  ),
  complete: Type.Boolean(),
  parcels: Type.Array(
    Type.Object({
      parcelNo: Type.Integer(),
      items: Type.Array(Type.Object({ sku: Type.String(), qty: Type.Integer() })),
    }),
  ),
});

export const Rates = Type.Object({
  shipment: Type.String(),
  quotes: Type.Array(
    Type.Object({
      carrier: Type.String(),
      service: Type.String(),
      priceMinor: Type.Integer(),
      currency: Type.String(),
      parcels: Type.Array(Type.Object({ chargeableGrams: Type.Integer(), priceMinor: Type.Integer() })),
    }),
  ),
  unavailable: Type.Array(
    Type.Object({ carrier: Type.String(), service: Type.String(), code: Type.String() }),
  ),
});
