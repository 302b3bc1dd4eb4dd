/**
 * Reading order CSV files: rows grouped into orders by order number in file order, amounts turned into
 * minor units exactly (no float drift, no silent rounding, the currency's own exponent), Shopify's dates
 * with offsets turned into UTC, and every problem reported with its line (header = 1) and column, voiding
 * its whole order; customers keyed by customer id or normalised email; Shopify's cancel and fulfilment
 * columns read (fulfilled lines left out with a notice, never an error). Shopify's real export is checked
 * when the research data folder is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../../kernel/money.js';
import { emailCustomerKey, parseOrderCsv, parseTimestamp } from './order-csv.js';

/** The Shopify export columns the parser reads, in the export's order (a subset: the parser goes by name). */
const SHOPIFY_COLUMNS = [
  'Name',
  'Email',
  'Financial Status',
  'Fulfillment Status',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem sku',
  'Lineitem fulfillment status',
  'Billing Name',
  'Shipping Name',
  'Shipping Street',
  'Shipping Address1',
  'Shipping Address2',
  'Shipping City',
  'Shipping Zip',
  'Shipping Province',
  'Shipping Country',
  'Shipping Phone',
  'Notes',
  'Cancelled at',
  'Id',
  'Tags',
  'Lineitem discount',
] as const;
type ShopifyRow = Partial<Record<(typeof SHOPIFY_COLUMNS)[number], string>>;

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function shopifyCsv(rows: ShopifyRow[], eol = '\n'): string {
  return [
    SHOPIFY_COLUMNS.join(','),
    ...rows.map((r) => SHOPIFY_COLUMNS.map((c) => quote(r[c] ?? '')).join(',')),
  ]
    .join(eol)
    .concat(eol);
}

/** An order's first row (order-level fields filled) and its continuation rows (only line fields). */
function order(
  name: string,
  lines: { sku: string; qty?: string; price: string; title?: string }[],
  head: ShopifyRow = {},
): ShopifyRow[] {
  return lines.map((l, i) => ({
    Name: name,
    'Created at': '2025-12-01 10:00:00 +0530',
    'Lineitem quantity': l.qty ?? '1',
    'Lineitem price': l.price,
    'Lineitem sku': l.sku,
    'Lineitem name': l.title ?? `Product ${l.sku}`,
    ...(i === 0
      ? {
          Email: 'buyer@example.com',
          'Financial Status': 'paid',
          Currency: 'EUR',
          'Shipping Name': 'Ada Lovelace',
          'Shipping Address1': '12 rue de la Paix',
          'Shipping City': 'Paris',
          'Shipping Zip': "'75002",
          'Shipping Country': 'FR',
          ...head,
        }
      : {}),
  }));
}

