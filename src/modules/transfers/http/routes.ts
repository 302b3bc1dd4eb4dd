import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { cancelTransferOrder } from '../commands/cancel-transfer-order.js';
import { createTransferOrder } from '../commands/create-transfer-order.js';
import { receiveTransferOrder } from '../commands/receive-transfer-order.js';
import { shipTransferOrder } from '../commands/ship-transfer-order.js';
import { getTransferOrder, listIncoming, listTransferOrders } from '../queries/transfer-orders.js';
import {
  CancelTransferOrderBody,
  CreateTransferOrderBody,
  Incoming,
  ReceiveTransferOrderBody,
  ShipTransferOrderBody,
  TRANSFER_ORDER_STATUSES,
  TransferOrder,
} from './schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Code = Type.String({ minLength: 1, maxLength: 80 });

export async function transferRoutes(app: App): Promise<void> {
  app.addSchema(TransferOrder);
  const TransferOrderRef = Type.Ref('TransferOrder');

  app.post(
    '/v1/transfers',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'createTransferOrder',
        summary: 'Request a transfer of SKUs from one warehouse to another (no stock moves yet)',
        body: CreateTransferOrderBody,
        response: { 201: TransferOrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createTransferOrder(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/transfers',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'listTransferOrders',
        summary: 'List transfer orders touching your warehouses, newest first',
        querystring: Type.Object(
          {
            from: Type.Optional(Code),
            to: Type.Optional(Code),
            status: Type.Optional(Type.Union(TRANSFER_ORDER_STATUSES.map((s) => Type.Literal(s)))),
            sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(TransferOrderRef), ...errorResponses },
      },
    },
    async (req) => listTransferOrders(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/transfers/incoming',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'listIncomingTransfers',
        summary: 'Units shipped to a warehouse and not yet received, per SKU, with their transfer orders',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Code),
            sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Incoming, ...errorResponses },
      },
    },
    async (req) => listIncoming(req.ctx, req.query),
  );
  app.get(
    '/v1/transfers/:id',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'getTransferOrder',
        summary: 'Get a transfer order with its lines and the stock transfers carrying them',
        params: RefParams,
        response: { 200: TransferOrderRef, ...errorResponses },
      },
    },
    async (req) => getTransferOrder(req.ctx, req.params.id),
  );
  app.post(
    '/v1/transfers/:id/ship',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'shipTransferOrder',
        summary: 'Ship a requested transfer order: units leave source bins for transit',
        params: RefParams,
        body: ShipTransferOrderBody,
        response: { 200: TransferOrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await shipTransferOrder(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/transfers/:id/receive',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'receiveTransferOrder',
        summary:
          'Receive units of a shipped transfer order (damaged ones into quarantine); close to write off the rest',
        params: RefParams,
        body: ReceiveTransferOrderBody,
        response: { 200: TransferOrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await receiveTransferOrder(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/transfers/:id/cancel',
    {
      schema: {
        tags: ['transfers'],
        operationId: 'cancelTransferOrder',
        summary: 'Cancel a transfer order that has not shipped',
        params: RefParams,
        body: CancelTransferOrderBody,
        response: { 200: TransferOrderRef, ...errorResponses },
      },
    },
    async (req, reply) =>
      sendOutcome(reply, await cancelTransferOrder(req.ctx, req.params.id, req.body ?? {})),
  );
}
