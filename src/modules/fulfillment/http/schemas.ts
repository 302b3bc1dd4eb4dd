import Type from 'typebox';
import { Nullable, Qty, Timestamp } from '../../../http/schemas.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const SHIPMENT_STATUSES = ['open', 'packed', 'shipped', 'delivered', 'voided'];

export const Shipment = Type.Object(
  {
    id: Type.String(),
    orderId: Type.String(),
    channel: Type.String(),
    externalId: Type.String(),
    warehouse: Type.String(),
    status: Type.Union(SHIPMENT_STATUSES.map((s) => Type.Literal(s))),
    carrier: Nullable(Type.String()),
    service: Nullable(Type.String()),
    trackingNumber: Nullable(Type.String()),
    waveId: Nullable(Type.String()),
    tote: Nullable(Type.String()),
    packingBy: Nullable(Type.String({ description: 'Who claimed it at a pack station (first scan)' })),
    packingStation: Nullable(Type.String()),
    packedAt: Nullable(Type.String({ format: 'date-time' })),
    packedBy: Nullable(Type.String()),
    shippingPriceMinor: Nullable(Type.Integer({ description: 'What the carrier charges, in minor units' })),
    shippingCurrency: Nullable(Type.String()),
    parcels: Type.Array(
      Type.Object({
        parcelNo: Type.Integer(),
        sscc: Type.String({ description: 'SSCC-18 of the parcel' }),
        cartonType: Nullable(Type.String()),
        weightGrams: Type.Integer(),
        lengthMm: Nullable(Type.Integer()),
        widthMm: Nullable(Type.Integer()),
        heightMm: Nullable(Type.Integer()),
        trackingNumber: Nullable(Type.String()),
        priceMinor: Nullable(Type.Integer()),
        items: Type.Array(Type.Object({ sku: Type.String(), qty: Type.Integer() })),
      }),
    ),
    lines: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        sku: Type.String(),
        qty: Type.Integer(),
        reservationId: Nullable(Type.String({ description: 'Null when a short pick emptied the line' })),
        pieces: Type.Array(
          Type.Object({ sku: Type.String(), location: Type.String(), qty: Type.Integer() }),
          { description: 'Where the units are held (a kit: its components)' },
        ),
      }),
    ),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
    shippedAt: Nullable(Type.String({ format: 'date-time' })),
    shippedBy: Nullable(Type.String()),
    deliveredAt: Nullable(Type.String({ format: 'date-time' })),
    deliveredBy: Nullable(Type.String()),
    voidedAt: Nullable(Type.String({ format: 'date-time' })),
    voidedBy: Nullable(Type.String()),
    voidReason: Nullable(Type.String()),
  },
  { $id: 'Shipment' },
);

export const CreateShipmentBody = Type.Object(
  {
    order: Type.String({ minLength: 1, maxLength: 64, description: 'Order id' }),
    warehouse: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Needed when the order is allocated in several',
      }),
    ),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          { lineNo: Type.Integer({ minimum: 1 }), qty: Qty('Units of the line in this shipment') },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 500, description: 'Default: everything allocated at the warehouse' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ShipBody = Type.Object(
  {
    carrier: Text(64),
    service: Type.Optional(Text(64)),
    trackingNumber: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);

export const VoidShipmentBody = Type.Object({ reason: Text(500) }, { additionalProperties: false });

export const DeliverBody = Type.Optional(
  Type.Object(
    { deliveredAt: Type.Optional(Timestamp('When the carrier delivered it (default: now)')) },
    {
      additionalProperties: false,
    },
  ),
);
