/**
 * Suppliers and purchase orders through HTTP: supplier terms (pack sizes, minimum order, default costs),
 * drafts and their guarded transitions (send, cancel, close, version compare-and-set), the receipt hooks
 * the receiving module calls (tolerance, rejection), quantities on order, the PDF, and X12 850 import
 * (idempotent, all or nothing, errors naming the segment) and export (round trip). Warehouse scope hides
 * other warehouses' orders. The harness checks the ledger after every test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lockPurchaseOrder, recordPoReceipt, recordPoRejection } from '../../src/modules/purchasing/index.js';
import { makeKey } from '../support/access.js';
import { describeDb, makeSku, makeWarehouse, type TestApp, unique, useTestApp } from '../support/harness.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/edi', name), 'utf8');

async function makeSupplier(t: TestApp, overrides: Record<string, unknown> = {}) {
  const code = (overrides.code as string | undefined) ?? unique('SUP');
  const r = await t.post('/v1/suppliers', { name: `Supplier ${code}`, currency: 'EUR', ...overrides, code });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return code;
}

async function setup(t: TestApp, supplierOverrides: Record<string, unknown> = {}) {
  const supplier = await makeSupplier(t, supplierOverrides);
  const warehouse = await makeWarehouse(t);
  const a = await makeSku(t);
  const b = await makeSku(t);
  const terms = await t.call('PUT', `/v1/suppliers/${supplier}/skus/${a}`, {
    supplierSku: `V-${a}`,
    costMinor: 250,
    packSize: 6,
  });
  expect(terms.status, JSON.stringify(terms.body)).toBe(200);
  return { supplier, warehouse, a, b };
}

const poCount = async (t: TestApp) =>
  Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM purchase_orders')).rows[0]!.n);

describeDb('purchase orders', () => {
  const t = useTestApp();

  it('creates a draft with default costs, sends, receives within tolerance, closes', async () => {
    const f = await setup(t(), { overReceiptToleranceBp: 1000 });
    const made = await t().post('/v1/purchase-orders', {
      supplier: f.supplier,
      warehouse: f.warehouse,
      expectedAt: '2030-01-15',
      lines: [
        { sku: f.a, qty: 12 },
        { sku: f.b, qty: 5, unitCostMinor: 1000, supplierSku: 'BEE' },
      ],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const po = made.body;
    expect(po).toMatchObject({
      number: expect.stringMatching(/^PO-\d{6}$/),
      status: 'draft',
      currency: 'EUR',
      expectedAt: '2030-01-15',
      lines: [
        {
          lineNo: 1,
          sku: f.a,
          supplierSku: `V-${f.a}`,
          qtyOrdered: 12,
          unitCostMinor: 250,
          qtyOpen: 12,
          lineTotalMinor: 3000,
        },
        { lineNo: 2, sku: f.b, supplierSku: 'BEE', qtyOrdered: 5, unitCostMinor: 1000, lineTotalMinor: 5000 },
      ],
      totals: { qtyOrdered: 17, orderedMinor: 8000, openMinor: 8000 },
    });
    expect((await t().get(`/v1/purchase-orders/incoming?sku=${f.a}`)).body.items).toEqual([]);

    const sent = await t().post(`/v1/purchase-orders/${po.id}/send`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    expect((await t().post(`/v1/purchase-orders/${po.id}/send`, {})).body.error.code).toBe(
      'purchase_order_not_sendable',
    );
    expect((await t().post(`/v1/purchase-orders/${po.id}/close`, {})).body.error.code).toBe(
      'purchase_order_not_closable',
    );

    const incoming = await t().get(`/v1/purchase-orders/incoming?warehouse=${f.warehouse}`);
    expect(incoming.body.items).toEqual(
      [
        { sku: f.a, warehouse: f.warehouse, qtyOnOrder: 12, nextExpectedAt: '2030-01-15', purchaseOrders: 1 },
        { sku: f.b, warehouse: f.warehouse, qtyOnOrder: 5, nextExpectedAt: '2030-01-15', purchaseOrders: 1 },
      ].sort((x, y) => x.sku.localeCompare(y.sku)),
    );

    // What receiving does in its transaction: 10 % tolerance on 12 is 1 more unit.
    const ctx = { ...t().app.coulisseConfig, warehouseScope: null } as never;
    await t().db.transaction(async (tx) => {
      await lockPurchaseOrder(tx, ctx, po.id);
      expect(
        await recordPoReceipt(tx, { poId: po.id, lines: [{ lineNo: 1, qtyReceived: 13, qtyRejected: 1 }] }),
      ).toBe('partially_received');
    });
    await expect(
      t().db.transaction((tx) =>
        recordPoReceipt(tx, { poId: po.id, lines: [{ lineNo: 1, qtyReceived: 1, qtyRejected: 0 }] }),
      ),
    ).rejects.toMatchObject({
      code: 'over_receipt_tolerance',
      details: { qtyOrdered: 12, qtyReceived: 13, maxReceivable: 13 },
    });
    await expect(
      t().db.transaction((tx) => recordPoRejection(tx, { poId: po.id, lines: [{ lineNo: 1, qty: 13 }] })),
    ).rejects.toMatchObject({ code: 'rejection_exceeds_received' });
    await t().db.transaction((tx) => recordPoRejection(tx, { poId: po.id, lines: [{ lineNo: 1, qty: 2 }] }));

    const got = await t().get(`/v1/purchase-orders/${po.id}`);
    expect(got.body).toMatchObject({
      status: 'partially_received',
      lines: [
        { qtyReceived: 13, qtyRejected: 3, qtyOpen: 0 },
        { qtyReceived: 0, qtyOpen: 5 },
      ],
      totals: { qtyOpen: 5, receivedMinor: 3250, openMinor: 5000 },
    });
    expect((await t().get(`/v1/purchase-orders/incoming?sku=${f.a}`)).body.items).toEqual([]);
    expect((await t().post(`/v1/purchase-orders/${po.id}/cancel`, {})).body.error.code).toBe(
      'purchase_order_not_cancellable',
    );
    const closed = await t().post(`/v1/purchase-orders/${po.id}/close`, { reason: 'rest not coming' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect((await t().get(`/v1/purchase-orders/incoming?sku=${f.b}`)).body.items).toEqual([]);
  });

  it('refuses quantities that are not whole packs, with the nearest multiples, and writes nothing', async () => {
    const f = await setup(t());
    const before = await poCount(t());
    const r = await t().post('/v1/purchase-orders', {
      supplier: f.supplier,
      warehouse: f.warehouse,
      lines: [{ sku: f.a, qty: 10 }],
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'not_pack_multiple',
      details: { sku: f.a, qty: 10, packSize: 6, lower: 6, higher: 12 },
    });
    const noCost = await t().post('/v1/purchase-orders', {
      supplier: f.supplier,
      warehouse: f.warehouse,
      lines: [{ sku: f.b, qty: 1 }],
    });
    expect(noCost.body.error.code).toBe('no_unit_cost');
    for (const [body, code] of [
      [{ supplier: 'NOPE', warehouse: f.warehouse, lines: [{ sku: f.a, qty: 6 }] }, 'unknown_supplier'],
      [{ supplier: f.supplier, warehouse: 'NOPE', lines: [{ sku: f.a, qty: 6 }] }, 'unknown_warehouse'],
      [{ supplier: f.supplier, warehouse: f.warehouse, lines: [{ sku: 'NOPE', qty: 6 }] }, 'unknown_sku'],
      [{ supplier: f.supplier, warehouse: f.warehouse, lines: [{ sku: f.a, qty: 0 }] }, 'invalid_quantity'],
      [
        { supplier: f.supplier, warehouse: `${f.warehouse}/@supplier`, lines: [{ sku: f.a, qty: 6 }] },
        'unknown_warehouse',
      ],
    ] as const) {
      const bad = await t().post('/v1/purchase-orders', body);
      expect(bad.status, JSON.stringify(bad.body)).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
      expect(bad.body.error.code).toBe(code);
    }
    expect(await poCount(t())).toBe(before);
  });

  it('edits a draft only with the current version; cancels a draft; archived suppliers take no orders', async () => {
    const f = await setup(t());
    const po = (
      await t().post('/v1/purchase-orders', {
        supplier: f.supplier,
        warehouse: f.warehouse,
        lines: [{ sku: f.a, qty: 6 }],
      })
    ).body;
    const edited = await t().call('PATCH', `/v1/purchase-orders/${po.id}`, {
      version: po.version,
      expectedAt: '2031-02-03',
      lines: [{ sku: f.a, qty: 18, unitCostMinor: 200 }],
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({
      version: po.version + 1,
      expectedAt: '2031-02-03',
      lines: [{ qtyOrdered: 18, unitCostMinor: 200 }],
    });
    const stale = await t().call('PATCH', `/v1/purchase-orders/${po.id}`, {
      version: po.version,
      notes: 'x',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', details: { expected: po.version } });
    const cancelled = await t().post(`/v1/purchase-orders/${po.id}/cancel`, { reason: 'not needed' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    const late = await t().call('PATCH', `/v1/purchase-orders/${po.id}`, { version: cancelled.body.version });
    expect(late.body.error.code).toBe('purchase_order_not_draft');

    const archived = await t().call('PATCH', `/v1/suppliers/${f.supplier}`, { isArchived: true });
    expect(archived.body).toMatchObject({ isArchived: true, version: 2 });
    const refused = await t().post('/v1/purchase-orders', {
      supplier: f.supplier,
      warehouse: f.warehouse,
      lines: [{ sku: f.a, qty: 6 }],
    });
    expect(refused.body.error.code).toBe('supplier_archived');
    expect((await t().get(`/v1/suppliers?q=${f.supplier}`)).body.items).toEqual([]);
    expect((await t().get(`/v1/suppliers?q=${f.supplier}&includeArchived=true`)).body.items).toHaveLength(1);
  });

  it('suppliers: codes unique ignoring case, bad input a 4xx, terms listed', async () => {
    const code = await makeSupplier(t());
    const dup = await t().post('/v1/suppliers', { code: code.toLowerCase(), name: 'Dup', currency: 'EUR' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('supplier_code_taken');
    expect(
      (await t().post('/v1/suppliers', { code: 'X1', name: 'X', currency: 'ZZZ' })).body.error.code,
    ).toBe('unknown_currency');
    expect(
      (await t().post('/v1/suppliers', { code: 'X2', name: 'X', currency: 'EUR', leadTimeDays: -1 })).status,
    ).toBe(400);
    expect((await t().get('/v1/suppliers/NOPE')).status).toBe(404);
    const sku = await makeSku(t());
    await t().call('PUT', `/v1/suppliers/${code}/skus/${sku}`, {
      costMinor: 99,
      packSize: 4,
      minOrderQty: 8,
    });
    const skus = await t().get(`/v1/suppliers/${code}/skus`);
    expect(skus.body.items).toEqual([
      expect.objectContaining({
        sku,
        costMinor: 99,
        currency: 'EUR',
        packSize: 4,
        minOrderQty: 8,
        supplierSku: null,
      }),
    ]);
  });

  it('imports an X12 850 as a draft, idempotently; exports it back as an 850 that reads the same', async () => {
    const supplier = await makeSupplier(t(), { code: unique('SYNSUP') });
    const warehouse = await makeWarehouse(t());
    const red = await makeSku(t());
    const blue = await makeSku(t());
    await t().call('PUT', `/v1/suppliers/${supplier}/skus/${red}`, {
      supplierSku: 'SYN-RED',
      costMinor: 250,
    });
    await t().call('PUT', `/v1/suppliers/${supplier}/skus/${blue}`, { costMinor: 250, packSize: 12 });
    const edi = fixture('850-synthetic.edi').replace('SYN-BLUE', blue);
    const url = `/v1/purchase-orders/imports?warehouse=${warehouse}&supplier=${supplier}`;
    const r = await t().post(url, edi, { 'content-type': 'application/edi-x12' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.warnings).toEqual([]);
    const po = r.body.items[0].purchaseOrder;
    expect(r.body.items[0].created).toBe(true);
    expect(po).toMatchObject({
      status: 'draft',
      externalRef: 'SYN-1001',
      supplier,
      warehouse,
      expectedAt: '2026-12-15',
      lines: [
        { sku: red, qtyOrdered: 12, unitCostMinor: 250, supplierSku: 'SYN-RED' },
        { sku: blue, qtyOrdered: 24, unitCostMinor: 250 },
      ],
      totals: { orderedMinor: 9000 },
    });
    const again = await t().post(url, { edi });
    expect(again.status).toBe(200);
    expect(again.body.items[0]).toMatchObject({ created: false, purchaseOrder: { id: po.id } });

    const exported = await t().get(`/v1/purchase-orders/${po.id}/edi`);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('application/edi-x12');
    const text = exported.raw.body;
    expect(text).toMatch(/^ISA\*00\*/);
    expect(text).toContain(`BEG*00*SA*${po.number}`);
    // Imported back for the same supplier it is a new order (BEG03 is our number), with the same lines.
    const back = await t().post(`/v1/purchase-orders/imports?warehouse=${warehouse}`, text, {
      'content-type': 'text/plain',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.items[0].purchaseOrder).toMatchObject({
      externalRef: po.number,
      supplier,
      expectedAt: po.expectedAt,
      lines: po.lines.map((l: any) => ({
        sku: l.sku,
        qtyOrdered: l.qtyOrdered,
        unitCostMinor: l.unitCostMinor,
      })),
      totals: { orderedMinor: 9000 },
    });
  });

  it('refuses bad EDI naming the segment, and writes nothing', async () => {
    const supplier = await makeSupplier(t());
    const warehouse = await makeWarehouse(t());
    const before = await poCount(t());
    const url = `/v1/purchase-orders/imports?warehouse=${warehouse}&supplier=${supplier}`;
    const se = await t().post(url, fixture('850-bad-se-count.edi'), { 'content-type': 'text/plain' });
    expect(se.status).toBe(422);
    expect(se.body.error).toMatchObject({
      code: 'invalid_edi',
      details: { segment: 'SE', position: 12, element: 1 },
    });
    const unit = await t().post(url, fixture('850-bad-unit.edi'), { 'content-type': 'text/plain' });
    expect(unit.status).toBe(422);
    expect(unit.body.error.code).toMatch(/^(invalid_edi|edi_unknown_product)$/);
    expect((await t().post(url, 'not edi', { 'content-type': 'text/plain' })).body.error.code).toBe(
      'invalid_edi',
    );
    expect((await t().post(url, {})).body.error.code).toBe('invalid_edi');
    const product = await t().post(url, fixture('850-synthetic.edi'), { 'content-type': 'text/plain' });
    expect(product.body.error.code).toBe('edi_unknown_product');
    expect(await poCount(t())).toBe(before);
  });

  it('serves the PDF, and hides other warehouses’ orders behind 404s', async () => {
    const f = await setup(t());
    const po = (
      await t().post('/v1/purchase-orders', {
        supplier: f.supplier,
        warehouse: f.warehouse,
        lines: [{ sku: f.a, qty: 6 }],
      })
    ).body;
    const pdf = await t().get(`/v1/purchase-orders/${po.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const other = await makeWarehouse(t());
    const scoped = await makeKey(t(), ['purchasing.read', 'purchasing.write'], [other]);
    for (const path of ['', '/pdf', '/edi']) {
      const r = await scoped.call('GET', `/v1/purchase-orders/${po.id}${path}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('purchase_order_not_found');
    }
    expect((await scoped.call('POST', `/v1/purchase-orders/${po.id}/send`, {})).status).toBe(404);
    expect((await scoped.call('GET', `/v1/purchase-orders?supplier=${f.supplier}`)).body.items).toEqual([]);
    expect(
      (await t().get(`/v1/purchase-orders?supplier=${f.supplier}&status=draft`)).body.items,
    ).toHaveLength(1);
    expect((await t().get(`/v1/purchase-orders?sku=${f.a}&limit=1`)).body.items[0].id).toBe(po.id);
  });
});
