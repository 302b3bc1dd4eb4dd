import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { createShipment } from '../commands/create-shipment.js';
import { deliverShipment } from '../commands/deliver-shipment.js';
import { shipShipment } from '../commands/ship-shipment.js';
import { voidShipment } from '../commands/void-shipment.js';
import { getShipment, listShipments } from '../queries/shipments.js';
import {
  CreateShipmentBody,
  DeliverBody,
  SHIPMENT_STATUSES,
  ShipBody,
  Shipment,
  VoidShipmentBody,
} from './schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export async function fulfillmentRoutes(app: App): Promise<void> {
  app.addSchema(Shipment);
  const ShipmentRef = Type.Ref('Shipment');

  app.post(
    '/v1/shipments',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'createShipment',
        summary:
          'Start a shipment: set allocated units of an order at one warehouse aside (order in fulfilment)',
        body: CreateShipmentBody,
        response: { 201: ShipmentRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createShipment(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/shipments',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'listShipments',
        summary: 'List shipments, newest first',
        querystring: Type.Object(
          {
            order: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Type.Union(SHIPMENT_STATUSES.map((s) => Type.Literal(s)))),
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ShipmentRef), ...errorResponses },
      },
    },
    async (req) => listShipments(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/shipments/:id',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'getShipment',
        summary: 'Get a shipment with its lines and the bins its units are held at',
        params: RefParams,
        response: { 200: ShipmentRef, ...errorResponses },
      },
    },
    async (req) => getShipment(req.ctx, req.params.id),
  );
  app.post(
    '/v1/shipments/:id/ship',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'shipShipment',
        summary:
          'Confirm a shipment left: stock posted to the customer, order (partially) shipped, order.shipped sent',
        params: RefParams,
        body: ShipBody,
        response: { 200: ShipmentRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await shipShipment(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/shipments/:id/void',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'voidShipment',
        summary: 'Void an open or packed shipment: its units go back to the order, still allocated',
        params: RefParams,
        body: VoidShipmentBody,
        response: { 200: ShipmentRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await voidShipment(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/shipments/:id/deliver',
    {
      schema: {
        tags: ['fulfillment'],
        operationId: 'deliverShipment',
        summary: 'Record that a shipped shipment was delivered (the order is delivered once all of it is)',
        params: RefParams,
        body: DeliverBody,
        response: { 200: ShipmentRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await deliverShipment(req.ctx, req.params.id, req.body ?? {})),
  );
}
