/**
 * The warehouse outbound flow end to end through HTTP, as an operator lives it: allocated orders → a wave
 * → picks by scan along the planned path (one bin short: the rest found in another bin) → the pack station
 * (one mis-scan refused) → parcels with SSCCs, labels as ZPL and PDF carrying them → shipped with a
 * rate-table carrier → orders shipped, stock moved to the customer location, `order.shipped` with the
 * parcels; and a voided shipment giving its stock back. The harness checks the ledger after the test
 * (`coulisse check`'s checkLedger), and the conservation of units is asserted here.
 */
import { expect, it } from 'vitest';
import { isValidSscc } from '../../src/kernel/sscc.js';
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

async function put(t: TestApp, url: string, body: unknown) {
  const r = await t.call('PUT', url, body);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

/** Units of a SKU per location kind across the whole ledger: physical, customer, adjustment. */
async function unitsByKind(t: TestApp, sku: string) {
  const { rows } = await t.db.query<{ kind: string; qty: string }>(
    `SELECT CASE WHEN l.is_physical THEN 'stock' ELSE l.kind END AS kind, sum(b.on_hand) AS qty
       FROM stock_balances b JOIN locations l ON l.location_id = b.location_id JOIN skus s ON s.sku_id = b.sku_id
      WHERE s.code = $1 GROUP BY 1 ORDER BY 1`,
    [sku],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.qty)]));
}

