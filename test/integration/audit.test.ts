/** The audit trail: every mutating operation of the OpenAPI document writes exactly one row (who, role, operation, request) in its own transaction and failures and replays write none; the trail is filtered, paginated and scoped to the reader's warehouses, cannot be changed on PostgreSQL, and feeds the shrinkage report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { recordPoReceipt } from '../../src/modules/purchasing/index.js';
import {
  describeDb,
  engine,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stocked,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder, orderBody } from '../support/orders.js';
import { authorisedReturn, receivedReturn, shippedOrder } from '../support/returns.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function shippableOrder(t: TestApp) {
  const f = await stocked(t, 3);
  return makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
}

async function openShipment(t: TestApp): Promise<string> {
  const r = await t.post('/v1/shipments', { order: (await shippableOrder(t)).id });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** A warehouse with a dock holding 4 units of a SKU and a bin that is its home: the setting of a put-away. */
async function dockWithStock(t: TestApp) {
  const warehouse = await makeWarehouse(t);
  const dock = await t.post('/v1/locations', {
    code: unique('DOCK'),
    kind: 'bin',
    parent: warehouse,
    usage: 'receiving',
  });
  expect(dock.status, JSON.stringify(dock.body)).toBe(201);
  const bin = await makeBin(t, warehouse);
  const sku = await makeSku(t);
  await receive(t, sku, dock.body.code, 4);
  const rule = await t.post('/v1/putaway-rules', {
    warehouse,
    priority: 1,
    kind: 'fixed_bin',
    sku,
    target: bin,
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  return { warehouse, dock: dock.body.code as string, bin, sku, ruleId: rule.body.id as string };
}

async function openPutawayTask(t: TestApp) {
  const f = await dockWithStock(t);
  const r = await t.post('/v1/putaway-tasks', { warehouse: f.warehouse });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { ...f, task: r.body.tasks[0] };
}

/** A supplier with terms for a SKU, a warehouse, and a way to make a draft purchase order of them. */
async function purchasing(t: TestApp) {
  const supplier = unique('SUP');
  expect(
    (await t.post('/v1/suppliers', { code: supplier, name: 'Audit supplier', currency: 'EUR' })).status,
  ).toBe(201);
  const warehouse = await makeWarehouse(t);
  const sku = await makeSku(t);
  expect((await t.call('PUT', `/v1/suppliers/${supplier}/skus/${sku}`, { costMinor: 250 })).status).toBe(200);
  const draft = async () => {
    const r = await t.post('/v1/purchase-orders', { supplier, warehouse, lines: [{ sku, qty: 4 }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; version: number };
  };
  return { supplier, warehouse, sku, draft };
}

/** A sent purchase order of `qty` units, delivered to a warehouse with a dock and a quarantine bin. */
async function receivingSite(t: TestApp, qty = 4) {
  const f = await purchasing(t);
  for (const usage of ['receiving', 'quarantine']) {
    const r = await t.post('/v1/locations', { code: unique(usage), kind: 'bin', parent: f.warehouse, usage });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const r = await t.post('/v1/purchase-orders', {
    supplier: f.supplier,
    warehouse: f.warehouse,
    lines: [{ sku: f.sku, qty }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await t.post(`/v1/purchase-orders/${r.body.id}/send`, {})).status).toBe(200);
  const asn = () =>
    readFileSync(join(import.meta.dirname, '../fixtures/edi/856-synthetic.edi'), 'utf8')
      .replace('PO-SYNTHETIC', r.body.number)
      .replaceAll(/VENDOR-[AB]/g, f.sku);
  return { ...f, po: r.body as { id: string; number: string }, asn };
}

const MUTATING = ['post', 'put', 'patch', 'delete'];

const SHIPPING_PROFILE = {
  address: { name: 'Audit warehouse', line1: '1 rue du Port', city: 'Nantes', country: 'FR' },
  gs1CompanyPrefix: '0614141',
};

interface Actor {
  kind: 'user' | 'api_key';
  id: string;
  role: string;
}

interface SessionUser {
  id: string;
  email: string;
  password: string;
  cookie: string;
  csrf: string;
}

interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

/** How to call one operation successfully: its path parameters, body, and (for a session) the user. */
interface Call {
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  as?: SessionUser;
  /** Text that must not appear in the audit row (passwords). */
  secrets?: string[];
  /** A query string, for operations that take their arguments there. */
  query?: string;
}

interface Recipe {
  method: string;
  path: string;
  operation: string;
  prepare: (t: TestApp) => Promise<Call>;
  /**
   * Commands the operation runs besides its own, each with its own audit row and the same request id: an
   * import takes each order in its own transaction (so a crash loses nothing accepted), and each order is
   * audited like one sent alone.
   */
  alsoWrites?: string[];
}

async function signIn(
  t: TestApp,
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const login = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
  expect(login.statusCode, login.body).toBe(200);
  return {
    cookie: login.cookies.find((c) => c.name === 'coulisse_session')!.value,
    csrf: login.json().csrfToken,
  };
}

/** A staff account made by the owner's key (all warehouses unless some are given), signed in. */
async function signedIn(t: TestApp, role: string, warehouses?: string[]): Promise<SessionUser> {
  const email = `${unique(role).toLowerCase()}@test.example`;
  const password = `pass phrase for ${email}`;
  const made = await t.post('/v1/users', {
    email,
    name: email,
    password,
    role,
    ...(warehouses ? { warehouses } : { allWarehouses: true }),
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return { id: made.body.id, email, password, ...(await signIn(t, email, password)) };
}

async function perform(t: TestApp, method: string, url: string, call: Call): Promise<Reply> {
  const body = call.body;
  const raw = await t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(call.as ? { 'x-csrf-token': call.as.csrf } : { authorization: t.authorization }),
      ...(call.headers ?? {}),
    },
    ...(call.as ? { cookies: { coulisse_session: call.as.cookie } } : {}),
    ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
  });
  const json = String(raw.headers['content-type'] ?? '').includes('application/json') && raw.body !== '';
  return { status: raw.statusCode, body: json ? raw.json() : raw.body, headers: raw.headers };
}

const lastSeq = async (t: TestApp): Promise<number> =>
  Number(
    (await t.db.query<{ n: string }>('SELECT coalesce(max(audit_seq), 0) AS n FROM audit_log')).rows[0]!.n,
  );

const rowsAfter = async (t: TestApp, seq: number) =>
  (
    await t.db.query<Record<string, any>>('SELECT * FROM audit_log WHERE audit_seq > $1 ORDER BY audit_seq', [
      seq,
    ])
  ).rows;

const enc = encodeURIComponent;
const newUserBody = () => ({
  email: `${unique('audited').toLowerCase()}@test.example`,
  name: 'Audited',
  password: 'a long enough password',
  role: 'read_only',
});

/** One recipe per mutating operation of the API (login aside: it has its own tests). */
const RECIPES: Record<string, Recipe> = {
  logout: {
    method: 'POST',
    path: '/v1/auth/logout',
    operation: 'access.logout',
    prepare: async (t) => ({ as: await signedIn(t, 'read_only'), body: {} }),
  },
  changeMyPassword: {
    method: 'POST',
    path: '/v1/me/password',
    operation: 'access.change_my_password',
    prepare: async (t) => {
      const user = await signedIn(t, 'read_only');
      const newPassword = 'another long pass phrase';
      return {
        as: user,
        body: { currentPassword: user.password, newPassword },
        secrets: [user.password, newPassword],
      };
    },
  },
  createUser: {
    method: 'POST',
    path: '/v1/users',
    operation: 'access.create_user',
    prepare: async () => {
      const body = newUserBody();
      return { body, secrets: [body.password] };
    },
  },
  updateUser: {
    method: 'PATCH',
    path: '/v1/users/{id}',
    operation: 'access.update_user',
    prepare: async (t) => ({
      params: { id: (await t.post('/v1/users', newUserBody())).body.id },
      body: { name: 'X' },
    }),
  },
  setUserPassword: {
    method: 'POST',
    path: '/v1/users/{id}/password',
    operation: 'access.set_user_password',
    prepare: async (t) => ({
      params: { id: (await t.post('/v1/users', newUserBody())).body.id },
      body: { password: 'a reset pass phrase' },
      secrets: ['a reset pass phrase'],
    }),
  },
  createApiKey: {
    method: 'POST',
    path: '/v1/api-keys',
    operation: 'access.create_api_key',
    prepare: async () => ({ body: { name: unique('audited key'), scopes: ['stock.read'] } }),
  },
  revokeApiKey: {
    method: 'POST',
    path: '/v1/api-keys/{id}/revoke',
    operation: 'access.revoke_api_key',
    prepare: async (t) => ({
      params: { id: (await t.post('/v1/api-keys', { name: unique('k'), scopes: ['stock.read'] })).body.id },
    }),
  },
  createChannel: {
    method: 'POST',
    path: '/v1/channels',
    operation: 'orders.create_channel',
    prepare: async (t) => ({
      body: {
        code: unique('ACH'),
        name: 'Audited channel',
        kind: 'web_shop',
        currency: 'EUR',
        warehouses: [{ warehouse: (await stocked(t, 0)).warehouse }],
      },
    }),
  },
  updateChannel: {
    method: 'PATCH',
    path: '/v1/channels/{id}',
    operation: 'orders.update_channel',
    prepare: async (t) => ({ params: { id: await makeChannel(t, []) }, body: { bufferPercent: 10 } }),
  },
  createOrder: {
    method: 'POST',
    path: '/v1/orders',
    operation: 'orders.create_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: orderBody(await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 2 }]) };
    },
  },
  importOrders: {
    method: 'POST',
    path: '/v1/orders/imports',
    operation: 'orders.import_orders',
    alsoWrites: ['orders.create_order'],
    prepare: async (t) => {
      const f = await stocked(t, 5);
      const channel = await makeChannel(t, [f.warehouse], { kind: 'point_of_sale' });
      return {
        query: `channel=${channel}`,
        body: `order,sku,qty,price,currency,placed_at\n${unique('IMP')},${f.sku},1,12.50,EUR,2026-11-20T10:00:00Z\n`,
        headers: { 'content-type': 'text/csv' },
      };
    },
  },
  holdOrder: {
    method: 'POST',
    path: '/v1/orders/{id}/hold',
    operation: 'orders.hold_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const order = await makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
      return { params: { id: order.id }, body: { reason: 'fraud check' } };
    },
  },
  releaseOrder: {
    method: 'POST',
    path: '/v1/orders/{id}/release',
    operation: 'orders.release_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const order = await makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
      expect((await t.post(`/v1/orders/${order.id}/hold`, { reason: 'check' })).status).toBe(200);
      return { params: { id: order.id }, body: { reason: 'checked' } };
    },
  },
  editOrder: {
    method: 'POST',
    path: '/v1/orders/{id}/edit',
    operation: 'orders.edit_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const order = await makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
      return {
        params: { id: order.id },
        body: { reason: 'customer asked', changeLines: [{ lineNo: 1, qty: 2 }] },
      };
    },
  },
  reallocateOrder: {
    method: 'POST',
    path: '/v1/orders/{id}/reallocate',
    operation: 'orders.reallocate_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const order = await makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
      return { params: { id: order.id }, body: { reason: 'rules changed' } };
    },
  },
  cancelOrder: {
    method: 'POST',
    path: '/v1/orders/{id}/cancel',
    operation: 'orders.cancel_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const order = await makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
      return { params: { id: order.id }, body: { reason: 'customer asked' } };
    },
  },
  setReorderPoints: {
    method: 'PUT',
    path: '/v1/skus/{code}/reorder-points',
    operation: 'inventory.set_reorder_points',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return {
        params: { code: f.sku },
        body: { points: [{ warehouse: f.warehouse, lowAt: 5, reorderQty: 10 }] },
      };
    },
  },
  authoriseReturn: {
    method: 'POST',
    path: '/v1/returns',
    operation: 'returns.authorise_return',
    prepare: async (t) => ({
      body: {
        order: (await shippedOrder(t, 1)).order.id,
        lines: [{ lineNo: 1, qty: 1, reason: 'defective' }],
      },
    }),
  },
  receiveReturn: {
    method: 'POST',
    path: '/v1/returns/{id}/receive',
    operation: 'returns.receive_return',
    prepare: async (t) => ({
      params: { id: (await authorisedReturn(t, 1)).id },
      body: { lines: [{ lineNo: 1, qty: 1 }] },
    }),
  },
  inspectReturn: {
    method: 'POST',
    path: '/v1/returns/{id}/inspect',
    operation: 'returns.inspect_return',
    prepare: async (t) => ({
      params: { id: (await receivedReturn(t, 1)).id },
      body: { units: [{ lineNo: 1, grade: 'scrap' }] },
    }),
  },
  closeReturn: {
    method: 'POST',
    path: '/v1/returns/{id}/close',
    operation: 'returns.close_return',
    prepare: async (t) => {
      const { id } = await authorisedReturn(t, 2);
      const received = await t.post(`/v1/returns/${id}/receive`, { lines: [{ lineNo: 1, qty: 1 }] });
      expect(received.status).toBe(200);
      return { params: { id }, body: { refundShipping: true } };
    },
  },
  cancelReturn: {
    method: 'POST',
    path: '/v1/returns/{id}/cancel',
    operation: 'returns.cancel_return',
    prepare: async (t) => ({
      params: { id: (await authorisedReturn(t, 1)).id },
      body: { reason: 'kept it' },
    }),
  },
  createShipment: {
    method: 'POST',
    path: '/v1/shipments',
    operation: 'fulfillment.create_shipment',
    prepare: async (t) => ({ body: { order: (await shippableOrder(t)).id } }),
  },
  shipShipment: {
    method: 'POST',
    path: '/v1/shipments/{id}/ship',
    operation: 'fulfillment.ship_shipment',
    prepare: async (t) => ({ params: { id: await openShipment(t) }, body: { carrier: 'La Poste' } }),
  },
  voidShipment: {
    method: 'POST',
    path: '/v1/shipments/{id}/void',
    operation: 'fulfillment.void_shipment',
    prepare: async (t) => ({ params: { id: await openShipment(t) }, body: { reason: 'carton torn' } }),
  },
  deliverShipment: {
    method: 'POST',
    path: '/v1/shipments/{id}/deliver',
    operation: 'fulfillment.deliver_shipment',
    prepare: async (t) => {
      const id = await openShipment(t);
      expect((await t.post(`/v1/shipments/${id}/ship`, { carrier: 'La Poste' })).status).toBe(200);
      return { params: { id }, body: {} };
    },
  },
  setShippingProfile: {
    method: 'PUT',
    path: '/v1/warehouses/{code}/shipping-profile',
    operation: 'fulfillment.set_shipping_profile',
    prepare: async (t) => ({ params: { code: await makeWarehouse(t) }, body: SHIPPING_PROFILE }),
  },
  setCarrier: {
    method: 'PUT',
    path: '/v1/carriers/{code}',
    operation: 'fulfillment.set_carrier',
    prepare: async () => ({
      params: { code: unique('audit-carrier').toLowerCase() },
      body: {
        name: 'Audited carrier',
        rateTable: {
          currency: 'EUR',
          services: [{ code: 'std', name: 'Standard', bands: [{ maxWeightGrams: 1000, priceMinor: 500 }] }],
        },
      },
    }),
  },
  setCartonType: {
    method: 'PUT',
    path: '/v1/carton-types/{code}',
    operation: 'fulfillment.set_carton_type',
    prepare: async () => ({
      params: { code: unique('BOX') },
      body: { name: 'Audited box', lengthMm: 300, widthMm: 200, heightMm: 100, tareGrams: 100 },
    }),
  },
  scanPackItem: {
    method: 'POST',
    path: '/v1/shipments/{id}/pack-scans',
    operation: 'fulfillment.pack_item',
    prepare: async (t) => {
      const id = await openShipment(t);
      const sku = (await t.get(`/v1/shipments/${id}`)).body.lines[0].sku;
      return { params: { id }, body: { code: sku, station: 'A1' } };
    },
  },
  resetPackScans: {
    method: 'POST',
    path: '/v1/shipments/{id}/pack-scans/reset',
    operation: 'fulfillment.void_pack_scans',
    prepare: async (t) => {
      const id = await openShipment(t);
      const sku = (await t.get(`/v1/shipments/${id}`)).body.lines[0].sku;
      expect((await t.post(`/v1/shipments/${id}/pack-scans`, { code: sku })).status).toBe(200);
      return { params: { id }, body: { reason: 'start again' } };
    },
  },
  packShipment: {
    method: 'POST',
    path: '/v1/shipments/{id}/pack',
    operation: 'fulfillment.pack_shipment',
    prepare: async (t) => {
      const id = await openShipment(t);
      const shipment = (await t.get(`/v1/shipments/${id}`)).body;
      const profile = await t.call(
        'PUT',
        `/v1/warehouses/${shipment.warehouse}/shipping-profile`,
        SHIPPING_PROFILE,
      );
      expect(profile.status, JSON.stringify(profile.body)).toBe(200);
      return {
        params: { id },
        body: { parcels: [{ weightGrams: 500, items: [{ sku: shipment.lines[0].sku, qty: 1 }] }] },
      };
    },
  },
  createWave: {
    method: 'POST',
    path: '/v1/waves',
    operation: 'fulfillment.create_wave',
    prepare: async (t) => {
      const order = await shippableOrder(t);
      const { rows } = await t.db.query<{ code: string }>(
        `SELECT w.code FROM order_line_reservations olr JOIN reservation_lines rl ON rl.reservation_id = olr.reservation_id
           JOIN locations l ON l.location_id = rl.location_id JOIN locations w ON w.location_id = l.warehouse_id
          WHERE olr.order_id = $1 LIMIT 1`,
        [order.id],
      );
      return { body: { warehouse: rows[0]!.code, orders: [order.id] } };
    },
  },
  cancelWave: {
    method: 'POST',
    path: '/v1/waves/{id}/cancel',
    operation: 'fulfillment.cancel_wave',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const order = await makeOrder(t, await makeChannel(t, [f.warehouse]), [{ sku: f.sku, qty: 1 }]);
      const wave = await t.post('/v1/waves', { warehouse: f.warehouse, orders: [order.id] });
      expect(wave.status, JSON.stringify(wave.body)).toBe(201);
      return { params: { id: wave.body.id }, body: { reason: 'released by mistake' } };
    },
  },
  createPickList: {
    method: 'POST',
    path: '/v1/pick-lists',
    operation: 'fulfillment.create_pick_list',
    prepare: async (t) => ({ body: { shipments: [await openShipment(t)] } }),
  },
  confirmPickTask: {
    method: 'POST',
    path: '/v1/pick-tasks/{id}/confirm',
    operation: 'fulfillment.confirm_pick_task',
    prepare: async (t) => {
      const list = await t.post('/v1/pick-lists', { shipments: [await openShipment(t)] });
      expect(list.status, JSON.stringify(list.body)).toBe(201);
      const task = list.body.items[0];
      return { params: { id: task.id }, body: { bin: task.bin, item: task.sku } };
    },
  },
  createCountPlan: {
    method: 'POST',
    path: '/v1/count-plans',
    operation: 'counting.create_count_plan',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { warehouse: f.warehouse, kind: 'location', locations: [f.bin] } };
    },
  },
  generateCountTasks: {
    method: 'POST',
    path: '/v1/count-plans/{id}/generate',
    operation: 'counting.generate_count_tasks',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const plan = await t.post('/v1/count-plans', {
        warehouse: f.warehouse,
        kind: 'location',
        locations: [f.bin],
      });
      expect(plan.status, JSON.stringify(plan.body)).toBe(201);
      return { params: { id: plan.body.id }, body: {} };
    },
  },
  countCountTask: {
    method: 'POST',
    path: '/v1/count-tasks/{id}/count',
    operation: 'counting.count_task',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const plan = await t.post('/v1/count-plans', {
        warehouse: f.warehouse,
        kind: 'location',
        locations: [f.bin],
      });
      const made = await t.post(`/v1/count-plans/${plan.body.id}/generate`, {});
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      return { params: { id: made.body.taskIds[0] }, body: { countedQty: 2 } };
    },
  },
  approveCountTask: {
    method: 'POST',
    path: '/v1/count-tasks/{id}/approve',
    operation: 'counting.approve_count_task',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const plan = await t.post('/v1/count-plans', {
        warehouse: f.warehouse,
        kind: 'location',
        locations: [f.bin],
        varianceThreshold: { units: 0 },
      });
      const made = await t.post(`/v1/count-plans/${plan.body.id}/generate`, {});
      const id = made.body.taskIds[0];
      const counted = await t.post(`/v1/count-tasks/${id}/count`, { countedQty: 2 });
      expect(counted.body.task.status).toBe('counted');
      return { params: { id }, body: { reason: 'checked' } };
    },
  },
  rejectCountTask: {
    method: 'POST',
    path: '/v1/count-tasks/{id}/reject',
    operation: 'counting.reject_count_task',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const plan = await t.post('/v1/count-plans', {
        warehouse: f.warehouse,
        kind: 'location',
        locations: [f.bin],
        varianceThreshold: { units: 0 },
      });
      const made = await t.post(`/v1/count-plans/${plan.body.id}/generate`, {});
      const id = made.body.taskIds[0];
      const counted = await t.post(`/v1/count-tasks/${id}/count`, { countedQty: 2 });
      expect(counted.body.task.status).toBe('counted');
      return { params: { id }, body: { reason: 'recount' } };
    },
  },
  setSkuComponents: {
    method: 'PUT',
    path: '/v1/skus/{code}/components',
    operation: 'catalog.set_sku_components',
    prepare: async (t) => ({
      params: { code: await makeSku(t) },
      body: { components: [{ sku: await makeSku(t), qty: 2 }] },
    }),
  },
  createHoldRule: {
    method: 'POST',
    path: '/v1/hold-rules',
    operation: 'orders.create_hold_rule',
    prepare: async () => ({
      body: { name: unique('audited rule'), isActive: false, condition: { flagged: true } },
    }),
  },
  updateHoldRule: {
    method: 'PATCH',
    path: '/v1/hold-rules/{id}',
    operation: 'orders.update_hold_rule',
    prepare: async (t) => {
      const r = await t.post('/v1/hold-rules', {
        name: unique('rule'),
        isActive: false,
        condition: { flagged: true },
      });
      return { params: { id: r.body.id }, body: { priority: 1 } };
    },
  },
  createWebhook: {
    method: 'POST',
    path: '/v1/webhooks',
    operation: 'webhooks.create_webhook',
    prepare: async () => ({ body: { url: 'https://hooks.example.com/audit', events: ['order.created'] } }),
  },
  updateWebhook: {
    method: 'PATCH',
    path: '/v1/webhooks/{id}',
    operation: 'webhooks.update_webhook',
    prepare: async (t) => {
      const w = await t.post('/v1/webhooks', {
        url: 'https://hooks.example.com/a',
        events: ['order.created'],
      });
      return { params: { id: w.body.id }, body: { isActive: false } };
    },
  },
  retryWebhookDelivery: {
    method: 'POST',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}/retry',
    operation: 'webhooks.retry_delivery',
    prepare: async (t) => {
      const w = await t.post('/v1/webhooks', {
        url: 'https://hooks.example.com/b',
        events: ['order.created'],
      });
      const deliveryId = `dlv_audit_${Date.now()}`;
      const { rows } = await t.db.query<{ event_id: string; event_seq: number }>(
        `INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
         VALUES ($1, 'order.created', 'order', 'ord_x', '{}') RETURNING event_id, event_seq`,
        [`evt_audit_${Date.now()}`],
      );
      await t.db.query(
        `INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_id, event_seq, status, attempts)
         VALUES ($1, $2, $3, $4, 'dead', 8)`,
        [deliveryId, w.body.id, rows[0]!.event_id, rows[0]!.event_seq],
      );
      return { params: { id: w.body.id, deliveryId }, body: {} };
    },
  },
  createSku: {
    method: 'POST',
    path: '/v1/skus',
    operation: 'catalog.create_sku',
    prepare: async () => ({ body: { code: unique('ASKU'), name: 'Audited SKU' } }),
  },
  updateSku: {
    method: 'PATCH',
    path: '/v1/skus/{code}',
    operation: 'catalog.update_sku',
    prepare: async (t) => ({ params: { code: await makeSku(t) }, body: { name: 'Renamed' } }),
  },
  archiveSku: {
    method: 'POST',
    path: '/v1/skus/{code}/archive',
    operation: 'catalog.archive_sku',
    prepare: async (t) => ({ params: { code: await makeSku(t) } }),
  },
  restoreSku: {
    method: 'POST',
    path: '/v1/skus/{code}/restore',
    operation: 'catalog.restore_sku',
    prepare: async (t) => {
      const code = await makeSku(t);
      expect((await t.post(`/v1/skus/${code}/archive`)).status).toBe(200);
      return { params: { code } };
    },
  },
  importSkus: {
    method: 'POST',
    path: '/v1/skus/imports',
    operation: 'catalog.import_skus',
    prepare: async () => ({
      body: `code,name\n${unique('IMP')},Imported\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },
  createLocation: {
    method: 'POST',
    path: '/v1/locations',
    operation: 'inventory.create_location',
    prepare: async () => ({ body: { code: unique('AWH'), kind: 'warehouse' } }),
  },
  archiveLocation: {
    method: 'POST',
    path: '/v1/locations/{code}/archive',
    operation: 'inventory.archive_location',
    prepare: async (t) => ({ params: { code: await makeBin(t, await makeWarehouse(t)) } }),
  },
  deleteLocation: {
    method: 'DELETE',
    path: '/v1/locations/{code}',
    operation: 'inventory.delete_location',
    prepare: async (t) => ({ params: { code: await makeBin(t, await makeWarehouse(t)) } }),
  },
  updateLocationLayout: {
    method: 'PUT',
    path: '/v1/locations/{code}/layout',
    operation: 'inventory.update_location_layout',
    prepare: async (t) => ({
      params: { code: await makeBin(t, await makeWarehouse(t)) },
      body: { aisle: 'A', bay: 3, level: 1, x: 150, y: 1200 },
    }),
  },
  setLocationUsage: {
    method: 'PUT',
    path: '/v1/locations/{code}/usage',
    operation: 'inventory.set_location_usage',
    prepare: async (t) => ({
      params: { code: await makeBin(t, await makeWarehouse(t)) },
      body: { usage: 'quarantine' },
    }),
  },
  importLocations: {
    method: 'POST',
    path: '/v1/locations/imports',
    operation: 'inventory.import_locations',
    prepare: async (t) => ({
      body: `code,kind,aisle,x,y\n${await makeWarehouse(t)}/${unique('IMP')},bin,A,150,1300\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },
  receiveStock: {
    method: 'POST',
    path: '/v1/stock/receipts',
    operation: 'inventory.receive_stock',
    prepare: async (t) => {
      const f = await stocked(t, 0);
      return { body: { sku: f.sku, location: f.bin, qty: 3 } };
    },
  },
  adjustStock: {
    method: 'POST',
    path: '/v1/stock/adjustments',
    operation: 'inventory.adjust_stock',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { sku: f.sku, location: f.bin, delta: -1, reason: 'damage' } };
    },
  },
  scrapStock: {
    method: 'POST',
    path: '/v1/stock/scraps',
    operation: 'inventory.scrap_stock',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { sku: f.sku, location: f.bin, qty: 1, reason: 'expired' } };
    },
  },
  countStock: {
    method: 'POST',
    path: '/v1/stock/counts',
    operation: 'inventory.count_stock',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { sku: f.sku, location: f.bin, countedQty: 2 } };
    },
  },
  transferStock: {
    method: 'POST',
    path: '/v1/stock/transfers',
    operation: 'inventory.transfer_stock',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { sku: f.sku, from: f.bin, to: await makeBin(t, f.warehouse), qty: 2 } };
    },
  },
  receiveTransfer: {
    method: 'POST',
    path: '/v1/stock/transfers/{id}/receive',
    operation: 'inventory.receive_transfer',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const far = await makeBin(t, await makeWarehouse(t));
      const sent = await t.post('/v1/stock/transfers', {
        sku: f.sku,
        from: f.bin,
        to: far,
        qty: 2,
        via: 'transit',
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      return { params: { id: sent.body.transfer.id }, body: {} };
    },
  },
  createTransferOrder: {
    method: 'POST',
    path: '/v1/transfers',
    operation: 'transfers.create_transfer_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { from: f.warehouse, to: await makeWarehouse(t), lines: [{ sku: f.sku, qty: 2 }] } };
    },
  },
  shipTransferOrder: {
    method: 'POST',
    path: '/v1/transfers/{id}/ship',
    operation: 'transfers.ship_transfer_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const made = await t.post('/v1/transfers', {
        from: f.warehouse,
        to: await makeWarehouse(t),
        lines: [{ sku: f.sku, qty: 2 }],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return { params: { id: made.body.id }, body: {} };
    },
  },
  receiveTransferOrder: {
    method: 'POST',
    path: '/v1/transfers/{id}/receive',
    operation: 'transfers.receive_transfer_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const made = await t.post('/v1/transfers', {
        from: f.warehouse,
        to: await makeWarehouse(t),
        lines: [{ sku: f.sku, qty: 2 }],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect((await t.post(`/v1/transfers/${made.body.id}/ship`, {})).status).toBe(200);
      return { params: { id: made.body.id }, body: { lines: [{ lineNo: 1, qty: 1 }], close: true } };
    },
  },
  cancelTransferOrder: {
    method: 'POST',
    path: '/v1/transfers/{id}/cancel',
    operation: 'transfers.cancel_transfer_order',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const made = await t.post('/v1/transfers', {
        from: f.warehouse,
        to: await makeWarehouse(t),
        lines: [{ sku: f.sku, qty: 2 }],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return { params: { id: made.body.id }, body: { reason: 'audit' } };
    },
  },
  createReservation: {
    method: 'POST',
    path: '/v1/reservations',
    operation: 'inventory.reserve_stock',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      return { body: { lines: [{ sku: f.sku, location: f.bin, qty: 1 }], reference: unique('ORD') } };
    },
  },
  postReservation: {
    method: 'POST',
    path: '/v1/reservations/{id}/post',
    operation: 'inventory.post_reservation',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const res = await t.post('/v1/reservations', {
        lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
        reference: unique('ORD'),
      });
      return { params: { id: res.body.id }, body: {} };
    },
  },
  voidReservation: {
    method: 'POST',
    path: '/v1/reservations/{id}/void',
    operation: 'inventory.void_reservation',
    prepare: async (t) => {
      const f = await stocked(t, 3);
      const res = await t.post('/v1/reservations', {
        lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
        reference: unique('ORD'),
      });
      return { params: { id: res.body.id } };
    },
  },
  createPutawayTasks: {
    method: 'POST',
    path: '/v1/putaway-tasks',
    operation: 'putaway.create_tasks',
    prepare: async (t) => ({ body: { warehouse: (await dockWithStock(t)).warehouse } }),
  },
  confirmPutawayTask: {
    method: 'POST',
    path: '/v1/putaway-tasks/{id}/confirm',
    operation: 'putaway.confirm_task',
    prepare: async (t) => {
      const f = await openPutawayTask(t);
      return { params: { id: f.task.id }, body: { bin: f.bin, qty: 1 } };
    },
  },
  cancelPutawayTask: {
    method: 'POST',
    path: '/v1/putaway-tasks/{id}/cancel',
    operation: 'putaway.cancel_task',
    prepare: async (t) => ({ params: { id: (await openPutawayTask(t)).task.id }, body: {} }),
  },
  createPutawayRule: {
    method: 'POST',
    path: '/v1/putaway-rules',
    operation: 'putaway.create_rule',
    prepare: async (t) => {
      const f = await stocked(t, 0);
      return { body: { warehouse: f.warehouse, priority: 3, kind: 'fixed_bin', sku: f.sku, target: f.bin } };
    },
  },
  updatePutawayRule: {
    method: 'PATCH',
    path: '/v1/putaway-rules/{id}',
    operation: 'putaway.update_rule',
    prepare: async (t) => ({ params: { id: (await dockWithStock(t)).ruleId }, body: { priority: 7 } }),
  },
  setLocationCapacity: {
    method: 'PUT',
    path: '/v1/locations/{code}/capacity',
    operation: 'putaway.set_location_capacity',
    prepare: async (t) => ({
      params: { code: await makeBin(t, await makeWarehouse(t)) },
      body: { capacityUnits: 40 },
    }),
  },
  createSupplier: {
    method: 'POST',
    path: '/v1/suppliers',
    operation: 'purchasing.create_supplier',
    prepare: async () => ({ body: { code: unique('SUP'), name: 'Audited supplier', currency: 'EUR' } }),
  },
  updateSupplier: {
    method: 'PATCH',
    path: '/v1/suppliers/{code}',
    operation: 'purchasing.update_supplier',
    prepare: async (t) => ({ params: { code: (await purchasing(t)).supplier }, body: { leadTimeDays: 9 } }),
  },
  setSupplierSku: {
    method: 'PUT',
    path: '/v1/suppliers/{code}/skus/{sku}',
    operation: 'purchasing.set_supplier_sku',
    prepare: async (t) => ({
      params: { code: (await purchasing(t)).supplier, sku: await makeSku(t) },
      body: { costMinor: 120, packSize: 2 },
    }),
  },
  createPurchaseOrder: {
    method: 'POST',
    path: '/v1/purchase-orders',
    operation: 'purchasing.create_purchase_order',
    prepare: async (t) => {
      const f = await purchasing(t);
      return { body: { supplier: f.supplier, warehouse: f.warehouse, lines: [{ sku: f.sku, qty: 4 }] } };
    },
  },
  importPurchaseOrders: {
    method: 'POST',
    path: '/v1/purchase-orders/imports',
    operation: 'purchasing.import_purchase_orders',
    prepare: async (t) => {
      const f = await purchasing(t);
      const edi = readFileSync(join(import.meta.dirname, '../fixtures/edi/850-synthetic.edi'), 'utf8')
        .replace('PO1*1*12*EA*2.50*PE*VP*SYN-RED', `PO1*1*12*EA*2.50*PE*IN*${f.sku}`)
        .replace('PO1*2*2*CA*30*PE*IN*SYN-BLUE', `PO1*2*2*EA*2.50*PE*IN*${f.sku}`)
        .replace('AMT*TT*90', 'AMT*TT*35');
      return { query: `warehouse=${enc(f.warehouse)}&supplier=${enc(f.supplier)}`, body: { edi } };
    },
  },
  updatePurchaseOrder: {
    method: 'PATCH',
    path: '/v1/purchase-orders/{id}',
    operation: 'purchasing.update_purchase_order',
    prepare: async (t) => {
      const po = await (await purchasing(t)).draft();
      return { params: { id: po.id }, body: { version: po.version, expectedAt: '2031-01-01' } };
    },
  },
  sendPurchaseOrder: {
    method: 'POST',
    path: '/v1/purchase-orders/{id}/send',
    operation: 'purchasing.send_purchase_order',
    prepare: async (t) => ({ params: { id: (await (await purchasing(t)).draft()).id }, body: {} }),
  },
  cancelPurchaseOrder: {
    method: 'POST',
    path: '/v1/purchase-orders/{id}/cancel',
    operation: 'purchasing.cancel_purchase_order',
    prepare: async (t) => ({
      params: { id: (await (await purchasing(t)).draft()).id },
      body: { reason: 'audit' },
    }),
  },
  closePurchaseOrder: {
    method: 'POST',
    path: '/v1/purchase-orders/{id}/close',
    operation: 'purchasing.close_purchase_order',
    prepare: async (t) => {
      const po = await (await purchasing(t)).draft();
      expect((await t.post(`/v1/purchase-orders/${po.id}/send`, {})).status).toBe(200);
      await t.db.transaction((tx) =>
        recordPoReceipt(tx, { poId: po.id, lines: [{ lineNo: 1, qtyReceived: 1, qtyRejected: 0 }] }),
      );
      return { params: { id: po.id }, body: {} };
    },
  },
  receivePurchaseOrder: {
    method: 'POST',
    path: '/v1/purchase-orders/{id}/receipts',
    operation: 'purchasing.receive_purchase_order',
    prepare: async (t) => ({
      params: { id: (await receivingSite(t)).po.id },
      body: { lines: [{ lineNo: 1, qty: 2, damaged: 1 }] },
    }),
  },
  receiveBlind: {
    method: 'POST',
    path: '/v1/receipts',
    operation: 'purchasing.receive_blind',
    prepare: async (t) => {
      const f = await receivingSite(t);
      return { body: { warehouse: f.warehouse, lines: [{ sku: f.sku, qty: 1 }] } };
    },
  },
  decideReceiptQc: {
    method: 'POST',
    path: '/v1/receipts/{id}/qc',
    operation: 'purchasing.decide_receipt_qc',
    prepare: async (t) => {
      const f = await receivingSite(t);
      const r = await t.post(`/v1/purchase-orders/${f.po.id}/receipts`, {
        lines: [{ lineNo: 1, qty: 2, damaged: 1 }],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { params: { id: r.body.id }, body: { lines: [{ lineNo: 1, accept: 0, reject: 1 }] } };
    },
  },
  importAsn: {
    method: 'POST',
    path: '/v1/asns/imports',
    operation: 'purchasing.import_asn',
    prepare: async (t) => ({ body: { edi: (await receivingSite(t, 20)).asn() } }),
  },
  receiveAsn: {
    method: 'POST',
    path: '/v1/asns/{id}/receive',
    operation: 'purchasing.receive_asn',
    prepare: async (t) => {
      const f = await receivingSite(t, 20);
      const asn = await t.post('/v1/asns/imports', { edi: f.asn() });
      expect(asn.status, JSON.stringify(asn.body)).toBe(201);
      return { params: { id: asn.body.id }, body: {} };
    },
  },
};

const urlOf = (path: string, params: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => enc(params[name] ?? `missing-${name}`));

/** Every page of GET /v1/audit with the given filters, as the given caller. */
async function auditPages(
  t: TestApp,
  query: Record<string, string>,
  as?: SessionUser,
  limit = 200,
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const qs = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const r = await perform(t, 'GET', `/v1/audit?${qs}`, as ? { as } : {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor !== null && pages < 100);
  return { items, pages };
}

describeDb('audit trail', () => {
  const t = useTestApp();

  it('has a recipe for every mutating operation in the OpenAPI document, and only for those', async () => {
    const doc = (await t().anonymous('GET', '/v1/openapi.json')).body;
    const inDocument = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>)
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => MUTATING.includes(method))
          .map(([method, op]) => ({ operationId: op.operationId, method: method.toUpperCase(), path })),
      )
      .filter((op) => op.operationId !== 'login');
    expect(inDocument.length).toBeGreaterThan(20);
    expect(inDocument.map((o) => o.operationId).sort()).toEqual(Object.keys(RECIPES).sort());
    for (const op of inDocument) {
      expect(
        { method: RECIPES[op.operationId]!.method, path: RECIPES[op.operationId]!.path },
        op.operationId,
      ).toEqual({ method: op.method, path: op.path });
    }
  });

  it.each(Object.keys(RECIPES))(
    '%s writes exactly one audit row naming the caller and the request',
    async (id) => {
      const recipe = RECIPES[id]!;
      const call = await recipe.prepare(t());
      const actor: Actor = call.as
        ? { kind: 'user', id: call.as.id, role: 'read_only' }
        : { kind: 'api_key', id: t().actorId, role: 'owner' };
      const before = await lastSeq(t());
      const url = urlOf(recipe.path, call.params) + (call.query ? `?${call.query}` : '');
      const r = await perform(t(), recipe.method, url, call);
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(200);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      const all = await rowsAfter(t(), before);
      const rows = all.filter((row) => row.operation === recipe.operation);
      expect(rows).toHaveLength(1);
      for (const other of all.filter((row) => row.operation !== recipe.operation)) {
        expect(recipe.alsoWrites ?? [], `unexpected audit row ${other.operation}`).toContain(other.operation);
        expect(other.request_id).toBe(r.headers['x-request-id']);
      }
      const row = rows[0]!;
      expect(row).toMatchObject({
        operation: recipe.operation,
        actor_kind: actor.kind,
        actor_id: actor.id,
        actor_role: actor.role,
        request_id: r.headers['x-request-id'],
      });
      expect(row.audit_id).toEqual(expect.any(String));
      for (const secret of call.secrets ?? []) expect(JSON.stringify(row)).not.toContain(secret);
      // The API returns the same record.
      const listed = await t().get(`/v1/audit?actor=${enc(actor.id)}&limit=1`);
      expect(listed.body.items[0]).toMatchObject({
        id: row.audit_id,
        operation: recipe.operation,
        actor,
        requestId: r.headers['x-request-id'],
      });
    },
  );

  it('records an adjustment with its target, reason and the stock before and after', async () => {
    const f = await stocked(t(), 10);
    const before = await lastSeq(t());
    const r = await t().post('/v1/stock/adjustments', {
      sku: f.sku,
      location: f.bin,
      delta: -2,
      reason: 'theft',
    });
    expect(r.status).toBe(201);
    const rows = await rowsAfter(t(), before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      operation: 'inventory.adjust_stock',
      actor_id: t().actorId,
      actor_role: 'owner',
      request_id: r.headers['x-request-id'],
      target_type: 'stock',
      reason: 'theft',
      before: expect.objectContaining({ onHand: 10 }),
      after: expect.objectContaining({ onHand: 8 }),
    });
  });

  it('writes no row for a failed call', async () => {
    const f = await stocked(t(), 1);
    const existing = await makeSku(t());
    const failures: [string, string, Call, number, string][] = [
      [
        'POST',
        '/v1/stock/adjustments',
        { body: { sku: f.sku, location: f.bin, delta: -5, reason: 'loss' } },
        409,
        'insufficient_stock',
      ],
      [
        'POST',
        '/v1/stock/receipts',
        { body: { sku: 'NO-SUCH-SKU', location: f.bin, qty: 1 } },
        422,
        'unknown_sku',
      ],
      ['POST', '/v1/skus', { body: { code: existing, name: 'Twice' } }, 409, 'sku_code_taken'],
      [
        'POST',
        '/v1/stock/receipts',
        { body: { sku: f.sku, location: f.bin, qty: 0 } },
        400,
        'invalid_quantity',
      ],
      [
        'POST',
        '/v1/api-keys',
        {
          body: { name: 'late', scopes: ['stock.read'], expiresAt: '2001-01-01T00:00:00Z' },
        },
        422,
        'expiry_in_past',
      ],
      [
        'POST',
        '/v1/stock/receipts',
        { body: { sku: f.sku, location: f.bin, qty: 1 }, headers: { authorization: 'Bearer nope' } },
        401,
        'invalid_api_key',
      ],
      ['PATCH', `/v1/users/${t().ownerId}`, { body: { role: 'admin' } }, 403, 'cannot_change_own_role'],
    ];
    for (const [method, url, call, status, code] of failures) {
      const before = await lastSeq(t());
      const r = await perform(t(), method, url, call);
      expect(r.status, `${method} ${url} ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(await rowsAfter(t(), before), `${method} ${url} → ${code}`).toEqual([]);
    }
  });

  it('writes no row for an import that is rejected as a whole (422)', async () => {
    const before = await lastSeq(t());
    const csv = `code,name\n${unique('IMP')},Fine\n${unique('IMP')},\n`;
    const r = await perform(t(), 'POST', '/v1/skus/imports', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('import_rejected');
    expect(await rowsAfter(t(), before)).toEqual([]);
  });

  it('writes no row for an idempotent replay', async () => {
    const f = await stocked(t(), 0);
    const before = await lastSeq(t());
    const body = { sku: f.sku, location: f.bin, qty: 4 };
    const headers = { 'idempotency-key': unique('audit-replay') };
    const first = await perform(t(), 'POST', '/v1/stock/receipts', { body, headers });
    expect(first.status).toBe(201);
    const replay = await perform(t(), 'POST', '/v1/stock/receipts', { body, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const rows = await rowsAfter(t(), before);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.request_id).toBe(first.headers['x-request-id']);
  });

  it('filters by actor, operation (exact or prefix), target and time, newest first, page by page', async () => {
    // A key of its own, so that its rows are exactly what this test did.
    const key = await t().post('/v1/api-keys', {
      name: unique('filter key'),
      scopes: ['catalog.write', 'stock.receive', 'stock.adjust', 'users.write'],
    });
    const as = { authorization: `Bearer ${key.body.key}` };
    const f = await stocked(t(), 0);
    const sku = unique('FSKU');
    const mark = async () => {
      await sleep(15);
      const at = (
        await t().db.query<{ at: Date }>('SELECT clock_timestamp() AS at')
      ).rows[0]!.at.toISOString();
      await sleep(15);
      return at;
    };
    const t0 = await mark();
    expect((await t().call('POST', '/v1/skus', { code: sku, name: 'Filtered' }, as)).status).toBe(201);
    const t1 = await mark();
    expect((await t().call('POST', '/v1/stock/receipts', { sku, location: f.bin, qty: 5 }, as)).status).toBe(
      201,
    );
    const t2 = await mark();
    expect(
      (
        await t().call(
          'POST',
          '/v1/stock/adjustments',
          { sku, location: f.bin, delta: -1, reason: 'loss' },
          as,
        )
      ).status,
    ).toBe(201);
    const user = await t().call('POST', '/v1/users', newUserBody(), as);
    expect(user.status).toBe(201);
    expect((await t().call('PATCH', `/v1/users/${user.body.id}`, { name: 'Renamed' }, as)).status).toBe(200);
    const t3 = await mark();

    const ops = async (query: Record<string, string>) =>
      (await auditPages(t(), query)).items.map((i: { operation: string }) => i.operation);
    const all = await auditPages(t(), { actor: key.body.id });
    expect(all.items.map((i) => i.operation)).toEqual([
      'access.update_user',
      'access.create_user',
      'inventory.adjust_stock',
      'inventory.receive_stock',
      'catalog.create_sku',
    ]);
    for (const item of all.items)
      expect(item.actor).toEqual({ kind: 'api_key', id: key.body.id, role: 'owner' });
    const seqs = all.items.map((i) => i.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);

    expect(await ops({ actor: key.body.id, operation: 'inventory.adjust_stock' })).toEqual([
      'inventory.adjust_stock',
    ]);
    expect(await ops({ actor: key.body.id, operation: 'inventory.' })).toEqual([
      'inventory.adjust_stock',
      'inventory.receive_stock',
    ]);
    // Without the trailing dot it is an exact name, which no operation has.
    expect(await ops({ actor: key.body.id, operation: 'inventory' })).toEqual([]);
    expect(await ops({ actor: key.body.id, operation: 'inventory.adjust' })).toEqual([]);

    expect(await ops({ target: user.body.id })).toEqual(['access.update_user', 'access.create_user']);
    expect(await ops({ actor: key.body.id, targetType: 'user' })).toEqual([
      'access.update_user',
      'access.create_user',
    ]);
    expect(await ops({ target: user.body.id, targetType: 'api_key' })).toEqual([]);

    expect(await ops({ actor: key.body.id, since: t0, until: t1 })).toEqual(['catalog.create_sku']);
    expect(await ops({ actor: key.body.id, since: t1, until: t2 })).toEqual(['inventory.receive_stock']);
    expect(await ops({ actor: key.body.id, since: t2 })).toHaveLength(3);
    expect(await ops({ actor: key.body.id, until: t1 })).toEqual(['catalog.create_sku']);
    expect(await ops({ actor: key.body.id, since: t3 })).toEqual([]);

    // One record per page, in the same order, ending with a null cursor.
    const paged = await auditPages(t(), { actor: key.body.id }, undefined, 1);
    expect(paged.pages).toBe(5);
    expect(paged.items.map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    const bad = await t().get('/v1/audit?cursor=not-a-cursor');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });

  it("shows a warehouse-scoped reader no record of another warehouse's objects", async () => {
    const mine = await stocked(t(), 6);
    const theirs = await stocked(t(), 6);
    for (const f of [mine, theirs]) {
      expect(
        (
          await t().post('/v1/stock/adjustments', {
            sku: f.sku,
            location: f.bin,
            delta: -1,
            reason: 'damage',
          })
        ).status,
      ).toBe(201);
      expect(
        (await t().post('/v1/stock/scraps', { sku: f.sku, location: f.bin, qty: 1, reason: 'expired' }))
          .status,
      ).toBe(201);
    }
    // A transfer between the two warehouses belongs to both: someone who sees only one does not see it.
    const far = await makeBin(t(), theirs.warehouse);
    const sent = await t().post('/v1/stock/transfers', {
      sku: mine.sku,
      from: mine.bin,
      to: far,
      qty: 1,
      via: 'transit',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const warehouseId = async (code: string) =>
      (await t().get(`/v1/locations/${enc(code)}`)).body.id as string;
    const mineId = await warehouseId(mine.warehouse);
    const theirsId = await warehouseId(theirs.warehouse);
    // The trail does hold records of the other warehouse (otherwise this test would prove nothing).
    const held = await t().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE $1 = ANY(warehouse_ids)',
      [theirsId],
    );
    expect(held.rows[0]!.n).toBeGreaterThan(1);

    const manager = await signedIn(t(), 'manager', [mine.warehouse]);
    const seen = await auditPages(t(), {}, manager);
    const warehouses = await t().db.query<{ audit_id: string; warehouse_ids: string[] | null }>(
      'SELECT audit_id, warehouse_ids FROM audit_log WHERE audit_id = ANY($1::text[])',
      [seen.items.map((i) => i.id)],
    );
    expect(warehouses.rows).toHaveLength(seen.items.length);
    expect(warehouses.rows.filter((r) => (r.warehouse_ids ?? []).some((w) => w !== mineId))).toEqual([]);
    expect(warehouses.rows.some((r) => r.warehouse_ids?.includes(mineId))).toBe(true);
    expect(seen.items.map((i) => i.operation)).not.toContain('inventory.transfer_stock');
    // The owner's key sees both warehouses' records, and the transfer.
    const everything = await auditPages(t(), { operation: 'inventory.' });
    const everyWarehouse = await t().db.query<{ warehouse_id: string }>(
      'SELECT DISTINCT unnest(warehouse_ids) AS warehouse_id FROM audit_log WHERE audit_id = ANY($1::text[])',
      [everything.items.map((i) => i.id)],
    );
    expect(everyWarehouse.rows.map((r) => r.warehouse_id)).toEqual(
      expect.arrayContaining([mineId, theirsId]),
    );
    const transfer = everything.items.find((i) => i.requestId === sent.headers['x-request-id']);
    expect(transfer).toMatchObject({ operation: 'inventory.transfer_stock' });
  });

  it.skipIf(engine !== 'postgres')(
    'cannot be changed, deleted or truncated on PostgreSQL, nor can the stock moves',
    async () => {
      await stocked(t(), 2);
      const db = t().db;
      const count = async (table: string) =>
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
      const audits = await count('audit_log');
      const moves = await count('stock_moves');
      const refused = { code: '55000', message: expect.stringMatching(/append-only/) };
      await expect(db.query(`UPDATE audit_log SET reason = 'edited'`)).rejects.toMatchObject(refused);
      await expect(
        db.query(`UPDATE audit_log SET actor_id = 'someone_else' WHERE audit_seq = 1`),
      ).rejects.toMatchObject(refused);
      await expect(db.query('DELETE FROM audit_log')).rejects.toMatchObject(refused);
      await expect(db.query('TRUNCATE audit_log')).rejects.toMatchObject(refused);
      await expect(db.query('TRUNCATE audit_log CASCADE')).rejects.toMatchObject(refused);
      await expect(db.query('UPDATE stock_moves SET qty = qty + 1')).rejects.toMatchObject(refused);
      await expect(db.query('DELETE FROM stock_moves')).rejects.toMatchObject(refused);
      await expect(db.query('TRUNCATE stock_moves')).rejects.toMatchObject({ code: expect.any(String) });
      await expect(db.query('TRUNCATE stock_moves CASCADE')).rejects.toMatchObject(refused);
      expect(await count('audit_log')).toBe(audits);
      expect(await count('stock_moves')).toBe(moves);
    },
  );

  it('reports shrinkage by SKU, location, reason and actor, with totals', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const sku = await makeSku(t());
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect(
      (await t().post('/v1/stock/receipts', { sku, location: bin, qty: 20, occurredAt: twoDaysAgo })).status,
    ).toBe(201);
    const other = await t().post('/v1/api-keys', {
      name: unique('clerk'),
      scopes: ['stock.adjust', 'stock.scrap'],
    });
    const asOther = { authorization: `Bearer ${other.body.key}` };
    const adjust = async (
      delta: number,
      reason: string,
      headers: Record<string, string> = {},
      occurredAt?: string,
    ) => {
      const r = await t().call(
        'POST',
        '/v1/stock/adjustments',
        { sku, location: bin, delta, reason, ...(occurredAt ? { occurredAt } : {}) },
        headers,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await adjust(-2, 'theft');
    await adjust(-1, 'theft', {}, yesterday);
    await adjust(-1, 'damage', {}, yesterday);
    await adjust(3, 'found');
    await adjust(-1, 'damage', asOther);
    const scrap = await t().call(
      'POST',
      '/v1/stock/scraps',
      { sku, location: bin, qty: 1, reason: 'expired' },
      asOther,
    );
    expect(scrap.status).toBe(201);

    const report = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}`);
    expect(report.status).toBe(200);
    const me = { kind: 'api_key', id: t().actorId };
    const them = { kind: 'api_key', id: other.body.id };
    const row = (reason: string, actor: object, qtyLost: number, qtyFound: number, moves = 1) => ({
      period: null,
      sku,
      location: bin,
      warehouse: wh,
      reason,
      actor,
      qtyLost,
      qtyFound,
      netQty: qtyFound - qtyLost,
      moves,
    });
    expect(report.body.rows).toHaveLength(5);
    expect(report.body.rows).toEqual(
      expect.arrayContaining([
        row('theft', me, 3, 0, 2),
        row('damage', me, 1, 0),
        row('damage', them, 1, 0),
        row('expired', them, 1, 0),
        row('found', me, 0, 3),
      ]),
    );
    expect(report.body.totals).toEqual({
      qtyLost: 6,
      qtyFound: 3,
      byReason: {
        theft: { qtyLost: 3, qtyFound: 0 },
        damage: { qtyLost: 2, qtyFound: 0 },
        expired: { qtyLost: 1, qtyFound: 0 },
        found: { qtyLost: 0, qtyFound: 3 },
      },
    });

    const byActor = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}&actor=${enc(other.body.id)}`);
    expect(byActor.body.totals).toMatchObject({ qtyLost: 2, qtyFound: 0 });
    const theft = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}&reason=theft`);
    expect(theft.body.rows).toEqual([row('theft', me, 3, 0, 2)]);

    // By day: yesterday's theft apart from today's; since/until on business time.
    const byDay = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}&period=day`);
    const day = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;
    const today = day(new Date().toISOString());
    const periods = byDay.body.rows.map((r: { period: string; reason: string; actor: { id: string } }) => [
      r.period,
      r.reason,
      r.actor.id,
    ]);
    expect(periods).toHaveLength(6);
    expect(periods).toEqual(
      expect.arrayContaining([
        [day(yesterday), 'theft', me.id],
        [day(yesterday), 'damage', me.id],
        [today, 'theft', me.id],
        [today, 'found', me.id],
        [today, 'damage', them.id],
        [today, 'expired', them.id],
      ]),
    );
    const todaysTheft = byDay.body.rows.find(
      (r: { period: string; reason: string }) => r.period === today && r.reason === 'theft',
    );
    expect(todaysTheft).toMatchObject({ qtyLost: 2, moves: 1 });
    expect(byDay.body.totals).toEqual(report.body.totals);
    const sinceToday = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}&since=${enc(today)}`);
    expect(sinceToday.body.totals).toMatchObject({ qtyLost: 4, qtyFound: 3 });
    const untilToday = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}&until=${enc(today)}`);
    expect(untilToday.body.totals).toMatchObject({ qtyLost: 2, qtyFound: 0 });
  });

  it('shows a warehouse-scoped reader only its warehouses in the shrinkage report', async () => {
    const sku = await makeSku(t());
    const here = await makeWarehouse(t());
    const there = await makeWarehouse(t());
    const hereBin = await makeBin(t(), here);
    const thereBin = await makeBin(t(), there);
    for (const bin of [hereBin, thereBin]) {
      await receive(t(), sku, bin, 5);
      expect(
        (await t().post('/v1/stock/adjustments', { sku, location: bin, delta: -2, reason: 'loss' })).status,
      ).toBe(201);
    }
    const all = await t().get(`/v1/reports/shrinkage?sku=${enc(sku)}`);
    expect(all.body.rows.map((r: { warehouse: string }) => r.warehouse).sort()).toEqual([here, there].sort());

    const manager = await signedIn(t(), 'manager', [here]);
    const scoped = await perform(t(), 'GET', `/v1/reports/shrinkage?sku=${enc(sku)}`, { as: manager });
    expect(scoped.status).toBe(200);
    expect(scoped.body.rows.map((r: { warehouse: string }) => r.warehouse)).toEqual([here]);
    expect(scoped.body.totals).toMatchObject({ qtyLost: 2 });
    const elsewhere = await perform(t(), 'GET', `/v1/reports/shrinkage?warehouse=${enc(there)}`, {
      as: manager,
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('location_not_found');

    const key = await t().post('/v1/api-keys', {
      name: unique('auditor'),
      scopes: ['reports.shrinkage'],
      warehouses: [there],
    });
    const byKey = await t().call('GET', `/v1/reports/shrinkage?sku=${enc(sku)}`, undefined, {
      authorization: `Bearer ${key.body.key}`,
    });
    expect(byKey.body.rows.map((r: { warehouse: string }) => r.warehouse)).toEqual([there]);
  });
});
