import Type from 'typebox';
import { errorResponses, Nullable, Timestamp } from '../../../http/schemas.js';
import type { App } from '../../../http/types.js';
import { getDashboard } from '../queries/dashboard.js';
import { getSkuLifecycle } from '../queries/sku-lifecycle.js';

const Units = Type.Integer({ description: 'Units in the SKU base unit' });

const Dashboard = Type.Object(
  {
    days: Type.Integer(),
    since: Timestamp('Start of the period: midnight UTC, days − 1 days before today'),
    until: Timestamp('End of the period (exclusive): midnight UTC tomorrow'),
    channels: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
    ordersPerDay: Type.Array(
      Type.Object({
        date: Type.String({ description: 'UTC date, YYYY-MM-DD' }),
        total: Type.Integer(),
        byChannel: Type.Record(Type.String(), Type.Integer(), {
          description: 'Orders placed, by channel code',
        }),
      }),
      { description: 'Every UTC day of the period, oldest first, by placed_at' },
    ),
    ordersByStatus: Type.Object({
      statuses: Type.Array(Type.Object({ status: Type.String(), orders: Type.Integer() }), {
        description: 'Open orders per status, every open status listed',
      }),
      onHold: Type.Integer({ description: 'Open orders on hold' }),
    }),
    backorders: Type.Object({
      orders: Type.Integer({ description: 'Orders with backordered units' }),
      units: Units,
    }),
    lowStock: Nullable(
      Type.Array(
        Type.Object({
          sku: Type.String(),
          skuName: Type.String(),
          warehouse: Type.String(),
          available: Units,
          lowAt: Units,
          shortBy: Units,
        }),
        { description: 'The ten SKUs furthest below their reorder point; null without stock.read' },
      ),
    ),
    stockByWarehouse: Nullable(
      Type.Array(
        Type.Object({
          warehouse: Type.String(),
          name: Type.String(),
          onHand: Units,
          reserved: Units,
          available: Units,
        }),
        { description: 'Units over physical locations; null without stock.read' },
      ),
    ),
    topSkus: Nullable(
      Type.Array(Type.Object({ sku: Type.String(), name: Type.String(), units: Units }), {
        description:
          'The ten SKUs with most units shipped to customers in the period; null without stock.read',
      }),
    ),
    shrinkage: Nullable(
      Type.Object(
        {
          byReason: Type.Array(Type.Object({ reason: Type.String(), qtyLost: Units, qtyFound: Units })),
          qtyLost: Units,
          qtyFound: Units,
        },
        { description: 'Shrinkage in the period by reason; null without reports.shrinkage' },
      ),
    ),
  },
  { $id: 'Dashboard' },
);

export async function reportRoutes(app: App): Promise<void> {
  app.addSchema(Dashboard);
  app.get(
    '/v1/reports/dashboard',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getDashboard',
        summary:
          'The dashboard: orders per day by channel, open orders by status, backorders, low stock, stock by warehouse, top SKUs shipped and shrinkage, within your warehouses',
        querystring: Type.Object(
          {
            days: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 366,
                default: 30,
                description: 'UTC days back, today included',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Dashboard'), ...errorResponses },
      },
    },
    async (req) => getDashboard(req.ctx, { days: req.query.days ?? 30 }),
  );
  const LifecycleRow = {
    onOrder: Units,
    inTransit: Units,
    inReceiving: Units,
    inQuarantine: Units,
    inStorage: Units,
    reserved: Units,
    available: Units,
    shipped: Units,
    returned: Units,
    scrapped: Units,
    adjustedOut: Type.Integer({ description: 'Written off by adjustments and counts, net of finds' }),
  };
  app.get(
    '/v1/skus/:code/lifecycle',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getSkuLifecycle',
        summary:
          'A SKU through its life per warehouse: on order, in transit, at the dock, in quarantine, in storage (reserved, available), shipped, returned, scrapped, written off',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object({
            sku: Type.String(),
            name: Type.String(),
            warehouses: Type.Array(Type.Object({ warehouse: Type.String(), ...LifecycleRow })),
            totals: Type.Object(LifecycleRow),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => getSkuLifecycle(req.ctx, req.params.code),
  );
}
