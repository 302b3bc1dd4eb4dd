import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { unprocessable } from '../../../kernel/errors.js';
import { decideReceiptQc } from '../commands/decide-receipt-qc.js';
import { importAsn } from '../commands/import-asn.js';
import { receiveAsn } from '../commands/receive-asn.js';
import { receiveBlind } from '../commands/receive-blind.js';
import { receivePurchaseOrder } from '../commands/receive-purchase-order.js';
import { QC_STATUSES } from '../domain/receiving.js';
import { getAsn, getReceipt, getReceivingDiscrepancies, listReceipts } from '../queries/receipts.js';
import {
  Asn,
  AsnImportResult,
  AsnReceiptResult,
  DecideQcBody,
  DiscrepancyReport,
  Receipt,
  ReceiptResult,
  ReceiveAsnBody,
  ReceiveBlindBody,
  ReceivePurchaseOrderBody,
} from './receiving-schemas.js';

const TAGS = ['receiving'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Since = Type.Optional(Type.String({ maxLength: 40, description: 'Date or date-time (ISO 8601)' }));

/** Receiving against purchase orders, ASNs (X12 856) or blind; QC of quarantined units; discrepancies. */
export async function receivingRoutes(app: App): Promise<void> {
  app.addSchema(Receipt);
  app.addSchema(ReceiptResult);
  app.addSchema(Asn);
  // X12 travels as text; this plugin's routes only (Fastify encapsulation).
  app.addContentTypeParser('application/edi-x12', { parseAs: 'string' }, (_req, body, done) =>
    done(null, String(body)),
  );

  app.post(
    '/v1/purchase-orders/:id/receipts',
    {
      schema: {
        tags: TAGS,
        operationId: 'receivePurchaseOrder',
        summary:
          'Receive goods against a purchase order (dock or QC; damaged and unexpected units to quarantine)',
        params: IdParams,
        body: ReceivePurchaseOrderBody,
        response: { 201: Type.Ref('ReceiptResult'), ...errorResponses },
      },
    },
    async (req, reply) =>
      sendOutcome(reply, await receivePurchaseOrder(req.ctx, req.params.id, req.body), 201),
  );
  app.post(
    '/v1/receipts',
    {
      schema: {
        tags: TAGS,
        operationId: 'receiveBlind',
        summary: 'Blind receipt: goods received without a purchase order',
        body: ReceiveBlindBody,
        response: { 201: Type.Ref('ReceiptResult'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await receiveBlind(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/receipts',
    {
      schema: {
        tags: TAGS,
        operationId: 'listReceipts',
        summary: 'List receipts, most recent first',
        querystring: Type.Object(
          {
            po: Type.Optional(Type.String({ maxLength: 64, description: 'Purchase order id or number' })),
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            qcStatus: Type.Optional(Literals(QC_STATUSES)),
            since: Since,
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Type.Ref('Receipt')), ...errorResponses },
      },
    },
    async (req) => listReceipts(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/receipts/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getReceipt',
        summary: 'Get a receipt with its lines, discrepancies and QC',
        params: IdParams,
        response: { 200: Type.Ref('Receipt'), ...errorResponses },
      },
    },
    async (req) => getReceipt(req.ctx, req.params.id),
  );
  app.post(
    '/v1/receipts/:id/qc',
    {
      schema: {
        tags: TAGS,
        operationId: 'decideReceiptQc',
        summary:
          'Record the QC decision on quarantined lines: accepted units to the dock or a bin, rejected back to the supplier or scrap',
        params: IdParams,
        body: DecideQcBody,
        response: { 200: Type.Ref('Receipt'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await decideReceiptQc(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/asns/imports',
    {
      schema: {
        tags: TAGS,
        operationId: 'importAsn',
        summary: 'Import an advance ship notice (X12 856); idempotent by its BSN02 reference',
        description:
          'Send the X12 document as the body (text/plain or application/edi-x12), or JSON { "edi": "…" }. ' +
          'A fault is 422 invalid_edi naming the segment; SSCCs with a wrong check digit, an unreadable ' +
          'ship date and wrong GE/IEA counts are warnings. 201 when imported, 200 when the same notice was ' +
          'imported before.',
        consumes: ['text/plain', 'application/edi-x12', 'application/json'],
        response: { 200: AsnImportResult, 201: AsnImportResult, ...errorResponses },
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
      if (edi === null || edi.trim() === '')
        throw unprocessable(
          'invalid_edi',
          'Send the X12 856 as the body with Content-Type: application/edi-x12 or text/plain, or as JSON { "edi": "…" }.',
        );
      const outcome = await importAsn(req.ctx, edi);
      return sendOutcome(reply, outcome, outcome.value.created ? 201 : 200);
    },
  );
  app.get(
    '/v1/asns/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getAsn',
        summary: 'Get an advance ship notice with its lines and receipts',
        params: IdParams,
        response: { 200: Type.Ref('Asn'), ...errorResponses },
      },
    },
    async (req) => getAsn(req.ctx, req.params.id),
  );
  app.post(
    '/v1/asns/:id/receive',
    {
      schema: {
        tags: TAGS,
        operationId: 'receiveAsn',
        summary: 'Receive what an advance ship notice lists against its purchase orders (shorts recorded)',
        params: IdParams,
        body: ReceiveAsnBody,
        response: { 201: AsnReceiptResult, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await receiveAsn(req.ctx, req.params.id, req.body), 201),
  );
  app.get(
    '/v1/reports/receiving-discrepancies',
    {
      schema: {
        tags: TAGS,
        operationId: 'getReceivingDiscrepancies',
        summary: 'Receiving discrepancies: damaged, over, short (ASN or closed order), wrong item',
        querystring: Type.Object(
          {
            since: Since,
            supplier: Type.Optional(Type.String({ maxLength: 64 })),
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DiscrepancyReport, ...errorResponses },
      },
    },
    async (req) => getReceivingDiscrepancies(req.ctx, req.query),
  );
}
