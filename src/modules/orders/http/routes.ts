import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery, Timestamp } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { cancelOrder } from '../commands/cancel-order.js';
import { createChannel } from '../commands/create-channel.js';
import { createOrder } from '../commands/create-order.js';
import { editOrder, reallocateOrder } from '../commands/edit-order.js';
import { holdOrder, releaseOrder } from '../commands/hold-order.js';
import { createHoldRule, listHoldRules, updateHoldRule } from '../commands/hold-rules.js';
import { updateChannel } from '../commands/update-channel.js';
import { getChannelAvailability } from '../queries/availability.js';
import { getChannel, listChannels } from '../queries/channels.js';
import { getOrder, listOrders } from '../queries/orders.js';
import { orderImportRoutes } from './import-routes.js';
import {
  CancelBody,
  Channel,
  CreateChannelBody,
  CreateHoldRuleBody,
  CreateOrderBody,
  EditBody,
  HoldBody,
  HoldRule,
  Order,
  OrderWithTimeline,
  ReallocateBody,
  ReleaseBody,
  UpdateChannelBody,
  UpdateHoldRuleBody,
} from './schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export async function orderRoutes(app: App): Promise<void> {
  app.addSchema(Channel);
  app.addSchema(Order);
  const ChannelRef = Type.Ref('Channel');
  const OrderRef = Type.Ref('Order');

  // Channels ----------------------------------------------------------------------------------------------
  app.post(
    '/v1/channels',
    {
      schema: {
        tags: ['orders'],
        operationId: 'createChannel',
        summary: 'Create a sales channel: currency, warehouses by priority, stock buffer, routing rules',
        body: CreateChannelBody,
        response: { 201: ChannelRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createChannel(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/channels',
    {
      schema: {
        tags: ['orders'],
        operationId: 'listChannels',
        summary: 'List sales channels',
        querystring: Type.Object(
          { includeArchived: Type.Optional(Type.Boolean({ default: false })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(ChannelRef), ...errorResponses },
      },
    },
    async (req) => listChannels(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/channels/:id',
    {
      schema: {
        tags: ['orders'],
        operationId: 'getChannel',
        summary: 'Get a sales channel (by id or code)',
        params: RefParams,
        response: { 200: ChannelRef, ...errorResponses },
      },
    },
    async (req) => getChannel(req.ctx, req.params.id),
  );
  app.patch(
    '/v1/channels/:id',
    {
      schema: {
        tags: ['orders'],
        operationId: 'updateChannel',
        summary: 'Change a channel: name, currency, warehouses, buffer, rules, archived',
        params: RefParams,
        body: UpdateChannelBody,
        response: { 200: ChannelRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updateChannel(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/v1/channels/:id/availability',
    {
      schema: {
        tags: ['orders'],
        operationId: 'getChannelAvailability',
        summary:
          'Available to sell per SKU for a channel: on hand − reserved over its warehouses, less its buffer',
        params: RefParams,
        querystring: Type.Object(
          { sku: Type.Optional(Type.String({ maxLength: 64 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            channel: Type.String(),
            items: Type.Array(
              Type.Object({
                sku: Type.String(),
                onHand: Type.Integer(),
                reserved: Type.Integer(),
                available: Type.Integer(),
                buffer: Type.Integer(),
                availableToSell: Type.Integer(),
              }),
            ),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      getChannelAvailability(req.ctx, req.params.id, { ...req.query, limit: req.query.limit ?? 100 }),
  );

  // Hold rules --------------------------------------------------------------------------------------------
  app.addSchema(HoldRule);
  app.get(
    '/v1/hold-rules',
    {
      schema: {
        tags: ['orders'],
        operationId: 'listHoldRules',
        summary: 'Hold rules, in the order they are evaluated',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('HoldRule')) }), ...errorResponses },
      },
    },
    async (req) => listHoldRules(req.ctx),
  );
  app.post(
    '/v1/hold-rules',
    {
      schema: {
        tags: ['orders'],
        operationId: 'createHoldRule',
        summary: 'Create a hold rule: new orders matching its condition are put on hold with its name',
        body: CreateHoldRuleBody,
        response: { 201: Type.Ref('HoldRule'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createHoldRule(req.ctx, req.body), 201),
  );
  app.patch(
    '/v1/hold-rules/:id',
    {
      schema: {
        tags: ['orders'],
        operationId: 'updateHoldRule',
        summary: 'Change a hold rule (or switch it off with isActive: false)',
        params: RefParams,
        body: UpdateHoldRuleBody,
        response: { 200: Type.Ref('HoldRule'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updateHoldRule(req.ctx, req.params.id, req.body)),
  );

  // Orders ------------------------------------------------------------------------------------------------
  app.post(
    '/v1/orders',
    {
      schema: {
        tags: ['orders'],
        operationId: 'createOrder',
        summary:
          'Take an order from a channel (keyed by channel + externalId: sending it again returns it, 200) and allocate it',
        body: CreateOrderBody,
        response: { 201: OrderRef, 200: OrderRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await createOrder(req.ctx, req.body);
      return sendOutcome(
        reply,
        { value: out.value.order, replayed: out.replayed },
        out.value.existing || out.replayed ? 200 : 201,
      );
    },
  );
  app.get(
    '/v1/orders',
    {
      schema: {
        tags: ['orders'],
        operationId: 'listOrders',
        summary: 'List and search orders, newest placed first',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ maxLength: 40 })),
            channel: Type.Optional(Type.String({ maxLength: 64 })),
            sku: Type.Optional(Type.String({ maxLength: 64 })),
            customer: Type.Optional(
              Type.String({ maxLength: 254, description: 'Customer id, external id or email' }),
            ),
            externalId: Type.Optional(Type.String({ maxLength: 200 })),
            onHold: Type.Optional(Type.Boolean()),
            placedSince: Type.Optional(Timestamp()),
            placedUntil: Type.Optional(Timestamp()),
            warehouse: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 64,
                description:
                  'Warehouse code or id: orders with units allocated (held) or shipped from it, whatever ' +
                  'their channel ships from',
              }),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(OrderRef), ...errorResponses },
      },
    },
    async (req) => listOrders(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/orders/:id',
    {
      schema: {
        tags: ['orders'],
        operationId: 'getOrder',
        summary:
          'Get an order: lines with their buckets and allocations, the allocation explanation, the timeline',
        params: RefParams,
        response: { 200: OrderWithTimeline, ...errorResponses },
      },
    },
    async (req) => getOrder(req.ctx, req.params.id),
  );
  app.post(
    '/v1/orders/:id/hold',
    {
      schema: {
        tags: ['orders'],
        operationId: 'holdOrder',
        summary: 'Put an order on hold (it keeps its allocation)',
        params: RefParams,
        body: HoldBody,
        response: { 200: OrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await holdOrder(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/orders/:id/release',
    {
      schema: {
        tags: ['orders'],
        operationId: 'releaseOrder',
        summary: 'Release an order from hold',
        params: RefParams,
        body: ReleaseBody,
        response: { 200: OrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await releaseOrder(req.ctx, req.params.id, req.body ?? {})),
  );
  app.post(
    '/v1/orders/:id/edit',
    {
      schema: {
        tags: ['orders'],
        operationId: 'editOrder',
        summary:
          'Edit an open order: add lines, change quantities, remove lines, change the address; allocation reruns',
        params: RefParams,
        body: EditBody,
        response: { 200: OrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await editOrder(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/orders/:id/reallocate',
    {
      schema: {
        tags: ['orders'],
        operationId: 'reallocateOrder',
        summary:
          'Release what is not shipped and allocate it again with the current stock, warehouses and rules',
        params: RefParams,
        body: ReallocateBody,
        response: { 200: OrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await reallocateOrder(req.ctx, req.params.id, req.body ?? {})),
  );
  app.post(
    '/v1/orders/:id/cancel',
    {
      schema: {
        tags: ['orders'],
        operationId: 'cancelOrder',
        summary: 'Cancel a whole order or quantities of lines; their stock is released at once',
        params: RefParams,
        body: CancelBody,
        response: { 200: OrderRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await cancelOrder(req.ctx, req.params.id, req.body)),
  );
  await orderImportRoutes(app);
}
