import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses, LocationCode, Page, PageQuery } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { cancelPutawayTask } from '../commands/cancel-putaway-task.js';
import { confirmPutawayTask } from '../commands/confirm-putaway-task.js';
import { createPutawayTasks } from '../commands/create-putaway-tasks.js';
import { createPutawayRule, updatePutawayRule } from '../commands/putaway-rules.js';
import { setLocationCapacity } from '../commands/set-location-capacity.js';
import { getPutawayTask, listPutawayRules, listPutawayTasks } from '../queries/putaway.js';
import {
  ConfirmPutawayBody,
  CreatePutawayRuleBody,
  CreatePutawayTasksBody,
  LocationCapacity,
  PutawayConfirmation,
  PutawayPlan,
  PutawayRule,
  PutawayTask,
  SetCapacityBody,
  TASK_STATUSES,
  UpdatePutawayRuleBody,
} from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** Put-away: tasks from the dock to storage bins, confirmed by scanning the bin; rules; bin capacity. */
export async function putawayRoutes(app: App): Promise<void> {
  app.addSchema(PutawayTask);
  app.addSchema(PutawayRule);

  app.post(
    '/v1/putaway-tasks',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'createPutawayTasks',
        summary:
          'Plan the put-away of what waits at the docks: tasks to storage bins chosen by the rules and bin capacity',
        description:
          'Every unreserved unit in the warehouse receiving locations (or the one given, or one SKU) is planned; ' +
          'each task holds its units at the dock with a reservation. Units that fit nowhere are listed in ' +
          'unplaced; when nothing fits at all: 409 no_putaway_location.',
        body: CreatePutawayTasksBody,
        response: { 201: PutawayPlan, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createPutawayTasks(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/putaway-tasks',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'listPutawayTasks',
        summary: 'List put-away tasks, oldest first',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Literals(TASK_STATUSES)),
            sku: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Type.Ref('PutawayTask')), ...errorResponses },
      },
    },
    async (req) => listPutawayTasks(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/putaway-tasks/:id',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'getPutawayTask',
        summary: 'Get a put-away task',
        params: IdParams,
        response: { 200: Type.Ref('PutawayTask'), ...errorResponses },
      },
    },
    async (req) => getPutawayTask(req.ctx, req.params.id),
  );
  app.post(
    '/v1/putaway-tasks/:id/confirm',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'confirmPutawayTask',
        summary: 'Confirm a put-away by scanning the destination bin; fewer units split the task',
        description:
          'The scanned bin may differ from the suggestion if it is a storage bin of the warehouse with room ' +
          '(422 wrong_bin, 422 bin_full otherwise). The units move dock → bin in the same transaction.',
        params: IdParams,
        body: ConfirmPutawayBody,
        response: { 200: PutawayConfirmation, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await confirmPutawayTask(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/putaway-tasks/:id/cancel',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'cancelPutawayTask',
        summary: 'Cancel an open put-away task; its units are free at the dock again',
        params: IdParams,
        body: EmptyBody,
        response: { 200: Type.Ref('PutawayTask'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await cancelPutawayTask(req.ctx, req.params.id)),
  );
  app.get(
    '/v1/putaway-rules',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'listPutawayRules',
        summary: 'List put-away rules in the order they are tried',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('PutawayRule')) }), ...errorResponses },
      },
    },
    async (req) => listPutawayRules(req.ctx, req.query),
  );
  app.post(
    '/v1/putaway-rules',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'createPutawayRule',
        summary: "Add a put-away rule: a SKU's fixed bin, a zone, or an overflow zone",
        body: CreatePutawayRuleBody,
        response: { 201: Type.Ref('PutawayRule'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createPutawayRule(req.ctx, req.body), 201),
  );
  app.patch(
    '/v1/putaway-rules/:id',
    {
      schema: {
        tags: ['putaway'],
        operationId: 'updatePutawayRule',
        summary: "Change a put-away rule's priority, target or whether it is active",
        params: IdParams,
        body: UpdatePutawayRuleBody,
        response: { 200: Type.Ref('PutawayRule'), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await updatePutawayRule(req.ctx, req.params.id, req.body)),
  );
  app.put(
    '/v1/locations/:code/capacity',
    {
      schema: {
        tags: ['locations'],
        operationId: 'setLocationCapacity',
        summary: "Set a bin's capacity in base units across SKUs (null: unlimited), respected by put-away",
        params: Type.Object({ code: LocationCode }),
        body: SetCapacityBody,
        response: { 200: LocationCapacity, ...errorResponses },
      },
    },
    async (req, reply) =>
      sendOutcome(reply, await setLocationCapacity(req.ctx, req.params.code, req.body.capacityUnits)),
  );
}
