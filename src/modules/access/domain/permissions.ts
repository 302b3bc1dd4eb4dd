/**
 * The permission table: the one place that says which permissions each role holds and which permission
 * each HTTP operation needs. The HTTP layer refuses to start when a /v1 operation is missing from
 * OPERATIONS, so no endpoint can be born unprotected; the role × operation test is generated from the
 * OpenAPI document against this table.
 */

export const PERMISSIONS = [
  'catalog.read',
  'catalog.write',
  'locations.read',
  'locations.write',
  'stock.read',
  'stock.receive',
  'stock.adjust',
  'stock.count',
  'stock.transfer',
  'stock.scrap',
  'reservations.read',
  'reservations.write',
  'reservations.post',
  'channels.read',
  'channels.write',
  'orders.read',
  'orders.write',
  'shipments.read',
  'shipments.write',
  'ledger.check',
  'reports.shrinkage',
  'audit.read',
  'users.read',
  'users.write',
  'api_keys.read',
  'api_keys.write',
  'webhooks.read',
  'webhooks.write',
  'purchasing.read',
  'purchasing.write',
  'returns.read',
  'returns.write',
  'counts.approve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'owner',
  'admin',
  'manager',
  'warehouse_operator',
  'purchasing',
  'accountant',
  'read_only',
] as const;
export type Role = (typeof ROLES)[number];

const READS: Permission[] = [
  'catalog.read',
  'locations.read',
  'stock.read',
  'reservations.read',
  'channels.read',
  'orders.read',
  'shipments.read',
  'purchasing.read',
  'returns.read',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  owner: new Set(PERMISSIONS),
  admin: new Set(PERMISSIONS),
  // Runs the operation: master data, all stock work, reservations, investigations; no staff accounts or keys.
  manager: new Set<Permission>([
    ...READS,
    'catalog.write',
    'locations.write',
    'stock.receive',
    'stock.adjust',
    'stock.count',
    'stock.transfer',
    'stock.scrap',
    'reservations.write',
    'reservations.post',
    'channels.write',
    'orders.write',
    'shipments.write',
    'purchasing.write',
    'returns.write',
    'counts.approve',
    'ledger.check',
    'reports.shrinkage',
    'audit.read',
    'users.read',
  ]),
  // Receive, move, count, pick/pack/ship (posting reservations) in the assigned warehouses. Adjustments
  // and scrap, where stock disappears with a reason, are a manager's call.
  warehouse_operator: new Set<Permission>([
    ...READS,
    'stock.receive',
    'stock.count',
    'stock.transfer',
    'reservations.post',
    'shipments.write',
    'returns.write',
  ]),
  // Suppliers and purchase orders; receiving is the warehouse's (stock.receive).
  purchasing: new Set<Permission>([...READS, 'catalog.write', 'purchasing.write']),
  accountant: new Set<Permission>([...READS, 'ledger.check', 'reports.shrinkage', 'audit.read']),
  read_only: new Set<Permission>(READS),
};

/** Roles whose holders see every warehouse; the others are scoped to their assignments. */
export const UNSCOPED_ROLES: ReadonlySet<Role> = new Set<Role>(['owner', 'admin']);

/** `public`: no principal needed. `authenticated`: any principal (a user or key about itself). */
export type Requirement = Permission | 'public' | 'authenticated';

