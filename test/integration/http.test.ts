/** The HTTP contract: error envelope, idempotency keys, OpenAPI document and docs page, health, limits. */
import { expect, it } from 'vitest';
import {
  createTestApp,
  describeDb,
  ledgerSnapshot,
  stocked,
  stockOf,
  useTestApp,
} from '../support/harness.js';

describeDb('http contract', () => {
  const t = useTestApp({ COULISSE_BODY_LIMIT_BYTES: '4096' });

  it('answers health with the engine', async () => {
    const r = await t().get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', engine: expect.stringMatching(/^(pglite|postgres)$/) });
  });

  it('replays an idempotent call: same key and body → stored response, no second effect', async () => {
    const f = await stocked(t(), 0);
    const body = { sku: f.sku, location: f.bin, qty: 5 };
    const first = await t().post('/v1/stock/receipts', body, { 'idempotency-key': 'receipt-abc' });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await t().post(
      '/v1/stock/receipts',
      { qty: 5, location: f.bin, sku: f.sku },
      { 'idempotency-key': 'receipt-abc' },
    );
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await stockOf(t(), f.sku, f.bin)).toMatchObject({ onHand: 5 });

    const before = await ledgerSnapshot(t().db);
    const reused = await t().post(
      '/v1/stock/receipts',
      { ...body, qty: 6 },
      { 'idempotency-key': 'receipt-abc' },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const otherRoute = await t().post(
      '/v1/stock/adjustments',
      { sku: f.sku, location: f.bin, delta: 1, reason: 'found' },
      { 'idempotency-key': 'receipt-abc' },
    );
    expect(otherRoute.body.error.code).toBe('idempotency_key_reused');
    expect(await ledgerSnapshot(t().db)).toEqual(before);
  });

  it('does not store failed calls: a rejected request can be retried with its key once fixed', async () => {
    const f = await stocked(t(), 1);
    const short = await t().post(
      '/v1/stock/adjustments',
      { sku: f.sku, location: f.bin, delta: -2, reason: 'loss' },
      { 'idempotency-key': 'adj-1' },
    );
    expect(short.status).toBe(409);
    await t().post('/v1/stock/receipts', { sku: f.sku, location: f.bin, qty: 1 });
    const retry = await t().post(
      '/v1/stock/adjustments',
      { sku: f.sku, location: f.bin, delta: -2, reason: 'loss' },
      { 'idempotency-key': 'adj-1' },
    );
    expect(retry.status).toBe(201);
  });

  it('runs concurrent calls with one key once', async () => {
    const f = await stocked(t(), 0);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t().post(
          '/v1/stock/receipts',
          { sku: f.sku, location: f.bin, qty: 2 },
          { 'idempotency-key': 'burst-1' },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.moves[0].id)).size).toBe(1);
    expect(await stockOf(t(), f.sku, f.bin)).toMatchObject({ onHand: 2 });
  });

  it('refuses malformed idempotency keys', async () => {
    const r = await t().post('/v1/skus', { code: 'K', name: 'k' }, { 'idempotency-key': 'x'.repeat(256) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_idempotency_key');
  });

  it('uses one error envelope for every failure, with a request id', async () => {
    const cases: [string, string, unknown, Record<string, string>, number, string][] = [
      ['GET', '/v1/nothing-here', undefined, {}, 404, 'route_not_found'],
      ['POST', '/v1/skus', '{"code": "A",', { 'content-type': 'application/json' }, 400, 'malformed_json'],
      [
        'POST',
        '/v1/skus',
        '{"__proto__": {"x": 1}, "code": "A", "name": "a"}',
        { 'content-type': 'application/json' },
        400,
        'malformed_json',
      ],
      [
        'POST',
        '/v1/skus',
        'code=A',
        { 'content-type': 'application/x-www-form-urlencoded' },
        415,
        'unsupported_media_type',
      ],
      [
        'POST',
        '/v1/skus',
        JSON.stringify({ code: 'A', name: 'x'.repeat(5000) }),
        { 'content-type': 'application/json' },
        413,
        'payload_too_large',
      ],
      ['POST', '/v1/skus', { code: 'A' }, {}, 400, 'validation_failed'],
      ['POST', '/v1/skus', { code: 'A', name: 'a', color: 'red' }, {}, 400, 'unknown_field'],
      ['POST', '/v1/skus', { code: 42, name: 'a' }, {}, 400, 'validation_failed'],
      ['GET', '/v1/skus?limit=501', undefined, {}, 400, 'validation_failed'],
      ['GET', '/v1/skus?bogus=1', undefined, {}, 400, 'unknown_field'],
    ];
    for (const [method, url, body, headers, status, code] of cases) {
      const r = await t().call(method, url, body, headers);
      expect(r.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(status);
      expect(r.body.error, `${method} ${url}`).toMatchObject({
        code,
        message: expect.any(String),
        details: expect.any(Object),
      });
      expect(r.headers['x-request-id']).toEqual(expect.any(String));
    }
    const traced = await t().call('GET', '/v1/skus/NOPE', undefined, { 'x-request-id': 'trace-123' });
    expect(traced.headers['x-request-id']).toBe('trace-123');
    expect(traced.headers['x-content-type-options']).toBe('nosniff');
  });

  it('publishes an OpenAPI 3.1 document covering every operation, and a docs page', async () => {
    const doc = await t().get('/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const operations = Object.entries(
      doc.body.paths as Record<string, Record<string, { operationId?: string; responses: object }>>,
    ).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    const names = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    for (const required of [
      'POST /v1/skus',
      'GET /v1/skus/{code}',
      'GET /v1/skus',
      'POST /v1/locations',
      'GET /v1/locations',
      'POST /v1/stock/receipts',
      'POST /v1/stock/adjustments',
      'POST /v1/stock/counts',
      'POST /v1/stock/transfers',
      'GET /v1/stock',
      'GET /v1/stock/moves',
      'POST /v1/reservations',
      'POST /v1/reservations/{id}/post',
      'POST /v1/reservations/{id}/void',
    ]) {
      expect(names).toContain(required);
    }
    for (const o of operations.filter((x) => x.path.startsWith('/v1'))) {
      expect(o.op.operationId, `${o.method} ${o.path} has an operationId`).toEqual(expect.any(String));
      expect(Object.keys(o.op.responses), `${o.method} ${o.path} documents its errors`).toContain('4XX');
    }
    expect(doc.body.components.schemas.ErrorResponse).toBeDefined();
    const docs = await t().get('/docs/');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger');
  });
});

describeDb('http shutdown', () => {
  it('refuses new requests while closing, in the error envelope, and writes nothing', async () => {
    const t = await createTestApp();
    const f = await stocked(t, 0);
    t.app.beginShutdown();
    const closing = t.app.close();
    const refused = await t.post('/v1/stock/receipts', { sku: f.sku, location: f.bin, qty: 1 });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'shutting_down' });
    expect(refused.headers['x-request-id']).toEqual(expect.any(String));
    await closing;
    expect(
      (await t.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM stock_moves')).rows[0]!.n,
    ).toBe(0);
    await t.close();
  });
});
