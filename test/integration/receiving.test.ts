/** Receiving through HTTP: goods land on the dock or in quarantine by one stock move from @supplier each, a receipt records every line with its discrepancy, purchase orders are credited within their tolerance (or nothing is written), ASNs (X12 856, real samples included) are imported once and received with their shorts, QC sends units on to the dock, a bin, the supplier or scrap, and everything stays inside the caller's warehouses. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { signIn } from '../support/access.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  stockOf,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';

const SHARED_EDI = '/work/shared/data/edi/x12-004010';
const FIXTURES = join(import.meta.dirname, '../fixtures/edi');

interface Site {
  warehouse: string;
  dock: string;
  quarantine: string;
  bin: string;
  supplier: string;
}

async function makeLocation(t: TestApp, parent: string, usage: 'receiving' | 'quarantine'): Promise<string> {
  const r = await t.post('/v1/locations', {
    code: unique(usage === 'receiving' ? 'DOCK' : 'QC'),
    kind: 'bin',
    parent,
    usage,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.code as string;
}

async function makeSupplier(t: TestApp, toleranceBp = 0): Promise<string> {
  const code = unique('SUP');
  const r = await t.post('/v1/suppliers', {
    code,
    name: `Supplier ${code}`,
    currency: 'EUR',
    overReceiptToleranceBp: toleranceBp,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return code;
}

/** A warehouse with a dock, a quarantine bin and a storage bin, and a supplier. */
async function makeSite(t: TestApp, toleranceBp = 0): Promise<Site> {
  const warehouse = await makeWarehouse(t);
  return {
    warehouse,
    dock: await makeLocation(t, warehouse, 'receiving'),
    quarantine: await makeLocation(t, warehouse, 'quarantine'),
    bin: await makeBin(t, warehouse),
    supplier: await makeSupplier(t, toleranceBp),
  };
}

