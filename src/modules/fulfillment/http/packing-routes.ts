import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { packItem } from '../commands/pack-item.js';
import { packShipment } from '../commands/pack-shipment.js';
import { setCarrier } from '../commands/set-carrier.js';
import { setCartonType } from '../commands/set-carton-type.js';
import { setShippingProfile } from '../commands/set-shipping-profile.js';
import { voidPackScans } from '../commands/void-pack-scans.js';
import {
  getPackProgress,
  getShipmentRates,
  getShippingProfile,
  listCarriers,
  listCartonTypes,
} from '../queries/packing.js';
import { getPackingSlip, getShipmentLabels } from '../queries/shipment-documents.js';
import {
  Carrier,
  CarrierBody,
  CartonType,
  CartonTypeBody,
  PackBody,
  PackProgress,
  PackResetBody,
  PackScanBody,
  Rates,
  ShippingProfile,
  ShippingProfileBody,
} from './packing-schemas.js';
import { Shipment } from './schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const WarehouseParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) });
const CarrierParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) });
const CartonParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' }),
});
const Binary = (description: string) => Type.String({ format: 'binary', description });

/**
 * Packing and shipping documents: warehouse shipping profiles, carriers and carton types; scans at the
 * pack station, parcels with SSCCs, rates, labels (PDF or ZPL) and packing slips.
 */
export async function packingRoutes(app: App): Promise<void> {
  // Plugins are encapsulated: the shared Shipment schema is added to this one too.
  app.addSchema(Shipment);
  app.get(
    '/v1/warehouses/:code/shipping-profile',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'getShippingProfile',
        summary: "A warehouse's shipping profile: ship-from address and GS1 company prefix for SSCCs",
        params: WarehouseParams,
        response: { 200: ShippingProfile, ...errorResponses },
      },
    },
    async (req) => getShippingProfile(req.ctx, req.params.code),
  );
  app.put(
    '/v1/warehouses/:code/shipping-profile',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'setShippingProfile',
        summary: "Set a warehouse's shipping profile (the SSCC serial counter is kept)",
        params: WarehouseParams,
        body: ShippingProfileBody,
        response: { 200: ShippingProfile, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await setShippingProfile(req.ctx, req.params.code, req.body)),
  );
  app.get(
    '/v1/carriers',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'listCarriers',
        summary: 'Carriers: the built-in manual one and rate-table carriers with their services',
        response: { 200: Type.Object({ items: Type.Array(Carrier) }), ...errorResponses },
      },
    },
    async (req) => listCarriers(req.ctx),
  );
  app.put(
    '/v1/carriers/:code',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'setCarrier',
        summary: "Create or replace a rate-table carrier (its services' weight bands and prices)",
        params: CarrierParams,
        body: CarrierBody,
        response: { 200: Carrier, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await setCarrier(req.ctx, req.params.code, req.body)),
  );
  app.get(
    '/v1/carton-types',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'listCartonTypes',
        summary: 'Carton types: inner dimensions, tare and maximum weight',
        response: { 200: Type.Object({ items: Type.Array(CartonType) }), ...errorResponses },
      },
    },
    async (req) => listCartonTypes(req.ctx),
  );
  app.put(
    '/v1/carton-types/:code',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'setCartonType',
        summary: 'Create or replace a carton type',
        params: CartonParams,
        body: CartonTypeBody,
        response: { 200: CartonType, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await setCartonType(req.ctx, req.params.code, req.body)),
  );
  app.get(
    '/v1/shipments/:id/pack',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'getPackProgress',
        summary: 'What a pack station shows: units required and scanned per SKU, parcels so far',
        params: RefParams,
        response: { 200: PackProgress, ...errorResponses },
      },
    },
    async (req) => getPackProgress(req.ctx, req.params.id),
  );
  app.post(
    '/v1/shipments/:id/pack-scans',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'scanPackItem',
        summary: 'Scan an item into a parcel at a pack station (the first scan claims the shipment)',
        params: RefParams,
        body: PackScanBody,
        response: { 200: PackProgress, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await packItem(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/shipments/:id/pack-scans/reset',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'resetPackScans',
        summary: "Start a shipment's packing again: counters to zero, the station's claim released",
        params: RefParams,
        body: PackResetBody,
        response: { 200: PackProgress, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await voidPackScans(req.ctx, req.params.id, req.body ?? {})),
  );
  app.post(
    '/v1/shipments/:id/pack',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'packShipment',
        summary: 'Close the packing: parcels with cartons, weights and SSCCs; the shipment is packed',
        params: RefParams,
        body: PackBody,
        response: { 200: Type.Ref('Shipment'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await packShipment(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/v1/shipments/:id/rates',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'getShipmentRates',
        summary: "What each rate-table carrier's services charge for a packed shipment's parcels",
        params: RefParams,
        response: { 200: Rates, ...errorResponses },
      },
    },
    async (req) => getShipmentRates(req.ctx, req.params.id),
  );
  app.get(
    '/v1/shipments/:id/label',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'getShipmentLabel',
        summary: 'Parcel labels (one per parcel, SSCC as GS1-128) as PDF or ZPL',
        params: RefParams,
        querystring: Type.Object(
          {
            format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('zpl')], { default: 'pdf' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The labels',
            content: {
              'application/pdf': { schema: Binary('PDF, one 4×6 in page per parcel') },
              'text/plain': { schema: Type.String({ description: 'ZPL II, one label per parcel' }) },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const doc = await getShipmentLabels(req.ctx, req.params.id, req.query.format ?? 'pdf');
      return reply
        .type(doc.contentType)
        .header('content-disposition', `inline; filename="${doc.filename}"`)
        .send(doc.body);
    },
  );
  app.get(
    '/v1/shipments/:id/packing-slip',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'getPackingSlip',
        summary: 'The packing slip of a shipment (PDF)',
        params: RefParams,
        response: {
          200: { description: 'The packing slip', content: { 'application/pdf': { schema: Binary('PDF') } } },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const doc = await getPackingSlip(req.ctx, req.params.id);
      return reply
        .type(doc.contentType)
        .header('content-disposition', `inline; filename="${doc.filename}"`)
        .send(doc.body);
    },
  );
}