describe('parseOrderCsv: Shopify layout', () => {
  it('groups rows by order number in file order; order fields come from the first row', () => {
    const out = parseOrderCsv(
      shopifyCsv([
        ...order('#1002', [
          { sku: 'A-1', qty: '2', price: '12.50' },
          { sku: 'B-2', price: '3.00' },
        ]),
        ...order('#1001', [{ sku: 'A-1', price: '12.50' }], {
          'Shipping Method': 'Colissimo',
          Tags: 'vip, gift',
        }),
      ]),
    );
    expect(out.fileError).toBeNull();
    expect(out.errors).toEqual([]);
    expect(out.totalRows).toBe(3);
    expect(out.orderCount).toBe(2);
    expect(out.orders.map((o) => [o.externalId, o.firstRow, o.rows])).toEqual([
      ['#1002', 2, [2, 3]],
      ['#1001', 4, [4]],
    ]);
    expect(out.orders[0]!.input).toEqual({
      externalId: '#1002',
      placedAt: '2025-12-01T04:30:00.000Z',
      currency: 'EUR',
      customer: { externalId: 'buyer@example.com', name: 'Ada Lovelace', email: 'buyer@example.com' },
      shipTo: {
        name: 'Ada Lovelace',
        line1: '12 rue de la Paix',
        city: 'Paris',
        postalCode: '75002',
        country: 'FR',
      },
      paymentStatus: 'paid',
      lines: [
        { sku: 'A-1', qty: 2, unitPriceMinor: 1250, title: 'Product A-1' },
        { sku: 'B-2', qty: 1, unitPriceMinor: 300, title: 'Product B-2' },
      ],
    });
    expect(out.orders[1]!.input).toMatchObject({ shippingMethod: 'Colissimo', tags: ['vip', 'gift'] });
  });

  it('keeps rows of one order together even when they are not adjacent', () => {
    const [a1, a2] = order('#1', [
      { sku: 'A', price: '1' },
      { sku: 'B', price: '2' },
    ]);
    const [b1] = order('#2', [{ sku: 'C', price: '3' }]);
    const out = parseOrderCsv(shopifyCsv([a1!, b1!, a2!]));
    expect(out.orders.map((o) => [o.externalId, o.rows, o.input.lines.map((l) => l.sku)])).toEqual([
      ['#1', [2, 4], ['A', 'B']],
      ['#2', [3], ['C']],
    ]);
  });

  it('reads totals, discounts, province codes, street-only addresses, notes and payment statuses', () => {
    const out = parseOrderCsv(
      shopifyCsv(
        order('#7', [{ sku: 'A', qty: '3', price: '19.99' }], {
          Subtotal: '59.97',
          Shipping: '4.90',
          Taxes: '10.00',
          Total: '69.87',
          'Discount Amount': '5.00',
          'Financial Status': 'partially_refunded',
          'Shipping Address1': '',
          'Shipping Street': '1 Main St, Apt 4',
          'Shipping Province': 'IDF',
          'Shipping Country': 'fr',
          'Shipping Phone': '+33 1 23 45 67 89',
          'Lineitem discount': '5.00',
          Notes: 'Leave at the door',
        }),
      ),
    );
    expect(out.errors).toEqual([]);
    const input = out.orders[0]!.input;
    expect(input.totals).toEqual({
      subtotalMinor: 5997,
      shippingMinor: 490,
      taxMinor: 1000,
      totalMinor: 6987,
      discountMinor: 500,
    });
    expect(input.lines[0]).toMatchObject({ unitPriceMinor: 1999, qty: 3, discountMinor: 500 });
    expect(input.shipTo).toEqual({
      name: 'Ada Lovelace',
      line1: '1 Main St, Apt 4',
      city: 'Paris',
      region: 'IDF',
      postalCode: '75002',
      country: 'FR',
      phone: '+33 1 23 45 67 89',
    });
    expect(input.paymentStatus).toBe('partially_refunded');
    expect(input.notes).toBe('Leave at the door');
    const unknownStatus = parseOrderCsv(
      shopifyCsv(order('#8', [{ sku: 'A', price: '1' }], { 'Financial Status': 'expired' })),
    );
    expect(unknownStatus.orders[0]!.input.paymentStatus).toBe('unknown');
  });

  it('takes no address from a name alone (Shopify fills Billing Name without a billing address)', () => {
    const out = parseOrderCsv(
      shopifyCsv(
        order('#9', [{ sku: 'A', price: '1' }], {
          'Billing Name': 'Buyer A',
          'Shipping Name': '',
          'Shipping Address1': '',
          'Shipping City': '',
          'Shipping Zip': '',
          'Shipping Country': '',
        }),
      ),
    );
    expect(out.errors).toEqual([]);
    expect(out.orders[0]!.input.shipTo).toBeUndefined();
    expect(out.orders[0]!.input.billTo).toBeUndefined();
    expect(out.orders[0]!.input.customer).toEqual({
      externalId: 'buyer@example.com',
      name: 'Buyer A',
      email: 'buyer@example.com',
    });
  });
});