/** A purchase order of these lines (sku, qty), sent unless `send` is false. */
async function makePo(
  t: TestApp,
  site: Site,
  lines: { sku: string; qty: number }[],
  send = true,
): Promise<{ id: string; number: string }> {
  const r = await t.post('/v1/purchase-orders', {
    supplier: site.supplier,
    warehouse: site.warehouse,
    lines: lines.map((l) => ({ ...l, unitCostMinor: 250 })),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  if (send) expect((await t.post(`/v1/purchase-orders/${r.body.id}/send`, {})).status).toBe(200);
  return { id: r.body.id, number: r.body.number };
}

const poOf = async (t: TestApp, id: string) => {
  const r = await t.get(`/v1/purchase-orders/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

/** What a refused receipt must leave alone: the ledger, receipts, PO counters and ASNs. */
async function receivingState(t: TestApp) {
  const q = async (sql: string) => (await t.db.query(sql)).rows;
  return {
    ledger: await ledgerSnapshot(t.db),
    receipts: await q('SELECT count(*)::int AS n FROM receipts'),
    lines: await q('SELECT count(*)::int AS n FROM receipt_lines'),
    po: await q('SELECT po_id, line_no, qty_received, qty_rejected FROM purchase_order_lines ORDER BY 1, 2'),
    status: await q('SELECT po_id, status FROM purchase_orders ORDER BY 1'),
    asns: await q('SELECT asn_id, status FROM asns ORDER BY 1'),
  };
}

describeDb('receiving', () => {
  const t = useTestApp();

  it('receives part of an order with a damaged unit, QC accepts it onto the dock, and a second receipt completes the order', async () => {
    const site = await makeSite(t());
    const [a, b] = [await makeSku(t()), await makeSku(t())];
    const po = await makePo(t(), site, [
      { sku: a, qty: 10 },
      { sku: b, qty: 5 },
    ]);

    const first = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 5, damaged: 1, sscc: '006141410000010011' }],
      note: 'first truck',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      number: expect.stringMatching(/^GRN-\d{6}$/),
      purchaseOrderId: po.id,
      purchaseOrderNumber: po.number,
      purchaseOrderStatus: 'partially_received',
      warehouse: site.warehouse,
      supplier: site.supplier,
      qcStatus: 'pending',
    });
    expect(first.body.lines).toEqual([
      expect.objectContaining({
        lineNo: 1,
        poLineNo: 1,
        sku: a,
        location: site.dock,
        qty: 5,
        qtyDamaged: 1,
        discrepancy: 'damaged',
        qcStatus: 'pending',
        qcLocation: site.quarantine,
        qtyQc: 1,
        sscc: '006141410000010011',
      }),
    ]);
    expect(await stockOf(t(), a, site.dock)).toMatchObject({ onHand: 5 });
    expect(await stockOf(t(), a, site.quarantine)).toMatchObject({ onHand: 1 });
    // One move per destination, from the warehouse's supplier location, referenced by the GRN.
    const moves = await t().get(`/v1/stock/moves?sku=${encodeURIComponent(a)}`);
    expect(
      moves.body.items.map((m: any) => [m.from, m.to, m.qty, m.type, m.reason, m.reference]).sort(),
    ).toEqual(
      [
        [`${site.warehouse}/@supplier`, site.dock, 5, 'receipt', 'receipt', first.body.number],
        [`${site.warehouse}/@supplier`, site.quarantine, 1, 'receipt', 'receipt', first.body.number],
      ].sort(),
    );
    const afterFirst = await poOf(t(), po.id);
    expect(afterFirst.status).toBe('partially_received');
    expect(afterFirst.lines[0]).toMatchObject({ qtyReceived: 6, qtyRejected: 0 });

    const qc = await t().post(`/v1/receipts/${first.body.id}/qc`, {
      lines: [{ lineNo: 1, accept: 1, reject: 0 }],
    });
    expect(qc.status, JSON.stringify(qc.body)).toBe(200);
    expect(qc.body.lines[0]).toMatchObject({ qcStatus: 'accepted', qtyAccepted: 1, acceptedTo: site.dock });
    expect(qc.body.qcStatus).toBe('decided');
    expect(await stockOf(t(), a, site.dock)).toMatchObject({ onHand: 6 });
    expect(await stockOf(t(), a, site.quarantine)).toMatchObject({ onHand: 0 });
    const again = await t().post(`/v1/receipts/${first.body.id}/qc`, {
      lines: [{ lineNo: 1, accept: 1, reject: 0 }],
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('qc_not_pending');

    const second = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [
        { lineNo: 1, qty: 4 },
        { sku: b, qty: 5 },
      ],
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.purchaseOrderStatus).toBe('received');
    expect(second.body.lines.map((l: any) => [l.poLineNo, l.discrepancy, l.qcStatus])).toEqual([
      [1, 'none', 'not_required'],
      [2, 'none', 'not_required'],
    ]);
    expect((await poOf(t(), po.id)).status).toBe('received');

    const listed = await t().get(`/v1/receipts?po=${po.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: any) => r.id)).toEqual([second.body.id, first.body.id]);
    const byNumber = await t().get(`/v1/receipts?po=${encodeURIComponent(po.number)}&qcStatus=accepted`);
    expect(byNumber.body.items.map((r: any) => r.id)).toEqual([first.body.id]);
    const got = await t().get(`/v1/receipts/${first.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.lines[0].qcStatus).toBe('accepted');

    const closedAgain = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 1 }],
    });
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body.error).toMatchObject({
      code: 'purchase_order_not_open',
      details: { status: 'received' },
    });
  });

  it('refuses a receipt beyond the supplier tolerance and writes nothing; within it, records the over', async () => {
    const site = await makeSite(t(), 1000);
    const sku = await makeSku(t());
    const po = await makePo(t(), site, [{ sku, qty: 10 }]);
    const before = await receivingState(t());
    const over = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 11, damaged: 1 }],
    });
    expect(over.status, JSON.stringify(over.body)).toBe(422);
    expect(over.body.error).toMatchObject({
      code: 'over_receipt_tolerance',
      details: { lineNo: 1, maxReceivable: 11 },
    });
    expect(await receivingState(t())).toEqual(before);

    const within = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 11 }],
    });
    expect(within.status, JSON.stringify(within.body)).toBe(201);
    expect(within.body.lines[0]).toMatchObject({ qtyOver: 1, discrepancy: 'over' });
    expect(within.body.purchaseOrderStatus).toBe('received');
  });

  it('refuses receipts against draft, cancelled and closed orders with 409 and writes nothing', async () => {
    const site = await makeSite(t());
    const sku = await makeSku(t());
    const draft = await makePo(t(), site, [{ sku, qty: 5 }], false);
    const cancelled = await makePo(t(), site, [{ sku, qty: 5 }]);
    expect((await t().post(`/v1/purchase-orders/${cancelled.id}/cancel`, { reason: 'test' })).status).toBe(
      200,
    );
    const closed = await makePo(t(), site, [{ sku, qty: 5 }]);
    expect(
      (await t().post(`/v1/purchase-orders/${closed.id}/receipts`, { lines: [{ lineNo: 1, qty: 2 }] }))
        .status,
    ).toBe(201);
    const close = await t().post(`/v1/purchase-orders/${closed.id}/close`, { reason: 'rest will not come' });
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    const before = await receivingState(t());
    for (const [po, status] of [
      [draft, 'draft'],
      [cancelled, 'cancelled'],
      [closed, 'closed'],
    ] as const) {
      const r = await t().post(`/v1/purchase-orders/${po.id}/receipts`, { lines: [{ lineNo: 1, qty: 1 }] });
      expect(r.status, status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'purchase_order_not_open', details: { status } });
    }
    expect(await receivingState(t())).toEqual(before);
    const missing = await t().post('/v1/purchase-orders/po_missing/receipts', {
      lines: [{ lineNo: 1, qty: 1 }],
    });
    expect(missing.status).toBe(404);

    // The closed order's 3 missing units are a short in the discrepancy report.
    const report = await t().get(`/v1/reports/receiving-discrepancies?supplier=${site.supplier}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.items).toEqual([
      expect.objectContaining({ kind: 'short', qty: 3, sku, purchaseOrderId: closed.id, receiptId: null }),
    ]);
  });

  it('refuses an item that is not on the order, or takes it into quarantine when told to', async () => {
    const site = await makeSite(t());
    const [ordered, stranger] = [await makeSku(t()), await makeSku(t())];
    const po = await makePo(t(), site, [{ sku: ordered, qty: 5 }]);
    const before = await receivingState(t());
    const refused = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [
        { lineNo: 1, qty: 5 },
        { sku: stranger, qty: 2 },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'item_not_on_purchase_order',
      details: { sku: stranger },
    });
    expect(await receivingState(t())).toEqual(before);

    const taken = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      acceptUnexpected: true,
      lines: [{ sku: stranger, qty: 2 }],
    });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.lines[0]).toMatchObject({
      poLineNo: null,
      discrepancy: 'wrong_item',
      location: site.quarantine,
      qcStatus: 'pending',
      qtyQc: 2,
    });
    expect(taken.body.purchaseOrderStatus).toBe('sent');
    expect(await stockOf(t(), stranger, site.quarantine)).toMatchObject({ onHand: 2 });
    const badLine = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 9, qty: 1 }],
    });
    expect(badLine.body.error.code).toBe('unknown_po_line');
  });

  it('with qc, lands good units in quarantine; QC rejects some back to the supplier and sends the rest to a bin', async () => {
    const site = await makeSite(t());
    const sku = await makeSku(t());
    const po = await makePo(t(), site, [{ sku, qty: 6 }]);
    const r = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      qc: true,
      location: site.quarantine,
      lines: [{ lineNo: 1, qty: 5, damaged: 1 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.lines[0]).toMatchObject({ location: site.quarantine, qtyQc: 6, qcStatus: 'pending' });
    expect(await stockOf(t(), sku, site.quarantine)).toMatchObject({ onHand: 6 });
    const before = await receivingState(t());
    const mismatch = await t().post(`/v1/receipts/${r.body.id}/qc`, {
      lines: [{ lineNo: 1, accept: 3, reject: 2 }],
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error).toMatchObject({ code: 'qc_quantity_mismatch', details: { pending: 6 } });
    expect(await receivingState(t())).toEqual(before);

    const qc = await t().post(`/v1/receipts/${r.body.id}/qc`, {
      lines: [{ lineNo: 1, accept: 4, reject: 2, rejectTo: 'supplier', toLocation: site.bin }],
    });
    expect(qc.status, JSON.stringify(qc.body)).toBe(200);
    expect(qc.body.lines[0]).toMatchObject({
      qcStatus: 'partial',
      qtyAccepted: 4,
      qtyRejected: 2,
      rejectTo: 'supplier',
      acceptedTo: site.bin,
    });
    expect(await stockOf(t(), sku, site.bin)).toMatchObject({ onHand: 4, available: 4 });
    expect(await stockOf(t(), sku, site.quarantine)).toMatchObject({ onHand: 0 });
    const returned = await t().get(`/v1/stock/moves?sku=${encodeURIComponent(sku)}`);
    expect(
      returned.body.items.filter((m: any) => m.reason === 'rejected').map((m: any) => [m.from, m.to, m.qty]),
    ).toEqual([[site.quarantine, `${site.warehouse}/@supplier`, 2]]);
    expect((await poOf(t(), po.id)).lines[0]).toMatchObject({ qtyReceived: 6, qtyRejected: 2 });

    // A receipt with a scrapped rejection.
    const po2 = await makePo(t(), site, [{ sku, qty: 2 }]);
    const r2 = await t().post(`/v1/purchase-orders/${po2.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 0, damaged: 2 }],
    });
    expect(r2.status, JSON.stringify(r2.body)).toBe(201);
    const scrap = await t().post(`/v1/receipts/${r2.body.id}/qc`, {
      lines: [{ lineNo: 1, accept: 0, reject: 2, rejectTo: 'scrap' }],
    });
    expect(scrap.status, JSON.stringify(scrap.body)).toBe(200);
    const scrapMoves = await t().get(`/v1/stock/moves?sku=${encodeURIComponent(sku)}`);
    expect(
      scrapMoves.body.items
        .filter((m: any) => m.type === 'scrap')
        .map((m: any) => [m.from, m.to, m.qty, m.reason]),
    ).toEqual([[site.quarantine, `${site.warehouse}/@scrap`, 2, 'rejected']]);
    expect((await poOf(t(), po2.id)).lines[0]).toMatchObject({ qtyReceived: 2, qtyRejected: 2 });
  });

  it('takes a blind receipt onto the dock, and needs a dock or quarantine to exist', async () => {
    const site = await makeSite(t());
    const sku = await makeSku(t());
    const r = await t().post('/v1/receipts', {
      warehouse: site.warehouse,
      supplier: site.supplier,
      lines: [{ sku, qty: 3, damaged: 1 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      purchaseOrderId: null,
      purchaseOrderStatus: null,
      supplier: site.supplier,
    });
    expect(r.body.lines[0]).toMatchObject({
      location: site.dock,
      qty: 3,
      qtyDamaged: 1,
      discrepancy: 'damaged',
    });
    expect(await stockOf(t(), sku, site.dock)).toMatchObject({ onHand: 3 });

    const bare = await makeWarehouse(t());
    const before = await receivingState(t());
    const noDock = await t().post('/v1/receipts', { warehouse: bare, lines: [{ sku, qty: 1 }] });
    expect(noDock.status).toBe(422);
    expect(noDock.body.error.code).toBe('receiving_location_required');
    expect(await receivingState(t())).toEqual(before);
    await makeLocation(t(), bare, 'receiving');
    const afterDock = await receivingState(t());
    const noQuarantine = await t().post('/v1/receipts', {
      warehouse: bare,
      lines: [{ sku, qty: 1, damaged: 1 }],
    });
    expect(noQuarantine.body.error.code).toBe('quarantine_location_required');
    const storage = await t().post('/v1/receipts', {
      warehouse: site.warehouse,
      location: site.bin,
      lines: [{ sku, qty: 1 }],
    });
    expect(storage.status).toBe(422);
    expect(storage.body.error).toMatchObject({
      code: 'not_a_receiving_location',
      details: { usage: 'storage' },
    });
    expect(await receivingState(t())).toEqual(afterDock);
  });

  it('imports a synthetic 856 once, and receives it with a short line against its order', async () => {
    const site = await makeSite(t());
    const [a, b] = [await makeSku(t()), await makeSku(t())];
    for (const [sku, vendor] of [
      [a, 'VENDOR-A'],
      [b, 'VENDOR-B'],
    ])
      expect(
        (
          await t().call('PUT', `/v1/suppliers/${site.supplier}/skus/${sku}`, {
            supplierSku: vendor,
            costMinor: 100,
          })
        ).status,
      ).toBe(200);
    const po = await makePo(t(), site, [
      { sku: a, qty: 14 },
      { sku: b, qty: 6 },
    ]);
    const edi = readFileSync(join(FIXTURES, '856-synthetic.edi'), 'utf8').replace('PO-SYNTHETIC', po.number);
    const imported = await t().post('/v1/asns/imports', edi, { 'content-type': 'application/edi-x12' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({
      reference: 'SYN-ASN-0001',
      supplier: site.supplier,
      shippedAt: '2026-11-20T08:00:00.000Z',
      status: 'open',
      created: true,
      warnings: [],
    });
    expect(imported.body.lines.map((l: any) => [l.poLineNo, l.sku, l.qty, l.sscc])).toEqual([
      [1, a, 10, '006141410000010011'],
      [2, b, 6, '006141410000010028'],
      [1, a, 4, '006141410000010028'],
    ]);
    const replay = await t().post('/v1/asns/imports', edi, { 'content-type': 'text/plain' });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: imported.body.id, created: false });
    const changed = await t().post('/v1/asns/imports', edi.replace('SN1**6*EA', 'SN1**5*EA'), {
      'content-type': 'text/plain',
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('asn_reference_conflict');

    const received = await t().post(`/v1/asns/${imported.body.id}/receive`, {
      lines: [{ lineNo: 2, qty: 4, damaged: 1 }],
    });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    expect(received.body.asn).toMatchObject({ status: 'received', receipts: [received.body.receipts[0].id] });
    expect(received.body.asn.lines.map((l: any) => l.qtyReceived)).toEqual([10, 5, 4]);
    const [receipt] = received.body.receipts;
    expect(receipt).toMatchObject({ asnId: imported.body.id, purchaseOrderStatus: 'partially_received' });
    expect(
      receipt.lines.map((l: any) => [
        l.asnLineNo,
        l.poLineNo,
        l.qty,
        l.qtyDamaged,
        l.qtyExpected,
        l.qtyShort,
        l.discrepancy,
      ]),
    ).toEqual([
      [1, 1, 10, 0, 10, 0, 'none'],
      [2, 2, 4, 1, 6, 1, 'damaged'],
      [3, 1, 4, 0, 4, 0, 'none'],
    ]);
    const again = await t().post(`/v1/asns/${imported.body.id}/receive`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('asn_not_open');
    const asn = await t().get(`/v1/asns/${imported.body.id}`);
    expect(asn.status).toBe(200);

    const report = await t().get(`/v1/reports/receiving-discrepancies?warehouse=${site.warehouse}`);
    expect(report.body.totals).toEqual({ short: 1, over: 0, damaged: 1, wrong_item: 0 });

    const broken = await t().post('/v1/asns/imports', edi.replace('SN1**10*EA', 'SN1**ten*EA'), {
      'content-type': 'text/plain',
    });
    expect(broken.status).toBe(422);
    expect(broken.body.error).toMatchObject({ code: 'invalid_edi', details: { segment: 'SN1' } });
    const unknownPo = await t().post(
      '/v1/asns/imports',
      edi.replace(po.number, 'PO-NOPE').replace('SYN-ASN-0001', 'SYN-2'),
      {
        'content-type': 'text/plain',
      },
    );
    expect(unknownPo.body.error.code).toBe('unknown_purchase_order');
  });

  it.runIf(existsSync(join(SHARED_EDI, 'edi-engine/856.Crossdock.OK.edi')))(
    'imports and receives the EdiEngine cross-dock 856 (invalid SSCC check digits are warnings)',
    async () => {
      const site = await makeSite(t());
      // Items by GTIN where the sample's is valid, by SKU code where its check digit is wrong.
      const g642 = await makeSku(t(), { gtin: '0000000000642' });
      const c831 = await makeSku(t(), { code: '0000000000831' });
      const c283 = await makeSku(t(), { code: '0000000000283' });
      const c203 = await makeSku(t(), { code: '0000000000203' });
      const po0 = await makePo(
        t(),
        site,
        [g642, c831, c283, c203].map((sku) => ({ sku, qty: 12 })),
      );
      const po1 = await makePo(t(), site, [{ sku: g642, qty: 12 }]);
      // The sample names its orders by the buyer's references (PRF01), as an imported 850 would have set them.
      await t().db.query("UPDATE purchase_orders SET external_ref = 'POREF00' WHERE po_id = $1", [po0.id]);
      await t().db.query("UPDATE purchase_orders SET external_ref = 'POREF01' WHERE po_id = $1", [po1.id]);
      const edi = readFileSync(join(SHARED_EDI, 'edi-engine/856.Crossdock.OK.edi'), 'utf8');
      const imported = await t().post('/v1/asns/imports', edi, { 'content-type': 'text/plain' });
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      expect(imported.body).toMatchObject({ reference: '000009', shippedAt: '2009-09-21T00:00:00.000Z' });
      expect(imported.body.lines).toHaveLength(5);
      expect(imported.body.warnings.map((w: any) => w.code)).toEqual(Array(5).fill('invalid_sscc'));
      const received = await t().post(`/v1/asns/${imported.body.id}/receive`, {});
      expect(received.status, JSON.stringify(received.body)).toBe(201);
      expect(received.body.receipts.map((r: any) => r.purchaseOrderStatus)).toEqual(['received', 'received']);
      expect(await stockOf(t(), g642, site.dock)).toMatchObject({ onHand: 24 });
    },
  );

  it.runIf(existsSync(join(SHARED_EDI, 'edifabric/ShipNotice.edi')))(
    'imports the EdiFabric ship notice (BOM, bad GE count, unreadable date) and receives it short',
    async () => {
      const site = await makeSite(t());
      const u183 = await makeSku(t(), { gtin: '008815509183' });
      const u321 = await makeSku(t(), { gtin: '008815547321' });
      const first = await makePo(t(), site, [
        { sku: u183, qty: 4 },
        { sku: u321, qty: 9 },
      ]);
      const second = await makePo(t(), site, [
        { sku: u183, qty: 4 },
        { sku: u321, qty: 9 },
      ]);
      await t().db.query("UPDATE purchase_orders SET external_ref = '9988776655' WHERE po_id = $1", [
        first.id,
      ]);
      await t().db.query("UPDATE purchase_orders SET external_ref = '2288115555' WHERE po_id = $1", [
        second.id,
      ]);
      const edi = readFileSync(join(SHARED_EDI, 'edifabric/ShipNotice.edi'), 'utf8');
      const imported = await t().post('/v1/asns/imports', { edi });
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      expect(imported.body).toMatchObject({ reference: '01140824', shippedAt: null });
      expect(new Set(imported.body.warnings.map((w: any) => w.code))).toEqual(
        new Set(['envelope_count_mismatch', 'invalid_ship_date', 'invalid_sscc']),
      );
      const received = await t().post(`/v1/asns/${imported.body.id}/receive`, {
        lines: [{ lineNo: 2, qty: 7 }],
      });
      expect(received.status, JSON.stringify(received.body)).toBe(201);
      const byPo = Object.fromEntries(received.body.receipts.map((r: any) => [r.purchaseOrderId, r]));
      expect(byPo[first.id].purchaseOrderStatus).toBe('partially_received');
      expect(byPo[first.id].lines[1]).toMatchObject({
        qty: 7,
        qtyExpected: 9,
        qtyShort: 2,
        discrepancy: 'short',
      });
      expect(byPo[second.id].purchaseOrderStatus).toBe('received');
    },
  );

  it('keeps receipts, ASNs and orders inside the caller’s warehouses', async () => {
    const site = await makeSite(t());
    const elsewhere = await makeSite(t());
    const sku = await makeSku(t());
    const po = await makePo(t(), site, [{ sku, qty: 5 }]);
    const receipt = await t().post(`/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 2 }],
    });
    expect(receipt.status).toBe(201);
    const operator = await signIn(t(), 'warehouse_operator', [elsewhere.warehouse]);
    const before = await receivingState(t());
    const r = await operator.call('POST', `/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 1, qty: 1 }],
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('purchase_order_not_found');
    const qc = await operator.call('POST', `/v1/receipts/${receipt.body.id}/qc`, {
      lines: [{ lineNo: 1, accept: 1, reject: 0 }],
    });
    expect(qc.status).toBe(404);
    expect((await operator.call('GET', `/v1/receipts/${receipt.body.id}`)).status).toBe(404);
    const blind = await operator.call('POST', '/v1/receipts', {
      warehouse: site.warehouse,
      lines: [{ sku, qty: 1 }],
    });
    expect(blind.body.error.code).toBe('unknown_warehouse');
    const foreignDock = await operator.call('POST', '/v1/receipts', {
      warehouse: elsewhere.warehouse,
      location: site.dock,
      lines: [{ sku, qty: 1 }],
    });
    expect(foreignDock.body.error.code).toBe('unknown_location');
    expect(await receivingState(t())).toEqual(before);
    const mine = await operator.call('POST', '/v1/receipts', {
      warehouse: elsewhere.warehouse,
      lines: [{ sku, qty: 1 }],
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const reader = await signIn(t(), 'read_only', [elsewhere.warehouse]);
    const list = await reader.call('GET', '/v1/receipts');
    expect(list.body.items.map((x: any) => x.id)).toEqual([mine.body.id]);
  });
});