describeDb('warehouse outbound end to end', () => {
  const t = useTestApp();

  it('orders → wave → scan picks with a short pick → pack with a mis-scan refused → labelled parcels → shipped', async () => {
    const wh = await makeWarehouse(t());
    await put(t(), `/v1/locations/${wh}/layout`, { x: 0, y: 0 });
    const binA = await makeBin(t(), wh, unique('A-01'));
    const binB = await makeBin(t(), wh, unique('B-05'));
    const binC = await makeBin(t(), wh, unique('C-09'));
    await put(t(), `/v1/locations/${encodeURIComponent(binA)}/layout`, { aisle: 'A', x: 100, y: 300 });
    await put(t(), `/v1/locations/${encodeURIComponent(binB)}/layout`, { aisle: 'B', x: 400, y: 1500 });
    await put(t(), `/v1/locations/${encodeURIComponent(binC)}/layout`, { aisle: 'C', x: 700, y: 600 });
    await put(t(), `/v1/warehouses/${wh}/shipping-profile`, {
      address: {
        name: 'Coulisse Nantes',
        line1: '2 quai de la Fosse',
        city: 'Nantes',
        postalCode: '44000',
        country: 'FR',
      },
      gs1CompanyPrefix: '0614141',
    });
    await put(t(), '/v1/carton-types/E2E-M', {
      name: 'Medium',
      lengthMm: 400,
      widthMm: 300,
      heightMm: 200,
      tareGrams: 250,
    });
    await put(t(), '/v1/carriers/e2epost', {
      name: 'E2E Post',
      rateTable: {
        currency: 'EUR',
        services: [{ code: 'std', name: 'Standard', bands: [{ maxWeightGrams: 10_000, priceMinor: 650 }] }],
      },
    });
    const mug = await makeSku(t());
    const tea = await makeSku(t());
    await receive(t(), mug, binA, 4);
    await receive(t(), tea, binB, 20);
    const channel = await makeChannel(t(), [wh]);
    const o1 = await makeOrder(t(), channel, [
      { sku: mug, qty: 3 },
      { sku: tea, qty: 2 },
    ]);
    const o2 = await makeOrder(t(), channel, [{ sku: tea, qty: 5 }]);
    // Stock that arrived after allocation, in another bin: what the short pick will fall back on.
    await receive(t(), mug, binC, 6);

    const wave = await t().post('/v1/waves', { warehouse: wh, pickLists: 'wave' });
    expect(wave.status, JSON.stringify(wave.body)).toBe(201);
    expect(wave.body).toMatchObject({ orderCount: 2, pickLists: [{ kind: 'wave', status: 'open' }] });
    const listId = wave.body.pickLists[0].id;
    const list = (await t().get(`/v1/pick-lists/${listId}`)).body;
    expect(list.pathLengthCm).toBeLessThanOrEqual(list.naiveLengthCm);
    const totes = Object.fromEntries(wave.body.shipments.map((s: any) => [s.orderId, s.tote]));

    // Walk the list: every task by scan, the mug bin one unit short.
    let short: any = null;
    for (const item of list.items) {
      const found = item.sku === mug ? item.qty - 1 : item.qty;
      const r = await t().post(`/v1/pick-tasks/${item.id}/confirm`, {
        bin: item.bin,
        item: item.sku,
        qty: found,
        tote: totes[item.orderId],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (r.body.short) short = r.body.short;
    }
    expect(short).toMatchObject({
      missing: 1,
      replacements: [{ bin: binC, qty: 1 }],
      removedFromShipment: 0,
    });
    const replacement = (await t().get(`/v1/pick-lists/${listId}`)).body.items.find(
      (i: any) => i.id === short.replacements[0].taskId,
    );
    expect(
      (
        await t().post(`/v1/pick-tasks/${replacement.id}/confirm`, {
          bin: binC,
          item: mug,
          tote: totes[o1.id],
        })
      ).status,
    ).toBe(200);
    expect((await t().get(`/v1/waves/${wave.body.id}`)).body.status).toBe('picked');

    // Pack station: order 1 into one carton; a mis-scan of the other order's item is refused.
    const s1 = wave.body.shipments.find((s: any) => s.orderId === o1.id).id;
    const s2 = wave.body.shipments.find((s: any) => s.orderId === o2.id).id;
    const scan = (shipment: string, code: string, parcel = 1) =>
      t().post(`/v1/shipments/${shipment}/pack-scans`, { code, parcel, station: 'PACK-1' });
    for (let i = 0; i < 3; i++) expect((await scan(s1, mug)).status).toBe(200);
    const stranger = await makeSku(t());
    const mis = await scan(s1, stranger);
    expect(mis.status).toBe(422);
    expect(mis.body.error.code).toBe('item_not_in_shipment');
    const over = await scan(s1, mug);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('over_scan');
    for (let i = 0; i < 2; i++) expect((await scan(s1, tea, 2)).status).toBe(200);
    const packed = await t().post(`/v1/shipments/${s1}/pack`, {
      parcels: [
        { parcelNo: 1, cartonType: 'E2E-M', weightGrams: 1900 },
        { parcelNo: 2, weightGrams: 300 },
      ],
      station: 'PACK-1',
    });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    const ssccs = packed.body.parcels.map((p: any) => p.sscc as string);
    expect(ssccs).toHaveLength(2);
    expect(ssccs.every(isValidSscc)).toBe(true);
    const zpl = await t().get(`/v1/shipments/${s1}/label?format=zpl`);
    expect(zpl.status).toBe(200);
    const pdf = await t().get(`/v1/shipments/${s1}/label?format=pdf`);
    expect(pdf.raw.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const sscc of ssccs) {
      expect(String(zpl.body)).toContain(`>;>800${sscc}`);
      expect(pdf.raw.rawPayload.toString('latin1')).toContain(sscc);
    }
    const slip = await t().get(`/v1/shipments/${s1}/packing-slip`);
    expect(slip.headers['content-type']).toBe('application/pdf');

    const shipped = await t().post(`/v1/shipments/${s1}/ship`, { carrier: 'e2epost', service: 'std' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      shippingPriceMinor: 1300,
      shippingCurrency: 'EUR',
    });
    expect(shipped.body.parcels.every((p: any) => typeof p.trackingNumber === 'string')).toBe(true);
    const order1 = (await t().get(`/v1/orders/${o1.id}`)).body;
    expect(order1.status).toBe('shipped');
    const { rows: events } = await t().db.query<{ payload: any }>(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'order.shipped'`,
      [o1.id],
    );
    expect(events[0]!.payload.parcels.map((p: any) => p.sscc)).toEqual(ssccs);

    // Conservation: the 10 mugs that came from the supplier are 6 in bins, 3 at the customer and 1 written
    // off by the short pick; every unit is somewhere (the ledger sums to zero).
    const mugs = await unitsByKind(t(), mug);
    expect(mugs).toEqual({ adjustment: 1, customer: 3, stock: 6, supplier: -10 });
    expect(Object.values(mugs).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await stockOf(t(), mug, binA)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await stockOf(t(), mug, binC)).toEqual({ onHand: 5, reserved: 0, available: 5 });

    // Order 2 is voided after packing: its stock is held for the order again, nothing left the bin.
    for (let i = 0; i < 5; i++) expect((await scan(s2, tea)).status).toBe(200);
    expect(
      (await t().post(`/v1/shipments/${s2}/pack`, { parcels: [{ parcelNo: 1, weightGrams: 500 }] })).status,
    ).toBe(200);
    const voided = await t().post(`/v1/shipments/${s2}/void`, { reason: 'address problem' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await stockOf(t(), tea, binB)).toEqual({ onHand: 18, reserved: 5, available: 13 });
    const order2 = (await t().get(`/v1/orders/${o2.id}`)).body;
    expect(order2.status).toBe('allocated');
    expect(order2.lines[0]).toMatchObject({ qtyAllocated: 5, qtyInFulfilment: 0, qtyShipped: 0 });
    expect(await unitsByKind(t(), tea)).toEqual({ customer: 2, stock: 18, supplier: -20 });
  });
});
