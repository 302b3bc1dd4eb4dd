/** Warehouse scope: a user or key assigned to one warehouse sees and touches nothing of another (objects there answer exactly like objects that do not exist) and works normally in its own. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, makeKey, signIn } from '../support/access.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  type Response,
  receive,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';

type Call = (
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

const enc = encodeURIComponent;
/** The warehouse code of a location path code (WH1/A-01 → WH1). */
const whOf = (code: string) => code.split('/')[0]!;

/** Everything a refused request must leave alone: the ledger and the audit trail (every command audits). */
async function state(t: TestApp) {
  const { rows } = await t.db.query(
    `SELECT (SELECT count(*) FROM audit_log)::bigint AS audit_log,
            (SELECT count(*) FROM users)::bigint AS users,
            (SELECT count(*) FROM api_keys)::bigint AS api_keys`,
  );
  return { access: rows[0], ledger: await ledgerSnapshot(t.db) };
}

function expectError(r: Response, status: number, code: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
}

/** The permissions of a warehouse operator, and a key with those plus what the key-only checks use. */
const OPERATOR_SCOPES = [
  'catalog.read',
  'locations.read',
  'stock.read',
  'reservations.read',
  'stock.receive',
  'stock.count',
  'stock.transfer',
  'reservations.post',
];
const KEY_SCOPES = [
  ...OPERATOR_SCOPES,
  'reservations.write',
  'locations.write',
  'reports.shrinkage',
  'audit.read',
  'ledger.check',
];

