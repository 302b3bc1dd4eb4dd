import { parse } from 'csv-parse/sync';
import { DomainError } from '../../../kernel/errors.js';
import { CURRENCY_EXPONENTS, parseDecimalToMinor } from '../../../kernel/money.js';
import { MAX_QTY } from '../../../kernel/quantity.js';
import type { Address, SentTotals } from './order-status.js';

/**
 * Reading an order CSV file, purely: one row per line item, rows grouped into orders by order number.
 * The reference layout is Shopify's order export (`Name, Email, Financial Status, …, Lineitem quantity,
 * Lineitem name, Lineitem price, Lineitem sku, …`), where order-level fields are filled on an order's first
 * row only; a minimal generic layout (`order, sku, qty, price, currency, placed_at` plus optional `ship_*`
 * columns) is read by the same rules. Amounts become integer minor units exactly (no floats; more decimals
 * than the currency has is an error, never a rounding). Rows are numbered as lines of the file: the header
 * is row 1, and a row whose cell spans several lines is numbered by the line it starts on.
 *
 * Any problem in a row voids its whole order (an order is taken whole or not at all); every problem is
 * listed. Row error codes: wrong_column_count, missing_order, missing_sku, invalid_sku, invalid_quantity,
 * invalid_amount, invalid_date, unknown_currency, invalid_country, too_long, too_many_lines,
 * inconsistent_order. File error codes (nothing can be read): invalid_csv, missing_column.
 *
 * What a migration from Shopify needs besides the order itself, read only when the columns are there:
 * - The customer key. A customer is one per (channel, external id): the file's customer id (`Customer ID`,
 *   `customer_id`) when it has one, else the buyer's email trimmed and lower-cased (Shopify's export has no
 *   customer id; its stable key is `Email`), so that two orders by one buyer name one customer. An order
 *   with neither keeps an order-scoped customer (no external id) for the name, company and phone it gives,
 *   as before: a name alone does not identify a person, and two strangers must never be merged.
 * - `Cancelled at`: the channel cancelled the order (`cancelledAt`); the import takes it as cancelled.
 * - `Lineitem fulfillment status` and the order's `Fulfillment Status`: a line `fulfilled` (or every line
 *   of an order `fulfilled` as a whole) was shipped by the channel before the migration. It is left out
 *   of `input.lines`, so nothing is reserved for it, and said in the order's notices (`already_fulfilled`);
 *   an order left with no line is not taken. A line `partial` was shipped in part, how much the export
 *   does not say: it is kept whole (never too little stock held) with a `partially_fulfilled` notice, as
 *   is an order `partial` whose lines do not say which one. Any other value (`pending`, `unfulfilled`,
 *   `restocked`, empty) is a line still to ship. Notices are not errors: they never void an order.
 */
export interface OrderRowError {
  /** Line of the file; the header is row 1. */
  readonly row: number;
  /** The column as the file's header names it; null when the problem is the row or the order. */
  readonly column: string | null;
  readonly code: string;
  readonly reason: string;
  /** The order number the row belongs to; null when the row has none. */
  readonly order: string | null;
  /** Every row of that order: none of them is imported. */
  readonly rows: readonly number[];
}

export interface CsvOrderLine {
  sku: string;
  qty: number;
  unitPriceMinor: number;
  discountMinor?: number;
  title?: string;
}

export interface CsvCustomer {
  /** The customer's key in the channel: the file's customer id, else the normalised email. */
  externalId?: string;
  name?: string;
  company?: string;
  email?: string;
  phone?: string;
}

/** What a CSV order becomes: the input of createOrder without the channel (the import names it). */
export interface CsvOrderInput {
  externalId: string;
  placedAt: string;
  currency: string;
  customer?: CsvCustomer;
  shipTo?: Address;
  billTo?: Address;
  shippingMethod?: string;
  paymentStatus?: PaymentStatus;
  lines: CsvOrderLine[];
  totals?: SentTotals;
  notes?: string;
  tags?: string[];
}

/**
 * Something the import does differently from the file as written that is not an error: it never voids the
 * order nor fails an all-or-nothing import. Codes: already_fulfilled (lines, or a whole order, shipped by
 * the channel before the migration: left out), partially_fulfilled (shipped in part: kept whole).
 */
