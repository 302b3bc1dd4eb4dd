/** Bad input gets a 4xx with a stable code and changes nothing: the ledger is byte-for-byte the same after. */
import { beforeAll, expect, it } from 'vitest';
import { MAX_QTY } from '../../src/kernel/quantity.js';
import { describeDb, type Fixture, ledgerSnapshot, stocked, useTestApp } from '../support/harness.js';

describeDb('bad input', () => {
  const t = useTestApp({ COULISSE_BODY_LIMIT_BYTES: '65536' });
  let f: Fixture;
  let other: string;
  beforeAll(async () => {
    f = await stocked(t(), 10);
    other = (await t().post('/v1/locations', { code: 'OTHER', kind: 'bin', parent: f.warehouse })).body.code;
  });

  type Case = [
    name: string,
    method: string,
    url: () => string,
    body: () => unknown,
    status: number,
    code: string,
    headers?: Record<string, string>,
  ];
  const receipt = (extra: Record<string, unknown>) => () => ({
    sku: f.sku,
    location: f.bin,
    qty: 1,
    ...extra,
  });
  const cases: Case[] = [
    [
      'malformed JSON',
      'POST',
      () => '/v1/stock/receipts',
      () => '{"sku": ',
      400,
      'malformed_json',
      { 'content-type': 'application/json' },
    ],
    ['qty as a string', 'POST', () => '/v1/stock/receipts', receipt({ qty: '1' }), 400, 'invalid_quantity'],
    ['sku as a number', 'POST', () => '/v1/stock/receipts', receipt({ sku: 12 }), 400, 'validation_failed'],
    ['zero quantity', 'POST', () => '/v1/stock/receipts', receipt({ qty: 0 }), 400, 'invalid_quantity'],
    ['negative quantity', 'POST', () => '/v1/stock/receipts', receipt({ qty: -3 }), 400, 'invalid_quantity'],
    [
      'fractional quantity',
      'POST',
      () => '/v1/stock/receipts',
      receipt({ qty: 1.5 }),
      400,
      'invalid_quantity',
    ],
    [
      'huge quantity',
      'POST',
      () => '/v1/stock/receipts',
      receipt({ qty: MAX_QTY + 1 }),
      400,
      'invalid_quantity',
    ],
    [
      'astronomical quantity',
      'POST',
      () => '/v1/stock/receipts',
      () => `{"sku":"${f.sku}","location":"${f.bin}","qty":1e400}`,
      400,
      'invalid_quantity',
      { 'content-type': 'application/json' },
    ],
    [
      'zero adjustment',
      'POST',
      () => '/v1/stock/adjustments',
      () => ({ sku: f.sku, location: f.bin, delta: 0, reason: 'count' }),
      400,
      'invalid_quantity',
    ],
    [
      'negative count',
      'POST',
      () => '/v1/stock/counts',
      () => ({ sku: f.sku, location: f.bin, countedQty: -1 }),
      400,
      'invalid_quantity',
    ],
    [
      'fractional reservation',
      'POST',
      () => '/v1/reservations',
      () => ({ lines: [{ sku: f.sku, location: f.bin, qty: 0.5 }], reference: 'R' }),
      400,
      'invalid_quantity',
    ],
    [
      'empty reservation',
      'POST',
      () => '/v1/reservations',
      () => ({ lines: [], reference: 'R' }),
      400,
      'validation_failed',
    ],
    ['unknown SKU', 'POST', () => '/v1/stock/receipts', receipt({ sku: 'NO-SUCH-SKU' }), 422, 'unknown_sku'],
    [
      'unknown location',
      'POST',
      () => '/v1/stock/receipts',
      receipt({ location: 'NO/SUCH' }),
      422,
      'unknown_location',
    ],
    [
      'receipt into a virtual location',
      'POST',
      () => '/v1/stock/receipts',
      () => ({ sku: f.sku, location: `${f.warehouse}/@customer`, qty: 1 }),
      422,
      'location_not_physical',
    ],
    [
      'moving more than on hand',
      'POST',
      () => '/v1/stock/transfers',
      () => ({ sku: f.sku, from: f.bin, to: other, qty: 11 }),
      409,
      'insufficient_stock',
    ],
    [
      'adjusting below zero',
      'POST',
      () => '/v1/stock/adjustments',
      () => ({ sku: f.sku, location: f.bin, delta: -11, reason: 'damage' }),
      409,
      'insufficient_stock',
    ],
    [
      'reserving more than available',
      'POST',
      () => '/v1/reservations',
      () => ({ lines: [{ sku: f.sku, location: f.bin, qty: 11 }], reference: 'R' }),
      409,
      'insufficient_stock',
    ],
    [
      'moving to the same location',
      'POST',
      () => '/v1/stock/transfers',
      () => ({ sku: f.sku, from: f.bin, to: f.bin.toLowerCase(), qty: 1 }),
      422,
      'same_location',
    ],
    ['unknown field', 'POST', () => '/v1/stock/receipts', receipt({ reserved: 5 }), 400, 'unknown_field'],
    [
      'unknown nested field',
      'POST',
      () => '/v1/reservations',
      () => ({ lines: [{ sku: f.sku, location: f.bin, qty: 1, price: 3 }], reference: 'R' }),
      400,
      'unknown_field',
    ],
    [
      'oversized body',
      'POST',
      () => '/v1/stock/receipts',
      receipt({ note: 'n'.repeat(70_000) }),
      413,
      'payload_too_large',
    ],
    [
      'invalid GTIN',
      'POST',
      () => '/v1/skus',
      () => ({ code: 'NEW-1', name: 'New', gtin: '4006381333932' }),
      422,
      'invalid_gtin',
    ],
    [
      'duplicate SKU code',
      'POST',
      () => '/v1/skus',
      () => ({ code: f.sku.toLowerCase(), name: 'Dup' }),
      409,
      'sku_code_taken',
    ],
    [
      'invalid SKU code',
      'POST',
      () => '/v1/skus',
      () => ({ code: 'has space', name: 'x' }),
      422,
      'invalid_sku_code',
    ],
    [
      'unknown adjustment reason',
      'POST',
      () => '/v1/stock/adjustments',
      () => ({ sku: f.sku, location: f.bin, delta: -1, reason: 'vanished' }),
      400,
      'validation_failed',
    ],
    [
      'bad date',
      'POST',
      () => '/v1/stock/receipts',
      receipt({ occurredAt: 'yesterday' }),
      400,
      'validation_failed',
    ],
    [
      'post of an unknown reservation',
      'POST',
      () => '/v1/reservations/res_nope/post',
      () => ({}),
      404,
      'reservation_not_found',
    ],
    ['bad cursor', 'GET', () => '/v1/stock/moves?cursor=%%%', () => undefined, 400, 'invalid_cursor'],
    [
      'bad query type',
      'GET',
      () => '/v1/stock?includeZero=perhaps',
      () => undefined,
      400,
      'validation_failed',
    ],
  ];

  it.each(cases)('%s → %i %s, nothing changed', async (_name, method, url, body, status, code, headers) => {
    const before = await ledgerSnapshot(t().db);
    const payload = body();
    const r = await t().call(method, url(), payload, headers ?? {});
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message.length).toBeGreaterThan(10);
    expect(await ledgerSnapshot(t().db)).toEqual(before);
  });
});