describe('parseOrderCsv: money is exact', () => {
  it('turns decimals into minor units without float drift ("0.1" + "0.2" is exactly "0.30")', () => {
    const out = parseOrderCsv(
      shopifyCsv(
        order(
          '#1',
          [
            { sku: 'A', price: '0.1' },
            { sku: 'B', price: '0.2' },
            { sku: 'C', price: '19.99' },
            { sku: 'D', price: '1.10' },
          ],
          { Subtotal: '21.39', Total: '21.39' },
        ),
      ),
    );
    expect(out.errors).toEqual([]);
    const { lines, totals } = out.orders[0]!.input;
    expect(lines.map((l) => l.unitPriceMinor)).toEqual([10, 20, 1999, 110]);
    expect(lines.reduce((s, l) => s + l.unitPriceMinor * l.qty, 0)).toBe(totals!.subtotalMinor);
    expect(0.1 + 0.2).not.toBe(0.3); // what the parser must not do
  });

  it("uses the currency's own exponent: JPY has no decimals, KWD has three", () => {
    const jpy = parseOrderCsv(
      shopifyCsv(
        order(
          '#J',
          [
            { sku: 'A', price: '1200' },
            { sku: 'B', price: '1200.00' },
          ],
          { Currency: 'JPY', Total: '2400' },
        ),
      ),
    );
    expect(jpy.errors).toEqual([]);
    expect(jpy.orders[0]!.input.lines.map((l) => l.unitPriceMinor)).toEqual([1200, 1200]);
    expect(jpy.orders[0]!.input.totals).toEqual({ totalMinor: 2400 });
    const kwd = parseOrderCsv(shopifyCsv(order('#K', [{ sku: 'A', price: '1.234' }], { Currency: 'KWD' })));
    expect(kwd.orders[0]!.input.lines[0]!.unitPriceMinor).toBe(1234);
  });

  it('refuses more decimals than the currency has, rather than rounding', () => {
    const out = parseOrderCsv(
      shopifyCsv([
        ...order('#J', [{ sku: 'A', price: '1200.5' }], { Currency: 'JPY' }),
        ...order('#E', [{ sku: 'A', price: '10.005' }]),
      ]),
    );
    expect(out.orders).toEqual([]);
    expect(out.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Lineitem price', code: 'invalid_amount', order: '#J' }),
      expect.objectContaining({ row: 3, column: 'Lineitem price', code: 'invalid_amount', order: '#E' }),
    ]);
  });

  it('reads back every amount it could have been given (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('EUR', 'JPY', 'KWD', 'INR'),
        fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { minLength: 1, maxLength: 20 }),
        (currency, amounts) => {
          const out = parseOrderCsv(
            shopifyCsv(
              order(
                '#P',
                amounts.map((a, i) => ({ sku: `S${i}`, price: formatMinor(a, currency) })),
                { Currency: currency },
              ),
            ),
          );
          expect(out.errors).toEqual([]);
          expect(out.orders[0]!.input.lines.map((l) => l.unitPriceMinor)).toEqual(amounts);
        },
      ),
    );
  });
});

