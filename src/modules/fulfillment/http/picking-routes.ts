import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { cancelWave } from '../commands/cancel-wave.js';
import { confirmPickTask } from '../commands/confirm-pick-task.js';
import { createPickList } from '../commands/create-pick-list.js';
import { createWave } from '../commands/create-wave.js';
import { getPickList, getWave, listPickLists, listWaves } from '../queries/picking.js';
import { getWarehouseDashboard } from '../queries/warehouse-dashboard.js';
import {
  CancelWaveBody,
  ConfirmPickBody,
  CreatePickListBody,
  CreateWaveBody,
  PICK_LIST_STATUSES,
  PickConfirmation,
  PickList,
  PickListSummary,
  PickTask,
  WAVE_STATUSES,
  Wave,
  WaveListItem,
} from './picking-schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Waves, pick lists, scan-confirmed pick tasks and the warehouse floor report (count tasks: the counting module). */
export async function pickingRoutes(app: App): Promise<void> {
  app.addSchema(PickTask);
  app.addSchema(PickListSummary);
  app.addSchema(PickList);
  app.addSchema(Wave);

  app.post(
    '/v1/waves',
    {
      schema: {
        tags: ['picking'],
        operationId: 'createWave',
        summary:
          'Release a wave: orders chosen by rules get shipments and pick lists ordered along a short path',
        body: CreateWaveBody,
        response: { 201: Type.Ref('Wave'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createWave(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/waves',
    {
      schema: {
        tags: ['picking'],
        operationId: 'listWaves',
        summary: 'List waves, newest first',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Literals(WAVE_STATUSES)),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(WaveListItem), ...errorResponses },
      },
    },
    async (req) => listWaves(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/waves/:id',
    {
      schema: {
        tags: ['picking'],
        operationId: 'getWave',
        summary: 'Get a wave with its pick lists and shipments',
        params: RefParams,
        response: { 200: Type.Ref('Wave'), ...errorResponses },
      },
    },
    async (req) => getWave(req.ctx, req.params.id),
  );
  app.post(
    '/v1/waves/:id/cancel',
    {
      schema: {
        tags: ['picking'],
        operationId: 'cancelWave',
        summary:
          'Cancel a wave: void its open and packed shipments (units stay allocated), cancel open picks; shipped ones stay',
        params: RefParams,
        body: CancelWaveBody,
        response: { 200: Type.Ref('Wave'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await cancelWave(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/pick-lists',
    {
      schema: {
        tags: ['picking'],
        operationId: 'createPickList',
        summary: 'Make a pick list for open shipments outside waves (one order, or a batch into totes)',
        body: CreatePickListBody,
        response: { 201: Type.Ref('PickList'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createPickList(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/pick-lists',
    {
      schema: {
        tags: ['picking'],
        operationId: 'listPickLists',
        summary: 'List pick lists, newest first',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Literals(PICK_LIST_STATUSES)),
            wave: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Type.Ref('PickListSummary')), ...errorResponses },
      },
    },
    async (req) => listPickLists(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/pick-lists/:id',
    {
      schema: {
        tags: ['picking'],
        operationId: 'getPickList',
        summary: 'Get a pick list with its tasks in walking order',
        params: RefParams,
        response: { 200: Type.Ref('PickList'), ...errorResponses },
      },
    },
    async (req) => getPickList(req.ctx, req.params.id),
  );
  app.post(
    '/v1/pick-tasks/:id/confirm',
    {
      schema: {
        tags: ['picking'],
        operationId: 'confirmPickTask',
        summary:
          'Confirm a pick by scanning bin and item; fewer units than asked records a short pick (replaced, reallocated or backordered)',
        params: RefParams,
        body: ConfirmPickBody,
        response: { 200: PickConfirmation, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await confirmPickTask(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/v1/reports/warehouse',
    {
      schema: {
        tags: ['picking'],
        operationId: 'getWarehouseDashboard',
        summary:
          'Warehouse floor: open orders by state and promise, waves in progress, picks per hour, short picks, errors caught',
        querystring: Type.Object(
          {
            warehouse: Type.String({ minLength: 1, maxLength: 64 }),
            hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 31, description: 'Default 24' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            warehouse: Type.String(),
            since: Type.String({ format: 'date-time' }),
            until: Type.String({ format: 'date-time' }),
            openOrders: Type.Object({
              byStatus: Type.Array(Type.Object({ status: Type.String(), orders: Type.Integer() })),
              byCutoff: Type.Array(
                Type.Object({
                  bucket: Literals(['overdue', 'today', 'tomorrow', 'later', 'no_date']),
                  orders: Type.Integer(),
                }),
              ),
              onHold: Type.Integer(),
            }),
            shipments: Type.Object({
              open: Type.Integer(),
              packed: Type.Integer(),
              shippedInPeriod: Type.Integer(),
            }),
            waves: Type.Array(
              Type.Object({
                id: Type.String(),
                number: Type.Integer(),
                status: Type.String(),
                orderCount: Type.Integer(),
                tasks: Type.Integer(),
                tasksOpen: Type.Integer(),
                createdAt: Type.String({ format: 'date-time' }),
              }),
            ),
            picksPerHour: Type.Array(
              Type.Object({
                operator: Type.String(),
                hour: Type.String({ format: 'date-time' }),
                tasks: Type.Integer(),
                units: Type.Integer(),
              }),
            ),
            shortPicks: Type.Object({ tasks: Type.Integer(), units: Type.Integer() }),
            errorsCaught: Type.Array(
              Type.Object({ kind: Literals(['pick', 'pack']), code: Type.String(), count: Type.Integer() }),
            ),
            openCountTasks: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => getWarehouseDashboard(req.ctx, req.query),
  );
}