describeDb('warehouse scope', () => {
  const t = useTestApp();
  /** WH1 is the subjects' warehouse; WH2 and WH3 are elsewhere. */
  let wh1: string;
  let wh2: string;
  let wh3: string;
  let a1: string;
  let a2: string;
  let b1: string;
  let c1: string;
  let sku: string;

  beforeAll(async () => {
    wh1 = await makeWarehouse(t(), unique('WHA'));
    wh2 = await makeWarehouse(t(), unique('WHB'));
    wh3 = await makeWarehouse(t(), unique('WHC'));
    a1 = await makeBin(t(), wh1);
    a2 = await makeBin(t(), wh1);
    b1 = await makeBin(t(), wh2);
    c1 = await makeBin(t(), wh3);
    sku = await makeSku(t());
    await receive(t(), sku, a1, 100);
    await receive(t(), sku, b1, 100);
    await receive(t(), sku, c1, 100);
    // Shrinkage on both sides, for the report.
    for (const bin of [a1, b1]) {
      const r = await t().post('/v1/stock/adjustments', { sku, location: bin, delta: -1, reason: 'damage' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });

  /** Objects made for one subject, so that what one subject does cannot decide another's test. */
  interface Objects {
    resA: string;
    resB: string;
    /** Lines in WH1 and WH2: not wholly in the subject's warehouse. */
    resMixed: string;
    /** In transit from WH2 to WH1: the subject receives it. */
    inbound: string;
    /** In transit from WH2 to WH3: nothing to do with WH1. */
    elsewhere: string;
  }

  async function makeObjects(): Promise<Objects> {
    const reserve = async (lines: { location: string; qty: number }[]) => {
      const r = await t().post('/v1/reservations', {
        lines: lines.map((l) => ({ sku, ...l })),
        reference: unique('SCOPE'),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const transit = async (from: string, to: string) => {
      const r = await t().post('/v1/stock/transfers', { sku, from, to, qty: 2, via: 'transit' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.transfer.id as string;
    };
    return {
      resA: await reserve([{ location: a1, qty: 1 }]),
      resB: await reserve([{ location: b1, qty: 1 }]),
      resMixed: await reserve([
        { location: a1, qty: 1 },
        { location: b1, qty: 1 },
      ]),
      inbound: await transit(b1, a2),
      elsewhere: await transit(b1, c1),
    };
  }

  const subjects: [string, () => Promise<Call>][] = [
    [
      'a warehouse_operator assigned to WH1',
      async () => (await signIn(t(), 'warehouse_operator', [wh1])).call,
    ],
    ['an API key restricted to WH1', async () => (await makeKey(t(), OPERATOR_SCOPES, [wh1])).call],
  ];

  describe.each(subjects)('%s', (_name, make) => {
    let call: Call;
    let o: Objects;
    beforeAll(async () => {
      call = await make();
      o = await makeObjects();
    });

    it('gets its own locations and a 404 for the other warehouse and everything in it', async () => {
      expect((await call('GET', `/v1/locations/${enc(a1)}`)).status).toBe(200);
      expect((await call('GET', `/v1/locations/${enc(wh1)}`)).status).toBe(200);
      for (const code of [b1, wh2, `${wh2}/@supplier`, c1]) {
        expectError(await call('GET', `/v1/locations/${enc(code)}`), 404, 'location_not_found');
      }
      const missing = await call('GET', `/v1/locations/${enc(`${wh1}/NOPE`)}`);
      expectError(missing, 404, 'location_not_found');
    });

    it('lists only its own warehouse', async () => {
      const r = await call('GET', '/v1/locations?limit=500&includeVirtual=true&includeArchived=true');
      expect(r.status).toBe(200);
      const codes = r.body.items.map((l: { code: string }) => l.code);
      expect(codes).toEqual(expect.arrayContaining([wh1, a1, a2, `${wh1}/@supplier`]));
      expect(codes.filter((c: string) => whOf(c) !== wh1)).toEqual([]);
      const filtered = await call('GET', `/v1/locations?warehouse=${enc(wh2)}`);
      expect(filtered.status).toBe(200);
      expect(filtered.body.items).toEqual([]);
    });

    it('sees no stock elsewhere: a 404 for another warehouse, only its own rows and totals for a SKU', async () => {
      for (const code of [b1, wh2]) {
        expectError(await call('GET', `/v1/stock?location=${enc(code)}`), 404, 'location_not_found');
      }
      const mine = await call(
        'GET',
        `/v1/stock?sku=${enc(sku)}&includeVirtual=true&includeZero=true&limit=500`,
      );
      expect(mine.status).toBe(200);
      const locations = mine.body.items.map((i: { location: string }) => i.location);
      expect(locations).toContain(a1);
      expect(mine.body.items.filter((i: { warehouse: string }) => i.warehouse !== wh1)).toEqual([]);
      // The totals are WH1's alone, exactly what the owner sees for WH1.
      const owners = await t().get(`/v1/stock?sku=${enc(sku)}&location=${enc(wh1)}`);
      expect(mine.body.totals).toEqual(owners.body.totals);
      const all = await call('GET', '/v1/stock?limit=500&includeVirtual=true');
      expect(all.status).toBe(200);
      expect(all.body.items.filter((i: { warehouse: string }) => i.warehouse !== wh1)).toEqual([]);
    });

    it('sees no moves that stay outside its warehouse', async () => {
      const touchesWh1 = (m: { from: string; to: string }) => whOf(m.from) === wh1 || whOf(m.to) === wh1;
      for (const url of ['/v1/stock/moves?limit=500', `/v1/stock/moves?limit=500&sku=${enc(sku)}`]) {
        const r = await call('GET', url);
        expect(r.status).toBe(200);
        expect(r.body.items.length).toBeGreaterThan(0);
        expect(r.body.items.filter((m: { from: string; to: string }) => !touchesWh1(m))).toEqual([]);
      }
      expectError(await call('GET', `/v1/stock/moves?location=${enc(b1)}`), 404, 'location_not_found');
      const elsewhere = await call('GET', `/v1/stock/moves?transferId=${o.elsewhere}`);
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.body.items).toEqual([]);
    });

    it('cannot receive, count or transfer in another warehouse: 422 unknown_location, nothing changes', async () => {
      const refused: [string, string, unknown, string][] = [
        ['/v1/stock/receipts', 'receipt into WH2', { sku, location: b1, qty: 1 }, 'location'],
        ['/v1/stock/counts', 'count in WH2', { sku, location: b1, countedQty: 0 }, 'location'],
        ['/v1/stock/transfers', 'transfer out of WH2', { sku, from: b1, to: a1, qty: 1 }, 'from'],
        ['/v1/stock/transfers', 'transfer into WH2', { sku, from: a1, to: b1, qty: 1 }, 'to'],
        ['/v1/stock/transfers', 'transit into WH2', { sku, from: a1, to: b1, qty: 1, via: 'transit' }, 'to'],
      ];
      for (const [url, what, body, field] of refused) {
        const before = await state(t());
        const r = await call('POST', url, body);
        expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(422);
        expect(r.body.error, what).toMatchObject({ code: 'unknown_location', details: { field } });
        expect(await state(t()), what).toEqual(before);
      }
    });

    it('receives, counts and transfers in its own warehouse', async () => {
      const start = await stockOf(t(), sku, a1);
      const r1 = await call('POST', '/v1/stock/receipts', { sku, location: a1, qty: 5 });
      expect(r1.status, JSON.stringify(r1.body)).toBe(201);
      const r2 = await call('POST', '/v1/stock/transfers', { sku, from: a1, to: a2, qty: 2 });
      expect(r2.status, JSON.stringify(r2.body)).toBe(201);
      const counted = start.onHand + 5 - 2 - 1;
      const r3 = await call('POST', '/v1/stock/counts', { sku, location: a1, countedQty: counted });
      expect(r3.status, JSON.stringify(r3.body)).toBe(201);
      expect(r3.body.count).toMatchObject({ previousQty: start.onHand + 3, delta: -1 });
      expect((await stockOf(t(), sku, a1)).onHand).toBe(counted);
    });

    it('gets a 404 for a reservation not wholly in its warehouse, and cannot post it', async () => {
      for (const id of [o.resB, o.resMixed]) {
        expectError(await call('GET', `/v1/reservations/${id}`), 404, 'reservation_not_found');
        const before = await state(t());
        expectError(await call('POST', `/v1/reservations/${id}/post`, {}), 404, 'reservation_not_found');
        expect(await state(t())).toEqual(before);
      }
      const list = await call('GET', '/v1/reservations?limit=500');
      expect(list.status).toBe(200);
      const ids = list.body.items.map((r: { id: string }) => r.id);
      expect(ids).toContain(o.resA);
      expect(ids).not.toContain(o.resB);
      expect(ids).not.toContain(o.resMixed);
      const owners = await t().get(`/v1/reservations/${o.resB}`);
      expect(owners.body.status).toBe('open');
    });

    it('gets and posts a reservation in its own warehouse', async () => {
      const got = await call('GET', `/v1/reservations/${o.resA}`);
      expect(got.status).toBe(200);
      expect(got.body.lines).toEqual([{ sku, location: a1, qty: 1, postedQty: 0 }]);
      const posted = await call('POST', `/v1/reservations/${o.resA}/post`, {});
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      expect(posted.body.reservation.status).toBe('posted');
    });

    it('gets a 404 for a transfer between other warehouses, and receives one bound for its own', async () => {
      expectError(await call('GET', `/v1/stock/transfers/${o.elsewhere}`), 404, 'transfer_not_found');
      const list = await call('GET', '/v1/stock/transfers?limit=500');
      expect(list.status).toBe(200);
      const ids = list.body.items.map((x: { id: string }) => x.id);
      expect(ids).toContain(o.inbound);
      expect(ids).not.toContain(o.elsewhere);
      const before = await state(t());
      expectError(
        await call('POST', `/v1/stock/transfers/${o.elsewhere}/receive`, {}),
        404,
        'transfer_not_found',
      );
      expect(await state(t())).toEqual(before);
      const received = await call('POST', `/v1/stock/transfers/${o.inbound}/receive`, {});
      expect(received.status, JSON.stringify(received.body)).toBe(200);
      expect(received.body.transfer).toMatchObject({ status: 'received', receivedQty: 2 });
    });
  });

  describe('an API key restricted to WH1, with more permissions', () => {
    let key: Awaited<ReturnType<typeof makeKey>>;
    let o: Objects;
    beforeAll(async () => {
      key = await makeKey(t(), KEY_SCOPES, [wh1]);
      o = await makeObjects();
    });

    it('says which warehouses it works in', async () => {
      const me = await key.call('GET', '/v1/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ kind: 'api_key', warehouses: [wh1] });
    });

    it('cannot reserve or void elsewhere, and can in its own warehouse', async () => {
      let before = await state(t());
      const r = await key.call('POST', '/v1/reservations', {
        lines: [
          { sku, location: a1, qty: 1 },
          { sku, location: b1, qty: 1 },
        ],
        reference: 'ACROSS',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'unknown_location', details: { location: b1 } });
      expect(await state(t())).toEqual(before);
      before = await state(t());
      expectError(
        await key.call('POST', `/v1/reservations/${o.resB}/void`, {}),
        404,
        'reservation_not_found',
      );
      expect(await state(t())).toEqual(before);
      const mine = await key.call('POST', '/v1/reservations', {
        lines: [{ sku, location: a1, qty: 1 }],
        reference: 'MINE',
      });
      expect(mine.status, JSON.stringify(mine.body)).toBe(201);
      const voided = await key.call('POST', `/v1/reservations/${mine.body.id}/void`, {});
      expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    });

    it('cannot create, archive or delete locations elsewhere, nor a warehouse', async () => {
      const spare = await makeBin(t(), wh2);
      const refusals: [string, string, unknown, number, string][] = [
        ['POST', '/v1/locations', { code: unique('BIN'), kind: 'bin', parent: wh2 }, 422, 'unknown_location'],
        ['POST', '/v1/locations', { code: unique('WH'), kind: 'warehouse' }, 403, 'warehouse_scope_required'],
        ['POST', `/v1/locations/${enc(spare)}/archive`, {}, 404, 'location_not_found'],
        ['DELETE', `/v1/locations/${enc(spare)}`, undefined, 404, 'location_not_found'],
        ['POST', `/v1/locations/${enc(wh1)}/archive`, {}, 403, 'warehouse_scope_required'],
      ];
      for (const [method, url, body, status, code] of refusals) {
        const before = await state(t());
        expectError(await key.call(method, url, body), status, code);
        expect(await state(t()), `${method} ${url}`).toEqual(before);
      }
      const made = await key.call('POST', '/v1/locations', { code: unique('BIN'), kind: 'bin', parent: wh1 });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect((await key.call('DELETE', `/v1/locations/${enc(made.body.code)}`)).status).toBe(200);
    });

    it('reports shrinkage of its own warehouse only', async () => {
      expectError(
        await key.call('GET', `/v1/reports/shrinkage?warehouse=${enc(wh2)}`),
        404,
        'location_not_found',
      );
      const r = await key.call('GET', '/v1/reports/shrinkage');
      expect(r.status).toBe(200);
      expect(r.body.rows.map((x: { warehouse: string }) => x.warehouse)).toContain(wh1);
      expect(r.body.rows.filter((x: { warehouse: string }) => x.warehouse !== wh1)).toEqual([]);
    });

    it('reads no audit record that tells of another warehouse', async () => {
      // A direct move from WH1 into WH2: the move is WH1's business, WH2's balance is not.
      const across = await t().post('/v1/stock/transfers', { sku, from: a1, to: b1, qty: 1 });
      expect(across.status, JSON.stringify(across.body)).toBe(201);
      const r = await key.call('GET', '/v1/audit?limit=500');
      expect(r.status).toBe(200);
      const targets = r.body.items.map((a: { target: { id: string | null } | null }) => a.target?.id);
      expect(targets).toContain(`${sku}@${a1}`);
      const elsewhere = r.body.items
        .filter((a: unknown) => [wh2, wh3].some((code) => JSON.stringify(a).includes(code)))
        .map((a: { operation: string; target: unknown }) => `${a.operation} ${JSON.stringify(a.target)}`);
      expect(elsewhere).toEqual([]);
    });

    it('cannot run the ledger check, which covers every warehouse', async () => {
      expectError(await key.call('GET', '/v1/ledger/check'), 403, 'warehouse_scope_required');
    });
  });

  describe('granting access from inside a warehouse scope', () => {
    let admin: Awaited<ReturnType<typeof makeKey>>;
    beforeAll(async () => {
      admin = await makeKey(
        t(),
        ['users.read', 'users.write', 'api_keys.read', 'api_keys.write', 'locations.read', 'stock.read'],
        [wh1],
      );
    });

    const newUser = (extra: Record<string, unknown>) => ({
      email: `${unique('scoped')}@test.example`,
      name: 'Made from WH1',
      password: DEFAULT_PASSWORD,
      role: 'warehouse_operator',
      ...extra,
    });

    it('cannot give a user or key a warehouse it does not see itself', async () => {
      const refusals: [string, unknown, number, string][] = [
        ['/v1/users', newUser({ warehouses: [wh2] }), 422, 'unknown_warehouse'],
        ['/v1/users', newUser({ warehouses: [wh1, wh2] }), 422, 'unknown_warehouse'],
        ['/v1/users', newUser({ allWarehouses: true }), 403, 'owner_only'],
        ['/v1/users', newUser({ role: 'admin' }), 403, 'owner_only'],
        [
          '/v1/api-keys',
          { name: 'to WH2', scopes: ['stock.read'], warehouses: [wh2] },
          422,
          'unknown_warehouse',
        ],
      ];
      for (const [url, body, status, code] of refusals) {
        const before = await state(t());
        expectError(await admin.call('POST', url, body), status, code);
        expect(await state(t()), JSON.stringify(body)).toEqual(before);
      }
      const made = await admin.call('POST', '/v1/users', newUser({ warehouses: [wh1] }));
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body).toMatchObject({ warehouses: [wh1], allWarehouses: false });
      const moved = await admin.call('PATCH', `/v1/users/${made.body.id}`, { warehouses: [wh2] });
      expectError(moved, 422, 'unknown_warehouse');
      const promoted = await admin.call('PATCH', `/v1/users/${made.body.id}`, { allWarehouses: true });
      expectError(promoted, 403, 'owner_only');
    });

    it('makes a key that sees no more than itself when no warehouses are named', async () => {
      const r = await admin.call('POST', '/v1/api-keys', { name: 'from WH1', scopes: ['locations.read'] });
      // Refusing is as good as restricting; widening is not.
      if (r.status !== 201) {
        expect(r.status, JSON.stringify(r.body)).toBe(403);
        return;
      }
      const child = (method: string, url: string) =>
        t().call(method, url, undefined, { authorization: `Bearer ${r.body.key}` });
      expect((await child('GET', '/v1/me')).body.warehouses).toEqual([wh1]);
      expectError(await child('GET', `/v1/locations/${enc(b1)}`), 404, 'location_not_found');
    });

    it('cannot take over an account that sees more than itself', async () => {
      const wider = await signIn(t(), 'admin');
      const before = await state(t());
      const hash = async () =>
        (await t().db.query('SELECT password_hash FROM users WHERE user_id = $1', [wider.userId])).rows[0];
      const hashBefore = await hash();
      const reset = await admin.call('POST', `/v1/users/${wider.userId}/password`, {
        password: 'taken over from WH1',
      });
      expect([403, 404], JSON.stringify(reset.body)).toContain(reset.status);
      const disabled = await admin.call('PATCH', `/v1/users/${wider.userId}`, { isDisabled: true });
      expect([403, 404], JSON.stringify(disabled.body)).toContain(disabled.status);
      expect(await hash()).toEqual(hashBefore);
      expect(await state(t())).toEqual(before);
    });

    it('applies a change of assignment from the next request on', async () => {
      const operator = await signIn(t(), 'warehouse_operator', [wh1]);
      expect((await operator.call('GET', `/v1/locations/${enc(a1)}`)).status).toBe(200);
      const moved = await t().call('PATCH', `/v1/users/${operator.userId}`, { warehouses: [wh2] });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expectError(await operator.call('GET', `/v1/locations/${enc(a1)}`), 404, 'location_not_found');
      expect((await operator.call('GET', `/v1/locations/${enc(b1)}`)).status).toBe(200);
    });
  });
});
