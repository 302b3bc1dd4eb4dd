import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { unprocessable } from '../../../kernel/errors.js';
import { importOrders } from '../commands/import-orders.js';

const Mode = Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')]);

export const OrderImportReport = Type.Object({
  channel: Type.String(),
  mode: Mode,
  totalRows: Type.Integer({ description: 'Data rows (line items) in the file' }),
  orders: Type.Integer({
    description:
      'Distinct order numbers in the file (= created + cancelled + unchanged + alreadyFulfilled + rejected)',
  }),
  created: Type.Integer({ description: 'Orders taken live' }),
  cancelled: Type.Integer({
    description:
      'Orders the channel had cancelled (Cancelled at): taken as cancelled, or taken live by an earlier run ' +
      'and cancelled now (reason cancelled_in_channel); they hold no stock',
  }),
  unchanged: Type.Integer({ description: 'Already taken with the same content (a re-run): left alone' }),
  alreadyFulfilled: Type.Integer({
    description: 'Orders not taken: the channel had fulfilled every line (see notices)',
  }),
  rejected: Type.Integer({ description: 'Orders not taken; their problems are in errors' }),
  committed: Type.Boolean({ description: 'False when nothing was written' }),
  errors: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Line in the file; the header is row 1' }),
      column: Type.Union([Type.String(), Type.Null()], { description: "As the file's header names it" }),
      code: Type.String(),
      reason: Type.String(),
      order: Type.Union([Type.String(), Type.Null()], { description: 'The order number of the row' }),
      rows: Type.Array(Type.Integer(), { description: 'Every row of that order: none was imported' }),
    }),
  ),
  notices: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Line in the file; the header is row 1' }),
      column: Type.Union([Type.String(), Type.Null()], { description: "As the file's header names it" }),
      code: Type.String({
        description:
          'already_fulfilled (shipped by the channel before the migration: left out), partially_fulfilled ' +
          '(shipped in part, how much unknown: taken whole), fulfilled_since_import (an order taken earlier ' +
          'whose line the channel has shipped since: left as it is)',
      }),
      reason: Type.String(),
      order: Type.String(),
      rows: Type.Array(Type.Integer(), { description: 'The rows the notice is about' }),
    }),
    { description: 'Not errors: they never fail all_or_nothing' },
  ),
  createdIds: Type.Array(Type.String(), { description: 'Live orders this run created, in file order' }),
  cancelledIds: Type.Array(Type.String(), { description: 'Orders this run cancelled, in file order' }),
});

export async function orderImportRoutes(app: App): Promise<void> {
  app.post(
    '/v1/orders/imports',
    {
      schema: {
        tags: ['orders'],
        operationId: 'importOrders',
        summary: "Import orders from CSV (text/csv body; Shopify's order export, one row per line item)",
        description:
          "Rows are grouped into orders by order number (Shopify's Name column); order-level fields are read " +
          "from each order's first row. Also accepted: the columns order, sku, qty, price, currency, placed_at " +
          '(ISO 8601 with offset) and optional ship_name, ship_line1, ship_line2, ship_city, ship_region, ' +
          'ship_postal_code, ship_country, ship_phone. Prices are decimals in the currency ("12.50"; JPY "1200"). ' +
          'Every order is checked before anything is written; each problem is reported with its row (header = ' +
          'row 1), column and reason, and voids its whole order. With mode=all_or_nothing (default) any problem ' +
          'writes nothing and the answer is 422 import_rejected with the report in details; with ' +
          'mode=skip_invalid the valid orders are taken. Each order is taken as by createOrder, in its own ' +
          'transaction: re-running a file takes nothing twice (those orders come back as unchanged), and an ' +
          'order the channel already has with other content is reported as order_conflict. No Idempotency-Key ' +
          'is needed (one sent is not used). Customers are one per (channel, customer id), the id being the ' +
          "file's customer_id or else the buyer's email, trimmed and lower-cased. An order with Cancelled at is " +
          'taken as cancelled (reason cancelled_in_channel, no stock held), and one an earlier run took live is ' +
          'cancelled. Lines whose Lineitem fulfillment status (or order whose Fulfillment Status) is fulfilled ' +
          'were shipped by the channel: they are left out and reported in notices as already_fulfilled; an ' +
          'order with no line left is not taken. Notices are not errors.',
        querystring: Type.Object(
          {
            channel: Type.String({ minLength: 1, maxLength: 64, description: 'Channel code or id' }),
            mode: Type.Optional(
              Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')], {
                default: 'all_or_nothing',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        consumes: ['text/csv'],
        response: { 200: OrderImportReport, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (typeof req.body !== 'string') {
        throw unprocessable('invalid_csv', 'Send the CSV file as the body with Content-Type: text/csv.');
      }
      const out = await importOrders(req.ctx, req.body, {
        channel: req.query.channel,
        mode: req.query.mode ?? 'all_or_nothing',
      });
      if (!out.value.committed) {
        throw unprocessable(
          'import_rejected',
          `The file has ${out.value.errors.length} problem(s); nothing was imported.`,
          { report: out.value },
        );
      }
      return sendOutcome(reply, out);
    },
  );
}
