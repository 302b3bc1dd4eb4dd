// Proves more inbound and warehouse screens end to end in a real browser against the demo shop: the owner
// ships the demo's requested Lyon → Paris transfer order and receives it with one unit damaged and one
// closed short (the page and the database agree on received, damaged and lost); receives the demo's
// authorised return and grades its units (restock into a storage bin), the return closing with the last
// grade and showing its refund, the order counting the unit returned; releases a small Paris wave and cancels it with a reason (its shipments
// voided, its orders back to their status before the wave); and reads the purchase orders in French.
// With SCREENSHOTS=1 it saves docs/screenshots/inbound-more-*.png.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'transfer orders, returns, wave cancel and French inbound in Chromium [pglite, demo shop]'
  : `transfer orders, returns, wave cancel and French inbound in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

/** The text of each cell of a table row, trimmed. */
const cells = (row: Locator) =>
  row.locator('td').evaluateAll((tds) => tds.map((td) => td.textContent!.trim()));

suite(title, () => {
  let demo: DemoServer;
  let owner: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];

  const get = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(`${demo.base}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };

  /** Resolves on the first 200 answer to a POST whose path ends with `suffix`. */
  const answered = (suffix: string) =>
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix) && r.ok(),
    );

  beforeAll(async () => {
    demo = await startDemo();
    owner = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    owner.setDefaultTimeout(10_000);
    page = await owner.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Refusals answer 409/422 on purpose; the browser logs those responses as errors.
      if (m.type() === 'error' && !/status of (401|404|409|422)/.test(m.text()))
        pageProblems.push(`console: ${m.text()}`);
    });
    await signIn(page, demo.base, DEMO_OWNER_EMAIL);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('ships the requested Lyon → Paris transfer and receives it with one damaged and one lost', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Inbound', exact: true }).click();
    await page.getByRole('link', { name: 'Transfer orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Transfer orders', level: 1 }).waitFor();
    const listRow = page.locator('tbody tr').filter({ hasText: 'LYO → PAR' }).first();
    await listRow.waitFor();
    await shot(page, 'inbound-more-transfers', { fullPage: true });
    await listRow.getByRole('link').click();
    await page.waitForURL('**/inbound/transfers/*');
    const transferId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const status = page.getByTestId('transfer-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('requested');

    const lineRows = page.locator('tbody tr');
    await lineRows.first().waitFor();
    const skus = (
      await lineRows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent!))
    ).map((s) => s.trim());
    expect(skus.length).toBe(2);
    const [damagedSku, shortSku] = skus as [string, string];

    const shipped = answered('/ship');
    await page.getByRole('button', { name: 'Ship', exact: true }).click();
    await shipped;
    await expect.poll(() => status.getAttribute('data-status')).toBe('shipped');
    const row = (sku: string) => lineRows.filter({ has: page.locator('td', { hasText: sku }) });
    // SKU, requested, shipped, received, damaged, lost, in transit.
    await expect.poll(() => cells(row(damagedSku))).toEqual([damagedSku, '2', '2', '0', '0', '0', '2']);
    await expect.poll(() => cells(row(shortSku))).toEqual([shortSku, '2', '2', '0', '0', '0', '2']);

    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const fields = (sku: string) => dialog.locator('.in-two').filter({ hasText: sku });
    expect(await fields(damagedSku).getByLabel(`${damagedSku}: arrived (up to 2)`).inputValue()).toBe('2');
    await fields(damagedSku).getByLabel('Of which damaged').fill('1');
    await fields(shortSku).getByLabel(`${shortSku}: arrived (up to 2)`).fill('1');
    await dialog.getByLabel('Close short: what has not arrived is written off as lost').check();
    await shot(page, 'inbound-more-transfer-receive');
    const received = answered('/receive');
    await dialog.getByRole('button', { name: 'Receive', exact: true }).click();
    await received;
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => status.getAttribute('data-status')).toBe('received');
    expect(await status.textContent()).toBe('Received');
    await expect.poll(() => cells(row(damagedSku))).toEqual([damagedSku, '2', '2', '2', '1', '0', '0']);
    await expect.poll(() => cells(row(shortSku))).toEqual([shortSku, '2', '2', '1', '0', '1', '0']);
    await shot(page, 'inbound-more-transfer-received', { fullPage: true });

    const { rows: order } = await demo.db.query<{ status: string }>(
      'SELECT status FROM transfer_orders WHERE transfer_order_id = $1',
      [transferId],
    );
    expect(order[0]?.status).toBe('received');
    const { rows: lines } = await demo.db.query<{
      sku: string;
      shipped: number;
      received: number;
      damaged: number;
      lost: number;
      moved: number;
      arrived: number;
      written_off: number;
      in_transit: number;
    }>(
      `SELECT s.code AS sku, l.qty_shipped::int AS shipped, l.qty_received::int AS received,
              l.qty_damaged::int AS damaged, l.qty_lost::int AS lost,
              coalesce(sum(st.qty), 0)::int AS moved, coalesce(sum(st.received_qty), 0)::int AS arrived,
              coalesce(sum(st.lost_qty), 0)::int AS written_off,
              count(*) FILTER (WHERE st.status <> 'received')::int AS in_transit
         FROM transfer_order_lines l JOIN skus s ON s.sku_id = l.sku_id
         LEFT JOIN transfer_order_picks p ON p.transfer_order_id = l.transfer_order_id AND p.line_no = l.line_no
         LEFT JOIN stock_transfers st ON st.transfer_id = p.stock_transfer_id
        WHERE l.transfer_order_id = $1 GROUP BY s.code, l.line_no, l.qty_shipped, l.qty_received,
              l.qty_damaged, l.qty_lost`,
      [transferId],
    );
    const bySku = Object.fromEntries(lines.map((l) => [l.sku, l]));
    expect(bySku[damagedSku]).toEqual({
      sku: damagedSku,
      shipped: 2,
      received: 2,
      damaged: 1,
      lost: 0,
      moved: 2,
      arrived: 2,
      written_off: 0,
      in_transit: 0,
    });
    expect(bySku[shortSku]).toEqual({
      sku: shortSku,
      shipped: 2,
      received: 1,
      damaged: 0,
      lost: 1,
      moved: 2,
      arrived: 1,
      written_off: 1,
      in_transit: 0,
    });
  });

  it('receives the authorised return and grades its units: it closes, shows the refund, the order counts it', async () => {
    await page.getByRole('link', { name: 'Returns', exact: true }).click();
    await page.getByRole('heading', { name: 'Returns', level: 1 }).waitFor();
    const listRow = page.locator('tbody tr').filter({ hasText: 'Authorised' }).first();
    await listRow.waitFor();
    await listRow.getByRole('link').first().click();
    await page.waitForURL('**/inbound/returns/*');
    const returnId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const status = page.getByTestId('return-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('authorised');
    const ret = await get<{
      orderId: string;
      warehouse: string;
      lines: { lineNo: number; sku: string; qtyAuthorised: number }[];
    }>(`/v1/returns/${encodeURIComponent(returnId)}`);
    // The demo ships from Paris, and returns come back to the warehouse the order shipped from.
    expect(ret.warehouse).toBe('PAR');
    const units = ret.lines.reduce((n, l) => n + l.qtyAuthorised, 0);
    const { lineNo, sku } = ret.lines[0]!;
    const returnedBefore = await returnedOn(ret.orderId, lineNo);

    const received = answered('/receive');
    await page.getByTestId('return-receive').click();
    await received;
    await expect.poll(() => status.getAttribute('data-status')).toBe('received');
    const inspect = page.getByTestId('return-inspect');
    await inspect.waitFor();

    // The first unit goes back to a Paris storage bin, typed as on its label (no
    // warehouse prefix); with more than one unit, the second is scrapped (the rest restocked too).
    const { rows: bins } = await demo.db.query<{ code: string }>(
      `SELECT code FROM locations WHERE kind = 'bin' AND usage = 'storage' AND NOT is_archived
          AND code LIKE $1 || '/%' ORDER BY code LIMIT 1`,
      [ret.warehouse],
    );
    const bin = bins[0]!.code;
    const grades = inspect.locator('select');
    expect(await grades.count()).toBe(units);
    for (let n = 1; n <= units; n++) {
      const unitSku =
        units === 1
          ? sku
          : (await inspect
              .locator('.in-unit .mono')
              .nth(n - 1)
              .textContent())!.split(' #')[0]!;
      if (n === 2) {
        await inspect.getByLabel(`Grade of ${unitSku} unit ${n}`).selectOption('scrap');
        continue;
      }
      expect(await inspect.getByLabel(`Grade of ${unitSku} unit ${n}`).inputValue()).toBe('restock');
      await inspect.getByLabel(`Bin for ${unitSku} unit ${n}`).fill(bin.split('/').slice(1).join('/'));
    }
    await shot(page, 'inbound-more-return-grade', { fullPage: true });
    const graded = answered('/inspect');
    await inspect.getByRole('button', { name: 'Record grades' }).click();
    await graded;
    await inspect.waitFor({ state: 'detached' });
    const row = page
      .locator('tbody tr')
      .filter({ has: page.locator('td', { hasText: sku }) })
      .first();
    // SKU, reason, authorised, received, restock, quarantine, scrap, refund.
    await expect
      .poll(async () => (await cells(row)).slice(2, 7))
      .toEqual(
        units === 1
          ? ['1', '1', '1', '0', '0']
          : [
              String(ret.lines[0]!.qtyAuthorised),
              String(ret.lines[0]!.qtyAuthorised),
              expect.any(String),
              '0',
              expect.any(String),
            ],
      );

    // Every unit arrived and is graded: the server closes the return with the last grade (no close step).
    await expect.poll(() => status.getAttribute('data-status')).toBe('closed');
    expect(await status.textContent()).toBe('Closed');
    expect(await page.getByTestId('return-close').count()).toBe(0);
    expect(await page.getByTestId('return-receive').count()).toBe(0);
    const { rows } = await demo.db.query<{
      status: string;
      refund_minor: number;
      shipping_refund_minor: number;
    }>('SELECT status, refund_minor::int, shipping_refund_minor::int FROM returns WHERE return_id = $1', [
      returnId,
    ]);
    expect(rows[0]?.status).toBe('closed');
    const refund = Number(rows[0]!.refund_minor) + Number(rows[0]!.shipping_refund_minor);
    expect(refund).toBeGreaterThan(0);
    const shown = (await page.getByTestId('return-refund').textContent())!;
    expect(shown.replace(/\D/g, '')).toBe(String(refund));
    const { rows: stock } = await demo.db.query<{ on_hand: number }>(
      `SELECT b.on_hand::int FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
         JOIN locations l ON l.location_id = b.location_id WHERE s.code = $1 AND l.code = $2`,
      [sku, bin],
    );
    expect(Number(stock[0]?.on_hand ?? 0)).toBeGreaterThanOrEqual(1);
    await shot(page, 'inbound-more-return-closed', { fullPage: true });

    // The order's line counts the unit returned, in its "Returned" column.
    await page
      .locator(`a[href="/orders/${encodeURIComponent(ret.orderId)}"]`)
      .first()
      .click();
    await page.waitForURL(`**/orders/${encodeURIComponent(ret.orderId)}`);
    const line = page.locator(`tr[data-line="${lineNo}"]`);
    await line.waitFor();
    const headers = await line
      .locator('xpath=ancestor::table[1]')
      .locator('thead th')
      .evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
    const returnedColumn = headers.indexOf('Returned');
    expect(returnedColumn).toBeGreaterThan(0);
    const returnedAfter = await returnedOn(ret.orderId, lineNo);
    expect(returnedAfter - returnedBefore).toBe(ret.lines[0]!.qtyAuthorised);
    await expect.poll(async () => (await cells(line))[returnedColumn]).toBe(String(returnedAfter));
    await shot(page, 'inbound-more-return-order', { fullPage: true });
  });

  it('cancels a released wave with a reason: shipments voided, orders back as before', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Warehouse', exact: true }).click();
    await page.getByRole('heading', { name: 'Warehouse floor', level: 1 }).waitFor();
    await page.getByTestId('warehouse-select').selectOption('PAR');
    const before = await orderStatuses();
    await page.getByLabel('At most orders').fill('2');
    const created = page.waitForResponse(
      (r) =>
        r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/waves' && r.status() === 201,
    );
    await page.getByRole('button', { name: 'Release the wave' }).click();
    const wave = (await (await created).json()) as {
      id: string;
      number: number;
      shipments: { id: string; orderId: string }[];
    };
    expect(wave.shipments.length).toBeGreaterThan(0);
    const released = page.getByTestId('released-wave');
    await released.waitFor();
    await released.getByRole('link').first().click();
    await page.waitForURL(`**/warehouse/waves/${encodeURIComponent(wave.id)}`);
    const waveStatus = page.getByTestId('wave-status');
    await expect.poll(() => waveStatus.textContent()).toBe('Released');
    const shipmentRows = page.locator('section[aria-labelledby="wave-shipments"] tbody tr');
    await expect.poll(() => shipmentRows.count()).toBe(wave.shipments.length);
    const orderIds = [...new Set(wave.shipments.map((s) => s.orderId))];
    expect(await inFulfilment(orderIds)).toBeGreaterThan(0);

    await page.getByTestId('cancel-wave').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // No reason: the dialog asks for one and sends nothing.
    await dialog.getByTestId('cancel-wave-submit').click();
    await dialog.getByText('Required', { exact: false }).first().waitFor();
    const reason = 'Released by mistake (browser journey)';
    await dialog.getByTestId('cancel-wave-reason').fill(reason);
    await shot(page, 'inbound-more-wave-cancel');
    const cancelled = answered('/cancel');
    await dialog.getByTestId('cancel-wave-submit').click();
    await cancelled;
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => waveStatus.textContent()).toBe('Cancelled');
    await expect
      .poll(() =>
        shipmentRows.locator('td:nth-child(3)').evaluateAll((tds) => tds.map((td) => td.textContent)),
      )
      .toEqual(wave.shipments.map(() => 'Voided'));
    expect(await page.getByTestId('cancel-wave').count()).toBe(0);
    await shot(page, 'inbound-more-wave-cancelled', { fullPage: true });

    const { rows: shipments } = await demo.db.query<{ status: string; void_reason: string }>(
      'SELECT status, void_reason FROM shipments WHERE wave_id = $1',
      [wave.id],
    );
    expect(shipments.length).toBe(wave.shipments.length);
    expect(shipments.every((s) => s.status === 'voided' && s.void_reason === reason)).toBe(true);
    const after = await orderStatuses(orderIds);
    for (const id of orderIds) {
      expect(after[id], id).toBe(before[id]);
      expect(after[id], id).toBe('allocated');
      const order = await get<{ status: string }>(`/v1/orders/${encodeURIComponent(id)}`);
      expect(order.status).toBe('allocated');
    }
    // The units are no longer in fulfilment: they wait, still allocated, for the next wave.
    expect(await inFulfilment(orderIds)).toBe(0);
  });

  it('reads the purchase orders, and one of them, in French', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Inbound', exact: true }).click();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('link', { name: 'Commandes fournisseurs', exact: true }).click();
    await page.getByRole('heading', { name: 'Commandes fournisseurs', level: 1 }).waitFor();
    const main = page.locator('main');
    for (const tab of [
      'Réception',
      'Rangement',
      'Ordres de transfert',
      'Inventaires',
      'Retours',
      'Fournisseurs',
    ])
      expect(await page.getByRole('link', { name: tab, exact: true }).count(), tab).toBe(1);
    const poRow = page.locator('tbody tr').filter({ hasText: 'PO-000001' });
    await poRow.waitFor();
    const headers = await page
      .locator('thead th')
      .evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
    expect(headers).toEqual(
      expect.arrayContaining([
        'Numéro',
        'Fournisseur',
        'Entrepôt',
        'Statut',
        'Attendue le',
        'Commandé',
        'Reçu',
      ]),
    );
    expect(await poRow.textContent()).toContain('Reçue en partie');
    const listText = (await main.textContent())!;
    for (const english of ['Purchase orders', 'Supplier', 'Partially received', 'New purchase order'])
      expect(listText, english).not.toContain(english);
    await shot(page, 'inbound-more-po-list-fr', { fullPage: true });

    await poRow.getByRole('link', { name: 'PO-000001' }).click();
    await page.waitForURL('**/inbound/purchase-orders/po_*');
    await expect.poll(() => page.getByTestId('po-status').textContent()).toBe('Reçue en partie');
    await page.getByRole('heading', { name: 'Lignes', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Réceptions', level: 2 }).waitFor();
    for (const term of ['Attendue le', 'Envoyée le', 'Valeur commandée', 'Valeur reçue', 'Valeur restante'])
      expect(await page.locator('dl.facts dt', { hasText: term }).count(), term).toBe(1);
    await page.getByRole('link', { name: 'Réceptionner', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Solder', exact: true }).waitFor();
    await page.getByRole('link', { name: /Toutes les commandes fournisseurs/ }).waitFor();
    const detailText = (await main.textContent())!;
    for (const english of [
      'Ordered value',
      'Received value',
      'Open value',
      'Close short',
      'Receipts',
      'Partially received',
    ])
      expect(detailText, english).not.toContain(english);
    // Money the French way: "1 234,50 €".
    expect(await page.locator('dl.facts dd').nth(2).textContent()).toMatch(/^\d[\d\s\u202f]*,\d{2}\s€$/);
    await shot(page, 'inbound-more-po-fr', { fullPage: true });
    expect(pageProblems).toEqual([]);
  });

  async function returnedOn(orderId: string, lineNo: number): Promise<number> {
    const { rows } = await demo.db.query<{ qty: number }>(
      'SELECT qty_returned::int AS qty FROM order_lines WHERE order_id = $1 AND line_no = $2',
      [orderId, lineNo],
    );
    return Number(rows[0]?.qty ?? 0);
  }

  async function inFulfilment(ids: readonly string[]): Promise<number> {
    const { rows } = await demo.db.query<{ qty: number }>(
      'SELECT coalesce(sum(qty_in_fulfilment), 0)::int AS qty FROM order_lines WHERE order_id = ANY($1)',
      [ids],
    );
    return Number(rows[0]?.qty ?? 0);
  }

  async function orderStatuses(ids?: readonly string[]): Promise<Record<string, string>> {
    const { rows } = await demo.db.query<{ order_id: string; status: string }>(
      ids
        ? 'SELECT order_id, status FROM orders WHERE order_id = ANY($1)'
        : 'SELECT order_id, status FROM orders',
      ids ? [ids] : [],
    );
    return Object.fromEntries(rows.map((r) => [r.order_id, r.status]));
  }
});
