import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, LocationCode, Page, PageQuery, Timestamp } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { forbidden, unprocessable } from '../../../kernel/errors.js';
import { adjustStock } from '../commands/adjust-stock.js';
import { archiveLocation } from '../commands/archive-location.js';
import { countStock } from '../commands/count-stock.js';
import { createLocation } from '../commands/create-location.js';
import { deleteLocation } from '../commands/delete-location.js';
import { importLocations } from '../commands/import-locations.js';
import { postReservation } from '../commands/post-reservation.js';
import { receiveStock } from '../commands/receive-stock.js';
import { receiveTransfer } from '../commands/receive-transfer.js';
import { reserveStock } from '../commands/reserve-stock.js';
import { scrapStock } from '../commands/scrap-stock.js';
import { setLocationUsage } from '../commands/set-location-usage.js';
import { setReorderPoints } from '../commands/set-reorder-points.js';
import { transferStock } from '../commands/transfer-stock.js';
import { updateLocationLayout } from '../commands/update-location-layout.js';
import { voidReservation } from '../commands/void-reservation.js';
import { checkLedger } from '../queries/check-ledger.js';
import { getReservation, listReservations } from '../queries/get-reservation.js';
import { getStock } from '../queries/get-stock.js';
import { getTransfer, listTransfers } from '../queries/get-transfer.js';
import { getLocation, listLocations } from '../queries/list-locations.js';
import { listMoves } from '../queries/list-moves.js';
import { getLowStockReport, getReorderPoints } from '../queries/low-stock.js';
import {
  AdjustmentBody,
  Balance,
  CountBody,
  CountResult,
  CreateLocationBody,
  LedgerReport,
  Location,
  LocationImportReport,
  LocationLayoutBody,
  Move,
  MoveLine,
  PostBody,
  PostResult,
  ReceiptBody,
  ReceiveTransferBody,
  Reservation,
  ReserveBody,
  ScrapBody,
  SetLocationUsageBody,
  StockChange,
  StockReport,
  Transfer,
  TransferBody,
  TransferResult,
} from './schemas.js';

const CodeParams = Type.Object({ code: LocationCode });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const EmptyBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