describe('parseTimestamp', () => {
  it("reads Shopify's format and ISO 8601, to UTC", () => {
    expect(parseTimestamp('2025-12-06 10:37:33 -0500')).toBe('2025-12-06T15:37:33.000Z');
    expect(parseTimestamp('2025-12-01 10:00:00 +0530')).toBe('2025-12-01T04:30:00.000Z');
    expect(parseTimestamp('2025-12-31 23:30:00 -0100')).toBe('2026-01-01T00:30:00.000Z');
    expect(parseTimestamp('2025-12-06T15:37:33Z')).toBe('2025-12-06T15:37:33.000Z');
    expect(parseTimestamp('2025-12-06T10:37:33.25-05:00')).toBe('2025-12-06T15:37:33.250Z');
    expect(parseTimestamp('2024-02-29 12:00 +0000')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('refuses impossible dates, missing offsets and other formats', () => {
    for (const bad of [
      '',
      '2025-02-29 12:00:00 +0000',
      '2025-04-31 12:00:00 +0000',
      '2025-13-01 12:00:00 +0000',
      '2025-12-01 24:00:00 +0000',
      '2025-12-01 10:00:00',
      '12/01/2025 10:00',
      '2025-12-01 10:00:00 +2500',
      'yesterday',
    ]) {
      expect(parseTimestamp(bad), bad).toBeNull();
    }
  });
});

describe('parseOrderCsv: problems', () => {
  it('reports every problem of a row with its line and column, and voids only that order', () => {
    const csv = shopifyCsv([
      ...order('#1', [{ sku: 'OK', price: '5.00' }]),
      ...order('#2', [
        { sku: 'A', qty: '0', price: '5.00' },
        { sku: '', price: '12,50', title: 'Gift card' },
        { sku: 'C', qty: 'two', price: '-1' },
        { sku: 'D', qty: '1.5', price: '1' },
      ]).map((r) => ({ ...r, 'Created at': '06/12/2025 10:00' })),
      ...order('#3', [{ sku: 'E', price: '1.00' }], { Currency: 'XYZ', Total: '1.00' }),
      ...order('#4', [{ sku: 'F', price: '2.00' }]),
    ]);
    const out = parseOrderCsv(csv);
    expect(out.orders.map((o) => o.externalId)).toEqual(['#1', '#4']);
    expect(out.invalid).toEqual([
      { externalId: '#2', firstRow: 3, rows: [3, 4, 5, 6] },
      { externalId: '#3', firstRow: 7, rows: [7] },
    ]);
    expect(out.errors.map((e) => [e.row, e.column, e.code, e.order])).toEqual([
      [3, 'Created at', 'invalid_date', '#2'],
      [3, 'Lineitem quantity', 'invalid_quantity', '#2'],
      [4, 'Lineitem sku', 'missing_sku', '#2'],
      [4, 'Lineitem price', 'invalid_amount', '#2'],
      [5, 'Lineitem quantity', 'invalid_quantity', '#2'],
      [5, 'Lineitem price', 'invalid_amount', '#2'],
      [6, 'Lineitem quantity', 'invalid_quantity', '#2'],
      [7, 'Currency', 'unknown_currency', '#3'],
    ]);
    expect(out.errors.every((e) => e.rows.length > 0)).toBe(true);
    expect(out.errors.find((e) => e.code === 'missing_sku')!.reason).toContain('Gift card');
  });

  it('catches two orders sharing a number (a different currency on a later row)', () => {
    const rows = order('#5', [
      { sku: 'A', price: '1' },
      { sku: 'B', price: '1' },
    ]);
    rows[1] = { ...rows[1], Currency: 'USD' };
    const out = parseOrderCsv(shopifyCsv(rows));
    expect(out.orders).toEqual([]);
    expect(out.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Currency',
        code: 'inconsistent_order',
        order: '#5',
        rows: [2, 3],
      }),
    ]);
  });

  it('refuses addresses with a country that is not an ISO code, and text over the API limits', () => {
    const out = parseOrderCsv(
      shopifyCsv([
        ...order('#1', [{ sku: 'A', price: '1' }], { 'Shipping Country': 'France' }),
        ...order('#2', [{ sku: 'B'.repeat(65), price: '1' }], { Notes: 'x'.repeat(2001) }),
        ...order('#'.padEnd(201, '9'), [{ sku: 'C', price: '1' }]),
      ]),
    );
    expect(out.orders).toEqual([]);
    expect(out.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'Shipping Country', 'invalid_country'],
      [3, 'Lineitem sku', 'invalid_sku'],
      [3, 'Notes', 'too_long'],
      [4, 'Name', 'too_long'],
    ]);
  });

  it('numbers rows by the line they start on, with multi-line cells and CRLF line endings', () => {
    for (const eol of ['\n', '\r\n']) {
      const csv = shopifyCsv(
        [
          ...order('#1', [{ sku: 'A', price: '1' }], { Notes: `first line${eol}second line${eol}third` }),
          ...order('#2', [{ sku: '', price: '1' }]),
        ],
        eol,
      );
      const out = parseOrderCsv(csv);
      expect(out.orders[0]!.input.notes).toBe('first line\nsecond line\nthird');
      expect(out.errors.map((e) => [e.row, e.code])).toEqual([[5, 'missing_sku']]);
    }
  });

  it('reports rows without an order number and rows with the wrong number of cells', () => {
    const csv = `${shopifyCsv([
      ...order('#1', [{ sku: 'A', price: '1' }]),
      { 'Lineitem sku': 'ORPHAN', 'Lineitem quantity': '1', 'Lineitem price': '1' },
    ])}#1,too,few\n`;
    const out = parseOrderCsv(csv);
    expect(out.orders).toEqual([]);
    expect(out.errors.map((e) => [e.row, e.column, e.code, e.order])).toEqual([
      [3, 'Name', 'missing_order', null],
      [4, null, 'wrong_column_count', '#1'],
    ]);
  });

  it('refuses a file it cannot read as a whole: not CSV, empty, a required column missing', () => {
    expect(parseOrderCsv('Name,Lineitem sku\n"#1,A\n').fileError).toMatchObject({ code: 'invalid_csv' });
    expect(parseOrderCsv('').fileError).toMatchObject({ row: 1, code: 'invalid_csv' });
    const noSku = parseOrderCsv('Name,Currency,Created at,Lineitem quantity,Lineitem price\n#1,EUR,x,1,1\n');
    expect(noSku.fileError).toMatchObject({ row: 1, code: 'missing_column' });
    expect(noSku.fileError!.reason).toContain('Lineitem sku');
    expect(noSku.totalRows).toBe(1);
  });
});

