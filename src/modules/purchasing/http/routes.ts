import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery, SkuCode } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { unprocessable } from '../../../kernel/errors.js';
import { cancelPurchaseOrder } from '../commands/cancel-purchase-order.js';
import { closePurchaseOrder } from '../commands/close-purchase-order.js';
import { createPurchaseOrder } from '../commands/create-purchase-order.js';
import { createSupplier } from '../commands/create-supplier.js';
import { importPurchaseOrders } from '../commands/import-purchase-orders.js';
import { sendPurchaseOrder } from '../commands/send-purchase-order.js';
import { setSupplierSku } from '../commands/set-supplier-sku.js';
import { updatePurchaseOrder } from '../commands/update-purchase-order.js';
import { updateSupplier } from '../commands/update-supplier.js';
import { PO_STATUSES } from '../db/purchase-orders.js';
import { getPurchaseOrderEdi, getPurchaseOrderPdf } from '../queries/documents.js';
import { getPurchaseOrder, listIncoming, listPurchaseOrders } from '../queries/purchase-orders.js';
import { getSupplier, listSupplierSkus, listSuppliers } from '../queries/suppliers.js';
import {
  CreatePurchaseOrderBody,
  CreateSupplierBody,
  ImportResult,
  Incoming,
  PurchaseOrder,
  ReasonBody,
  SetSupplierSkuBody,
  Supplier,
  SupplierCode,
  SupplierSku,
  UpdatePurchaseOrderBody,
  UpdateSupplierBody,
} from './schemas.js';

const TAGS = ['purchasing'];
const CodeParams = Type.Object({ code: SupplierCode });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Binary = (description: string) => Type.String({ format: 'binary', description });

