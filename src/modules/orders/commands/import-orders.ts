import { createHash } from 'node:crypto';
import { type Context, mapDatabaseError, runCommand } from '../../../db/index.js';
import { resolveSkuRefs } from '../../catalog/index.js';
import { type Channel, requireOrderChannel } from '../db/channels.js';
import { orderProblems } from '../domain/order-checks.js';
import {
  type CsvOrder,
  type OrderCsvField,
  type OrderRowError,
  type ParsedOrderCsv,
  parseOrderCsv,
} from '../domain/order-csv.js';
import { type CreateOrderInput, createOrder, orderRequestHash } from './create-order.js';

export type OrderImportMode = 'all_or_nothing' | 'skip_invalid';

export interface ImportOrdersOptions {
  /** The channel the orders come from (code or id). */
  readonly channel: string;
  readonly mode: OrderImportMode;
  /** Called as orders are taken: (orders done so far, orders to take). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface ImportOrdersReport {
  channel: string;
  mode: OrderImportMode;
  /** Data rows in the file (line items). */
  totalRows: number;
  /** Distinct order numbers in the file. */
  orders: number;
  created: number;
  /** Orders this channel already had with the same content (a re-run): left as they are. */
  unchanged: number;
  /** Orders not taken because of an error (listed in `errors`). */
  rejected: number;
  /** False when nothing was written: all_or_nothing with any error, or a file that cannot be read. */
  committed: boolean;
  errors: OrderRowError[];
  /** Ids of the orders this run created, in file order. */
  createdIds: string[];
}

/**
 * Imports orders from a CSV file, one row per line item grouped by order number (Shopify's order export,
 * or the generic columns order, sku, qty, price, currency, placed_at; see domain/order-csv.ts), into one
 * channel. Every order is checked before the first write: rows (quantities, exact amounts, dates,
 * currency, SKU present), then against the database (unknown_sku, sku_archived, currency_mismatch,
 * address_required, order_conflict when the channel already has that order number with other content).
 * In all_or_nothing mode any problem writes nothing (committed: false). Otherwise each valid order is
 * taken by createOrder in its own transaction (allocated, timeline, outbox, audit as any order), so a crash
 * half-way loses nothing already taken and a re-run resumes: orders already taken come back unchanged,
 * never twice. An order that fails when taken (a change made meanwhile) is reported with its rows and the
 * import goes on; even in all_or_nothing mode the orders taken before it stay. The run itself is audited
 * as `orders.import_orders` (counts and ids, not the file).
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
    unchanged: 0,
    rejected: 0,
    committed: false,
    errors: parsed.fileError ? [parsed.fileError] : [...parsed.errors],
    createdIds: [],
  };
  if (parsed.fileError) return { value: report, replayed: false };

  const checked = await checkAgainstDatabase(ctx, options.channel, parsed.orders, parsed.columns);
  report.channel = checked.channel.code;
  report.errors.push(...checked.errors);
  report.errors.sort((a, b) => a.row - b.row);
  report.rejected = parsed.invalid.length + (parsed.orders.length - checked.valid.length);
  if (report.errors.length > 0 && options.mode === 'all_or_nothing') {
    return { value: report, replayed: false };
  }

  // Each order in its own transaction, without the caller's Idempotency-Key (see above).
  const perOrder: Context = { ...ctx, idempotencyKey: null };
  const total = checked.valid.length;
  options.onProgress?.(0, total);
  for (const [i, order] of checked.valid.entries()) {
    const input: CreateOrderInput = { ...order.input, channel: checked.channel.code };
    try {
      const { value } = await createOrder(perOrder, input);
      if (value.existing) report.unchanged++;
      else {
        report.created++;
        report.createdIds.push(value.order.id);
      }
    } catch (e) {
      const error = mapDatabaseError(e);
      // The database gone is not this order's fault: stop; a re-run resumes where this one stopped.
      if (error === null || error.kind === 'unavailable') throw e;
      report.rejected++;
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
          unchanged: report.unchanged,
          rejected: report.rejected,
          createdIds: report.createdIds.slice(0, 1000),
        },
      });
    },
  );
  return { value: report, replayed: false };
}

/** The column of the file that holds each part of a shipping address createOrder requires. */
const SHIP_TO_COLUMNS: Readonly<Record<string, OrderCsvField>> = {
  name: 'shipName',
  line1: 'shipAddress1',
  city: 'shipCity',
  country: 'shipCountry',
};

/**
 * The checks createOrder would make, for every order at once and before anything is written, so that
 * all_or_nothing means it and each problem points at its row and column. An order the channel already has
 * with the same content passes untouched (createOrder answers it as it was, whatever changed since).
 */
async function checkAgainstDatabase(
  ctx: Context,
  channelRef: string,
  orders: readonly CsvOrder[],
  columns: ParsedOrderCsv['columns'],
): Promise<{ channel: Channel; valid: CsvOrder[]; errors: OrderRowError[] }> {
  return ctx.db.transaction(async (tx) => {
    const channel = await requireOrderChannel(tx, ctx, channelRef);
    const { rows: existing } = await tx.query<{
      external_id: string;
      request_hash: string;
      order_id: string;
    }>(
      `SELECT external_id, request_hash, order_id FROM orders WHERE channel_id = $1 AND external_id = ANY($2::text[])`,
      [channel.id, orders.map((o) => o.externalId)],
    );
    const prior = new Map(existing.map((r) => [r.external_id, r]));
    const skus = await resolveSkuRefs(tx, [
      ...new Set(orders.flatMap((o) => o.input.lines.map((l) => l.sku))),
    ]);

    const valid: CsvOrder[] = [];
    const errors: OrderRowError[] = [];
    const column = (field: OrderCsvField) => columns[field] ?? field;
    for (const order of orders) {
      const problems: Omit<OrderRowError, 'order' | 'rows'>[] = [];
      const taken = prior.get(order.externalId);
      if (taken) {
        if (taken.request_hash !== orderRequestHash({ ...order.input, channel: channel.code })) {
          problems.push({
            row: order.firstRow,
            column: column('order'),
            code: 'order_conflict',
            reason:
              `Order ${order.externalId} of channel ${channel.code} was already taken (${taken.order_id}) with ` +
              'different content; change it with an order edit, not an import.',
          });
        }
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
      }
      if (problems.length === 0) valid.push(order);
      else for (const p of problems) errors.push({ ...p, order: order.externalId, rows: order.rows });
    }
    return { channel, valid, errors };
  });
}
