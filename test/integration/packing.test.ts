/**
 * Packing through HTTP: warehouse shipping profile, carton types and a rate-table carrier; scan-verified
 * packing (wrong item, unknown code and over-scan refused with nothing changed but the exception
 * recorded; a second station locked out), parcels with distinct valid SSCCs, ZPL and PDF labels and the
 * packing slip, shipping priced by the carrier with a tracking number per parcel, packing from listed
 * items without scans, bad input, and voiding a packed shipment. The harness checks the ledger after
 * every test.
 */
import { expect, it } from 'vitest';
import { isValidSscc } from '../../src/kernel/sscc.js';
import { checkLedger } from '../../src/modules/inventory/index.js';
import {
  describeDb,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';
import { makeChannel, makeOrder } from '../support/orders.js';

const GTIN = '09506000134352';

const PROFILE = {
  address: {
    name: 'Coulisse Lyon',
    line1: '3 quai Perrache',
    city: 'Lyon',
    postalCode: '69002',
    country: 'FR',
  },
  gs1CompanyPrefix: '0614141',
  ssccExtensionDigit: 1,
};

const RATES = {
  name: 'Parcel Express',
  rateTable: {
    currency: 'EUR',
    services: [
      {
        code: 'std',
        name: 'Standard',
        bands: [
          { maxWeightGrams: 1000, priceMinor: 490 },
          { maxWeightGrams: 5000, priceMinor: 790 },
          { maxWeightGrams: 20000, priceMinor: 1490 },
        ],
      },
      { code: 'exp', name: 'Express', bands: [{ maxWeightGrams: 2000, priceMinor: 1200 }] },
    ],
  },
};

async function setup(t: TestApp, opts: { profile?: boolean; gtin?: string } = {}) {
  const wh = await makeWarehouse(t);
  const bin = await makeBin(t, wh);
  const a = await makeSku(t, opts.gtin ? { gtin: opts.gtin } : {});
  const b = await makeSku(t);
  await receive(t, a, bin, 10);
  await receive(t, b, bin, 10);
  const channel = await makeChannel(t, [wh]);
  if (opts.profile !== false) {
    const r = await t.call('PUT', `/v1/warehouses/${wh}/shipping-profile`, PROFILE);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  return { wh, bin, a, b, channel };
}

async function openShipment(t: TestApp, f: { channel: string; a: string; b: string }, qa = 2, qb = 1) {
  const order = await makeOrder(t, f.channel, [
    { sku: f.a, qty: qa },
    { sku: f.b, qty: qb },
  ]);
  const made = await t.post('/v1/shipments', { order: order.id });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return { order, shipment: made.body.id as string };
}

const count = async (t: TestApp, sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;

describeDb('packing', () => {
  const t = useTestApp();

  it('sets up a shipping profile, carton types and a rate-table carrier; manual is fixed', async () => {
    const f = await setup(t());
    const profile = await t().get(`/v1/warehouses/${f.wh}/shipping-profile`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ warehouse: f.wh, gs1CompanyPrefix: '0614141', nextSsccSerial: 1 });
    const badPrefix = await t().call('PUT', `/v1/warehouses/${f.wh}/shipping-profile`, {
      ...PROFILE,
      gs1CompanyPrefix: '12345',
    });
    expect(badPrefix.status).toBe(400);
    const noWh = await t().get('/v1/warehouses/NOPE/shipping-profile');
    expect(noWh.status).toBe(422);

    const box = await t().call('PUT', '/v1/carton-types/BOX-S', {
      name: 'Small box',
      lengthMm: 300,
      widthMm: 200,
      heightMm: 100,
      tareGrams: 150,
      maxWeightGrams: 5000,
    });
    expect(box.status, JSON.stringify(box.body)).toBe(200);
    expect((await t().get('/v1/carton-types')).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'BOX-S', maxWeightGrams: 5000 })]),
    );
    const flat = await t().call('PUT', '/v1/carton-types/BOX-S', {
      name: 'x',
      lengthMm: 0,
      widthMm: 1,
      heightMm: 1,
      tareGrams: 0,
    });
    expect(flat.status).toBe(400);

    const carrier = await t().call('PUT', '/v1/carriers/parcelx', RATES);
    expect(carrier.status, JSON.stringify(carrier.body)).toBe(200);
    expect(carrier.body).toMatchObject({
      code: 'parcelx',
      kind: 'rate_table',
      services: [{ code: 'std' }, { code: 'exp' }],
    });
    const list = await t().get('/v1/carriers');
    expect(list.body.items.map((c: any) => c.code)).toEqual(expect.arrayContaining(['manual', 'parcelx']));
    const manual = await t().call('PUT', '/v1/carriers/manual', RATES);
    expect(manual.status).toBe(422);
    expect(manual.body.error.code).toBe('manual_carrier_fixed');
    const invalid = await t().call('PUT', '/v1/carriers/broken', {
      name: 'Broken',
      rateTable: {
        currency: 'EUR',
        services: [
          {
            code: 's',
            name: 'S',
            bands: [
              { maxWeightGrams: 2000, priceMinor: 100 },
              { maxWeightGrams: 1000, priceMinor: 200 },
            ],
          },
        ],
      },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('invalid_rate_table');
  });

  it('packs by scan: mistakes refused and recorded, a second station locked out, two parcels with SSCCs, labels, slip, ship priced', async () => {
    const f = await setup(t(), { gtin: GTIN });
    await t().call('PUT', '/v1/carton-types/BOX-S', {
      name: 'Small box',
      lengthMm: 300,
      widthMm: 200,
      heightMm: 100,
      tareGrams: 150,
      maxWeightGrams: 5000,
    });
    await t().call('PUT', '/v1/carriers/parcelx', RATES);
    const stranger = await makeSku(t());
    const { order, shipment } = await openShipment(t(), f, 2, 1);

    const progress = await t().get(`/v1/shipments/${shipment}/pack`);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ complete: false, parcels: [] });
    expect(progress.body.items).toHaveLength(2);

    // The GTIN in a GS1 element string, as a scanner sends it, finds SKU a.
    const first = await t().post(`/v1/shipments/${shipment}/pack-scans`, {
      code: `01${GTIN}10LOT1`,
      station: 'P1',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      station: 'P1',
      complete: false,
      parcels: [{ parcelNo: 1, items: [{ sku: f.a, qty: 1 }] }],
    });

    const stateOf = async () => ({
      scans: await count(t(), 'SELECT count(*)::int AS n FROM shipment_pack_scans WHERE shipment_id = $1', [
        shipment,
      ]),
      scanned: await count(
        t(),
        'SELECT sum(qty_scanned)::int AS n FROM shipment_pack_items WHERE shipment_id = $1',
        [shipment],
      ),
      audit: await count(t(), 'SELECT count(*)::int AS n FROM audit_log'),
    });
    const exceptions = () =>
      t().db.query<{ code: string; scanned: string }>(
        `SELECT code, scanned FROM warehouse_exceptions WHERE shipment_id = $1 ORDER BY occurred_at, exception_id`,
        [shipment],
      );

    const before = await stateOf();
    const wrong = await t().post(`/v1/shipments/${shipment}/pack-scans`, { code: stranger, station: 'P1' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'item_not_in_shipment', details: { sku: stranger } });
    const unknown = await t().post(`/v1/shipments/${shipment}/pack-scans`, {
      code: 'NO-SUCH-THING',
      station: 'P1',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_item');
    const over = await t().post(`/v1/shipments/${shipment}/pack-scans`, { code: f.a, qty: 2, station: 'P1' });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: 'over_scan',
      details: { sku: f.a, required: 2, scanned: 1, qty: 2 },
    });
    const other = await t().post(`/v1/shipments/${shipment}/pack-scans`, { code: f.b, station: 'P2' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({
      code: 'shipment_being_packed',
      details: { packingBy: t().actorId, station: 'P1' },
    });
    expect(await stateOf()).toEqual(before);
    expect((await exceptions()).rows.map((r) => r.code)).toEqual([
      'item_not_in_shipment',
      'unknown_item',
      'over_scan',
    ]);

    // Shipping while half scanned is refused.
    const early = await t().post(`/v1/shipments/${shipment}/ship`, { carrier: 'parcelx', service: 'std' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('packing_incomplete');

    const second = await t().post(`/v1/shipments/${shipment}/pack-scans`, { code: f.a, station: 'P1' });
    expect(second.status).toBe(200);
    const last = await t().post(`/v1/shipments/${shipment}/pack-scans`, {
      code: f.b.toLowerCase(),
      parcel: 2,
      station: 'P1',
    });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body).toMatchObject({
      complete: true,
      parcels: [
        { parcelNo: 1, items: [{ sku: f.a, qty: 2 }] },
        { parcelNo: 2, items: [{ sku: f.b, qty: 1 }] },
      ],
    });

    // Every scanned parcel needs its carton and weight.
    const missing = await t().post(`/v1/shipments/${shipment}/pack`, {
      parcels: [{ parcelNo: 1, cartonType: 'BOX-S', weightGrams: 800 }],
      station: 'P1',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'parcel_missing', details: { parcelNos: [2] } });
    const heavy = await t().post(`/v1/shipments/${shipment}/pack`, {
      parcels: [
        { parcelNo: 1, cartonType: 'BOX-S', weightGrams: 6000 },
        { parcelNo: 2, weightGrams: 400 },
      ],
    });
    expect(heavy.status).toBe(422);
    expect(heavy.body.error.code).toBe('parcel_too_heavy');
    const notPacked = await t().get(`/v1/shipments/${shipment}/label`);
    expect(notPacked.status).toBe(409);
    expect(notPacked.body.error.code).toBe('shipment_not_packed');

    const packed = await t().post(`/v1/shipments/${shipment}/pack`, {
      parcels: [
        { parcelNo: 1, cartonType: 'box-s', weightGrams: 800 },
        { parcelNo: 2, weightGrams: 1500, lengthMm: 200, widthMm: 150, heightMm: 100 },
      ],
      station: 'P1',
    });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    expect(packed.body).toMatchObject({ status: 'packed', packedBy: t().actorId });
    const parcels = packed.body.parcels as any[];
    expect(parcels).toHaveLength(2);
    expect(parcels[0]).toMatchObject({
      parcelNo: 1,
      cartonType: 'BOX-S',
      weightGrams: 800,
      items: [{ sku: f.a, qty: 2 }],
    });
    const ssccs = parcels.map((p) => p.sscc as string);
    expect(ssccs.every(isValidSscc)).toBe(true);
    expect(new Set(ssccs).size).toBe(2);
    expect(ssccs[0]!.startsWith('10614141')).toBe(true);
    const twice = await t().post(`/v1/shipments/${shipment}/pack`, { parcels: [{ weightGrams: 100 }] });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('shipment_not_open');

    const rates = await t().get(`/v1/shipments/${shipment}/rates`);
    expect(rates.status).toBe(200);
    expect(rates.body.quotes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ carrier: 'parcelx', service: 'std', priceMinor: 490 + 790 }),
        expect.objectContaining({ carrier: 'parcelx', service: 'exp', priceMinor: 2400 }),
      ]),
    );

    const zpl = await t().get(`/v1/shipments/${shipment}/label?format=zpl`);
    expect(zpl.status).toBe(200);
    expect(String(zpl.headers['content-type'])).toContain('text/plain');
    expect(String(zpl.headers['content-disposition'])).toContain(`label-${shipment}.zpl`);
    for (const sscc of ssccs) expect(zpl.raw.body).toContain(sscc);
    const pdf = await t().get(`/v1/shipments/${shipment}/label`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const sscc of ssccs) expect(pdf.raw.rawPayload.toString('latin1')).toContain(sscc);
    const slip = await t().get(`/v1/shipments/${shipment}/packing-slip`);
    expect(slip.status).toBe(200);
    expect(slip.headers['content-type']).toBe('application/pdf');
    expect(slip.raw.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(slip.raw.rawPayload.toString('latin1')).toContain(ssccs[1]);

    const noService = await t().post(`/v1/shipments/${shipment}/ship`, { carrier: 'ParcelX' });
    expect(noService.status).toBe(422);
    expect(noService.body.error.code).toBe('unknown_service');
    const shipped = await t().post(`/v1/shipments/${shipment}/ship`, { carrier: 'ParcelX', service: 'std' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      carrier: 'parcelx',
      shippingPriceMinor: 1280,
      shippingCurrency: 'EUR',
    });
    const shippedParcels = shipped.body.parcels as any[];
    expect(shippedParcels.map((p) => p.priceMinor)).toEqual([490, 790]);
    const tracking = shippedParcels.map((p) => p.trackingNumber as string);
    expect(new Set(tracking).size).toBe(2);
    expect(tracking.every((n) => /^PA[0-9]{18}$/.test(n))).toBe(true);
    expect(shipped.body.trackingNumber).toBe(tracking[0]);
    expect((await t().get(`/v1/orders/${order.id}`)).body.status).toBe('shipped');
    const { rows } = await t().db.query<{ payload: any }>(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'order.shipped'`,
      [order.id],
    );
    expect(rows[0]!.payload).toMatchObject({
      carrier: 'parcelx',
      trackingNumber: tracking[0],
      parcels: [
        { parcelNo: 1, sscc: ssccs[0], trackingNumber: tracking[0] },
        { parcelNo: 2, sscc: ssccs[1], trackingNumber: tracking[1] },
      ],
    });
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect((await checkLedger(t().db)).problems).toEqual([]);
    // Labels stay printable once shipped.
    expect((await t().get(`/v1/shipments/${shipment}/label?format=zpl`)).status).toBe(200);
  });

  it('resets a half-scanned shipment: counters to zero, claim released, another station can pack', async () => {
    const f = await setup(t());
    const { shipment } = await openShipment(t(), f, 1, 1);
    await t().post(`/v1/shipments/${shipment}/pack-scans`, { code: f.a, station: 'P1' });
    const reset = await t().post(`/v1/shipments/${shipment}/pack-scans/reset`, { reason: 'dropped the box' });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toMatchObject({ packingBy: null, station: null, parcels: [] });
    expect(reset.body.items.every((i: any) => i.scanned === 0)).toBe(true);
    await t().post(`/v1/shipments/${shipment}/pack-scans`, { code: f.a, parcel: 3, station: 'P2' });
    const done = await t().post(`/v1/shipments/${shipment}/pack-scans`, {
      code: f.b,
      parcel: 3,
      station: 'P2',
    });
    expect(done.body).toMatchObject({ complete: true, parcels: [{ parcelNo: 3 }] });
    const packed = await t().post(`/v1/shipments/${shipment}/pack`, {
      parcels: [{ parcelNo: 3, weightGrams: 500 }],
      station: 'P2',
    });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    expect(packed.body.parcels).toEqual([
      expect.objectContaining({
        parcelNo: 3,
        items: [
          { sku: f.a, qty: 1 },
          { sku: f.b, qty: 1 },
        ].sort((x, y) => x.sku.localeCompare(y.sku)),
      }),
    ]);
  });

  it('packs without scans from listed items, which must match the shipment exactly', async () => {
    const f = await setup(t());
    const { shipment } = await openShipment(t(), f, 2, 1);
    const cases: [unknown, number, string][] = [
      [{ parcels: [{ weightGrams: 0, items: [{ sku: f.a, qty: 2 }] }] }, 400, 'invalid_weight'],
      [{ parcels: [{ weightGrams: 100, items: [{ sku: 'NOPE', qty: 1 }] }] }, 422, 'item_not_in_shipment'],
      [
        {
          parcels: [
            {
              weightGrams: 100,
              items: [
                { sku: f.a, qty: 3 },
                { sku: f.b, qty: 1 },
              ],
            },
          ],
        },
        409,
        'over_scan',
      ],
      [{ parcels: [{ weightGrams: 100, items: [{ sku: f.a, qty: 1 }] }] }, 409, 'packing_incomplete'],
      [
        {
          parcels: [
            {
              weightGrams: 100,
              cartonType: 'NO-BOX',
              items: [
                { sku: f.a, qty: 2 },
                { sku: f.b, qty: 1 },
              ],
            },
          ],
        },
        422,
        'unknown_carton_type',
      ],
      [
        {
          parcels: [
            {
              weightGrams: 100,
              items: [
                { sku: f.a, qty: 2 },
                { sku: f.b, qty: 1 },
              ],
            },
            { weightGrams: 100 },
          ],
        },
        422,
        'empty_parcel',
      ],
    ];
    const parcelsBefore = await count(t(), 'SELECT count(*)::int AS n FROM shipment_parcels');
    for (const [body, status, code] of cases) {
      const r = await t().post(`/v1/shipments/${shipment}/pack`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const incomplete = await t().post(`/v1/shipments/${shipment}/pack`, {
      parcels: [{ weightGrams: 100, items: [{ sku: f.a, qty: 1 }] }],
    });
    expect(incomplete.body.error.details.missing).toEqual(
      expect.arrayContaining([
        { sku: f.a, required: 2, scanned: 1 },
        { sku: f.b, required: 1, scanned: 0 },
      ]),
    );
    expect(await count(t(), 'SELECT count(*)::int AS n FROM shipment_parcels')).toBe(parcelsBefore);
    expect((await t().get(`/v1/shipments/${shipment}`)).body.status).toBe('open');

    const packed = await t().post(`/v1/shipments/${shipment}/pack`, {
      parcels: [
        { weightGrams: 900, items: [{ sku: f.a, qty: 1 }] },
        {
          weightGrams: 700,
          items: [
            { sku: f.a, qty: 1 },
            { sku: f.b.toLowerCase(), qty: 1 },
          ],
        },
      ],
    });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    expect(packed.body.parcels.map((p: any) => [p.parcelNo, p.items])).toEqual([
      [1, [{ sku: f.a, qty: 1 }]],
      [
        2,
        [
          { sku: f.a, qty: 1 },
          { sku: f.b, qty: 1 },
        ].sort((x, y) => x.sku.localeCompare(y.sku)),
      ],
    ]);
    // A free-text carrier ships a packed shipment as before; parcels carry the shipment's tracking.
    const shipped = await t().post(`/v1/shipments/${shipment}/ship`, {
      carrier: 'Some Courier',
      trackingNumber: 'SC-1',
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toMatchObject({
      carrier: 'Some Courier',
      trackingNumber: 'SC-1',
      shippingPriceMinor: null,
    });
    expect(shipped.body.parcels.map((p: any) => p.trackingNumber)).toEqual(['SC-1', 'SC-1']);
  });

  it('needs a shipping profile to pack; a rate-table carrier needs parcels; voiding a packed shipment gives the holds back', async () => {
    const f = await setup(t(), { profile: false });
    await t().call('PUT', '/v1/carriers/parcelx', RATES);
    const { order, shipment } = await openShipment(t(), f, 1, 1);
    const body = {
      parcels: [
        {
          weightGrams: 500,
          items: [
            { sku: f.a, qty: 1 },
            { sku: f.b, qty: 1 },
          ],
        },
      ],
    };
    const noProfile = await t().post(`/v1/shipments/${shipment}/pack`, body);
    expect(noProfile.status).toBe(409);
    expect(noProfile.body.error).toMatchObject({
      code: 'shipping_profile_missing',
      details: { warehouse: f.wh },
    });
    expect(noProfile.body.error.message).toContain('shipping-profile');
    const unpriced = await t().post(`/v1/shipments/${shipment}/ship`, { carrier: 'parcelx', service: 'std' });
    expect(unpriced.status).toBe(409);
    expect(unpriced.body.error.code).toBe('shipment_not_packed');
    const rates = await t().get(`/v1/shipments/${shipment}/rates`);
    expect(rates.status).toBe(409);

    await t().call('PUT', `/v1/warehouses/${f.wh}/shipping-profile`, PROFILE);
    const packed = await t().post(`/v1/shipments/${shipment}/pack`, body);
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    const sscc = packed.body.parcels[0].sscc;
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 10, reserved: 1, available: 9 });

    const voided = await t().post(`/v1/shipments/${shipment}/void`, { reason: 'customer called' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', parcels: [{ sscc }] });
    const after = (await t().get(`/v1/orders/${order.id}`)).body;
    expect(after.status).toBe('allocated');
    expect(after.lines[0]).toMatchObject({ qtyAllocated: 1, qtyInFulfilment: 0 });
    expect(await stockOf(t(), f.a, f.bin)).toEqual({ onHand: 10, reserved: 1, available: 9 });
    const slip = await t().get(`/v1/shipments/${shipment}/packing-slip`);
    expect(slip.status).toBe(409);

    // A new shipment of the same order gets a new SSCC, never the voided one's.
    const again = await t().post('/v1/shipments', { order: order.id });
    expect(again.status).toBe(201);
    const repacked = await t().post(`/v1/shipments/${again.body.id}/pack`, body);
    expect(repacked.status).toBe(200);
    expect(repacked.body.parcels[0].sscc).not.toBe(sscc);
    const manual = await t().post(`/v1/shipments/${again.body.id}/ship`, {
      carrier: 'manual',
      trackingNumber: 'M-1',
    });
    expect(manual.status).toBe(200);
    expect(manual.body.parcels[0].trackingNumber).toBe('M-1');
  });

  it('keeps packing inside the caller warehouses', async () => {
    const f = await setup(t());
    const { shipment } = await openShipment(t(), f, 1, 1);
    const { makeKey } = await import('../support/access.js');
    const elsewhere = await makeKey(
      t(),
      ['shipments.read', 'shipments.write'],
      [await makeWarehouse(t(), unique('WHX'))],
    );
    expect((await elsewhere.call('GET', `/v1/shipments/${shipment}/pack`)).status).toBe(404);
    expect((await elsewhere.call('POST', `/v1/shipments/${shipment}/pack-scans`, { code: f.a })).status).toBe(
      404,
    );
    expect((await elsewhere.call('GET', `/v1/shipments/${shipment}/packing-slip`)).status).toBe(404);
    expect(
      await count(t(), 'SELECT count(*)::int AS n FROM warehouse_exceptions WHERE shipment_id = $1', [
        shipment,
      ]),
    ).toBe(0);
  });
});