/** Suppliers, supplier SKUs, purchase orders, their PDF and X12 850, and quantities on order. */
export async function purchasingRoutes(app: App): Promise<void> {
  app.addSchema(Supplier);
  app.addSchema(SupplierSku);
  app.addSchema(PurchaseOrder);
  const SupplierRef = Type.Ref('Supplier');
  const PoRef = Type.Ref('PurchaseOrder');
  // X12 travels as text; this plugin's routes only (Fastify encapsulation).
  app.addContentTypeParser('application/edi-x12', { parseAs: 'string' }, (_req, body, done) =>
    done(null, String(body)),
  );

  app.post(
    '/v1/suppliers',
    {
      schema: {
        tags: TAGS,
        operationId: 'createSupplier',
        summary: 'Create a supplier',
        body: CreateSupplierBody,
        response: { 201: SupplierRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createSupplier(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/suppliers',
    {
      schema: {
        tags: TAGS,
        operationId: 'listSuppliers',
        summary: 'List suppliers by code',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the code or name' })),
            includeArchived: Type.Optional(Type.Boolean()),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(SupplierRef), ...errorResponses },
      },
    },
    async (req) => listSuppliers(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/suppliers/:code',
    {
      schema: {
        tags: TAGS,
        operationId: 'getSupplier',
        summary: 'Get a supplier',
        params: CodeParams,
        response: { 200: SupplierRef, ...errorResponses },
      },
    },
    async (req) => getSupplier(req.ctx, req.params.code),
  );
  app.patch(
    '/v1/suppliers/:code',
    {
      schema: {
        tags: TAGS,
        operationId: 'updateSupplier',
        summary: 'Change a supplier, archive it (isArchived: true) or restore it',
        params: CodeParams,
        body: UpdateSupplierBody,
        response: { 200: SupplierRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updateSupplier(req.ctx, req.params.code, req.body)),
  );
  app.put(
    '/v1/suppliers/:code/skus/:sku',
    {
      schema: {
        tags: TAGS,
        operationId: 'setSupplierSku',
        summary: "Set a supplier's terms for a SKU: its code, unit cost, pack size, minimum order",
        params: Type.Object({ code: SupplierCode, sku: SkuCode }),
        body: SetSupplierSkuBody,
        response: { 200: Type.Ref('SupplierSku'), ...errorResponses },
      },
    },
    async (req, reply) =>
      sendOutcome(reply, await setSupplierSku(req.ctx, req.params.code, req.params.sku, req.body)),
  );
  app.get(
    '/v1/suppliers/:code/skus',
    {
      schema: {
        tags: TAGS,
        operationId: 'listSupplierSkus',
        summary: 'What a supplier sells us',
        params: CodeParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('SupplierSku')) }), ...errorResponses },
      },
    },
    async (req) => listSupplierSkus(req.ctx, req.params.code),
  );

  app.post(
    '/v1/purchase-orders',
    {
      schema: {
        tags: TAGS,
        operationId: 'createPurchaseOrder',
        summary: 'Create a draft purchase order (quantities in whole packs of the supplier SKU)',
        body: CreatePurchaseOrderBody,
        response: { 201: PoRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createPurchaseOrder(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/purchase-orders',
    {
      schema: {
        tags: TAGS,
        operationId: 'listPurchaseOrders',
        summary: 'List purchase orders, newest first',
        querystring: Type.Object(
          {
            supplier: Type.Optional(SupplierCode),
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Type.Union(PO_STATUSES.map((s) => Type.Literal(s)))),
            sku: Type.Optional(SkuCode),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(PoRef), ...errorResponses },
      },
    },
    async (req) => listPurchaseOrders(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/purchase-orders/incoming',
    {
      schema: {
        tags: TAGS,
        operationId: 'listIncomingStock',
        summary:
          'Units on order per SKU and warehouse (sent and partially received orders), next expected date',
        querystring: Type.Object(
          { sku: Type.Optional(SkuCode), warehouse: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: Incoming, ...errorResponses },
      },
    },
    async (req) => listIncoming(req.ctx, req.query),
  );
  app.post(
    '/v1/purchase-orders/imports',
    {
      schema: {
        tags: TAGS,
        operationId: 'importPurchaseOrders',
        summary: 'Import X12 850 purchase orders as drafts (idempotent by supplier and BEG03)',
        description:
          'Send the X12 document as the body (text/plain or application/edi-x12), or JSON { "edi": "…" }. ' +
          'The supplier comes from N1*SE / N1*VN (code in N104, or name) or REF*IA, else ?supplier=; the ' +
          'warehouse from ?warehouse=, else N1*ST. Any fault is 422 invalid_edi naming the segment, its ' +
          'position and the element; nothing is written. A stated AMT total that differs from the lines is ' +
          'a warning.',
        querystring: Type.Object(
          { warehouse: Type.Optional(Type.String({ maxLength: 64 })), supplier: Type.Optional(SupplierCode) },
          { additionalProperties: false },
        ),
        consumes: ['text/plain', 'application/edi-x12', 'application/json'],
        response: { 200: ImportResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown;
      const edi =
        typeof body === 'string'
          ? body
          : typeof body === 'object' && body !== null && typeof (body as { edi?: unknown }).edi === 'string'
            ? (body as { edi: string }).edi
            : null;
      if (edi === null || edi.trim() === '') {
        throw unprocessable(
          'invalid_edi',
          'Send the X12 document as the body with Content-Type: application/edi-x12 or text/plain, or as JSON { "edi": "…" }.',
        );
      }
      return sendOutcome(reply, await importPurchaseOrders(req.ctx, edi, req.query));
    },
  );
  app.get(
    '/v1/purchase-orders/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getPurchaseOrder',
        summary: 'Get a purchase order: lines ordered, received, rejected and open, totals in minor units',
        params: IdParams,
        response: { 200: PoRef, ...errorResponses },
      },
    },
    async (req) => getPurchaseOrder(req.ctx, req.params.id),
  );
  app.patch(
    '/v1/purchase-orders/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'updatePurchaseOrder',
        summary: 'Change a draft: lines (all replaced), expected date, notes; compared on version',
        params: IdParams,
        body: UpdatePurchaseOrderBody,
        response: { 200: PoRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updatePurchaseOrder(req.ctx, req.params.id, req.body)),
  );
  const transition = (
    verb: 'send' | 'cancel' | 'close',
    operationId: string,
    summary: string,
    run: (
      id: string,
      body: { reason?: string | undefined },
      ctx: Parameters<typeof sendPurchaseOrder>[0],
    ) => ReturnType<typeof sendPurchaseOrder>,
  ) =>
    app.post(
      `/v1/purchase-orders/:id/${verb}`,
      {
        schema: {
          tags: TAGS,
          operationId,
          summary,
          params: IdParams,
          body: ReasonBody,
          response: { 200: PoRef, ...errorResponses },
        },
      },
      async (req, reply) => sendOutcome(reply, await run(req.params.id, req.body ?? {}, req.ctx)),
    );
  transition(
    'send',
    'sendPurchaseOrder',
    'Send a draft to the supplier: its lines count as on order',
    (id, _b, ctx) => sendPurchaseOrder(ctx, id),
  );
  transition(
    'cancel',
    'cancelPurchaseOrder',
    'Cancel a draft, or a sent order with nothing received',
    (id, b, ctx) => cancelPurchaseOrder(ctx, id, b),
  );
  transition(
    'close',
    'closePurchaseOrder',
    'Close a partly or fully received order: the rest will not come',
    (id, b, ctx) => closePurchaseOrder(ctx, id, b),
  );
  app.get(
    '/v1/purchase-orders/:id/pdf',
    {
      schema: {
        tags: TAGS,
        operationId: 'getPurchaseOrderPdf',
        summary: 'The purchase order as a PDF for the supplier',
        params: IdParams,
        response: {
          200: {
            description: 'The purchase order',
            content: { 'application/pdf': { schema: Binary('PDF') } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const doc = await getPurchaseOrderPdf(req.ctx, req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${doc.filename}"`)
        .send(doc.body);
    },
  );
  app.get(
    '/v1/purchase-orders/:id/edi',
    {
      schema: {
        tags: TAGS,
        operationId: 'getPurchaseOrderEdi',
        summary: 'The purchase order as an X12 850 (004010) from our sender id',
        params: IdParams,
        response: {
          200: {
            description: 'X12 850',
            content: { 'application/edi-x12': { schema: Type.String({ description: 'X12 document' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const doc = await getPurchaseOrderEdi(req.ctx, req.params.id);
      return reply
        .type('application/edi-x12')
        .header('content-disposition', `attachment; filename="${doc.filename}"`)
        .send(doc.body);
    },
  );
}