describe('parseOrderCsv: generic layout', () => {
  it('reads order, sku, qty, price, currency, placed_at and ship_* columns', () => {
    const out = parseOrderCsv(
      [
        'order,sku,qty,price,currency,placed_at,ship_name,ship_line1,ship_city,ship_postal_code,ship_country',
        'A-100,TEE-M,2,15.00,EUR,2026-01-05T09:00:00+01:00,Ada,1 rue X,Lyon,69001,FR',
        'A-100,TEE-L,1,15.00,EUR,2026-01-05T09:00:00+01:00,,,,,',
        'A-101,MUG,1,800,JPY,2026-01-05T10:00:00Z,Bo,2 Chome,Tokyo,100-0001,JP',
      ].join('\n'),
    );
    expect(out.errors).toEqual([]);
    expect(out.orders.map((o) => o.input)).toEqual([
      {
        externalId: 'A-100',
        placedAt: '2026-01-05T08:00:00.000Z',
        currency: 'EUR',
        customer: { name: 'Ada' },
        shipTo: { name: 'Ada', line1: '1 rue X', city: 'Lyon', postalCode: '69001', country: 'FR' },
        lines: [
          { sku: 'TEE-M', qty: 2, unitPriceMinor: 1500 },
          { sku: 'TEE-L', qty: 1, unitPriceMinor: 1500 },
        ],
      },
      {
        externalId: 'A-101',
        placedAt: '2026-01-05T10:00:00.000Z',
        currency: 'JPY',
        customer: { name: 'Bo' },
        shipTo: { name: 'Bo', line1: '2 Chome', city: 'Tokyo', postalCode: '100-0001', country: 'JP' },
        lines: [{ sku: 'MUG', qty: 1, unitPriceMinor: 800 }],
      },
    ]);
    // Without cancel and fulfilment columns nothing of the kind is read.
    expect(out.orders.map((o) => [o.cancelledAt, o.notices, o.lineRows])).toEqual([
      [null, [], [2, 3]],
      [null, [], [4]],
    ]);
  });

  it('keys the customer by customer_id when the file has one, else by the email', () => {
    const out = parseOrderCsv(
      [
        'order,sku,qty,price,currency,placed_at,customer_id,email,ship_name',
        'A-1,TEE,1,15.00,EUR,2026-01-05T09:00:00Z,CUST-7,ada@example.com,Ada',
        'A-2,TEE,1,15.00,EUR,2026-01-05T09:00:00Z,,Ada@Example.com,Ada',
        'A-3,TEE,1,15.00,EUR,2026-01-05T09:00:00Z,,,Ada',
      ].join('\n'),
    );
    expect(out.errors).toEqual([]);
    expect(out.orders.map((o) => o.input.customer)).toEqual([
      { externalId: 'CUST-7', name: 'Ada', email: 'ada@example.com' },
      { externalId: 'ada@example.com', name: 'Ada', email: 'Ada@Example.com' },
      { name: 'Ada' },
    ]);
  });
});

