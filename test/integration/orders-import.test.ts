/**
 * Importing orders from CSV (Shopify's order export layout) into a channel: the orders are taken and
 * allocated as through the API; re-running a file takes nothing twice; all_or_nothing with one bad row
 * writes nothing; skip_invalid takes the good orders and reports the bad rows by line; an order changed
 * since it was taken is an order_conflict, reported while the others go on, also when the change happens
 * during the import. Shopify's real sample is imported when the research data folder is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { type Context, type Db, systemContext } from '../../src/db/index.js';
import { systemActor } from '../../src/kernel/actor.js';
import { systemClock } from '../../src/kernel/clock.js';
import { type ImportOrdersReport, importOrders } from '../../src/modules/orders/commands/import-orders.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, SHIP_TO } from '../support/orders.js';

/** The Shopify export columns the importer reads (it goes by name; the real export has 79). */
const COLUMNS = [
  'Name',
  'Email',
  'Financial Status',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem sku',
  'Shipping Name',
  'Shipping Address1',
  'Shipping City',
  'Shipping Zip',
  'Shipping Country',
] as const;
type Cells = Partial<Record<(typeof COLUMNS)[number], string>>;

interface CsvLine {
  sku: string;
  qty: number;
  price: string;
}

/** Rows of one order the way Shopify writes them: order fields on the first row only. */
function orderRows(name: string, lines: CsvLine[], head: Cells = {}): Cells[] {
  return lines.map((l, i) => ({
    Name: name,
    'Created at': '2026-01-10 09:30:00 +0100',
    'Lineitem quantity': String(l.qty),
    'Lineitem name': `Product ${l.sku}`,
    'Lineitem price': l.price,
    'Lineitem sku': l.sku,
    ...(i === 0
      ? {
          Email: 'buyer@example.com',
          'Financial Status': 'paid',
          Currency: 'EUR',
          'Shipping Name': SHIP_TO.name,
          'Shipping Address1': SHIP_TO.line1,
          'Shipping City': SHIP_TO.city,
          'Shipping Zip': `'${SHIP_TO.postalCode}`,
          'Shipping Country': SHIP_TO.country,
          ...head,
        }
      : {}),
  }));
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: Cells[]) =>
  `${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c] ?? '')).join(','))].join('\n')}\n`;

const contextOf = (db: Db): Context => systemContext(db, systemActor('test'), systemClock);

async function counts(t: TestApp) {
  const { rows } = await t.db.query<{
    orders: number;
    lines: number;
    reservations: number;
    events: number;
    imports: number;
  }>(
    `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM order_lines)::int AS lines,
            (SELECT count(*) FROM reservations)::int AS reservations, (SELECT count(*) FROM outbox_events)::int AS events,
            (SELECT count(*) FROM audit_log WHERE operation = 'orders.import_orders')::int AS imports`,
  );
  return rows[0]!;
}

/** A channel shipping from one warehouse, and SKUs with 100 units each in its bin. */
async function setUp(t: TestApp, skuCount: number, channel: Record<string, unknown> = {}) {
  const wh = await makeWarehouse(t);
  const bin = await makeBin(t, wh);
  const skus: string[] = [];
  for (let i = 0; i < skuCount; i++) {
    const sku = await makeSku(t);
    await receive(t, sku, bin, 100);
    skus.push(sku);
  }
  return { channel: await makeChannel(t, [wh], channel), bin, skus };
}

/** Three orders: 2 lines, 1 line, 3 lines. */
function threeOrders(skus: string[]) {
  const [a, b, c] = skus as [string, string, string];
  const names = [unique('#A'), unique('#B'), unique('#C')] as const;
  const rows = [
    ...orderRows(names[0], [
      { sku: a, qty: 2, price: '12.50' },
      { sku: b, qty: 1, price: '0.10' },
    ]),
    ...orderRows(names[1], [{ sku: c, qty: 5, price: '0.20' }]),
    ...orderRows(names[2], [
      { sku: a, qty: 1, price: '12.50' },
      { sku: b, qty: 1, price: '0.10' },
      { sku: c, qty: 1, price: '0.20' },
    ]),
  ];
  return { names, rows };
}

const SAMPLE = '/work/shared/data/channels/shopify/csv-export/orders_export.sample-redacted.csv';

