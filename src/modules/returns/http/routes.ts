import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { authoriseReturn } from '../commands/authorise-return.js';
import { cancelReturn } from '../commands/cancel-return.js';
import { closeReturn } from '../commands/close-return.js';
import { inspectReturn } from '../commands/inspect-return.js';
import { receiveReturn } from '../commands/receive-return.js';
import { getReturn, listReturns } from '../queries/returns.js';
import {
  AuthoriseReturnBody,
  CancelReturnBody,
  CloseReturnBody,
  CustomerReturn,
  InspectReturnBody,
  RETURN_STATUSES,
  ReceiveReturnBody,
} from './schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const REFUND_NOTE =
  ' The refund amount is what the returned units were paid; posting it to the books (a credit note, the payment) is not done here yet.';

export async function returnRoutes(app: App): Promise<void> {
  app.addSchema(CustomerReturn);
  const ReturnRef = Type.Ref('CustomerReturn');

  app.post(
    '/v1/returns',
    {
      schema: {
        tags: ['returns'],
        operationId: 'authoriseReturn',
        summary: 'Authorise a customer return (RMA) of shipped units of an order',
        description:
          'Only shipped units not already on another return can be authorised (422 return_exceeds_shipped). The units come back to the warehouse that shipped them unless another is named. Writes return.authorised.' +
          REFUND_NOTE,
        body: AuthoriseReturnBody,
        response: { 201: ReturnRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await authoriseReturn(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/returns',
    {
      schema: {
        tags: ['returns'],
        operationId: 'listReturns',
        summary: 'List returns, newest first',
        querystring: Type.Object(
          {
            order: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Type.Union(RETURN_STATUSES.map((s) => Type.Literal(s)))),
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ReturnRef), ...errorResponses },
      },
    },
    async (req) => listReturns(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/returns/:id',
    {
      schema: {
        tags: ['returns'],
        operationId: 'getReturn',
        summary: 'Get a return with its lines, receipts and graded units',
        params: RefParams,
        response: { 200: ReturnRef, ...errorResponses },
      },
    },
    async (req) => getReturn(req.ctx, req.params.id),
  );
  app.post(
    '/v1/returns/:id/receive',
    {
      schema: {
        tags: ['returns'],
        operationId: 'receiveReturn',
        summary: 'Receive returned units into a quarantine location of the warehouse, for inspection',
        description:
          "The units move from the warehouse's @customer location (reason return), the order lines count them returned and the refund grows by what they were paid. Writes return.received." +
          REFUND_NOTE,
        params: RefParams,
        body: ReceiveReturnBody,
        response: { 200: ReturnRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await receiveReturn(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/returns/:id/inspect',
    {
      schema: {
        tags: ['returns'],
        operationId: 'inspectReturn',
        summary: 'Grade received units: restock to a storage location, keep in quarantine, or scrap',
        description:
          'Each received unit is graded once. Restocked units can be sold again (backorders fill). The return closes (return.closed) when nothing more will come and every received unit is graded.',
        params: RefParams,
        body: InspectReturnBody,
        response: { 200: ReturnRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await inspectReturn(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/returns/:id/close',
    {
      schema: {
        tags: ['returns'],
        operationId: 'closeReturn',
        summary: 'Receive no more: the units not received are not coming',
        description:
          "Closes the return once every received unit is graded (at once if they are). refundShipping adds the order's shipping to the refund." +
          REFUND_NOTE,
        params: RefParams,
        body: CloseReturnBody,
        response: { 200: ReturnRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await closeReturn(req.ctx, req.params.id, req.body ?? {})),
  );
  app.post(
    '/v1/returns/:id/cancel',
    {
      schema: {
        tags: ['returns'],
        operationId: 'cancelReturn',
        summary: 'Cancel a return nothing of which was received',
        params: RefParams,
        body: CancelReturnBody,
        response: { 200: ReturnRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await cancelReturn(req.ctx, req.params.id, req.body ?? {})),
  );
}
