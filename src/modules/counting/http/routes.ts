import Type from 'typebox';
import { sendOutcome } from '../../../http/reply.js';
import { errorResponses } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { approveCountTask } from '../commands/approve-count-task.js';
import { countCountTask } from '../commands/count-count-task.js';
import { createCountPlan } from '../commands/create-count-plan.js';
import { generateCountTasks } from '../commands/generate-count-tasks.js';
import { rejectCountTask } from '../commands/reject-count-task.js';
import { COUNT_TASK_STATUSES } from '../db/tasks.js';
import { getAbcReport } from '../queries/abc-report.js';
import { getAccuracyReport } from '../queries/accuracy-report.js';
import { getCountPlan, listCountPlans } from '../queries/count-plans.js';
import { getCountTask, listCountTasks } from '../queries/count-tasks.js';
import {
  AbcReport,
  AccuracyReport,
  ApproveBody,
  CountBody,
  CountPlan,
  CountTask,
  CreateCountPlanBody,
  GenerateResult,
  RejectBody,
} from './schemas.js';

const RefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, 'x-error-code': 'invalid_limit' }));
const TAGS = ['counting'];

/** Cycle counts: plans, count tasks (blind counting, approval of large variances), ABC and accuracy reports. */
export async function countingRoutes(app: App): Promise<void> {
  app.addSchema(CountPlan);
  app.addSchema(CountTask);
  const PlanRef = Type.Ref('CountPlan');
  const TaskRef = Type.Ref('CountTask');

  app.post(
    '/v1/count-plans',
    {
      schema: {
        tags: TAGS,
        operationId: 'createCountPlan',
        summary: 'Create a cycle-count plan: by location (zones, bins, bin prefix) or by ABC class',
        body: CreateCountPlanBody,
        response: { 201: PlanRef, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await createCountPlan(req.ctx, req.body), 201),
  );
  app.get(
    '/v1/count-plans',
    {
      schema: {
        tags: TAGS,
        operationId: 'listCountPlans',
        summary: 'Count plans, newest first',
        querystring: Type.Object(
          { warehouse: Type.Optional(Type.String({ maxLength: 64 })), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(PlanRef) }), ...errorResponses },
      },
    },
    async (req) => listCountPlans(req.ctx, { ...req.query, limit: req.query.limit ?? 100 }),
  );
  app.get(
    '/v1/count-plans/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getCountPlan',
        summary: 'A count plan with its tasks by status',
        params: RefParams,
        response: { 200: PlanRef, ...errorResponses },
      },
    },
    async (req) => getCountPlan(req.ctx, req.params.id),
  );
  app.post(
    '/v1/count-plans/:id/generate',
    {
      schema: {
        tags: TAGS,
        operationId: 'generateCountTasks',
        summary: 'Make the count tasks the plan has due now (pairs already waiting are skipped)',
        params: RefParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: GenerateResult, ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await generateCountTasks(req.ctx, req.params.id)),
  );
  app.get(
    '/v1/count-tasks',
    {
      schema: {
        tags: TAGS,
        operationId: 'listCountTasks',
        summary:
          'Bins to count (plans, short picks, losses); a blind task hides the expected quantity from counters',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Literals(COUNT_TASK_STATUSES)),
            plan: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(TaskRef) }), ...errorResponses },
      },
    },
    async (req) => listCountTasks(req.ctx, { ...req.query, limit: req.query.limit ?? 100 }),
  );
  app.get(
    '/v1/count-tasks/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getCountTask',
        summary: 'One count task',
        params: RefParams,
        response: { 200: TaskRef, ...errorResponses },
      },
    },
    async (req) => getCountTask(req.ctx, req.params.id),
  );
  app.post(
    '/v1/count-tasks/:id/count',
    {
      schema: {
        tags: TAGS,
        operationId: 'countCountTask',
        summary:
          'Record a count: within the threshold it posts at once (reason count), above it waits for approval',
        params: RefParams,
        body: CountBody,
        response: {
          200: Type.Object({
            task: TaskRef,
            posted: Type.Boolean(),
            moveId: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => sendOutcome(reply, await countCountTask(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/count-tasks/:id/approve',
    {
      schema: {
        tags: TAGS,
        operationId: 'approveCountTask',
        summary: "Approve a count above threshold: post its variance (to today's on hand), reason count",
        params: RefParams,
        body: ApproveBody,
        response: {
          200: Type.Object({ task: TaskRef, moveId: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => sendOutcome(reply, await approveCountTask(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/count-tasks/:id/reject',
    {
      schema: {
        tags: TAGS,
        operationId: 'rejectCountTask',
        summary: 'Reject a count above threshold: nothing posted, a recount task opens',
        params: RefParams,
        body: RejectBody,
        response: { 200: Type.Object({ task: TaskRef, recount: TaskRef }), ...errorResponses },
      },
    },
    async (req, reply) => sendOutcome(reply, await rejectCountTask(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/v1/reports/abc',
    {
      schema: {
        tags: TAGS,
        operationId: 'getAbcReport',
        summary:
          "ABC classes of a warehouse's SKUs by shipped sales value (A: top 80 %, B: next 15 %, C: rest)",
        querystring: Type.Object(
          {
            warehouse: Type.String({ minLength: 1, maxLength: 64 }),
            days: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 3660, default: 90, 'x-error-code': 'invalid_period' }),
            ),
            currency: Type.Optional(
              Type.String({ pattern: '^[A-Z]{3}$', 'x-error-code': 'invalid_currency' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AbcReport, ...errorResponses },
      },
    },
    async (req) => getAbcReport(req.ctx, { ...req.query, days: req.query.days ?? 90 }),
  );
  app.get(
    '/v1/reports/inventory-accuracy',
    {
      schema: {
        tags: TAGS,
        operationId: 'getInventoryAccuracyReport',
        summary:
          'Counts, exact and within-threshold rates, units and value variance by warehouse and ABC class',
        querystring: Type.Object(
          {
            warehouse: Type.Optional(Type.String({ maxLength: 64 })),
            since: Type.Optional(Type.String({ format: 'date-time' })),
            until: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccuracyReport, ...errorResponses },
      },
    },
    async (req) => getAccuracyReport(req.ctx, req.query),
  );
}
