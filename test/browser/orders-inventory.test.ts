// Proves that the order and inventory desks work end to end in a real browser (Debian's Chromium, driven
// by playwright-core) against a real server holding the demo shop: a shipment created and shipped until
// the order reads shipped, and the warehouse asked for when an order is split; the orders list filtered by
// warehouse; an order's quantity edited, with a stale version refused as a conflict; a CSV import whose
// report shows its one bad row; a bin counted (a stale count refused first) and a unit transferred, both in
// the movement history; the locations tree, in English and French; what a warehouse operator may not do.
// With SCREENSHOTS=1 it saves shipments.png, import.png and locations.png in docs/screenshots/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_EMAIL, DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'orders and inventory desks in Chromium [pglite, demo shop]'
  : `orders and inventory desks in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

suite(title, () => {
  let demo: DemoServer;
  let base: string;
  let owner: BrowserContext;
  let page: Page;
  let workDir: string;
  const pageProblems: string[] = [];

  /** A JSON call as the signed-in owner (session cookie and CSRF token), to set the scene or check it. */
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    if (method === 'GET') return (await page.request.get(`${base}${path}`)).json();
    const me = await (await page.request.get(`${base}/v1/me`)).json();
    const res = await page.request.post(`${base}${path}`, {
      headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
      data: body ?? {},
    });
    return res.json();
  }

  /** Allocated orders, not on hold, each held in one warehouse only. */
  async function singleWarehouseAllocated(): Promise<any[]> {
    const list = await call('GET', '/v1/orders?status=allocated&onHold=false&limit=200');
    return list.items.filter(
      (o: any) => o.allocation?.warehouses.length === 1 && o.lines.every((l: any) => l.qtyInFulfilment === 0),
    );
  }

  beforeAll(async () => {
    demo = await startDemo();
    base = demo.base;
    owner = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    owner.setDefaultTimeout(10_000);
    page = await owner.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Refusals the journeys provoke on purpose (409 conflict, 422 import) are logged by the browser.
      if (m.type() === 'error' && !/\b(401|409|422)\b/.test(m.text()))
        pageProblems.push(`console: ${m.text()}`);
    });
    workDir = mkdtempSync(join(tmpdir(), 'coulisse-import-'));

    await signIn(page, base, DEMO_OWNER_EMAIL);
    await page.getByTestId('account-name').waitFor();
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a shipment for an allocated order, ships it, and the order reads shipped', async () => {
    const [order] = await singleWarehouseAllocated();
    expect(order, 'the demo shop has an allocated order').toBeDefined();
    await page.goto(`${base}/orders/${encodeURIComponent(order.id)}`);
    await page.getByRole('heading', { name: 'Shipments' }).waitFor();
    await page.getByText('No shipments yet.').waitFor();

    await page.getByRole('button', { name: 'Create shipment' }).click();
    const create = page.getByRole('dialog', { name: 'Create a shipment' });
    await create.waitFor();
    await create.getByRole('button', { name: 'Create shipment' }).click();
    await create.waitFor({ state: 'detached' });
    const row = page.locator('.shipments-table tbody tr').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('open');
    const shipmentId = (await row.getAttribute('data-shipment'))!;
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('In fulfilment');
    expect(await page.getByTestId('in-fulfilment-1').textContent()).toBe(String(order.lines[0].qtyAllocated));

    await row.getByRole('button', { name: `Ship ${shipmentId}` }).click();
    const ship = page.getByRole('dialog', { name: 'Ship the parcel' });
    await ship.waitFor();
    await ship.getByLabel('Carrier').fill('Colissimo');
    await ship.getByLabel(/Service/).fill('Domicile');
    await ship.getByLabel(/Tracking number/).fill('6A12345678901');
    await ship.getByRole('button', { name: 'Ship', exact: true }).click();
    await ship.waitFor({ state: 'detached' });
    await expect.poll(() => row.getAttribute('data-status')).toBe('shipped');
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Shipped');
    expect(await page.getByTestId('shipped-1').textContent()).toBe(String(order.lines[0].qtyOrdered));
    expect(await row.textContent()).toContain('6A12345678901');
    await page.locator('.timeline-item', { hasText: 'Shipped' }).first().waitFor();
    await page.getByRole('heading', { name: 'Shipments' }).scrollIntoViewIfNeeded();
    await shot(page, 'shipments');

    const stored = await call('GET', `/v1/shipments/${shipmentId}`);
    expect(stored).toMatchObject({
      status: 'shipped',
      carrier: 'Colissimo',
      trackingNumber: '6A12345678901',
    });
  });

  it('asks for the warehouse when an order is allocated in several, and filters the list by warehouse', async () => {
    // Two new SKUs, one stocked only in Paris and one only in Lyon: the web shop must split the order.
    const bins: Record<string, string> = {};
    for (const warehouse of ['PAR', 'LYO']) {
      const found = await call('GET', `/v1/locations?warehouse=${warehouse}&kind=bin&limit=1`);
      bins[warehouse] = found.items[0].code;
      const sku = `SPLIT-${warehouse}`;
      await call('POST', '/v1/skus', { code: sku, name: `Split test ${warehouse}` });
      await call('POST', '/v1/stock/receipts', { sku, location: bins[warehouse], qty: 5 });
    }
    const split = await call('POST', '/v1/orders', {
      channel: 'WEB',
      externalId: 'SPLIT-1',
      placedAt: new Date().toISOString(),
      currency: 'EUR',
      shipTo: {
        name: 'Ada Lovelace',
        line1: '12 rue de la Paix',
        city: 'Paris',
        postalCode: '75002',
        country: 'FR',
      },
      lines: [
        { sku: 'SPLIT-PAR', qty: 1, unitPriceMinor: 1000 },
        { sku: 'SPLIT-LYO', qty: 1, unitPriceMinor: 1000 },
      ],
    });
    expect([...split.allocation.warehouses].sort()).toEqual(['LYO', 'PAR']);
    const [first, second] = ['LYO', 'PAR'] as const;
    await page.goto(`${base}/orders/${encodeURIComponent(split.id)}`);
    await page.getByRole('button', { name: 'Create shipment' }).click();
    const create = page.getByRole('dialog', { name: 'Create a shipment' });
    await create.getByRole('button', { name: 'Create shipment' }).click();
    await create.getByText('choose the one this parcel leaves from').waitFor();
    await create.getByLabel('Warehouse').selectOption(second);
    await create.getByRole('button', { name: 'Create shipment' }).click();
    await create.waitFor({ state: 'detached' });
    await page.getByText(`Shipment created at ${second}.`).waitFor();
    const row = page.locator('.shipments-table tbody tr').first();
    expect(await row.locator('td').nth(1).textContent()).toBe(second);

    // The list, filtered by the other warehouse, still has the order (units are allocated there too).
    await page.goto(`${base}/orders?warehouse=${first}&externalId=${encodeURIComponent(split.externalId)}`);
    expect(await page.getByLabel('Shipped or allocated from').inputValue()).toBe(first);
    await page.locator('.grid-body tr', { hasText: split.externalId }).waitFor();
  });

  it("edits an order's quantity; a stale version is refused as a conflict", async () => {
    const [, order] = await singleWarehouseAllocated();
    expect(order).toBeDefined();
    const before = order.lines[0].qtyOrdered as number;
    await page.goto(`${base}/orders/${encodeURIComponent(order.id)}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: `Edit order ${order.externalId}` });
    await dialog.waitFor();
    // Someone else changes the order meanwhile (hold and release: two new versions).
    await call('POST', `/v1/orders/${order.id}/hold`, { reason: 'checking the address' });
    await call('POST', `/v1/orders/${order.id}/release`, {});
    await dialog.getByLabel(/Quantity of line 1/).fill(String(before + 1));
    await dialog.getByLabel('Reason').fill('Customer wants one more');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('Someone else changed this order').waitFor();
    expect(await dialog.locator('[data-code="version_conflict"]').count()).toBe(1);
    expect(await page.getByTestId('ordered-1').textContent()).toBe(String(before));

    await dialog.getByRole('button', { name: 'Reload the order' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    dialog = page.getByRole('dialog', { name: `Edit order ${order.externalId}` });
    await dialog.getByLabel(/Quantity of line 1/).fill(String(before + 1));
    await dialog.getByLabel('Reason').fill('Customer wants one more');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Order edited.').waitFor();
    await expect.poll(() => page.getByTestId('ordered-1').textContent()).toBe(String(before + 1));
    await page.locator('.timeline-item', { hasText: 'Customer wants one more' }).waitFor();
  });

  it('imports a CSV file and shows the report, with the one bad row', async () => {
    const sku = (await call('GET', '/v1/stock?location=PAR&limit=1')).items[0].sku as string;
    const file = join(workDir, 'orders.csv');
    writeFileSync(
      file,
      [
        'order,sku,qty,price,currency,placed_at,ship_name,ship_line1,ship_city,ship_country',
        `IMP-1,${sku},1,19.90,EUR,2026-11-20T10:00:00Z,Ada Lovelace,1 rue de Rivoli,Paris,FR`,
        `IMP-2,${sku},2,19.90,EUR,2026-11-20T11:00:00Z,Alan Turing,2 quai Branly,Paris,FR`,
        'IMP-3,NO-SUCH-SKU,1,5.00,EUR,2026-11-20T12:00:00Z,Grace Hopper,3 place Bellecour,Lyon,FR',
        '',
      ].join('\n'),
    );
    await page.goto(`${base}/orders`);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.waitForURL('**/orders/import');
    await page.getByLabel('Channel').selectOption('WEB');
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByLabel('Import the valid orders, skip the others').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Report' }).waitFor();
    expect(await page.getByTestId('import-created').textContent()).toBe('2');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
    const errors = page.locator('.import-errors tbody tr');
    expect(await errors.count()).toBe(1);
    expect(await errors.first().getAttribute('data-row')).toBe('4');
    expect(await errors.first().textContent()).toContain('IMP-3');
    await shot(page, 'import', { fullPage: true });
  });

  it('counts a bin and transfers a unit, and both are in the movement history', async () => {
    const stock = await call('GET', '/v1/stock?location=PAR&limit=200');
    const item = stock.items.find((i: any) => i.location.includes('/') && i.available >= 2);
    expect(item).toBeDefined();
    const bins = await call('GET', '/v1/locations?warehouse=PAR&kind=bin&limit=200');
    const target = bins.items.find((l: any) => l.code !== item.location && !l.isArchived).code as string;

    await page.goto(`${base}/skus/${encodeURIComponent(item.sku)}`);
    const row = page.locator(`.stock-table tbody tr[data-location="${item.location}"]`);
    await row.waitFor();
    const onHand = digits(await row.getByTestId('on-hand').textContent());

    await row.getByRole('button', { name: `Count stock at ${item.location}` }).click();
    const count = page.getByRole('dialog', { name: `Count ${item.sku}` });
    await count.waitFor();
    expect(await count.getByLabel('Location').inputValue()).toBe(item.location);
    await count.getByText(`On hand when you started: ${onHand}`).waitFor();
    // A unit turns up while the counter is at the shelf: the count started from a stale figure.
    await call('POST', '/v1/stock/adjustments', {
      sku: item.sku,
      location: item.location,
      delta: 1,
      reason: 'found',
      note: 'Found behind the shelf',
    });
    await count.getByLabel('Units counted').fill(String(onHand + 1));
    await count.getByLabel(/Note/).fill('Shelf recount');
    await count.getByRole('button', { name: 'Record count' }).click();
    await count.getByText('The stock changed while you counted').waitFor();
    expect(await count.locator('[data-code="expected_quantity_mismatch"]').textContent()).toContain(
      `now ${onHand + 1}, not ${onHand}`,
    );
    await count.getByText(`On hand when you started: ${onHand + 1}`).waitFor();
    await count.getByLabel('Units counted').fill(String(onHand + 2));
    await count.getByRole('button', { name: 'Record count' }).click();
    await count.waitFor({ state: 'detached' });
    await expect.poll(async () => digits(await row.getByTestId('on-hand').textContent())).toBe(onHand + 2);

    await row.getByRole('button', { name: `Transfer stock from ${item.location}` }).click();
    const transfer = page.getByRole('dialog', { name: `Transfer ${item.sku}` });
    await transfer.waitFor();
    await transfer.getByLabel('To', { exact: true }).fill(target);
    await transfer.getByLabel('Quantity').fill('1');
    await transfer.getByLabel(/Note/).fill('Restock the front bin');
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();
    await transfer.waitFor({ state: 'detached' });
    await page.getByText(`1 moved from ${item.location} to ${target}.`).waitFor();
    await expect.poll(async () => digits(await row.getByTestId('on-hand').textContent())).toBe(onHand + 1);

    await page.getByLabel('Location', { exact: true }).selectOption(item.location);
    const moves = page.locator('.moves-table tbody tr');
    // The filtered history replaces the unfiltered one (where the transfer reads from the other side):
    // wait for the row as seen from this location.
    await expect
      .poll(async () => ({
        note: (await moves.first().textContent())?.includes('Restock the front bin'),
        qty: await moves.nth(0).locator('td').nth(4).textContent(),
      }))
      .toEqual({ note: true, qty: '-1' });
    expect(await moves.nth(0).textContent()).toContain('Transfer');
    expect(await moves.nth(1).textContent()).toContain('Shelf recount');
    expect(await moves.nth(1).textContent()).toContain('Count');
    expect(await moves.nth(1).locator('td').nth(4).textContent()).toBe('+1');
    expect(await moves.nth(2).textContent()).toContain('Found behind the shelf');
    await page.getByRole('heading', { name: 'Reorder points' }).waitFor();
  });

  it('shows the locations tree, expandable, with the stock of a chosen bin', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Locations' }).click();
    await page.waitForURL('**/locations');
    await page.getByRole('heading', { name: 'Locations', level: 1 }).waitFor();
    const par = page.locator('li[data-location="PAR"]');
    await par.waitFor();
    await par.getByRole('button', { name: 'Expand PAR' }).click();
    const zone = par.locator('li').first();
    const zoneCode = (await zone.getAttribute('data-location'))!;
    await zone.getByRole('button', { name: `Expand ${zoneCode}` }).click();
    const bin = zone.locator('li').first();
    const binCode = (await bin.getAttribute('data-location'))!;
    await bin.getByRole('button', { name: `Show the stock at ${binCode}` }).click();
    await page.waitForURL(/location=/);
    await page.getByRole('heading', { name: `Stock at ${binCode}` }).waitFor();
    await shot(page, 'locations');

    // In French too.
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Emplacements', level: 1 }).waitFor();
    await page.getByRole('heading', { name: `Stock à ${binCode}` }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Locations', level: 1 }).waitFor();
    expect(pageProblems).toEqual([]);
  });

  it('shows a warehouse operator shipments, counts and transfers, but not order edits or imports', async () => {
    const picker = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    try {
      picker.setDefaultTimeout(10_000);
      const p = await picker.newPage();
      await signIn(p, base, DEMO_OPERATOR_EMAIL);
      await p.getByTestId('account-name').waitFor();
      await p.goto(`${base}/orders`);
      await p.locator('.grid-body tr a').first().waitFor();
      // orders.write is not the operator's: no import, no edit; shipments.write is.
      expect(await p.getByRole('link', { name: 'Import CSV' }).count()).toBe(0);
      await p.locator('.grid-body tr a').first().click();
      await p.getByRole('heading', { name: 'Shipments' }).waitFor();
      expect(await p.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);
      // Counting and moving stock are the operator's; adjusting is not.
      await p.locator('tr[data-line="1"] td').nth(1).locator('a').click();
      await p.getByRole('heading', { name: 'Stock by location' }).waitFor();
      await p.getByRole('button', { name: 'Count', exact: true }).waitFor();
      await p.getByRole('button', { name: 'Transfer', exact: true }).waitFor();
      expect(await p.getByRole('button', { name: /Adjust stock/ }).count()).toBe(0);
      // The locations tree shows only the operator's warehouse.
      await p.getByRole('navigation').getByRole('link', { name: 'Locations' }).click();
      await p.locator('li[data-location="PAR"]').waitFor();
      expect(await p.locator('li[data-location="LYO"]').count()).toBe(0);
      // The import screen itself says it is not for this role.
      await p.goto(`${base}/orders/import`);
      await p.getByText('Not available to your role').waitFor();
    } finally {
      await picker.close();
    }
  });
});
