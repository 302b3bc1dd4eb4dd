import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { unprocessable } from '../../../kernel/errors.js';
import { archiveSku } from '../commands/archive-sku.js';
import { createSku } from '../commands/create-sku.js';
import { importSkus } from '../commands/import-skus.js';
import { getSkuComponents, setSkuComponents } from '../commands/set-sku-components.js';
import { updateSku } from '../commands/update-sku.js';
import { getSku } from '../queries/get-sku.js';
import { listSkus } from '../queries/list-skus.js';
import { CreateSkuBody, ImportReport, Sku, SkuParams, UpdateSkuBody } from './schemas.js';

export async function catalogRoutes(app: App): Promise<void> {
  app.addSchema(Sku);
  const SkuRef = Type.Ref('Sku');

  app.post(
    '/v1/skus',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'createSku',
        summary: 'Create a SKU',
        body: CreateSkuBody,
        response: { 201: SkuRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await createSku(req.ctx, req.body);
      return sendOutcome(reply, out, 201);
    },
  );

  app.get(
    '/v1/skus',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'listSkus',
        summary: 'List and search SKUs (by code prefix, name or GTIN)',
        querystring: Type.Object(
          {
            query: Type.Optional(Type.String({ maxLength: 200 })),
            includeArchived: Type.Optional(Type.Boolean({ default: false })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(SkuRef), ...errorResponses },
      },
    },
    async (req) =>
      listSkus(req.ctx, {
        query: req.query.query,
        includeArchived: req.query.includeArchived,
        limit: req.query.limit ?? 50,
        cursor: req.query.cursor,
      }),
  );

  app.get(
    '/v1/skus/:code',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'getSku',
        summary: 'Get a SKU by code',
        params: SkuParams,
        response: { 200: SkuRef, ...errorResponses },
      },
    },
    async (req) => getSku(req.ctx, req.params.code),
  );

  app.patch(
    '/v1/skus/:code',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'updateSku',
        summary: 'Update a SKU (name, GTIN, unit)',
        params: SkuParams,
        body: UpdateSkuBody,
        response: { 200: SkuRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await updateSku(req.ctx, req.params.code, req.body);
      return sendOutcome(reply, out);
    },
  );

  for (const [verb, isArchived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/v1/skus/:code/${verb}`,
      {
        schema: {
          tags: ['catalog'],
          operationId: `${verb}Sku`,
          summary: isArchived ? 'Archive a SKU (keeps history; blocks new stock)' : 'Restore an archived SKU',
          params: SkuParams,
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
          response: { 200: SkuRef, ...errorResponses },
        },
      },
      async (req, reply) => {
        const out = await archiveSku(req.ctx, req.params.code, isArchived);
        return sendOutcome(reply, out);
      },
    );
  }

  app.post(
    '/v1/skus/imports',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'importSkus',
        summary: 'Import SKUs from CSV (text/csv body; columns code, name, gtin, unit)',
        description:
          'Creates new codes, updates changed ones, leaves identical ones alone: re-running a file changes ' +
          'nothing. Each problem is reported with its row (header = row 1), column and reason. With ' +
          'mode=all_or_nothing (default) any error writes nothing and the answer is 422 import_rejected with ' +
          'the report in details; with mode=skip_invalid the valid rows are written.',
        querystring: Type.Object(
          {
            mode: Type.Optional(
              Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')], {
                default: 'all_or_nothing',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        consumes: ['text/csv'],
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (typeof req.body !== 'string') {
        throw unprocessable('invalid_csv', 'Send the CSV file as the body with Content-Type: text/csv.');
      }
      const out = await importSkus(req.ctx, req.body, { mode: req.query.mode ?? 'all_or_nothing' });
      if (!out.value.committed) {
        throw unprocessable(
          'import_rejected',
          `The file has ${out.value.errors.length} problem(s); nothing was imported.`,
          {
            report: out.value,
          },
        );
      }
      return sendOutcome(reply, out);
    },
  );

  const Components = Type.Object({
    sku: Type.String(),
    isKit: Type.Boolean(),
    components: Type.Array(Type.Object({ sku: Type.String(), qty: Type.Integer() })),
  });
  app.get(
    '/v1/skus/:code/components',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'getSkuComponents',
        summary: "A kit's components (empty for an ordinary SKU)",
        params: SkuParams,
        response: { 200: Components, ...errorResponses },
      },
    },
    async (req) => getSkuComponents(req.ctx, req.params.code),
  );
  app.put(
    '/v1/skus/:code/components',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'setSkuComponents',
        summary: 'Make a SKU a kit of components (an empty list makes it an ordinary SKU again)',
        params: SkuParams,
        body: Type.Object(
          {
            components: Type.Array(
              Type.Object(
                {
                  sku: Type.String({ minLength: 1, maxLength: 64 }),
                  qty: Type.Integer({ minimum: 1, maximum: 1_000_000, 'x-error-code': 'invalid_quantity' }),
                },
                { additionalProperties: false },
              ),
              { maxItems: 100 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Components, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await setSkuComponents(req.ctx, req.params.code, req.body)),
  );
}