/** Every /v1 operation, by operationId, and what it requires. */
export const OPERATIONS: Readonly<Record<string, Requirement>> = {
  // system
  getOpenApi: 'public',
  // access
  login: 'public',
  logout: 'authenticated',
  getMe: 'authenticated',
  changeMyPassword: 'authenticated',
  listUsers: 'users.read',
  getUser: 'users.read',
  createUser: 'users.write',
  updateUser: 'users.write',
  setUserPassword: 'users.write',
  listApiKeys: 'api_keys.read',
  createApiKey: 'api_keys.write',
  revokeApiKey: 'api_keys.write',
  listAudit: 'audit.read',
  getShrinkageReport: 'reports.shrinkage',
  // catalog
  createSku: 'catalog.write',
  listSkus: 'catalog.read',
  getSku: 'catalog.read',
  updateSku: 'catalog.write',
  archiveSku: 'catalog.write',
  restoreSku: 'catalog.write',
  importSkus: 'catalog.write',
  getSkuComponents: 'catalog.read',
  setSkuComponents: 'catalog.write',
  // locations
  createLocation: 'locations.write',
  listLocations: 'locations.read',
  getLocation: 'locations.read',
  archiveLocation: 'locations.write',
  deleteLocation: 'locations.write',
  updateLocationLayout: 'locations.write',
  setLocationUsage: 'locations.write',
  importLocations: 'locations.write',
  // stock
  receiveStock: 'stock.receive',
  adjustStock: 'stock.adjust',
  countStock: 'stock.count',
  scrapStock: 'stock.scrap',
  transferStock: 'stock.transfer',
  listTransfers: 'stock.read',
  getTransfer: 'stock.read',
  receiveTransfer: 'stock.transfer',
  // transfer orders
  createTransferOrder: 'stock.transfer',
  listTransferOrders: 'stock.read',
  listIncomingTransfers: 'stock.read',
  getTransferOrder: 'stock.read',
  shipTransferOrder: 'stock.transfer',
  receiveTransferOrder: 'stock.transfer',
  cancelTransferOrder: 'stock.transfer',
  getStock: 'stock.read',
  listMoves: 'stock.read',
  checkLedger: 'ledger.check',
  getReorderPoints: 'stock.read',
  setReorderPoints: 'catalog.write',
  getLowStockReport: 'stock.read',
  // reservations
  createReservation: 'reservations.write',
  listReservations: 'reservations.read',
  getReservation: 'reservations.read',
  postReservation: 'reservations.post',
  voidReservation: 'reservations.write',
  // channels and orders
  createChannel: 'channels.write',
  listChannels: 'channels.read',
  getChannel: 'channels.read',
  updateChannel: 'channels.write',
  getChannelAvailability: 'channels.read',
  listHoldRules: 'channels.read',
  createHoldRule: 'channels.write',
  updateHoldRule: 'channels.write',
  // webhooks
  listWebhooks: 'webhooks.read',
  createWebhook: 'webhooks.write',
  updateWebhook: 'webhooks.write',
  listWebhookDeliveries: 'webhooks.read',
  retryWebhookDelivery: 'webhooks.write',
  // orders
  createOrder: 'orders.write',
  importOrders: 'orders.write',
  listOrders: 'orders.read',
  getOrder: 'orders.read',
  holdOrder: 'orders.write',
  releaseOrder: 'orders.write',
  cancelOrder: 'orders.write',
  editOrder: 'orders.write',
  reallocateOrder: 'orders.write',
  // fulfillment
  createShipment: 'shipments.write',
  listShipments: 'shipments.read',
  getShipment: 'shipments.read',
  shipShipment: 'shipments.write',
  voidShipment: 'shipments.write',
  deliverShipment: 'shipments.write',
  // picking: releasing waves and confirming picks are shipment work on the floor. A short pick writes the
  // missing units off the bin (reason short_pick) without stock.adjust: the picker reports what is not
  // there, the record names them, and the count task it opens settles the truth.
  createWave: 'shipments.write',
  listWaves: 'shipments.read',
  getWave: 'shipments.read',
  cancelWave: 'shipments.write',
  createPickList: 'shipments.write',
  listPickLists: 'shipments.read',
  getPickList: 'shipments.read',
  confirmPickTask: 'shipments.write',
  getWarehouseDashboard: 'shipments.read',
  // cycle counts: counting is floor work (stock.count); what to count and accepting a large variance is a
  // manager's call (counts.approve). A blind task's expected quantity is shown only with counts.approve.
  createCountPlan: 'counts.approve',
  listCountPlans: 'stock.count',
  getCountPlan: 'stock.count',
  generateCountTasks: 'counts.approve',
  listCountTasks: 'stock.count',
  getCountTask: 'stock.count',
  countCountTask: 'stock.count',
  approveCountTask: 'counts.approve',
  rejectCountTask: 'counts.approve',
  getAbcReport: 'stock.read',
  getInventoryAccuracyReport: 'stock.read',
  // packing: warehouse shipping setup (profile, carriers, carton types) is warehouse configuration, like
  // locations; scans and packing are shipment work; documents and rates are reads of a shipment.
  getShippingProfile: 'shipments.read',
  setShippingProfile: 'locations.write',
  listCarriers: 'shipments.read',
  setCarrier: 'locations.write',
  listCartonTypes: 'shipments.read',
  setCartonType: 'locations.write',
  getPackProgress: 'shipments.read',
  scanPackItem: 'shipments.write',
  resetPackScans: 'shipments.write',
  packShipment: 'shipments.write',
  getShipmentRates: 'shipments.read',
  getShipmentLabel: 'shipments.read',
  getPackingSlip: 'shipments.read',
  // purchasing
  createSupplier: 'purchasing.write',
  listSuppliers: 'purchasing.read',
  getSupplier: 'purchasing.read',
  updateSupplier: 'purchasing.write',
  setSupplierSku: 'purchasing.write',
  listSupplierSkus: 'purchasing.read',
  createPurchaseOrder: 'purchasing.write',
  listPurchaseOrders: 'purchasing.read',
  listIncomingStock: 'purchasing.read',
  importPurchaseOrders: 'purchasing.write',
  getPurchaseOrder: 'purchasing.read',
  updatePurchaseOrder: 'purchasing.write',
  sendPurchaseOrder: 'purchasing.write',
  cancelPurchaseOrder: 'purchasing.write',
  closePurchaseOrder: 'purchasing.write',
  getPurchaseOrderPdf: 'purchasing.read',
  getPurchaseOrderEdi: 'purchasing.read',
  // receiving: putting goods on the dock and deciding QC is the warehouse's (stock.receive); importing a
  // supplier's ship notice is purchasing paperwork.
  receivePurchaseOrder: 'stock.receive',
  receiveBlind: 'stock.receive',
  decideReceiptQc: 'stock.receive',
  receiveAsn: 'stock.receive',
  importAsn: 'purchasing.write',
  listReceipts: 'purchasing.read',
  getReceipt: 'purchasing.read',
  getAsn: 'purchasing.read',
  getReceivingDiscrepancies: 'purchasing.read',
  // reports: the dashboard's core is orders, which every role reads; its stock and shrinkage sections are
  // left out (null) for a caller lacking stock.read or reports.shrinkage, the permissions of their own reports.
  getDashboard: 'orders.read',
  getSkuLifecycle: 'stock.read',
  // returns: authorising, receiving and grading returned units is warehouse work like shipping.
  authoriseReturn: 'returns.write',
  listReturns: 'returns.read',
  getReturn: 'returns.read',
  receiveReturn: 'returns.write',
  inspectReturn: 'returns.write',
  closeReturn: 'returns.write',
  cancelReturn: 'returns.write',
  // put-away: tasks move stock dock → bin (a transfer); rules and bin capacity are warehouse configuration.
  createPutawayTasks: 'stock.transfer',
  listPutawayTasks: 'stock.read',
  getPutawayTask: 'stock.read',
  confirmPutawayTask: 'stock.transfer',
  cancelPutawayTask: 'stock.transfer',
  listPutawayRules: 'stock.read',
  createPutawayRule: 'locations.write',
  updatePutawayRule: 'locations.write',
  setLocationCapacity: 'locations.write',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether a principal holding `permissions` may run an operation requiring `requirement`. */
export function allows(requirement: Requirement, permissions: ReadonlySet<string>): boolean {
  if (requirement === 'public' || requirement === 'authenticated') return true;
  return permissions.has(requirement);
}

/**
 * Who may manage whom: only an owner creates, changes or resets an owner or makes someone an owner; an
 * admin manages every other role. Returns why not, or null.
 */
export function userManagementProblem(actorRole: Role | null, targetRoles: readonly Role[]): string | null {
  if (actorRole === null || actorRole === 'owner') return null;
  if (targetRoles.includes('owner')) return 'only an owner can create, change or reset an owner';
  return null;
}