export async function inventoryRoutes(app: App): Promise<void> {
  for (const schema of [Location, Move, Balance, Transfer, Reservation]) app.addSchema(schema);
  const LocationRef = Type.Ref('Location');

  // Locations ---------------------------------------------------------------------------------------------
  app.post(
    '/v1/locations',
    {
      schema: {
        tags: ['locations'],
        operationId: 'createLocation',
        summary: 'Create a warehouse (with its virtual locations), a zone or a bin',
        body: CreateLocationBody,
        response: { 201: LocationRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createLocation(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/locations',
    {
      schema: {
        tags: ['locations'],
        operationId: 'listLocations',
        summary: 'List locations by code (a warehouse, then its zones and bins)',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(LocationCode),
            kind: Type.Optional(Type.String({ maxLength: 20 })),
            includeVirtual: Type.Optional(Type.Boolean({ default: false })),
            includeArchived: Type.Optional(Type.Boolean({ default: false })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(LocationRef), ...errorResponses },
      },
    },
    async (req) => listLocations(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/locations/:code',
    {
      schema: {
        tags: ['locations'],
        operationId: 'getLocation',
        summary: 'Get a location (URL-encode the slash: WH1%2FA-01-02)',
        params: CodeParams,
        response: { 200: LocationRef, ...errorResponses },
      },
    },
    async (req) => getLocation(req.ctx, req.params.code),
  );
  app.post(
    '/v1/locations/:code/archive',
    {
      schema: {
        tags: ['locations'],
        operationId: 'archiveLocation',
        summary: 'Archive an empty location and everything under it',
        params: CodeParams,
        body: EmptyBody,
        response: { 200: LocationRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await archiveLocation(req.ctx, req.params.code)),
  );
  app.delete(
    '/v1/locations/:code',
    {
      schema: {
        tags: ['locations'],
        operationId: 'deleteLocation',
        summary: 'Delete a location that was never used (otherwise archive it)',
        params: CodeParams,
        response: { 200: Type.Object({ deleted: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await deleteLocation(req.ctx, req.params.code)),
  );
  app.put(
    '/v1/locations/:code/layout',
    {
      schema: {
        tags: ['locations'],
        operationId: 'updateLocationLayout',
        summary: 'Set where a warehouse (its depot), zone or bin is on the floor plan, for pick routing',
        description:
          'Fields left out keep their value; null clears one. x and y are centimetres on the floor plan and ' +
          'are sent together. Virtual locations have no layout (422 location_not_physical); a layout that ' +
          'breaks the rules is 422 invalid_layout (400 invalid_layout when a field is out of its range).',
        params: CodeParams,
        body: LocationLayoutBody,
        response: { 200: LocationRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updateLocationLayout(req.ctx, req.params.code, req.body)),
  );
  app.put(
    '/v1/locations/:code/usage',
    {
      schema: {
        tags: ['locations'],
        operationId: 'setLocationUsage',
        summary: 'Say what a zone or bin is for: storage (promisable), receiving (a dock) or quarantine',
        description:
          "A zone's bins follow it. Only storage stock is allocated to orders or counted as available; a location " +
          'holding reserved units cannot become receiving or quarantine (409 location_has_reservations).',
        params: CodeParams,
        body: SetLocationUsageBody,
        response: { 200: LocationRef, ...errorResponses },
      },
    },
    async (req, reply) =>
      sendOutcome(reply, await setLocationUsage(req.ctx, req.params.code, req.body.usage)),
  );
  app.post(
    '/v1/locations/imports',
    {
      schema: {
        tags: ['locations'],
        operationId: 'importLocations',
        summary:
          'Import zones and bins with their layout from CSV (columns code, name, kind, parent, aisle, bay, level, x, y, pick_seq)',
        description:
          'Send the file as a text/csv body (or JSON { "csv": "…" }). Only code is required; kind is zone or ' +
          "bin (default bin); parent defaults to the code's warehouse (WH1/A-01-02 goes under WH1). New codes " +
          'are created, existing ones get the name and layout of the file (an empty cell clears a layout ' +
          'field, a column left out keeps it; kind and parent must match), identical ones are left alone: ' +
          're-running a file changes nothing. At most 20,000 rows, in one transaction. Each problem is ' +
          'reported with its row (header = row 1), column, location and reason. With mode=all_or_nothing ' +
          '(default) any error writes nothing and the answer is 422 import_rejected with the report in ' +
          'details; with mode=skip_invalid the valid rows are written.',
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
        consumes: ['text/csv', 'application/json'],
        response: { 200: LocationImportReport, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown;
      const csv =
        typeof body === 'string'
          ? body
          : typeof body === 'object' && body !== null && typeof (body as { csv?: unknown }).csv === 'string'
            ? (body as { csv: string }).csv
            : null;
      if (csv === null) {
        throw unprocessable(
          'invalid_csv',
          'Send the CSV file as the body with Content-Type: text/csv, or as JSON { "csv": "…" }.',
        );
      }
      const out = await importLocations(req.ctx, csv, { mode: req.query.mode ?? 'all_or_nothing' });
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

  // Stock operations --------------------------------------------------------------------------------------
  const stockOp = <B extends Type.TSchema>(path: string, operationId: string, summary: string, body: B) => ({
    path,
    schema: {
      tags: ['stock'],
      operationId,
      summary,
      body,
      response: { 201: StockChange, ...errorResponses },
    },
  });
  const receipt = stockOp(
    '/v1/stock/receipts',
    'receiveStock',
    'Receive stock into a location (from the supplier location)',
    ReceiptBody,
  );
  app.post(receipt.path, { schema: receipt.schema }, async (req, reply) =>
    sendOutcome(reply, await receiveStock(req.ctx, req.body), 201),
  );
  const adjustment = stockOp(
    '/v1/stock/adjustments',
    'adjustStock',
    'Adjust stock up or down with a reason code',
    AdjustmentBody,
  );
  app.post(adjustment.path, { schema: adjustment.schema }, async (req, reply) =>
    sendOutcome(reply, await adjustStock(req.ctx, req.body), 201),
  );
  const scrap = stockOp('/v1/stock/scraps', 'scrapStock', 'Scrap stock (to the scrap location)', ScrapBody);
  app.post(scrap.path, { schema: scrap.schema }, async (req, reply) =>
    sendOutcome(reply, await scrapStock(req.ctx, req.body), 201),
  );

  app.post(
    '/v1/stock/counts',
    {
      schema: {
        tags: ['stock'],
        operationId: 'countStock',
        summary: 'Record a physical count (compare-and-set with expectedQty)',
        body: CountBody,
        response: { 201: CountResult, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await countStock(req.ctx, req.body), 201),
  );
  app.post(
    '/v1/stock/transfers',
    {
      schema: {
        tags: ['stock'],
        operationId: 'transferStock',
        summary: 'Transfer stock between locations, directly or via in-transit',
        body: TransferBody,
        response: { 201: TransferResult, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await transferStock(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/stock/transfers',
    {
      schema: {
        tags: ['stock'],
        operationId: 'listTransfers',
        summary: 'Transfers through transit, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('in_transit'), Type.Literal('received')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Type.Ref('Transfer')), ...errorResponses },
      },
    },
    async (req) => listTransfers(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/stock/transfers/:id',
    {
      schema: {
        tags: ['stock'],
        operationId: 'getTransfer',
        summary: 'Get a transfer',
        params: IdParams,
        response: { 200: Type.Ref('Transfer'), ...errorResponses },
      },
    },
    async (req) => getTransfer(req.ctx, req.params.id),
  );
  app.post(
    '/v1/stock/transfers/:id/receive',
    {
      schema: {
        tags: ['stock'],
        operationId: 'receiveTransfer',
        summary: 'Receive an in-transit transfer at its destination (partially or closing short)',
        params: IdParams,
        body: ReceiveTransferBody,
        response: { 200: TransferResult, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await receiveTransfer(req.ctx, req.params.id, req.body)),
  );

  // Reorder points ----------------------------------------------------------------------------------------
  const ReorderPoints = Type.Object({
    sku: Type.String(),
    points: Type.Array(
      Type.Object({
        warehouse: Type.String(),
        lowAt: Type.Integer(),
        reorderQty: Type.Union([Type.Integer(), Type.Null()]),
        available: Type.Integer(),
        isLow: Type.Boolean(),
      }),
    ),
  });
  const SkuParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
  app.get(
    '/v1/skus/:code/reorder-points',
    {
      schema: {
        tags: ['stock'],
        operationId: 'getReorderPoints',
        summary: "A SKU's reorder points per warehouse, with what is available there now",
        params: SkuParams,
        response: { 200: ReorderPoints, ...errorResponses },
      },
    },
    async (req) => getReorderPoints(req.ctx, req.params.code),
  );
  app.put(
    '/v1/skus/:code/reorder-points',
    {
      schema: {
        tags: ['stock'],
        operationId: 'setReorderPoints',
        summary:
          "Set a SKU's reorder points (replacing those in your warehouses): below lowAt available, stock.low is sent",
        params: SkuParams,
        body: Type.Object(
          {
            points: Type.Array(
              Type.Object(
                {
                  warehouse: Type.String({ minLength: 1, maxLength: 64 }),
                  lowAt: Type.Integer({
                    minimum: 1,
                    maximum: 1_000_000_000,
                    description: 'Low below this many available units',
                  }),
                  reorderQty: Type.Optional(
                    Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), Type.Null()]),
                  ),
                },
                { additionalProperties: false },
              ),
              { maxItems: 200 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReorderPoints, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await setReorderPoints(req.ctx, req.params.code, req.body)),
  );
  app.get(
    '/v1/reports/low-stock',
    {
      schema: {
        tags: ['stock'],
        operationId: 'getLowStockReport',
        summary: 'SKUs below their reorder point, per warehouse, the furthest below first',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                sku: Type.String(),
                skuName: Type.String(),
                warehouse: Type.String(),
                onHand: Type.Integer(),
                reserved: Type.Integer(),
                available: Type.Integer(),
                lowAt: Type.Integer(),
                reorderQty: Type.Union([Type.Integer(), Type.Null()]),
                shortBy: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      getLowStockReport(req.ctx, { warehouse: req.query.warehouse, limit: req.query.limit ?? 200 }),
  );

  // Stock queries -----------------------------------------------------------------------------------------
  app.get(
    '/v1/stock',
    {
      schema: {
        tags: ['stock'],
        operationId: 'getStock',
        summary:
          'Stock per SKU and location: on hand, reserved, available, with totals (optionally as of a past instant)',
        querystring: Type.Object(
          {
            sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            location: Type.Optional(LocationCode),
            includeVirtual: Type.Optional(Type.Boolean({ default: false })),
            includeZero: Type.Optional(Type.Boolean({ default: false })),
            asOf: Type.Optional(Timestamp('Re-derive stock as it stood at this instant')),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: StockReport, ...errorResponses },
      },
    },
    async (req) => getStock(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/stock/moves',
    {
      schema: {
        tags: ['stock'],
        operationId: 'listMoves',
        summary: 'Movement history, newest first (with a running balance for one SKU at one location)',
        querystring: Type.Object(
          {
            sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            location: Type.Optional(LocationCode),
            since: Type.Optional(Timestamp('Occurred at or after')),
            until: Type.Optional(Timestamp('Occurred before')),
            type: Type.Optional(Type.String({ maxLength: 32 })),
            reason: Type.Optional(Type.String({ maxLength: 32 })),
            reference: Type.Optional(Type.String({ maxLength: 200 })),
            reservationId: Type.Optional(Type.String({ maxLength: 64 })),
            transferId: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(MoveLine), ...errorResponses },
      },
    },
    async (req) => listMoves(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/ledger/check',
    {
      schema: {
        tags: ['stock'],
        operationId: 'checkLedger',
        summary: 'Re-derive every balance from the moves and list any disagreement',
        response: { 200: LedgerReport, ...errorResponses },
      },
    },
    async (req) => {
      if (req.ctx.warehouseScope !== null) {
        // The check covers every warehouse: its findings are not for someone who sees only some.
        throw forbidden(
          'warehouse_scope_required',
          'Only someone who works in every warehouse can run the ledger check.',
        );
      }
      return checkLedger(req.ctx.db);
    },
  );

  // Reservations ------------------------------------------------------------------------------------------
  const ReservationRef = Type.Ref('Reservation');
  app.post(
    '/v1/reservations',
    {
      schema: {
        tags: ['reservations'],
        operationId: 'createReservation',
        summary: 'Reserve stock (all lines or none); 409 insufficient_stock with requested/available',
        body: ReserveBody,
        response: { 201: ReservationRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await reserveStock(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/reservations',
    {
      schema: {
        tags: ['reservations'],
        operationId: 'listReservations',
        summary: 'Reservations, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([
                Type.Literal('open'),
                Type.Literal('posted'),
                Type.Literal('voided'),
                Type.Literal('expired'),
              ]),
            ),
            reference: Type.Optional(Type.String({ maxLength: 200 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ReservationRef), ...errorResponses },
      },
    },
    async (req) => listReservations(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/reservations/:id',
    {
      schema: {
        tags: ['reservations'],
        operationId: 'getReservation',
        summary: 'Get a reservation',
        params: IdParams,
        response: { 200: ReservationRef, ...errorResponses },
      },
    },
    async (req) => getReservation(req.ctx, req.params.id),
  );
  app.post(
    '/v1/reservations/:id/post',
    {
      schema: {
        tags: ['reservations'],
        operationId: 'postReservation',
        summary:
          'Post a reservation: the held units move (default to the customer location); the rest is released',
        params: IdParams,
        body: PostBody,
        response: { 200: PostResult, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await postReservation(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/reservations/:id/void',
    {
      schema: {
        tags: ['reservations'],
        operationId: 'voidReservation',
        summary: 'Void a reservation and release what it held',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ReservationRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await voidReservation(req.ctx, req.params.id)),
  );
}