describe('parseOrderCsv: customers keyed by email', () => {
  it('gives two orders of one buyer one key: the email trimmed and lower-cased; the email is kept as written', () => {
    const out = parseOrderCsv(
      shopifyCsv([
        ...order('#1', [{ sku: 'A', price: '1' }], { Email: ' Buyer@Example.COM ' }),
        ...order('#2', [{ sku: 'A', price: '1' }], { Email: 'buyer@example.com' }),
        ...order('#3', [{ sku: 'A', price: '1' }], { Email: 'other@example.com' }),
      ]),
    );
    expect(out.errors).toEqual([]);
    expect(out.orders.map((o) => [o.input.customer?.externalId, o.input.customer?.email])).toEqual([
      ['buyer@example.com', 'Buyer@Example.COM'],
      ['buyer@example.com', 'buyer@example.com'],
      ['other@example.com', 'other@example.com'],
    ]);
  });

  it('keys no customer by a placeholder or a missing email: the order keeps its own customer, if any', () => {
    const out = parseOrderCsv(
      shopifyCsv([
        ...order('#1', [{ sku: 'A', price: '1' }], { Email: 'n/a' }),
        ...order('#2', [{ sku: 'A', price: '1' }], { Email: '' }),
        ...order('#3', [{ sku: 'A', price: '1' }], {
          Email: '',
          'Shipping Name': '',
          'Shipping Address1': '',
        }),
      ]),
    );
    expect(out.orders.map((o) => o.input.customer)).toEqual([
      { name: 'Ada Lovelace', email: 'n/a' },
      { name: 'Ada Lovelace' },
      undefined,
    ]);
  });

  it('emailCustomerKey: only address-shaped text is a key (property: case and spaces never matter)', () => {
    expect(emailCustomerKey('  A.B+tag@Shop.Example ')).toBe('a.b+tag@shop.example');
    for (const bad of ['', ' ', 'n/a', '-', 'a@', '@b', 'a b@c', 'a@b@c']) {
      expect(emailCustomerKey(bad), bad).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.emailAddress(), fc.boolean(), (email, upper) => {
        const variant = ` ${upper ? email.toUpperCase() : email} `;
        expect(emailCustomerKey(variant)).toBe(email.toLowerCase());
      }),
    );
  });
});