describeDb('order import from CSV', () => {
  const t = useTestApp();

  it('takes every order of the file, allocated, with exact prices and rows grouped by order number', async () => {
    const { channel, bin, skus } = await setUp(t(), 3);
    const { names, rows } = threeOrders(skus);
    const progress: [number, number][] = [];
    const out = await importOrders(contextOf(t().db), toCsv(rows), {
      channel: channel.toLowerCase(),
      mode: 'all_or_nothing',
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(out.value).toMatchObject({
      channel,
      totalRows: 6,
      orders: 3,
      created: 3,
      unchanged: 0,
      rejected: 0,
      committed: true,
      errors: [],
    } satisfies Partial<ImportOrdersReport>);
    expect(out.value.createdIds).toHaveLength(3);
    expect(progress).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);

    const first = await t().get(`/v1/orders/${out.value.createdIds[0]}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      channel,
      externalId: names[0],
      status: 'allocated',
      placedAt: '2026-01-10T08:30:00.000Z',
      currency: 'EUR',
      paymentStatus: 'paid',
      shipTo: { ...SHIP_TO },
      customer: { email: 'buyer@example.com', name: SHIP_TO.name },
      lines: [
        { lineNo: 1, sku: skus[0], qtyOrdered: 2, qtyAllocated: 2, unitPriceMinor: 1250 },
        { lineNo: 2, sku: skus[1], qtyOrdered: 1, qtyAllocated: 1, unitPriceMinor: 10 },
      ],
    });
    expect(first.body.lines[0].allocations).toEqual([expect.objectContaining({ location: bin, qty: 2 })]);
    const second = await t().get(`/v1/orders/${out.value.createdIds[1]}`);
    expect(second.body).toMatchObject({
      externalId: names[1],
      lines: [{ qtyOrdered: 5, unitPriceMinor: 20 }],
    });
    expect(await stockOf(t(), skus[0]!, bin)).toMatchObject({ onHand: 100, reserved: 3 });
    expect(await stockOf(t(), skus[2]!, bin)).toMatchObject({ onHand: 100, reserved: 6 });
    expect((await counts(t())).imports).toBeGreaterThanOrEqual(1);
  });

  it('re-running the same file takes nothing twice: every order comes back unchanged', async () => {
    const { channel, skus } = await setUp(t(), 3);
    const csv = toCsv(threeOrders(skus).rows);
    const ctx = contextOf(t().db);
    const firstRun = await importOrders(ctx, csv, { channel, mode: 'all_or_nothing' });
    expect(firstRun.value.created).toBe(3);
    const before = await counts(t());
    const ledger = await ledgerSnapshot(t().db);

    const again = await importOrders(ctx, csv, { channel, mode: 'all_or_nothing' });
    expect(again.value).toMatchObject({ created: 0, unchanged: 3, rejected: 0, committed: true, errors: [] });
    expect(again.value.createdIds).toEqual([]);
    const after = await counts(t());
    expect({ ...after, imports: 0 }).toEqual({ ...before, imports: 0 });
    expect(after.imports).toBe(before.imports + 1);
    expect(await ledgerSnapshot(t().db)).toEqual(ledger);
  });

  it('does not reuse the caller Idempotency-Key for the orders it takes', async () => {
    const { channel, skus } = await setUp(t(), 3);
    const ctx: Context = { ...contextOf(t().db), idempotencyKey: unique('key') };
    const out = await importOrders(ctx, toCsv(threeOrders(skus).rows), { channel, mode: 'skip_invalid' });
    expect(out.value).toMatchObject({ created: 3, errors: [] });
    const { rows } = await t().db.query('SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1', [
      ctx.idempotencyKey,
    ]);
    expect(rows).toEqual([]);
  });

  it('all_or_nothing: one bad row anywhere writes nothing, and every problem is reported by line', async () => {
    const { channel, skus } = await setUp(t(), 3);
    const { names, rows } = threeOrders(skus);
    rows[2] = { ...rows[2], 'Lineitem quantity': '0' }; // order B, line 4 of the file
    rows[4] = { ...rows[4], 'Lineitem sku': 'NO-SUCH-SKU' }; // order C, line 6
    const before = await counts(t());
    const ledger = await ledgerSnapshot(t().db);
    const out = await importOrders(contextOf(t().db), toCsv(rows), { channel, mode: 'all_or_nothing' });
    expect(out.value).toMatchObject({ orders: 3, created: 0, unchanged: 0, rejected: 2, committed: false });
    expect(out.value.errors).toEqual([
      {
        row: 4,
        column: 'Lineitem quantity',
        code: 'invalid_quantity',
        reason: expect.any(String),
        order: names[1],
        rows: [4],
      },
      {
        row: 6,
        column: 'Lineitem sku',
        code: 'unknown_sku',
        reason: expect.any(String),
        order: names[2],
        rows: [5, 6, 7],
      },
    ]);
    expect(await counts(t())).toEqual(before);
    expect(await ledgerSnapshot(t().db)).toEqual(ledger);
  });

  it('skip_invalid: takes the good orders and reports the bad ones with their rows', async () => {
    const { channel, skus } = await setUp(t(), 3);
    const archived = await makeSku(t());
    expect((await t().post(`/v1/skus/${archived}/archive`)).status).toBe(200);
    const good = unique('#G');
    const rows = [
      ...orderRows(good, [{ sku: skus[0]!, qty: 1, price: '9.99' }]),
      ...orderRows(unique('#NOSKU'), [
        { sku: skus[1]!, qty: 1, price: '1.00' },
        { sku: '', qty: 1, price: '5.00' },
      ]),
      ...orderRows(unique('#USD'), [{ sku: skus[1]!, qty: 1, price: '1.00' }], { Currency: 'USD' }),
      ...orderRows(unique('#NOADDR'), [{ sku: skus[1]!, qty: 1, price: '1.00' }], {
        'Shipping Name': '',
        'Shipping Address1': '',
        'Shipping City': '',
        'Shipping Zip': '',
        'Shipping Country': '',
      }),
      ...orderRows(unique('#ARCH'), [{ sku: archived, qty: 1, price: '1.00' }]),
      ...orderRows(unique('#DATE'), [{ sku: skus[2]!, qty: 1, price: '1.00' }], {
        'Created at': '2026-02-30 10:00:00 +0000',
      }),
    ];
    const out = await importOrders(contextOf(t().db), toCsv(rows), { channel, mode: 'skip_invalid' });
    expect(out.value).toMatchObject({ orders: 6, created: 1, unchanged: 0, rejected: 5, committed: true });
    expect(out.value.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, 'Lineitem sku', 'missing_sku'],
      [5, 'Currency', 'currency_mismatch'],
      [6, 'Shipping Name', 'address_required'],
      [7, 'Lineitem sku', 'sku_archived'],
      [8, 'Created at', 'invalid_date'],
    ]);
    const listed = await t().get(`/v1/orders?channel=${channel}`);
    expect(listed.body.items.map((o: { externalId: string }) => o.externalId)).toEqual([good]);
  });

  it('an order changed since it was taken is an order_conflict; the others are taken or left unchanged', async () => {
    const { channel, skus } = await setUp(t(), 3);
    const { names, rows } = threeOrders(skus);
    const ctx = contextOf(t().db);
    expect((await importOrders(ctx, toCsv(rows), { channel, mode: 'all_or_nothing' })).value.created).toBe(3);

    const changed = rows.map((r) => (r.Name === names[1] ? { ...r, 'Lineitem quantity': '6' } : r));
    const added = unique('#D');
    changed.push(...orderRows(added, [{ sku: skus[0]!, qty: 1, price: '12.50' }]));
    const csv = toCsv(changed);

    const before = await counts(t());
    const strict = await importOrders(ctx, csv, { channel, mode: 'all_or_nothing' });
    expect(strict.value).toMatchObject({ committed: false, created: 0, rejected: 1 });
    expect(await counts(t())).toEqual(before);

    const out = await importOrders(ctx, csv, { channel, mode: 'skip_invalid' });
    expect(out.value).toMatchObject({ orders: 4, created: 1, unchanged: 2, rejected: 1, committed: true });
    expect(out.value.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'Name', code: 'order_conflict', order: names[1], rows: [4] }),
    ]);
    const original = await t().get(`/v1/orders?channel=${channel}`);
    const b = original.body.items.find((o: { externalId: string }) => o.externalId === names[1]);
    expect(b.lines[0].qtyOrdered).toBe(5);
  });

  it('an order that fails when taken (changed during the import) is reported and the import goes on', async () => {
    const { channel, skus } = await setUp(t(), 3);
    const { names, rows } = threeOrders(skus);
    // The API takes order C (other content) after the import has checked the file, before it reaches C.
    let transactions = 0;
    const db = t().db;
    const racing: Db = Object.assign(Object.create(db) as Db, {
      async transaction<T>(fn: Parameters<Db['transaction']>[0], options?: Parameters<Db['transaction']>[1]) {
        transactions++;
        if (transactions === 4) {
          const r = await t().post('/v1/orders', {
            channel,
            externalId: names[2],
            placedAt: '2026-01-10T08:30:00.000Z',
            currency: 'EUR',
            shipTo: SHIP_TO,
            lines: [{ sku: skus[0], qty: 1, unitPriceMinor: 1 }],
          });
          expect(r.status).toBe(201);
        }
        return db.transaction(fn, options) as Promise<T>;
      },
    });
    const out = await importOrders(contextOf(racing), toCsv(rows), { channel, mode: 'all_or_nothing' });
    expect(out.value).toMatchObject({ orders: 3, created: 2, rejected: 1, committed: true });
    expect(out.value.errors).toEqual([
      expect.objectContaining({
        row: 5,
        column: null,
        code: 'order_conflict',
        order: names[2],
        rows: [5, 6, 7],
      }),
    ]);
  });

  it('refuses an unknown channel and a file without the required columns', async () => {
    await expect(
      importOrders(contextOf(t().db), toCsv([]), { channel: 'NO-SUCH-CHANNEL', mode: 'skip_invalid' }),
    ).rejects.toMatchObject({ code: 'unknown_channel' });
    const { channel } = await setUp(t(), 0);
    const out = await importOrders(contextOf(t().db), 'order,sku\n#1,A\n', { channel, mode: 'skip_invalid' });
    expect(out.value).toMatchObject({ committed: false, errors: [{ row: 1, code: 'missing_column' }] });
  });

  it('through HTTP once wired: POST /v1/orders/imports (text/csv), 422 import_rejected with the report', async ({
    skip,
  }) => {
    if (!t().app.hasRoute({ method: 'POST', url: '/v1/orders/imports' })) {
      skip('the route is not registered in the app yet');
    }
    const { channel, skus } = await setUp(t(), 3);
    const { rows } = threeOrders(skus);
    const csvHeaders = { 'content-type': 'text/csv' };
    const ok = await t().post(`/v1/orders/imports?channel=${channel}`, toCsv(rows), csvHeaders);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ created: 3, committed: true, errors: [] });
    const bad = toCsv(rows.map((r, i) => (i === 0 ? { ...r, 'Lineitem price': '1.999' } : r)));
    const rejected = await t().post(
      `/v1/orders/imports?channel=${channel}&mode=all_or_nothing`,
      bad,
      csvHeaders,
    );
    expect(rejected.status).toBe(422);
    expect(rejected.body.error).toMatchObject({
      code: 'import_rejected',
      details: { report: { committed: false, errors: [{ row: 2, code: 'invalid_amount' }] } },
    });
  });

  it.skipIf(!existsSync(SAMPLE))(
    "Shopify's sample export: 4 orders taken on a counter channel; a web shop needs addresses",
    async () => {
      const csv = readFileSync(SAMPLE, 'utf8');
      const wh = await makeWarehouse(t());
      const bin = await makeBin(t(), wh);
      for (const code of ['CB-ETH-500', 'LW-MIN-BRN', 'YM-ECO-001', 'SC-LAV-VAN', 'WH-BT-001']) {
        await makeSku(t(), { code });
        await receive(t(), code, bin, 20);
      }
      const ctx = contextOf(t().db);

      const web = await makeChannel(t(), [wh], { currency: 'INR' });
      const refused = await importOrders(ctx, csv, { channel: web, mode: 'all_or_nothing' });
      expect(refused.value).toMatchObject({ committed: false, rejected: 4 });
      expect(refused.value.errors.map((e) => [e.row, e.order, e.code])).toEqual([
        [2, '#1051', 'address_required'],
        [3, '#1050', 'address_required'],
        [7, '#1044', 'address_required'],
        [12, '#1041', 'address_required'],
      ]);

      const counter = await makeChannel(t(), [wh], { currency: 'INR', kind: 'point_of_sale' });
      const out = await importOrders(ctx, csv, { channel: counter, mode: 'all_or_nothing' });
      expect(out.value).toMatchObject({ totalRows: 14, orders: 4, created: 4, rejected: 0, errors: [] });
      const taken = await Promise.all(out.value.createdIds.map((id) => t().get(`/v1/orders/${id}`)));
      expect(taken.map((r) => [r.body.externalId, r.body.lines.length, r.body.totals.totalMinor])).toEqual([
        ['#1051', 1, 129900],
        ['#1050', 4, 1159400],
        ['#1044', 5, 1775828],
        ['#1041', 4, 3269100],
      ]);
      expect(taken.every((r) => r.body.flags.length === 0)).toBe(true);
      const again = await importOrders(ctx, csv, { channel: counter, mode: 'all_or_nothing' });
      expect(again.value).toMatchObject({ created: 0, unchanged: 4 });
    },
  );
});
