/** Every documented operation × every role: allowed exactly when the permission table says so, a refusal is a 403 permission_denied that changes nothing, and nothing protected answers without credentials. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allows,
  OPERATIONS,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from '../../src/modules/access/domain/permissions.js';
import { DEFAULT_PASSWORD, makeKey, type Session, signIn } from '../support/access.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  type Response,
  receive,
  stocked,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder, orderBody } from '../support/orders.js';

interface Operation {
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. /v1/users/{id}. */
  path: string;
  /** The document's `security` for the operation (undefined: the global default applies). */
  security: unknown;
}

/** What the document lists: every path and method, under /v1 or not. */
async function documented(t: TestApp): Promise<Operation[]> {
  const r = await t.anonymous('GET', '/v1/openapi.json');
  expect(r.status).toBe(200);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(r.body.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({ operationId: op.operationId, method: method.toUpperCase(), path, security: op.security });
    }
  }
  return ops;
}

/** The operations of the matrix: every documented /v1 one, plus the document itself (hidden from itself). */
async function matrixOperations(t: TestApp): Promise<Operation[]> {
  const ops = (await documented(t)).filter((o) => o.path.startsWith('/v1/'));
  return [...ops, { operationId: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', security: [] }].sort(
    (a, b) => rank(a) - rank(b),
  );
}

/** These end or replace the caller's session (or its password), so each role's row runs them last. */
const LAST = ['changeMyPassword', 'login', 'logout'];
const rank = (op: Operation) => {
  const i = LAST.indexOf(op.operationId);
  return i < 0 ? 0 : i + 1;
};

/** Objects the plausible requests name; made afresh for each row so that no row depends on another. */
interface Fixtures {
  sku: string;
  warehouse: string;
  bin: string;
  bin2: string;
  countBin: string;
  spareSku: string;
  deleteBin: string;
  archiveBin: string;
  transferId: string;
  /** Transfer orders from the fixture warehouse to another: requested, requested (to cancel), shipped. */
  otherWarehouse: string;
  transferOrder: string;
  transferOrderToCancel: string;
  transferOrderShipped: string;
  reservationToPost: string;
  reservationToVoid: string;
  /** A throwaway user and key for the user and key operations, never the caller itself. */
  userId: string;
  keyId: string;
  channel: string;
  holdRule: string;
  webhook: string;
  orderToHold: string;
  orderToRelease: string;
  orderToCancel: string;
  orderToShip: string;
  shipmentToShip: string;
  shipmentToVoid: string;
  shipmentToDeliver: string;
}

async function makeFixtures(t: TestApp): Promise<Fixtures> {
  const f = await stocked(t, 20);
  const bin2 = await makeBin(t, f.warehouse);
  const countBin = await makeBin(t, f.warehouse);
  await receive(t, f.sku, countBin, 3);
  const otherBin = await makeBin(t, await makeWarehouse(t));
  const transfer = await t.post('/v1/stock/transfers', {
    sku: f.sku,
    from: f.bin,
    to: otherBin,
    qty: 2,
    via: 'transit',
  });
  expect(transfer.status, JSON.stringify(transfer.body)).toBe(201);
  const otherWarehouse = await makeWarehouse(t);
  const transferOrder = async (ship = false) => {
    const r = await t.post('/v1/transfers', {
      from: f.warehouse,
      to: otherWarehouse,
      lines: [{ sku: f.sku, qty: 1 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    if (ship) expect((await t.post(`/v1/transfers/${r.body.id}/ship`, {})).status).toBe(200);
    return r.body.id as string;
  };
  const reserve = async () => {
    const r = await t.post('/v1/reservations', {
      lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
      reference: unique('MATRIX'),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const user = await t.post('/v1/users', {
    email: `${unique('throwaway')}@test.example`,
    name: 'Throwaway',
    password: DEFAULT_PASSWORD,
    role: 'read_only',
    allWarehouses: true,
  });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  const channel = await makeChannel(t, [f.warehouse]);
  const order = async () => (await makeOrder(t, channel, [{ sku: f.sku, qty: 1 }])).id as string;
  const shipment = async (shipped = false) => {
    const r = await t.post('/v1/shipments', { order: await order() });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    if (shipped)
      expect((await t.post(`/v1/shipments/${r.body.id}/ship`, { carrier: 'Fixture' })).status).toBe(200);
    return r.body.id as string;
  };
  const orderToRelease = await order();
  expect((await t.post(`/v1/orders/${orderToRelease}/hold`, { reason: 'matrix' })).status).toBe(200);
  return {
    ...f,
    channel,
    webhook: (
      await t.post('/v1/webhooks', { url: 'https://hooks.example.com/fixture', events: ['order.created'] })
    ).body.id,
    holdRule: (
      await t.post('/v1/hold-rules', {
        name: unique('matrix-rule'),
        isActive: false,
        condition: { flagged: true },
      })
    ).body.id,
    orderToHold: await order(),
    orderToRelease,
    orderToCancel: await order(),
    orderToShip: await order(),
    shipmentToShip: await shipment(),
    shipmentToVoid: await shipment(),
    shipmentToDeliver: await shipment(true),
    bin2,
    countBin,
    spareSku: await makeSku(t),
    deleteBin: await makeBin(t, f.warehouse),
    archiveBin: await makeBin(t, f.warehouse),
    transferId: transfer.body.transfer.id,
    otherWarehouse,
    transferOrder: await transferOrder(),
    transferOrderToCancel: await transferOrder(),
    transferOrderShipped: await transferOrder(true),
    reservationToPost: await reserve(),
    reservationToVoid: await reserve(),
    userId: user.body.id,
    keyId: (await makeKey(t, ['catalog.read'])).id,
  };
}

interface Recipe {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const NEW_PASSWORD = 'another long enough passphrase';

/**
 * A plausible request per operation: real objects, valid bodies, so that an allowed call really runs. An
 * operation without a recipe still gets a request (dummy path parameters, an empty body): authorization
 * comes before validation, so the cell is decided all the same.
 */
const RECIPES: Record<string, (f: Fixtures, me: { email: string; password: string }) => Recipe> = {
  getOpenApi: () => ({}),
  login: (_f, me) => ({ body: { email: me.email, password: me.password } }),
  logout: () => ({ body: {} }),
  getMe: () => ({}),
  changeMyPassword: (_f, me) => ({ body: { currentPassword: me.password, newPassword: NEW_PASSWORD } }),
  listUsers: () => ({ query: 'limit=5' }),
  getUser: (f) => ({ params: { id: f.userId } }),
  createUser: () => ({
    body: {
      email: `${unique('matrix')}@test.example`,
      name: 'Matrix user',
      password: DEFAULT_PASSWORD,
      role: 'read_only',
      allWarehouses: true,
    },
  }),
  updateUser: (f) => ({ params: { id: f.userId }, body: { name: 'Renamed by the matrix' } }),
  setUserPassword: (f) => ({ params: { id: f.userId }, body: { password: NEW_PASSWORD } }),
  listApiKeys: () => ({ query: 'limit=5' }),
  createApiKey: () => ({ body: { name: unique('matrix-key'), scopes: ['catalog.read'] } }),
  revokeApiKey: (f) => ({ params: { id: f.keyId }, body: {} }),
  listAudit: () => ({ query: 'limit=5' }),
  getShrinkageReport: () => ({}),
  createSku: () => ({ body: { code: unique('MSKU'), name: 'Matrix SKU' } }),
  listSkus: () => ({ query: 'limit=5' }),
  getSku: (f) => ({ params: { code: f.sku } }),
  updateSku: (f) => ({ params: { code: f.sku }, body: { name: 'Renamed by the matrix' } }),
  archiveSku: (f) => ({ params: { code: f.spareSku }, body: {} }),
  restoreSku: (f) => ({ params: { code: f.spareSku }, body: {} }),
  importSkus: () => ({
    body: `code,name\n${unique('CSV')},Imported by the matrix\n`,
    headers: { 'content-type': 'text/csv' },
  }),
  createLocation: (f) => ({ body: { code: unique('MBIN'), kind: 'bin', parent: f.warehouse } }),
  listLocations: () => ({ query: 'limit=5' }),
  getLocation: (f) => ({ params: { code: f.bin } }),
  deleteLocation: (f) => ({ params: { code: f.deleteBin } }),
  archiveLocation: (f) => ({ params: { code: f.archiveBin }, body: {} }),
  updateLocationLayout: (f) => ({ params: { code: f.bin2 }, body: { aisle: 'A', x: 150, y: 1200 } }),
  setLocationUsage: (f) => ({ params: { code: f.countBin }, body: { usage: 'storage' } }),
  importLocations: (f) => ({
    body: `code,kind,aisle,x,y\n${f.warehouse}/${unique('MIMP')},bin,A,150,1300\n`,
    headers: { 'content-type': 'text/csv' },
  }),
  receiveStock: (f) => ({ body: { sku: f.sku, location: f.bin, qty: 1 } }),
  adjustStock: (f) => ({ body: { sku: f.sku, location: f.bin, delta: -1, reason: 'damage' } }),
  scrapStock: (f) => ({ body: { sku: f.sku, location: f.bin, qty: 1, reason: 'damage' } }),
  countStock: (f) => ({ body: { sku: f.sku, location: f.countBin, countedQty: 3 } }),
  transferStock: (f) => ({ body: { sku: f.sku, from: f.bin, to: f.bin2, qty: 1 } }),
  listTransfers: () => ({ query: 'limit=5' }),
  getTransfer: (f) => ({ params: { id: f.transferId } }),
  receiveTransfer: (f) => ({ params: { id: f.transferId }, body: { qty: 1 } }),
  createTransferOrder: (f) => ({
    body: { from: f.warehouse, to: f.otherWarehouse, lines: [{ sku: f.sku, qty: 1 }] },
  }),
  listTransferOrders: () => ({ query: 'limit=5' }),
  listIncomingTransfers: () => ({}),
  getTransferOrder: (f) => ({ params: { id: f.transferOrder } }),
  shipTransferOrder: (f) => ({
    params: { id: f.transferOrder },
    body: { lines: [{ lineNo: 1, qty: 1, from: f.bin }] },
  }),
  receiveTransferOrder: (f) => ({
    params: { id: f.transferOrderShipped },
    body: { lines: [{ lineNo: 1, qty: 1 }] },
  }),
  cancelTransferOrder: (f) => ({ params: { id: f.transferOrderToCancel }, body: {} }),
  getStock: (f) => ({ query: `sku=${encodeURIComponent(f.sku)}` }),
  listMoves: () => ({ query: 'limit=5' }),
  checkLedger: () => ({}),
  createReservation: (f) => ({
    body: { lines: [{ sku: f.sku, location: f.bin, qty: 1 }], reference: unique('MATRIX') },
  }),
  listReservations: () => ({ query: 'limit=5' }),
  getReservation: (f) => ({ params: { id: f.reservationToPost } }),
  postReservation: (f) => ({ params: { id: f.reservationToPost }, body: {} }),
  voidReservation: (f) => ({ params: { id: f.reservationToVoid }, body: {} }),
  createChannel: (f) => ({
    body: {
      code: unique('MCH'),
      name: 'Matrix channel',
      kind: 'manual',
      currency: 'EUR',
      warehouses: [{ warehouse: f.warehouse }],
    },
  }),
  listChannels: () => ({ query: 'limit=5' }),
  getChannel: (f) => ({ params: { id: f.channel } }),
  listHoldRules: () => ({}),
  listWebhooks: () => ({}),
  createWebhook: () => ({ body: { url: 'https://hooks.example.com/matrix', events: ['order.created'] } }),
  updateWebhook: (f) => ({ params: { id: f.webhook }, body: { description: 'matrix' } }),
  listWebhookDeliveries: (f) => ({ params: { id: f.webhook } }),
  retryWebhookDelivery: (f) => ({ params: { id: f.webhook, deliveryId: 'dlv_none' }, body: {} }),
  createHoldRule: () => ({ body: { name: unique('rule'), condition: { totalAboveMinor: 10_000_000 } } }),
  updateHoldRule: (f) => ({ params: { id: f.holdRule }, body: { priority: 5 } }),
  getSkuComponents: (f) => ({ params: { code: f.sku } }),
  setSkuComponents: (f) => ({ params: { code: f.spareSku }, body: { components: [] } }),
  getChannelAvailability: (f) => ({ params: { id: f.channel }, query: `sku=${f.sku}` }),
  updateChannel: (f) => ({ params: { id: f.channel }, body: { bufferUnits: 1 } }),
  createOrder: (f) => ({ body: orderBody(f.channel, [{ sku: f.sku, qty: 1 }]) }),
  importOrders: (f) => ({
    query: `channel=${f.channel}`,
    body: `order,sku,qty,price,currency,placed_at,ship_name,ship_line1,ship_city,ship_country\n${unique('MIMP')},${f.sku},1,9.90,EUR,2026-11-20T10:00:00Z,Ada,1 rue X,Paris,FR\n`,
    headers: { 'content-type': 'text/csv' },
  }),
  listOrders: () => ({ query: 'limit=5' }),
  getOrder: (f) => ({ params: { id: f.orderToHold } }),
  holdOrder: (f) => ({ params: { id: f.orderToHold }, body: { reason: 'matrix hold' } }),
  releaseOrder: (f) => ({ params: { id: f.orderToRelease }, body: {} }),
  cancelOrder: (f) => ({ params: { id: f.orderToCancel }, body: { reason: 'matrix cancel' } }),
  editOrder: (f) => ({
    params: { id: f.orderToHold },
    body: { reason: 'matrix edit', changeLines: [{ lineNo: 1, qty: 1 }] },
  }),
  reallocateOrder: (f) => ({ params: { id: f.orderToHold }, body: { reason: 'matrix' } }),
  getReorderPoints: (f) => ({ params: { code: f.sku } }),
  setReorderPoints: (f) => ({
    params: { code: f.sku },
    body: { points: [{ warehouse: f.warehouse, lowAt: 2 }] },
  }),
  getLowStockReport: () => ({}),
  getDashboard: () => ({ query: 'days=7' }),
  createShipment: (f) => ({ body: { order: f.orderToShip } }),
  listShipments: () => ({ query: 'limit=5' }),
  getShipment: (f) => ({ params: { id: f.shipmentToShip } }),
  shipShipment: (f) => ({ params: { id: f.shipmentToShip }, body: { carrier: 'Matrix Post' } }),
  voidShipment: (f) => ({ params: { id: f.shipmentToVoid }, body: { reason: 'matrix' } }),
  deliverShipment: (f) => ({ params: { id: f.shipmentToDeliver }, body: {} }),
  getShippingProfile: (f) => ({ params: { code: f.warehouse } }),
  setShippingProfile: (f) => ({
    params: { code: f.warehouse },
    body: {
      address: { name: 'Matrix warehouse', line1: '1 rue X', city: 'Paris', country: 'FR' },
      gs1CompanyPrefix: '0614141',
    },
  }),
  listCarriers: () => ({}),
  setCarrier: () => ({
    params: { code: 'matrix-post' },
    body: {
      name: 'Matrix Post',
      rateTable: {
        currency: 'EUR',
        services: [{ code: 'std', name: 'Standard', bands: [{ maxWeightGrams: 1000, priceMinor: 500 }] }],
      },
    },
  }),
  listCartonTypes: () => ({}),
  setCartonType: () => ({
    params: { code: 'MATRIX-BOX' },
    body: { name: 'Matrix box', lengthMm: 300, widthMm: 200, heightMm: 100, tareGrams: 100 },
  }),
  getPackProgress: (f) => ({ params: { id: f.shipmentToVoid } }),
  scanPackItem: (f) => ({ params: { id: f.shipmentToVoid }, body: { code: f.sku } }),
  resetPackScans: (f) => ({ params: { id: f.shipmentToVoid }, body: {} }),
  packShipment: (f) => ({
    params: { id: f.shipmentToVoid },
    body: { parcels: [{ weightGrams: 500, items: [{ sku: f.sku, qty: 1 }] }] },
  }),
  getShipmentRates: (f) => ({ params: { id: f.shipmentToShip } }),
  getShipmentLabel: (f) => ({ params: { id: f.shipmentToShip }, query: 'format=zpl' }),
  getPackingSlip: (f) => ({ params: { id: f.shipmentToShip } }),
  createWave: (f) => ({ body: { warehouse: f.warehouse, orders: [f.orderToShip] } }),
  listWaves: () => ({ query: 'limit=5' }),
  getWave: () => ({ params: { id: 'wav_none' } }),
  cancelWave: () => ({ params: { id: 'wav_none' }, body: { reason: 'matrix' } }),
  createPickList: (f) => ({ body: { shipments: [f.shipmentToDeliver] } }),
  listPickLists: () => ({ query: 'limit=5' }),
  getPickList: () => ({ params: { id: 'pkl_none' } }),
  confirmPickTask: (f) => ({ params: { id: 'pkt_none' }, body: { bin: f.bin, item: f.sku } }),
  listCountTasks: () => ({ query: 'limit=5' }),
  getSkuLifecycle: (f) => ({ params: { code: f.sku } }),
  createCountPlan: (f) => ({ body: { warehouse: f.warehouse, kind: 'location', locations: [f.countBin] } }),
  listCountPlans: () => ({ query: 'limit=5' }),
  getCountPlan: () => ({ params: { id: 'cpl_none' } }),
  generateCountTasks: () => ({ params: { id: 'cpl_none' }, body: {} }),
  getCountTask: () => ({ params: { id: 'cnk_none' } }),
  countCountTask: () => ({ params: { id: 'cnk_none' }, body: { countedQty: 1 } }),
  approveCountTask: () => ({ params: { id: 'cnk_none' }, body: {} }),
  rejectCountTask: () => ({ params: { id: 'cnk_none' }, body: { reason: 'matrix' } }),
  getAbcReport: (f) => ({ query: `warehouse=${encodeURIComponent(f.warehouse)}` }),
  getInventoryAccuracyReport: () => ({}),
  getWarehouseDashboard: (f) => ({ query: `warehouse=${encodeURIComponent(f.warehouse)}` }),
  authoriseReturn: () => ({ body: { order: 'ord_none', lines: [{ lineNo: 1, qty: 1, reason: 'other' }] } }),
  listReturns: () => ({ query: 'limit=5' }),
  getReturn: () => ({ params: { id: 'ret_none' } }),
  receiveReturn: () => ({ params: { id: 'ret_none' }, body: { lines: [{ lineNo: 1, qty: 1 }] } }),
  inspectReturn: () => ({
    params: { id: 'ret_none' },
    body: { units: [{ lineNo: 1, grade: 'quarantine' }] },
  }),
  closeReturn: () => ({ params: { id: 'ret_none' }, body: {} }),
  cancelReturn: () => ({ params: { id: 'ret_none' }, body: {} }),
  createSupplier: () => ({ body: { code: unique('SUP'), name: 'Matrix supplier', currency: 'EUR' } }),
  listSuppliers: () => ({ query: 'limit=5' }),
  listPurchaseOrders: () => ({ query: 'limit=5' }),
  listIncomingStock: (f) => ({ query: `sku=${encodeURIComponent(f.sku)}` }),
  getPurchaseOrder: () => ({ params: { id: 'po_none' } }),
  importPurchaseOrders: () => ({ body: { edi: 'not edi' } }),
  receivePurchaseOrder: () => ({ params: { id: 'po_none' }, body: { lines: [{ lineNo: 1, qty: 1 }] } }),
  receiveBlind: (f) => ({ body: { warehouse: f.warehouse, lines: [{ sku: f.sku, qty: 1 }] } }),
  listReceipts: () => ({ query: 'limit=5' }),
  getReceipt: () => ({ params: { id: 'rcp_none' } }),
  decideReceiptQc: () => ({
    params: { id: 'rcp_none' },
    body: { lines: [{ lineNo: 1, accept: 1, reject: 0 }] },
  }),
  importAsn: () => ({ body: { edi: 'not edi' } }),
  getAsn: () => ({ params: { id: 'asn_none' } }),
  receiveAsn: () => ({ params: { id: 'asn_none' }, body: {} }),
  getReceivingDiscrepancies: () => ({ query: 'since=2026-01-01' }),
  createPutawayTasks: (f) => ({ body: { warehouse: f.warehouse } }),
  listPutawayTasks: () => ({ query: 'limit=5' }),
  getPutawayTask: () => ({ params: { id: 'put_none' } }),
  confirmPutawayTask: (f) => ({ params: { id: 'put_none' }, body: { bin: f.bin2 } }),
  cancelPutawayTask: () => ({ params: { id: 'put_none' }, body: {} }),
  listPutawayRules: (f) => ({ query: `warehouse=${encodeURIComponent(f.warehouse)}` }),
  createPutawayRule: (f) => ({
    body: { warehouse: f.warehouse, priority: 1, kind: 'fixed_bin', sku: f.sku, target: f.bin2 },
  }),
  updatePutawayRule: () => ({ params: { id: 'pwr_none' }, body: { priority: 2 } }),
  setLocationCapacity: (f) => ({ params: { code: f.bin2 }, body: { capacityUnits: 100 } }),
};

function requestFor(op: Operation, f: Fixtures, me: { email: string; password: string }) {
  const recipe = RECIPES[op.operationId]?.(f, me) ?? {};
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(recipe.params?.[name] ?? 'none'),
  );
  const url = recipe.query ? `${path}?${recipe.query}` : path;
  const body = recipe.body ?? (op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
  return { url, body, headers: recipe.headers ?? {} };
}

/** What a refused request must leave alone: the ledger, and the access tables (every command audits). */
async function state(t: TestApp) {
  const { rows } = await t.db.query(
    `SELECT (SELECT count(*) FROM users)::bigint AS users,
            (SELECT coalesce(sum(version), 0) FROM users)::bigint AS user_versions,
            (SELECT count(*) FROM api_keys)::bigint AS api_keys,
            (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)::bigint AS revoked_keys,
            (SELECT count(*) FROM sessions WHERE ended_at IS NULL)::bigint AS open_sessions,
            (SELECT count(*) FROM audit_log)::bigint AS audit_log`,
  );
  return { access: rows[0], ledger: await ledgerSnapshot(t.db) };
}

const brief = (r: Response) => `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;

describeDb('access matrix', () => {
  const t = useTestApp();
  let operations: Operation[];
  beforeAll(async () => {
    operations = await matrixOperations(t());
  });

  it('documents every /v1 operation under an operationId of the permission table, and every entry of the table', async () => {
    const ops = await documented(t());
    const outside = ops.filter((o) => !o.path.startsWith('/v1/')).map((o) => `${o.method} ${o.path}`);
    expect(outside, 'only liveness lives outside /v1 and the permission table').toEqual(['GET /health']);
    const v1 = ops.filter((o) => o.path.startsWith('/v1/'));
    const unlisted = v1
      .filter((o) => o.operationId === undefined || !(o.operationId in OPERATIONS))
      .map((o) => `${o.method} ${o.path} (${o.operationId ?? 'no operationId'})`);
    expect(unlisted, 'documented operations missing from OPERATIONS').toEqual([]);
    const ids = v1.map((o) => o.operationId);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'operationIds used twice',
    ).toEqual([]);
    const undocumented = Object.keys(OPERATIONS).filter((id) => id !== 'getOpenApi' && !ids.includes(id));
    expect(undocumented, 'OPERATIONS entries missing from the document').toEqual([]);
    // Clients learn from the document which operations need no credentials.
    const wrongSecurity = v1
      .filter((o) => (OPERATIONS[o.operationId] === 'public') !== (JSON.stringify(o.security) === '[]'))
      .map((o) => o.operationId);
    expect(wrongSecurity, 'security: [] exactly on public operations').toEqual([]);
  });

  it.each([...ROLES])(
    '%s: allowed exactly what the table grants; a refusal changes nothing',
    async (role) => {
      const me: Session = await signIn(t(), role, 'all');
      const f = await makeFixtures(t());
      const permissions = ROLE_PERMISSIONS[role as Role];
      const problems: string[] = [];
      for (const op of operations) {
        const requirement = OPERATIONS[op.operationId]!;
        const expected = allows(requirement, permissions);
        const { url, body, headers } = requestFor(op, f, me);
        const cell = `${role} × ${op.operationId} (${op.method} ${url}, needs ${requirement})`;
        const before = expected ? null : await state(t());
        const r = await me.call(op.method, url, body, headers);
        if (expected) {
          if (
            r.status === 401 ||
            r.status === 403 ||
            r.status >= 500 ||
            r.body?.error?.code === 'route_not_found'
          ) {
            problems.push(`${cell}: expected allowed, got ${brief(r)}`);
          }
          if (op.operationId === 'changeMyPassword' && r.status === 200) me.password = NEW_PASSWORD;
          if (op.operationId === 'login' && r.status === 200) me.adopt(r);
        } else {
          if (r.status !== 403 || r.body?.error?.code !== 'permission_denied') {
            problems.push(`${cell}: expected 403 permission_denied, got ${brief(r)}`);
          } else if (
            JSON.stringify(r.body.error.details) !==
            JSON.stringify({ operation: op.operationId, permission: requirement })
          ) {
            problems.push(`${cell}: the refusal names ${JSON.stringify(r.body.error.details)}`);
          }
          const after = await state(t());
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            problems.push(`${cell}: refused, but the database changed`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('answers 401 authentication_required to every protected operation without credentials, changing nothing', async () => {
    const f = await makeFixtures(t());
    const owner = { email: OWNER_EMAIL, password: OWNER_PASSWORD };
    const problems: string[] = [];
    for (const op of operations) {
      const requirement = OPERATIONS[op.operationId]!;
      const { url, body, headers } = requestFor(op, f, owner);
      const cell = `anonymous × ${op.operationId} (${op.method} ${url})`;
      if (requirement === 'public') {
        const r = await t().anonymous(op.method, url, body, headers);
        if (r.status !== 200) problems.push(`${cell}: expected 200 (public), got ${brief(r)}`);
        continue;
      }
      const before = await state(t());
      const r = await t().anonymous(op.method, url, body, headers);
      if (r.status !== 401 || r.body?.error?.code !== 'authentication_required') {
        problems.push(`${cell}: expected 401 authentication_required, got ${brief(r)}`);
      }
      if (JSON.stringify(await state(t())) !== JSON.stringify(before)) {
        problems.push(`${cell}: refused, but the database changed`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses a state-changing cookie call without the CSRF token before anything runs', async () => {
    const me = await signIn(t(), 'manager', 'all');
    const sku = unique('CSRF');
    const before = await state(t());
    const r = await t().anonymous('POST', '/v1/skus', { code: sku, name: 'No token' }, { cookie: me.cookie });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('csrf_token_invalid');
    const wrong = await me.call(
      'POST',
      '/v1/skus',
      { code: sku, name: 'Wrong token' },
      {
        'x-csrf-token': 'not-the-token',
      },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('csrf_token_invalid');
    expect(await state(t())).toEqual(before);
    const ok = await me.call('POST', '/v1/skus', { code: sku, name: 'With the token' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  // The cells that matter most, written out by hand so that a wrong entry in the table cannot hide them.
  describe('critical cells', () => {
    const as: Partial<Record<Role, Session>> = {};
    let f: Fixtures;
    beforeAll(async () => {
      for (const role of [
        'manager',
        'warehouse_operator',
        'purchasing',
        'accountant',
        'read_only',
      ] as const) {
        as[role] = await signIn(t(), role, 'all');
      }
      f = await makeFixtures(t());
    });

    const enc = encodeURIComponent;
    type Cell = [method: string, url: () => string, body: () => unknown, headers?: Record<string, string>];
    const cell = {
      adjustStock: (): Cell => [
        'POST',
        () => '/v1/stock/adjustments',
        () => ({ sku: f.sku, location: f.bin, delta: -1, reason: 'theft' }),
      ],
      scrapStock: (): Cell => [
        'POST',
        () => '/v1/stock/scraps',
        () => ({ sku: f.sku, location: f.bin, qty: 1, reason: 'damage' }),
      ],
      createUser: (): Cell => [
        'POST',
        () => '/v1/users',
        () => ({
          email: `${unique('critical')}@test.example`,
          name: 'Should not exist',
          password: DEFAULT_PASSWORD,
          role: 'read_only',
          allWarehouses: true,
        }),
      ],
      createApiKey: (): Cell => [
        'POST',
        () => '/v1/api-keys',
        () => ({ name: 'should not exist', scopes: ['catalog.read'] }),
      ],
      listAudit: (): Cell => ['GET', () => '/v1/audit', () => undefined],
    };
    /** Every write to stock, catalog, locations and reservations, by literal path. */
    const writes: Record<string, Cell> = {
      'POST /v1/skus': ['POST', () => '/v1/skus', () => ({ code: unique('NO'), name: 'No' })],
      'PATCH /v1/skus/{code}': ['PATCH', () => `/v1/skus/${enc(f.sku)}`, () => ({ name: 'No' })],
      'POST /v1/skus/{code}/archive': ['POST', () => `/v1/skus/${enc(f.spareSku)}/archive`, () => ({})],
      'POST /v1/skus/{code}/restore': ['POST', () => `/v1/skus/${enc(f.spareSku)}/restore`, () => ({})],
      'POST /v1/skus/imports': [
        'POST',
        () => '/v1/skus/imports',
        () => `code,name\n${unique('NO')},No\n`,
        { 'content-type': 'text/csv' },
      ],
      'POST /v1/locations': [
        'POST',
        () => '/v1/locations',
        () => ({ code: unique('NO'), kind: 'bin', parent: f.warehouse }),
      ],
      'POST /v1/locations/{code}/archive': [
        'POST',
        () => `/v1/locations/${enc(f.archiveBin)}/archive`,
        () => ({}),
      ],
      'DELETE /v1/locations/{code}': ['DELETE', () => `/v1/locations/${enc(f.deleteBin)}`, () => undefined],
      'PUT /v1/locations/{code}/layout': [
        'PUT',
        () => `/v1/locations/${enc(f.bin2)}/layout`,
        () => ({ aisle: 'NO', x: 1, y: 1 }),
      ],
      'POST /v1/locations/imports': [
        'POST',
        () => '/v1/locations/imports',
        () => `code,kind\n${f.warehouse}/${unique('NO')},bin\n`,
        { 'content-type': 'text/csv' },
      ],
      'POST /v1/stock/receipts': [
        'POST',
        () => '/v1/stock/receipts',
        () => ({ sku: f.sku, location: f.bin, qty: 1 }),
      ],
      'POST /v1/stock/adjustments': cell.adjustStock(),
      'POST /v1/stock/scraps': cell.scrapStock(),
      'POST /v1/stock/counts': [
        'POST',
        () => '/v1/stock/counts',
        () => ({ sku: f.sku, location: f.countBin, countedQty: 0 }),
      ],
      'POST /v1/stock/transfers': [
        'POST',
        () => '/v1/stock/transfers',
        () => ({ sku: f.sku, from: f.bin, to: f.bin2, qty: 1 }),
      ],
      'POST /v1/stock/transfers/{id}/receive': [
        'POST',
        () => `/v1/stock/transfers/${f.transferId}/receive`,
        () => ({}),
      ],
      'POST /v1/reservations': [
        'POST',
        () => '/v1/reservations',
        () => ({ lines: [{ sku: f.sku, location: f.bin, qty: 1 }], reference: 'NO' }),
      ],
      'POST /v1/reservations/{id}/post': [
        'POST',
        () => `/v1/reservations/${f.reservationToPost}/post`,
        () => ({}),
      ],
      'POST /v1/reservations/{id}/void': [
        'POST',
        () => `/v1/reservations/${f.reservationToVoid}/void`,
        () => ({}),
      ],
    };

    const refused: [Role, string, Cell][] = [
      ['warehouse_operator', 'adjustStock', cell.adjustStock()],
      ['warehouse_operator', 'scrapStock', cell.scrapStock()],
      ['warehouse_operator', 'createUser', cell.createUser()],
      ['warehouse_operator', 'createApiKey', cell.createApiKey()],
      ['warehouse_operator', 'listAudit', cell.listAudit()],
      ['manager', 'createUser', cell.createUser()],
      ['manager', 'createApiKey', cell.createApiKey()],
      ...(['accountant', 'read_only'] as const).flatMap((role) =>
        Object.entries(writes).map(([name, c]): [Role, string, Cell] => [role, name, c]),
      ),
    ];

    it.each(refused)('%s cannot %s', async (role, _name, [method, url, body, headers]) => {
      const before = await state(t());
      const r = await as[role]!.call(method, url(), body(), headers);
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.error.code).toBe('permission_denied');
      expect(await state(t())).toEqual(before);
    });

    it('purchasing can create a SKU', async () => {
      const code = unique('PURCH');
      const r = await as.purchasing!.call('POST', '/v1/skus', { code, name: 'Bought in' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ code, name: 'Bought in' });
    });
  });
});