describe("parseOrderCsv: the channel's cancellations and fulfilments", () => {
  it('reads Cancelled at to UTC; an order without it is live', () => {
    const out = parseOrderCsv(
      shopifyCsv([
        ...order(
          '#1',
          [
            { sku: 'A', price: '1' },
            { sku: 'B', price: '1' },
          ],
          { 'Cancelled at': '2025-12-02 09:15:00 +0530' },
        ),
        ...order('#2', [{ sku: 'A', price: '1' }]),
      ]),
    );
    expect(out.errors).toEqual([]);
    expect(out.orders.map((o) => [o.externalId, o.cancelledAt, o.input.lines.length])).toEqual([
      ['#1', '2025-12-02T03:45:00.000Z', 2],
      ['#2', null, 1],
    ]);
    // Cancelling is not a content change of the order: the same input as a live one.
    expect(out.orders[0]!.input).not.toHaveProperty('cancelledAt');
  });

  it('refuses a Cancelled at that is not a date, or that differs between two rows of one order', () => {
    const rows = order('#2', [
      { sku: 'A', price: '1' },
      { sku: 'B', price: '1' },
    ]);
    rows[1] = { ...rows[1], 'Cancelled at': '2025-12-03 10:00:00 +0000' };
    const out = parseOrderCsv(
      shopifyCsv([...order('#1', [{ sku: 'A', price: '1' }], { 'Cancelled at': 'yesterday' }), ...rows]),
    );
    expect(out.orders).toEqual([]);
    expect(out.errors.map((e) => [e.row, e.column, e.code, e.order])).toEqual([
      [2, 'Cancelled at', 'invalid_date', '#1'],
      [4, 'Cancelled at', 'inconsistent_order', '#2'],
    ]);
  });

  it('leaves out the lines the channel fulfilled, with a notice per line; a partial order keeps the rest', () => {
    const rows = order(
      '#P',
      [
        { sku: 'A', qty: '2', price: '1' },
        { sku: 'B', price: '2' },
        { sku: 'C', qty: '3', price: '3' },
      ],
      { 'Fulfillment Status': 'partial' },
    );
    rows[0] = { ...rows[0], 'Lineitem fulfillment status': 'fulfilled' };
    rows[1] = { ...rows[1], 'Lineitem fulfillment status': 'pending' };
    rows[2] = { ...rows[2], 'Lineitem fulfillment status': 'Fulfilled' };
    const out = parseOrderCsv(shopifyCsv(rows));
    expect(out.errors).toEqual([]);
    const [p] = out.orders;
    expect(p!.input.lines).toEqual([{ sku: 'B', qty: 1, unitPriceMinor: 200, title: 'Product B' }]);
    expect(p!.lineRows).toEqual([3]);
    expect(p!.rows).toEqual([2, 3, 4]);
    expect(p!.fileLines.map((l) => [l.row, l.line.sku, l.fulfilment])).toEqual([
      [2, 'A', 'fulfilled'],
      [3, 'B', 'unfulfilled'],
      [4, 'C', 'fulfilled'],
    ]);
    expect(p!.notices).toEqual([
      {
        row: 2,
        column: 'Lineitem fulfillment status',
        code: 'already_fulfilled',
        reason: expect.stringContaining('2 × A'),
        order: '#P',
        rows: [2],
      },
      expect.objectContaining({ row: 4, code: 'already_fulfilled', rows: [4] }),
    ]);
  });

  it('leaves out every line of an order fulfilled as a whole: one notice for the order, no line to take', () => {
    const byOrder = order(
      '#F',
      [
        { sku: 'A', price: '1' },
        { sku: 'B', price: '1' },
      ],
      { 'Fulfillment Status': 'fulfilled' },
    );
    const byLines = order('#L', [{ sku: 'A', price: '1' }]).map((r) => ({
      ...r,
      'Lineitem fulfillment status': 'fulfilled',
    }));
    const out = parseOrderCsv(shopifyCsv([...byOrder, ...byLines]));
    expect(out.errors).toEqual([]);
    expect(out.orders.map((o) => [o.externalId, o.input.lines, o.fileLines.length])).toEqual([
      ['#F', [], 2],
      ['#L', [], 1],
    ]);
    expect(
      out.orders.flatMap((o) => o.notices).map((n) => [n.row, n.column, n.code, n.order, n.rows]),
    ).toEqual([
      [2, 'Fulfillment Status', 'already_fulfilled', '#F', [2, 3]],
      [4, 'Lineitem fulfillment status', 'already_fulfilled', '#L', [4]],
    ]);
  });

  it('keeps a line shipped in part whole, with a notice; pending, unfulfilled and restocked lines are to ship', () => {
    const rows = order('#Q', [
      { sku: 'A', qty: '4', price: '1' },
      { sku: 'B', price: '1' },
      { sku: 'C', price: '1' },
      { sku: 'D', price: '1' },
    ]);
    const statuses = ['partial', 'unfulfilled', 'restocked', ''];
    const out = parseOrderCsv(
      shopifyCsv([
        ...rows.map((r, i) => ({ ...r, 'Lineitem fulfillment status': statuses[i]! })),
        // The order says partial, no line says which: every line is taken, the order gets the notice.
        ...order('#R', [{ sku: 'A', price: '1' }], { 'Fulfillment Status': 'partial' }),
      ]),
    );
    expect(out.errors).toEqual([]);
    expect(out.orders.map((o) => o.input.lines.map((l) => l.sku))).toEqual([['A', 'B', 'C', 'D'], ['A']]);
    expect(out.orders.flatMap((o) => o.notices).map((n) => [n.row, n.column, n.code, n.rows])).toEqual([
      [2, 'Lineitem fulfillment status', 'partially_fulfilled', [2]],
      [6, 'Fulfillment Status', 'partially_fulfilled', [6]],
    ]);
  });

  it('still refuses a bad row on a fulfilled line: the file is read whole before anything is left out', () => {
    const rows = order('#B', [
      { sku: 'A', price: '1' },
      { sku: 'B', qty: '0', price: '1' },
    ]);
    rows[1] = { ...rows[1], 'Lineitem fulfillment status': 'fulfilled' };
    const out = parseOrderCsv(shopifyCsv(rows));
    expect(out.orders).toEqual([]);
    expect(out.errors.map((e) => [e.row, e.code, e.rows])).toEqual([[3, 'invalid_quantity', [2, 3]]]);
  });
});

