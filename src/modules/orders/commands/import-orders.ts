import { createHash } from 'node:crypto';
import { type Context, type Db, mapDatabaseError, type Queryable, runCommand } from '../../../db/index.js';
import { DomainError } from '../../../kernel/errors.js';
import { resolveSkuRefs } from '../../catalog/index.js';
import { type Channel, requireOrderChannel } from '../db/channels.js';
import { orderProblems } from '../domain/order-checks.js';
import {
  type CsvOrder,
  type CsvOrderInput,
  type OrderCsvField,
  type OrderRowError,
  type OrderRowNotice,
  type ParsedOrderCsv,
  parseOrderCsv,
} from '../domain/order-csv.js';
import { CANCELLABLE, type OrderStatus } from '../domain/order-status.js';
import { cancelOrder } from './cancel-order.js';
import { type CreateOrderInput, createOrder, orderRequestHash } from './create-order.js';

export type OrderImportMode = 'all_or_nothing' | 'skip_invalid';

/** The reason on the timeline of an order the import cancels because the channel had cancelled it. */
export const CANCELLED_IN_CHANNEL = 'cancelled_in_channel';

export interface ImportOrdersOptions {
  /** The channel the orders come from (code or id). */
  readonly channel: string;
  readonly mode: OrderImportMode;
  /** Called as orders are taken: (orders done so far, orders to take). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * What a run did. Every order of the file is counted once: orders = created + cancelled + unchanged +
 * alreadyFulfilled + rejected (when committed).
 */
export interface ImportOrdersReport {
  channel: string;
  mode: OrderImportMode;
  /** Data rows in the file (line items). */
  totalRows: number;
  /** Distinct order numbers in the file. */
  orders: number;
  /** Orders taken as live orders (allocated or backordered). */
  created: number;
  /**
   * Orders the channel had cancelled (`Cancelled at`): taken as cancelled orders, or taken live by an
   * earlier run and cancelled now; none of them holds stock.
   */
  cancelled: number;
  /** Orders this channel already had with the same content (a re-run): left as they are. */
  unchanged: number;
  /** Orders not taken because the channel had fulfilled every line before the migration (in notices). */
  alreadyFulfilled: number;
  /** Orders not taken because of an error (listed in `errors`). */
  rejected: number;
  /** False when nothing was written: all_or_nothing with any error, or a file that cannot be read. */
  committed: boolean;
  errors: OrderRowError[];
  /**
   * What was taken otherwise than the file reads, without being an error (never fails all_or_nothing):
   * already_fulfilled, partially_fulfilled (see domain/order-csv.ts), fulfilled_since_import (an order an
   * earlier run took whole, whose line the channel has shipped since: left as it is here).
   */
  notices: OrderRowNotice[];
  /** Ids of the live orders this run created, in file order. */
  createdIds: string[];
  /** Ids of the orders this run cancelled (new or already there), in file order. */
  cancelledIds: string[];
}

/** What the import does with one order of the file, decided before the first write. */
type Plan =
  | { readonly action: 'create'; readonly order: CsvOrder }
  /** Not there yet, cancelled in the channel: created and cancelled in one transaction. */
  | { readonly action: 'create_cancelled'; readonly order: CsvOrder }
  /** Taken live by an earlier run, cancelled in the channel since. */
  | { readonly action: 'cancel'; readonly order: CsvOrder; readonly orderId: string }
  | { readonly action: 'unchanged'; readonly order: CsvOrder }
  | { readonly action: 'already_fulfilled'; readonly order: CsvOrder };

/**
 * Imports orders from a CSV file, one row per line item grouped by order number (Shopify's order export,
 * or the generic columns order, sku, qty, price, currency, placed_at; see domain/order-csv.ts), into one
 * channel. Every order is checked before the first write: rows (quantities, exact amounts, dates,
 * currency, SKU present), then against the database (unknown_sku, sku_archived, currency_mismatch,
 * address_required, order_conflict when the channel already has that order number with other content).
 * In all_or_nothing mode any problem writes nothing (committed: false); notices never count as problems.
 * Otherwise each valid order is taken by createOrder in its own transaction (allocated, timeline, outbox,
 * audit as any order), so a crash half-way loses nothing already taken and a re-run resumes: orders
 * already taken come back unchanged, never twice. An order that fails when taken (a change made
 * meanwhile) is reported with its rows and the import goes on; even in all_or_nothing mode the orders
 * taken before it stay. The run itself is audited as `orders.import_orders` (counts and ids, not the file).
 *
 * What the channel did before the migration:
 * - Customers are keyed by (channel, customer id or normalised email) and upserted on the database's
 *   unique key inside each order's transaction, so one buyer is one customer across orders, re-runs and
 *   concurrent imports.
 * - An order with `Cancelled at` is created and cancelled through cancelOrder in one transaction (reason
 *   `cancelled_in_channel` on its timeline): it is kept for the record and holds no stock when it commits.
 *   If an earlier run took it live, it is cancelled now (its reservations released), whatever changed in
 *   its content, provided it is the same order (same order date; else order_conflict) and still open
 *   (shipped here: `order_not_open`, an error, a return to make by hand).
 * - Lines the channel had fulfilled are left out (notice `already_fulfilled`); an order with none left is
 *   not taken (counted in alreadyFulfilled). An order an earlier run took whole before the channel shipped
 *   some of its lines is left as it is, with a `fulfilled_since_import` notice per such line; so is one
 *   an earlier version of the import took without a customer key.
 *
 * An Idempotency-Key on the context is not used: the import is idempotent by (channel, order number), and
 * a key shared by hundreds of orders would make all but the first replay.
 * Errors (the whole call): unknown_channel, channel_archived (422), channel_not_allowed (403).
 */
export async function importOrders(ctx: Context, csv: string, options: ImportOrdersOptions) {
  const parsed = parseOrderCsv(csv);
  const report: ImportOrdersReport = {
    channel: options.channel,
    mode: options.mode,
    totalRows: parsed.totalRows,
    orders: parsed.orderCount,
    created: 0,
    cancelled: 0,
    unchanged: 0,
    alreadyFulfilled: 0,
    rejected: 0,
    committed: false,
    errors: parsed.fileError ? [parsed.fileError] : [...parsed.errors],
    notices: [],
    createdIds: [],
    cancelledIds: [],
  };
  if (parsed.fileError) return { value: report, replayed: false };

  const checked = await checkAgainstDatabase(ctx, options.channel, parsed.orders, parsed.columns);
  report.channel = checked.channel.code;
  report.errors.push(...checked.errors);
  report.errors.sort((a, b) => a.row - b.row);
  report.notices = checked.notices;
  report.rejected = parsed.invalid.length + (parsed.orders.length - checked.plans.length);
  if (report.errors.length > 0 && options.mode === 'all_or_nothing') {
    return { value: report, replayed: false };
  }

  // Each order in its own transaction, without the caller's Idempotency-Key (see above).
  const perOrder: Context = { ...ctx, idempotencyKey: null };
  const total = checked.plans.length;
  options.onProgress?.(0, total);
  for (const [i, plan] of checked.plans.entries()) {
    const { order } = plan;
    const input: CreateOrderInput = { ...order.input, channel: checked.channel.code };
    try {
      const outcome = await takeOrder(perOrder, plan, input);
      report[outcome.counted]++;
      if (outcome.counted === 'created') report.createdIds.push(outcome.orderId!);
      if (outcome.counted === 'cancelled') report.cancelledIds.push(outcome.orderId!);
    } catch (e) {
      const error = mapDatabaseError(e);
      // The database gone is not this order's fault: stop; a re-run resumes where this one stopped.
      if (error === null || error.kind === 'unavailable') throw e;
      report.rejected++;
      report.notices = report.notices.filter((n) => n.order !== order.externalId);
      report.errors.push({
        row: order.firstRow,
        column: null,
        code: error.code,
        reason: error.message,
        order: order.externalId,
        rows: order.rows,
      });
    }
    options.onProgress?.(i + 1, total);
  }
  report.errors.sort((a, b) => a.row - b.row);
  report.committed = true;
  await runCommand(
    perOrder,
    'orders.import_orders',
    {
      channel: report.channel,
      mode: options.mode,
      sha256: createHash('sha256').update(csv).digest('hex'),
    },
    async (_tx, audit) => {
      audit.record({
        targetType: 'order_import',
        after: {
          channel: report.channel,
          mode: report.mode,
          totalRows: report.totalRows,
          orders: report.orders,
          created: report.created,
          cancelled: report.cancelled,
          unchanged: report.unchanged,
          alreadyFulfilled: report.alreadyFulfilled,
          rejected: report.rejected,
          createdIds: report.createdIds.slice(0, 1000),
          cancelledIds: report.cancelledIds.slice(0, 1000),
        },
      });
    },
  );
  return { value: report, replayed: false };
}

type Counted = 'created' | 'cancelled' | 'unchanged' | 'alreadyFulfilled';

/** Carries out one order's plan: at most one transaction. */
async function takeOrder(
  ctx: Context,
  plan: Plan,
  input: CreateOrderInput,
): Promise<{ counted: Counted; orderId?: string }> {
  switch (plan.action) {
    case 'unchanged':
      return { counted: 'unchanged' };
    case 'already_fulfilled':
      return { counted: 'alreadyFulfilled' };
    case 'create': {
      const { value } = await createOrder(ctx, input);
      return value.existing ? { counted: 'unchanged' } : { counted: 'created', orderId: value.order.id };
    }
    case 'create_cancelled':
      // One transaction for both, so that the order is never seen live nor holding stock.
      return ctx.db.transaction(async (tx) => {
        const inTx: Context = { ...ctx, db: boundTo(tx, ctx.db) };
        const { value } = await createOrder(inTx, input);
        // Taken meanwhile by another run: cancelled already, or to cancel as below.
        if (value.existing && value.order.status === 'cancelled') return { counted: 'unchanged' };
        await cancelOrder(inTx, value.order.id, { reason: CANCELLED_IN_CHANNEL });
        return { counted: 'cancelled', orderId: value.order.id };
      });
    case 'cancel':
      try {
        await cancelOrder(ctx, plan.orderId, { reason: CANCELLED_IN_CHANNEL });
        return { counted: 'cancelled', orderId: plan.orderId };
      } catch (e) {
        // Cancelled meanwhile (by another run or by hand): what the channel says is already true.
        if (e instanceof DomainError && e.code === 'order_not_open' && e.details.status === 'cancelled') {
          return { counted: 'unchanged' };
        }
        throw e;
      }
  }
}

/**
 * A Db whose transactions are the one already open: commands that open their own transaction (createOrder,
 * cancelOrder) then run in the caller's, and commit or roll back together. The outer transaction's retry
 * on serialization failures and deadlocks replays them all.
 */
function boundTo(tx: Queryable, db: Db): Db {
  const notInTransaction = (what: string) => () => {
    throw new Error(`${what} is not available inside a transaction`);
  };
  return {
    engine: db.engine,
    query: (sql, params) => tx.query(sql, params),
    transaction: (fn) => fn(tx),
    exec: notInTransaction('exec'),
    withSession: notInTransaction('withSession'),
    close: notInTransaction('close'),
  };
}

/** The column of the file that holds each part of a shipping address createOrder requires. */
const SHIP_TO_COLUMNS: Readonly<Record<string, OrderCsvField>> = {
  name: 'shipName',
  line1: 'shipAddress1',
  city: 'shipCity',
  country: 'shipCountry',
};

/**
 * How an order already taken may have been taken from this same file row for row: as it reads now, as an
 * earlier version of the import wrote it (no customer key), or before the channel fulfilled some lines
 * (every line of the file). Returns which, or null when none: the content differs.
 */
function matchTaken(
  order: CsvOrder,
  channel: string,
  requestHash: string,
): 'as_now' | 'before_fulfilment' | null {
  const hashOf = (input: CsvOrderInput) => orderRequestHash({ ...input, channel });
  const withoutKey = (input: CsvOrderInput): CsvOrderInput => {
    if (input.customer?.externalId === undefined) return input;
    const { externalId: _key, ...customer } = input.customer;
    const { customer: _customer, ...rest } = input;
    return Object.keys(customer).length > 0 ? { ...rest, customer } : rest;
  };
  const now = order.input;
  if (hashOf(now) === requestHash || hashOf(withoutKey(now)) === requestHash) return 'as_now';
  const whole: CsvOrderInput = { ...now, lines: order.fileLines.map((l) => l.line) };
  if (whole.lines.length !== now.lines.length) {
    if (hashOf(whole) === requestHash || hashOf(withoutKey(whole)) === requestHash)
      return 'before_fulfilment';
  }
  return null;
}

/**
 * The checks createOrder would make, for every order at once and before anything is written, so that
 * all_or_nothing means it and each problem points at its row and column; and the plan for each order that
 * passes. An order the channel already has with the same content (see matchTaken) is planned unchanged and
 * nothing is written for it, whatever changed here since; one the channel has cancelled since is planned
 * for cancelling.
 */
async function checkAgainstDatabase(
  ctx: Context,
  channelRef: string,
  orders: readonly CsvOrder[],
  columns: ParsedOrderCsv['columns'],
): Promise<{ channel: Channel; plans: Plan[]; errors: OrderRowError[]; notices: OrderRowNotice[] }> {
  return ctx.db.transaction(async (tx) => {
    const channel = await requireOrderChannel(tx, ctx, channelRef);
    const { rows: existing } = await tx.query<{
      external_id: string;
      request_hash: string;
      order_id: string;
      status: OrderStatus;
      placed_at: Date | string;
    }>(
      `SELECT external_id, request_hash, order_id, status, placed_at FROM orders
        WHERE channel_id = $1 AND external_id = ANY($2::text[])`,
      [channel.id, orders.map((o) => o.externalId)],
    );
    const prior = new Map(existing.map((r) => [r.external_id, r]));
    const skus = await resolveSkuRefs(tx, [
      ...new Set(orders.flatMap((o) => o.input.lines.map((l) => l.sku))),
    ]);

    const plans: Plan[] = [];
    const errors: OrderRowError[] = [];
    const notices: OrderRowNotice[] = [];
    const column = (field: OrderCsvField) => columns[field] ?? field;
    for (const order of orders) {
      const problems: Omit<OrderRowError, 'order' | 'rows'>[] = [];
      let plan: Plan | null = null;
      let orderNotices = order.notices;
      const taken = prior.get(order.externalId);
      if (taken && order.cancelledAt !== null) {
        orderNotices = [];
        if (taken.status === 'cancelled') plan = { action: 'unchanged', order };
        else if (new Date(taken.placed_at).getTime() !== Date.parse(order.input.placedAt)) {
          problems.push({
            row: order.firstRow,
            column: column('createdAt'),
            code: 'order_conflict',
            reason:
              `The channel cancelled order ${order.externalId}, but the one ${channel.code} has (${taken.order_id}) ` +
              'was placed at another time: is the number used twice? Nothing was cancelled.',
          });
        } else if (!CANCELLABLE.has(taken.status)) {
          problems.push({
            row: order.firstRow,
            column: column('cancelledAt'),
            code: 'order_not_open',
            reason:
              `The channel cancelled order ${order.externalId}, but ${taken.order_id} is already ${taken.status} ` +
              'here; take back what was shipped as a return.',
          });
        } else plan = { action: 'cancel', order, orderId: taken.order_id };
      } else if (taken) {
        const match = matchTaken(order, channel.code, taken.request_hash);
        if (match === null) {
          problems.push({
            row: order.firstRow,
            column: column('order'),
            code: 'order_conflict',
            reason:
              `Order ${order.externalId} of channel ${channel.code} was already taken (${taken.order_id}) with ` +
              'different content; change it with an order edit, not an import.',
          });
        } else {
          plan = { action: 'unchanged', order };
          if (match === 'before_fulfilment') orderNotices = fulfilledSinceImport(order, taken.order_id);
        }
      } else if (order.input.lines.length === 0) {
        plan = { action: 'already_fulfilled', order };
      } else {
        for (const p of orderProblems(channel, order.input, skus)) {
          const ship =
            p.code === 'address_required' ? SHIP_TO_COLUMNS[(p.details.missing as string[])[0]!] : undefined;
          problems.push({
            row: p.line === undefined ? order.firstRow : (order.lineRows[p.line] ?? order.firstRow),
            column:
              p.code === 'currency_mismatch'
                ? column('currency')
                : p.code === 'address_required'
                  ? ship
                    ? (columns[ship] ?? null)
                    : null
                  : column('sku'),
            code: p.code,
            reason: p.message,
          });
        }
        plan = { action: order.cancelledAt === null ? 'create' : 'create_cancelled', order };
      }
      if (problems.length === 0 && plan !== null) {
        plans.push(plan);
        notices.push(...orderNotices);
      } else for (const p of problems) errors.push({ ...p, order: order.externalId, rows: order.rows });
    }
    notices.sort((a, b) => a.row - b.row);
    return { channel, plans, errors, notices };
  });
}

/** The notices of an order taken whole by an earlier run whose lines the channel has shipped since. */
function fulfilledSinceImport(order: CsvOrder, orderId: string): OrderRowNotice[] {
  return order.notices.map((n) =>
    n.code === 'already_fulfilled'
      ? {
          ...n,
          code: 'fulfilled_since_import',
          reason:
            `${n.rows.length === order.rows.length ? 'Every line' : 'This line'} of order ${order.externalId} was ` +
            `shipped by the channel after an earlier import took it (${orderId}); the order is left as it is ` +
            'here: cancel or ship those units.',
        }
      : n,
  );
}