export interface OrderRowNotice {
  readonly row: number;
  /** The column that says so, as the file's header names it; null when it is the order as a whole. */
  readonly column: string | null;
  readonly code: string;
  readonly reason: string;
  readonly order: string;
  /** The rows the notice is about (for already_fulfilled: the rows left out). */
  readonly rows: readonly number[];
}

/** Where a line stands in the channel: see the module comment. */
export type ChannelFulfilment = 'unfulfilled' | 'partial' | 'fulfilled';

/** A line as the file gives it, fulfilled or not. */
export interface CsvFileLine {
  readonly row: number;
  readonly line: CsvOrderLine;
  readonly fulfilment: ChannelFulfilment;
}

export interface CsvOrder {
  readonly externalId: string;
  /** The order's first row, where its order-level fields are read. */
  readonly firstRow: number;
  readonly rows: readonly number[];
  /** The row of each entry of `input.lines`, in the same order. */
  readonly lineRows: readonly number[];
  /** The order to take: its lines are those the channel has not fulfilled (possibly none). */
  readonly input: CsvOrderInput;
  /** When the channel cancelled the order (`Cancelled at`, ISO 8601 UTC); null when it did not. */
  readonly cancelledAt: string | null;
  /** Every line of the file in file order, fulfilled ones included. */
  readonly fileLines: readonly CsvFileLine[];
  /** Lines left out or kept whole because of the channel's fulfilment (see OrderRowNotice). */
  readonly notices: readonly OrderRowNotice[];
}

export interface ParsedOrderCsv {
  /** Data rows (the header excluded). */
  readonly totalRows: number;
  /** Distinct order numbers in the file, valid or not. */
  readonly orderCount: number;
  /** Valid orders, in the order they first appear in the file. */
  readonly orders: CsvOrder[];
  /** Orders voided by a row error. */
  readonly invalid: { externalId: string; firstRow: number; rows: readonly number[] }[];
  readonly errors: OrderRowError[];
  /** A problem with the whole file (unreadable, a required column missing): nothing can be imported. */
  readonly fileError: OrderRowError | null;
  /** The header text of each column read, by field, so later checks can name the column in the file. */
  readonly columns: Readonly<Partial<Record<OrderCsvField, string>>>;
}

export type PaymentStatus =
  | 'unknown'
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'partially_paid'
  | 'refunded'
  | 'partially_refunded'
  | 'voided';

const PAYMENT_STATUSES: ReadonlySet<string> = new Set<PaymentStatus>([
  'pending',
  'authorized',
  'paid',
  'partially_paid',
  'refunded',
  'partially_refunded',
  'voided',
]);

const ADDRESS_PARTS = [
  'Name',
  'Company',
  'Street',
  'Address1',
  'Address2',
  'City',
  'Zip',
  'Province',
  'ProvinceName',
  'Country',
  'Phone',
] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];
const LOCATION_PARTS: readonly AddressPart[] = [
  'Street',
  'Address1',
  'Address2',
  'City',
  'Zip',
  'Province',
  'ProvinceName',
  'Country',
];

export type OrderCsvField =
  | 'order'
  | 'email'
  | 'financialStatus'
  | 'currency'
  | 'subtotal'
  | 'shipping'
  | 'taxes'
  | 'total'
  | 'discountAmount'
  | 'shippingMethod'
  | 'createdAt'
  | 'qty'
  | 'title'
  | 'price'
  | 'sku'
  | 'lineDiscount'
  | 'notes'
  | 'tags'
  | 'id'
  | 'phone'
  | 'customerId'
  | 'cancelledAt'
  | 'fulfillmentStatus'
  | 'lineFulfillmentStatus'
  | `bill${AddressPart}`
  | `ship${AddressPart}`;

