import type { components, operations } from './schema';

type Schemas = components['schemas'];
type Json<Op extends keyof operations, Status extends number = 200> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type Order = Schemas['Order'];
export type OrderLine = Order['lines'][number];
export type OrderDetail = Json<'getOrder'>;
export type OrderEvent = OrderDetail['timeline'][number];
export type Sku = Schemas['Sku'];
export type Channel = Schemas['Channel'];
export type Location = Schemas['Location'];
export type User = Schemas['User'];
export type Me = Json<'getMe'>;
export type LoginResult = Json<'login'>;
export type StockReport = Json<'getStock'>;
export type StockItem = StockReport['items'][number];
export type MoveLine = Json<'listMoves'>['items'][number];
export type StockChange = Json<'adjustStock', 201>;

export type OrdersQuery = NonNullable<operations['listOrders']['parameters']['query']>;
export type MovesQuery = NonNullable<operations['listMoves']['parameters']['query']>;
export type CancelBody = NonNullable<operations['cancelOrder']['requestBody']>['content']['application/json'];
export type AdjustBody = NonNullable<operations['adjustStock']['requestBody']>['content']['application/json'];
export type AdjustReason = AdjustBody['reason'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Order statuses, in the order an order goes through them (src/modules/orders/domain/order-status.ts). */
export const ORDER_STATUSES = [
  'pending',
  'allocated',
  'partially_allocated',
  'backordered',
  'in_fulfilment',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
] as const;

/** Statuses in which something is left to cancel. */
export const CANCELLABLE_STATUSES: ReadonlySet<string> = new Set([
  'pending',
  'allocated',
  'partially_allocated',
  'backordered',
  'in_fulfilment',
  'partially_shipped',
]);

/** Adjustment reasons and the direction each allows (src/modules/inventory/domain/reasons.ts). */
export const ADJUSTMENT_REASONS: readonly { reason: AdjustReason; sign: 'in' | 'out' | 'both' }[] = [
  { reason: 'damage', sign: 'out' },
  { reason: 'theft', sign: 'out' },
  { reason: 'loss', sign: 'out' },
  { reason: 'found', sign: 'in' },
  { reason: 'count', sign: 'both' },
  { reason: 'other', sign: 'both' },
];

/** Units still open on a line: neither shipped nor cancelled. */
export const openQtyOf = (line: OrderLine) => line.qtyOrdered - line.qtyShipped - line.qtyCancelled;