const SHOPIFY_DIR = '/work/shared/data/channels/shopify/csv-export';
const hasShopifyData =
  existsSync(`${SHOPIFY_DIR}/orders_export.sample-redacted.csv`) &&
  existsSync(`${SHOPIFY_DIR}/orders_export.header.csv`);

describe.skipIf(!hasShopifyData)("parseOrderCsv: Shopify's real export (research data)", () => {
  it('accepts the 79-column header as it is', () => {
    const header = readFileSync(`${SHOPIFY_DIR}/orders_export.header.csv`, 'utf8');
    const out = parseOrderCsv(header);
    expect(out.fileError).toBeNull();
    expect(out.totalRows).toBe(0);
    expect(Object.keys(out.columns).length).toBeGreaterThanOrEqual(30);
  });

  it('reads the sample: 4 orders with their line counts, INR amounts exact, offsets to UTC', () => {
    const out = parseOrderCsv(readFileSync(`${SHOPIFY_DIR}/orders_export.sample-redacted.csv`, 'utf8'));
    expect(out.fileError).toBeNull();
    expect(out.errors).toEqual([]);
    expect(out.totalRows).toBe(14);
    expect(out.orders.map((o) => [o.externalId, o.input.lines.length])).toEqual([
      ['#1051', 1],
      ['#1050', 4],
      ['#1044', 5],
      ['#1041', 4],
    ]);
    for (const o of out.orders) {
      expect(o.input.currency).toBe('INR');
      expect(o.input.paymentStatus).toBe('paid');
      const lineSum = o.input.lines.reduce((s, l) => s + l.unitPriceMinor * l.qty, 0);
      expect(lineSum, o.externalId).toBe(o.input.totals!.subtotalMinor);
    }
    // One buyer on three orders, another on one; nothing cancelled or fulfilled in this export.
    expect(out.orders.map((o) => o.input.customer?.externalId)).toEqual([
      'buyer-a@example.com',
      'buyer-a@example.com',
      'buyer-b@example.com',
      'buyer-a@example.com',
    ]);
    expect(out.orders.every((o) => o.cancelledAt === null && o.notices.length === 0)).toBe(true);
    const o1044 = out.orders[2]!.input;
    expect(o1044.placedAt).toBe('2025-12-06T15:36:16.000Z');
    expect(o1044.totals).toMatchObject({ subtotalMinor: 1629200, taxMinor: 146628, totalMinor: 1775828 });
    expect(o1044.shipTo).toMatchObject({ name: 'Buyer B', country: 'IN' });
    // #1041: the same SKU on three lines stays three lines.
    expect(out.orders[3]!.input.lines.map((l) => [l.sku, l.qty])).toEqual([
      ['SC-LAV-VAN', 3],
      ['WH-BT-001', 2],
      ['WH-BT-001', 3],
      ['WH-BT-001', 1],
    ]);
  });
});