/** Header names (lower case) → field. Shopify's export first, then the generic layout. */
const COLUMN_ALIASES: Readonly<Record<string, OrderCsvField>> = {
  name: 'order',
  email: 'email',
  'financial status': 'financialStatus',
  currency: 'currency',
  subtotal: 'subtotal',
  shipping: 'shipping',
  taxes: 'taxes',
  total: 'total',
  'discount amount': 'discountAmount',
  'shipping method': 'shippingMethod',
  'created at': 'createdAt',
  'lineitem quantity': 'qty',
  'lineitem name': 'title',
  'lineitem price': 'price',
  'lineitem sku': 'sku',
  'lineitem discount': 'lineDiscount',
  'billing name': 'billName',
  'billing company': 'billCompany',
  'billing street': 'billStreet',
  'billing address1': 'billAddress1',
  'billing address2': 'billAddress2',
  'billing city': 'billCity',
  'billing zip': 'billZip',
  'billing province': 'billProvince',
  'billing province name': 'billProvinceName',
  'billing country': 'billCountry',
  'billing phone': 'billPhone',
  'shipping name': 'shipName',
  'shipping company': 'shipCompany',
  'shipping street': 'shipStreet',
  'shipping address1': 'shipAddress1',
  'shipping address2': 'shipAddress2',
  'shipping city': 'shipCity',
  'shipping zip': 'shipZip',
  'shipping province': 'shipProvince',
  'shipping province name': 'shipProvinceName',
  'shipping country': 'shipCountry',
  'shipping phone': 'shipPhone',
  notes: 'notes',
  tags: 'tags',
  id: 'id',
  phone: 'phone',
  'customer id': 'customerId',
  'cancelled at': 'cancelledAt',
  'fulfillment status': 'fulfillmentStatus',
  'lineitem fulfillment status': 'lineFulfillmentStatus',
  // generic layout
  order: 'order',
  order_number: 'order',
  sku: 'sku',
  qty: 'qty',
  quantity: 'qty',
  price: 'price',
  unit_price: 'price',
  title: 'title',
  discount: 'lineDiscount',
  placed_at: 'createdAt',
  payment_status: 'financialStatus',
  shipping_method: 'shippingMethod',
  ship_name: 'shipName',
  ship_company: 'shipCompany',
  ship_line1: 'shipAddress1',
  ship_line2: 'shipAddress2',
  ship_city: 'shipCity',
  ship_region: 'shipProvince',
  ship_postal_code: 'shipZip',
  ship_country: 'shipCountry',
  ship_phone: 'shipPhone',
  customer_id: 'customerId',
  cancelled_at: 'cancelledAt',
  fulfillment_status: 'fulfillmentStatus',
  line_fulfillment_status: 'lineFulfillmentStatus',
};

const REQUIRED: readonly OrderCsvField[] = ['order', 'sku', 'qty', 'price', 'currency', 'createdAt'];

/**
 * Order-level fields that Shopify repeats on continuation rows (or that a generic file repeats on every
 * row): when a later row of the same order gives a different value, two orders share a number.
 */
const REPEATED_ON_LINES: readonly OrderCsvField[] = [
  'currency',
  'createdAt',
  'id',
  'customerId',
  'cancelledAt',
];

/** The limits of CreateOrderBody (the HTTP schema), checked here so a file meets them as an API call must. */
const MAX = {
  externalId: 200,
  sku: 64,
  title: 500,
  shippingMethod: 100,
  notes: 2000,
  tag: 50,
  tags: 50,
  lines: 500,
  name: 200,
  customerId: 200,
  email: 254,
  phone: 40,
  line: 200,
  city: 100,
  region: 100,
  postalCode: 20,
} as const;

interface Row {
  readonly line: number;
  readonly cells: readonly string[];
}

export function parseOrderCsv(text: string): ParsedOrderCsv {
  const fileFailure = (error: Omit<OrderRowError, 'order' | 'rows'>, totalRows = 0): ParsedOrderCsv => ({
    totalRows,
    orderCount: 0,
    orders: [],
    invalid: [],
    errors: [],
    fileError: { ...error, order: null, rows: [] },
    columns: {},
  });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // One line ending throughout, so that line numbers are right for CRLF files too (csv-parse counts a
    // CRLF inside a quoted cell as two lines).
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as typeof records;
  } catch (e) {
    return fileFailure({
      row: (e as { lines?: number }).lines ?? 1,
      column: null,
      code: 'invalid_csv',
      reason: `The file is not valid CSV: ${(e as Error).message}`,
    });
  }
  // info.lines is the line a record ends on; a record starts as many lines earlier as its cells hold.
  const rows: Row[] = records.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0),
    cells: record,
  }));
  const [header, ...data] = rows;
  if (!header) return fileFailure({ row: 1, column: null, code: 'invalid_csv', reason: 'The file is empty' });

  const index = new Map<OrderCsvField, number>();
  const columns: Partial<Record<OrderCsvField, string>> = {};
  header.cells.forEach((h, i) => {
    const field = COLUMN_ALIASES[h.trim().toLowerCase()];
    if (field && !index.has(field)) {
      index.set(field, i);
      columns[field] = h.trim();
    }
  });
  for (const field of REQUIRED) {
    if (!index.has(field)) {
      return fileFailure(
        {
          row: header.line,
          column: null,
          code: 'missing_column',
          reason:
            `The header has no ${describeRequired(field)} column; expected Shopify's order export ` +
            `(Name, Currency, Created at, Lineitem quantity, Lineitem price, Lineitem sku, …) or the columns ` +
            `order, sku, qty, price, currency, placed_at (found: ${header.cells.join(', ')})`,
        },
        data.length,
      );
    }
  }
  const colName = (field: OrderCsvField) => columns[field] ?? field;

  // Group by order number, in the order numbers first appear.
  const groups = new Map<string, Row[]>();
  const orphanErrors: OrderRowError[] = [];
  const brokenOrders = new Map<string, Omit<OrderRowError, 'order' | 'rows'>[]>();
  for (const row of data) {
    const orderNo = (row.cells[index.get('order')!] ?? '').trim();
    const problem =
      row.cells.length !== header.cells.length
        ? {
            row: row.line,
            column: null,
            code: 'wrong_column_count',
            reason: `Expected ${header.cells.length} columns, found ${row.cells.length}`,
          }
        : null;
    if (orderNo === '') {
      orphanErrors.push({
        ...(problem ?? {
          row: row.line,
          column: colName('order'),
          code: 'missing_order',
          reason: 'The row has no order number; every line item must name its order',
        }),
        order: null,
        rows: [row.line],
      });
      continue;
    }
    const group = groups.get(orderNo);
    if (group) group.push(row);
    else groups.set(orderNo, [row]);
    if (problem) {
      const list = brokenOrders.get(orderNo);
      if (list) list.push(problem);
      else brokenOrders.set(orderNo, [problem]);
    }
  }

  const orders: CsvOrder[] = [];
  const invalid: ParsedOrderCsv['invalid'] = [];
  const errors: OrderRowError[] = [...orphanErrors];
  for (const [externalId, groupRows] of groups) {
    const rowNumbers = groupRows.map((r) => r.line);
    const broken = brokenOrders.get(externalId);
    const read = broken ?? readOrder(externalId, groupRows, index, colName);
    if (Array.isArray(read)) {
      invalid.push({ externalId, firstRow: rowNumbers[0]!, rows: rowNumbers });
      for (const p of read) errors.push({ ...p, order: externalId, rows: rowNumbers });
    } else {
      orders.push({ externalId, firstRow: rowNumbers[0]!, rows: rowNumbers, ...read });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return {
    totalRows: data.length,
    orderCount: groups.size,
    orders,
    invalid,
    errors,
    fileError: null,
    columns,
  };
}

type Problem = Omit<OrderRowError, 'order' | 'rows'>;

/** One order from its rows: what it becomes, or every problem found. */
function readOrder(
  externalId: string,
  rows: readonly Row[],
  index: ReadonlyMap<OrderCsvField, number>,
  colName: (field: OrderCsvField) => string,
): Omit<CsvOrder, 'externalId' | 'firstRow' | 'rows'> | Problem[] {
  const problems: Problem[] = [];
  const first = rows[0]!;
  const cell = (row: Row, field: OrderCsvField): string => {
    const i = index.get(field);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  const get = (field: OrderCsvField) => cell(first, field);
  const problem = (row: Row, field: OrderCsvField | null, code: string, reason: string) =>
    problems.push({ row: row.line, column: field === null ? null : colName(field), code, reason });
  const text = (field: OrderCsvField, max: number): string | undefined => {
    const v = get(field);
    if (v === '') return undefined;
    if (v.length > max) {
      problem(first, field, 'too_long', `At most ${max} characters; this has ${v.length}`);
      return undefined;
    }
    return v;
  };

  if (externalId.length > MAX.externalId) {
    problem(first, 'order', 'too_long', `An order number has at most ${MAX.externalId} characters`);
  }
  for (const row of rows.slice(1)) {
    for (const field of REPEATED_ON_LINES) {
      const v = cell(row, field);
      if (v !== '' && v !== get(field)) {
        problem(
          row,
          field,
          'inconsistent_order',
          `Order ${externalId} has "${get(field)}" on row ${first.line} and "${v}" here; are two orders sharing a number?`,
        );
      }
    }
  }

  const rawCurrency = get('currency').toUpperCase();
  const currency = CURRENCY_EXPONENTS[rawCurrency] === undefined ? null : rawCurrency;
  if (currency === null) {
    problem(
      first,
      'currency',
      'unknown_currency',
      rawCurrency === ''
        ? `The order's first row has no currency`
        : `Currency "${rawCurrency}" is not a supported ISO 4217 code`,
    );
  }
  const amount = (row: Row, field: OrderCsvField, required: boolean): number | undefined => {
    const v = cell(row, field);
    if (v === '') {
      if (required) problem(row, field, 'invalid_amount', 'The amount is missing');
      return undefined;
    }
    if (currency === null) return undefined; // reported once, as unknown_currency
    try {
      const minor = parseDecimalToMinor(v, currency);
      if (minor < 0) {
        problem(row, field, 'invalid_amount', `"${v}" is negative; amounts are 0 or more`);
        return undefined;
      }
      return minor;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      problem(row, field, e.code, e.message);
      return undefined;
    }
  };

  const placedAt = parseTimestamp(get('createdAt'));
  if (placedAt === null) {
    problem(
      first,
      'createdAt',
      'invalid_date',
      `"${get('createdAt')}" is not a date and time with a UTC offset (2025-12-06 10:37:33 -0500 or 2025-12-06T15:37:33Z)`,
    );
  }

  const cancelledText = get('cancelledAt');
  const cancelledAt = cancelledText === '' ? null : parseTimestamp(cancelledText);
  if (cancelledText !== '' && cancelledAt === null) {
    problem(
      first,
      'cancelledAt',
      'invalid_date',
      `"${cancelledText}" is not a date and time with a UTC offset (2025-12-06 10:37:33 -0500 or 2025-12-06T15:37:33Z)`,
    );
  }
  // The order's status speaks for every line only when it says all were shipped; lines say which.
  const orderFulfilment = readFulfilment(get('fulfillmentStatus'));

  const fileLines: CsvFileLine[] = [];
  if (rows.length > MAX.lines) {
    problem(
      first,
      null,
      'too_many_lines',
      `An order has at most ${MAX.lines} lines; this one has ${rows.length}`,
    );
  }
  for (const row of rows) {
    const sku = cell(row, 'sku');
    if (sku === '') {
      const title = cell(row, 'title');
      problem(
        row,
        'sku',
        'missing_sku',
        `The line${title ? ` "${title}"` : ''} has no SKU; a line without a SKU cannot be stocked or shipped`,
      );
    } else if (sku.length > MAX.sku) {
      problem(row, 'sku', 'invalid_sku', `A SKU code has at most ${MAX.sku} characters`);
    }
    const qtyText = cell(row, 'qty');
    const qty = /^[0-9]+$/.test(qtyText) ? Number(qtyText) : Number.NaN;
    if (!(qty >= 1 && qty <= MAX_QTY)) {
      problem(
        row,
        'qty',
        'invalid_quantity',
        `"${qtyText}" is not a whole quantity between 1 and ${MAX_QTY}`,
      );
    }
    const unitPriceMinor = amount(row, 'price', true);
    const discountMinor = amount(row, 'lineDiscount', false);
    const title = cell(row, 'title');
    if (title.length > MAX.title) {
      problem(row, 'title', 'too_long', `At most ${MAX.title} characters; this has ${title.length}`);
    }
    if (unitPriceMinor !== undefined) {
      fileLines.push({
        row: row.line,
        line: {
          sku,
          qty,
          unitPriceMinor,
          ...(discountMinor !== undefined ? { discountMinor } : {}),
          ...(title !== '' ? { title } : {}),
        },
        fulfilment:
          orderFulfilment === 'fulfilled' ? 'fulfilled' : readFulfilment(cell(row, 'lineFulfillmentStatus')),
      });
    }
  }

  const totals: SentTotals = {};
  for (const [field, key] of [
    ['subtotal', 'subtotalMinor'],
    ['discountAmount', 'discountMinor'],
    ['shipping', 'shippingMinor'],
    ['taxes', 'taxMinor'],
    ['total', 'totalMinor'],
  ] as const) {
    const v = amount(first, field, false);
    if (v !== undefined) totals[key] = v;
  }

  const shipTo = readAddress('ship', first, cell, problem);
  const billTo = readAddress('bill', first, cell, problem);
  const customer: CsvCustomer = {};
  const customerKey = text('customerId', MAX.customerId) ?? emailCustomerKey(get('email'));
  if (customerKey !== undefined) customer.externalId = customerKey;
  const customerName = text('billName', MAX.name) ?? text('shipName', MAX.name);
  if (customerName) customer.name = customerName;
  const company = text('billCompany', MAX.name) ?? text('shipCompany', MAX.name);
  if (company) customer.company = company;
  const email = text('email', MAX.email);
  if (email) customer.email = email;
  const phone = text('phone', MAX.phone) ?? text('billPhone', MAX.phone);
  if (phone) customer.phone = phone;

  const shippingMethod = text('shippingMethod', MAX.shippingMethod);
  const notes = text('notes', MAX.notes);
  const tags = get('tags')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const longTag = tags.find((t) => t.length > MAX.tag);
  if (longTag !== undefined)
    problem(first, 'tags', 'too_long', `Tag "${longTag}" is over ${MAX.tag} characters`);
  if (tags.length > MAX.tags)
    problem(first, 'tags', 'too_long', `At most ${MAX.tags} tags; found ${tags.length}`);
  const paymentStatus = readPaymentStatus(get('financialStatus'));

  if (problems.length > 0 || placedAt === null || currency === null) return problems;
  const kept = fileLines.filter((l) => l.fulfilment !== 'fulfilled');
  const notices = fulfilmentNotices(externalId, rows, fileLines, orderFulfilment, colName);
  const input: CsvOrderInput = {
    externalId,
    placedAt,
    currency,
    ...(Object.keys(customer).length > 0 ? { customer } : {}),
    ...(shipTo ? { shipTo } : {}),
    ...(billTo ? { billTo } : {}),
    ...(shippingMethod ? { shippingMethod } : {}),
    ...(paymentStatus ? { paymentStatus } : {}),
    lines: kept.map((l) => l.line),
    ...(Object.keys(totals).length > 0 ? { totals } : {}),
    ...(notes ? { notes } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
  return { input, lineRows: kept.map((l) => l.row), cancelledAt, fileLines, notices };
}

/**
 * The key of the customer an email names: trimmed and lower-cased, so that `Buyer@Example.com ` and
 * `buyer@example.com` are one buyer. Undefined when the text is not shaped like an address (`n/a`, `-`):
 * such a placeholder would merge every buyer who left it.
 */
export function emailCustomerKey(email: string): string | undefined {
  const key = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(key) ? key : undefined;
}

/** Shopify's fulfilment status of an order or a line (see the module comment). */
function readFulfilment(value: string): ChannelFulfilment {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (v === 'fulfilled') return 'fulfilled';
  if (v === 'partial' || v === 'partially_fulfilled') return 'partial';
  return 'unfulfilled';
}

/** What the channel's fulfilment changes in the order, said once per line (or once for a whole order). */
function fulfilmentNotices(
  order: string,
  rows: readonly Row[],
  lines: readonly CsvFileLine[],
  orderFulfilment: ChannelFulfilment,
  colName: (field: OrderCsvField) => string,
): OrderRowNotice[] {
  const firstRow = rows[0]!.line;
  const fulfilled = lines.filter((l) => l.fulfilment === 'fulfilled');
  if (fulfilled.length === lines.length) {
    return [
      {
        row: firstRow,
        column: colName(orderFulfilment === 'fulfilled' ? 'fulfillmentStatus' : 'lineFulfillmentStatus'),
        code: 'already_fulfilled',
        reason:
          `The channel fulfilled every line of order ${order} before the migration; ` +
          'it is not imported and no stock is reserved for it.',
        order,
        rows: rows.map((r) => r.line),
      },
    ];
  }
  const notices: OrderRowNotice[] = fulfilled.map((l) => ({
    row: l.row,
    column: colName('lineFulfillmentStatus'),
    code: 'already_fulfilled',
    reason:
      `The channel shipped ${l.line.qty} × ${l.line.sku} before the migration; the line is left out of ` +
      `order ${order} and no stock is reserved for it.`,
    order,
    rows: [l.row],
  }));
  const partial = lines.filter((l) => l.fulfilment === 'partial');
  for (const l of partial) {
    notices.push({
      row: l.row,
      column: colName('lineFulfillmentStatus'),
      code: 'partially_fulfilled',
      reason:
        `The channel shipped part of ${l.line.qty} × ${l.line.sku}, the file does not say how many; all ` +
        `${l.line.qty} are taken and reserved: cancel here the units the channel shipped.`,
      order,
      rows: [l.row],
    });
  }
  if (orderFulfilment === 'partial' && fulfilled.length === 0 && partial.length === 0) {
    notices.push({
      row: firstRow,
      column: colName('fulfillmentStatus'),
      code: 'partially_fulfilled',
      reason:
        `The channel shipped part of order ${order}, no line says which; every line is taken and ` +
        'reserved: cancel here what the channel shipped.',
      order,
      rows: rows.map((r) => r.line),
    });
  }
  return notices;
}

/**
 * An address from the Billing or Shipping columns, or undefined when they name no place. Shopify writes
 * the province code in `… Province` and its name in `… Province Name` (the code wins), the country as an
 * ISO 3166 alpha-2 code, and a zip code with a leading apostrophe (`'75008`) to keep leading zeros.
 */
function readAddress(
  prefix: 'ship' | 'bill',
  row: Row,
  cell: (row: Row, field: OrderCsvField) => string,
  problem: (row: Row, field: OrderCsvField | null, code: string, reason: string) => void,
): Address | undefined {
  const part = (p: AddressPart) => cell(row, `${prefix}${p}`);
  // Shopify fills "Billing Name" even when there is no billing address: a name alone is not an address.
  if (LOCATION_PARTS.every((p) => part(p) === '')) return undefined;
  const bounded = (p: AddressPart, value: string, max: number) => {
    if (value.length <= max) return value;
    problem(row, `${prefix}${p}`, 'too_long', `At most ${max} characters; this has ${value.length}`);
    return value.slice(0, max);
  };
  const useStreet = part('Address1') === '';
  const country = part('Country').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) {
    problem(
      row,
      `${prefix}Country`,
      'invalid_country',
      country === ''
        ? 'The address has no country'
        : `"${part('Country')}" is not an ISO 3166-1 alpha-2 country code (such as FR or IN)`,
    );
  }
  const optional = (p: AddressPart, value: string, max: number) =>
    value === '' ? undefined : bounded(p, value, max);
  const address: Address = {
    name: bounded('Name', part('Name'), MAX.name),
    line1: useStreet
      ? bounded('Street', part('Street'), MAX.line)
      : bounded('Address1', part('Address1'), MAX.line),
    city: bounded('City', part('City'), MAX.city),
    country,
  };
  const company = optional('Company', part('Company'), MAX.name);
  if (company) address.company = company;
  const line2 = useStreet ? undefined : optional('Address2', part('Address2'), MAX.line);
  if (line2) address.line2 = line2;
  const region = optional('Province', part('Province') || part('ProvinceName'), MAX.region);
  if (region) address.region = region;
  const postalCode = optional('Zip', part('Zip').replace(/^'/, ''), MAX.postalCode);
  if (postalCode) address.postalCode = postalCode;
  const phone = optional('Phone', part('Phone'), MAX.phone);
  if (phone) address.phone = phone;
  return address;
}

/** Shopify's financial status; anything else (expired, a custom value) is kept as `unknown`. */
function readPaymentStatus(value: string): PaymentStatus | undefined {
  if (value === '') return undefined;
  const v = value.toLowerCase().replace(/[\s-]+/g, '_');
  return PAYMENT_STATUSES.has(v) ? (v as PaymentStatus) : 'unknown';
}

const TIMESTAMP =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)? ?(Z|[+-][0-9]{2}:?[0-9]{2})$/i;

/**
 * A date and time with a UTC offset, as Shopify writes it ("2025-12-06 10:37:33 -0500") or as ISO 8601
 * ("2025-12-06T15:37:33Z", "2025-12-06T10:37:33-05:00"), to an ISO 8601 UTC string; null when it is not
 * one or names an impossible date. A time without an offset is refused: which instant it means is unknown.
 */
export function parseTimestamp(text: string): string | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // The last day of the month: day 0 of the next one.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(instant);
  if (year < 1000 || Number.isNaN(date.getTime())) return null;
  return date.toISOString();
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function describeRequired(field: OrderCsvField): string {
  const names: Partial<Record<OrderCsvField, string>> = {
    order: 'order number ("Name" or "order")',
    sku: 'SKU ("Lineitem sku" or "sku")',
    qty: 'quantity ("Lineitem quantity" or "qty")',
    price: 'price ("Lineitem price" or "price")',
    currency: 'currency ("Currency")',
    createdAt: 'order date ("Created at" or "placed_at")',
  };
  return names[field] ?? field;
}
