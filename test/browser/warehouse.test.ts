// Proves the warehouse outbound screens end to end in a real browser against the demo shop: the Paris
// picker releases a wave, picks its list by scanning bins and items (a wrong item refused with the
// server's message, one short pick with its outcome shown), packs a shipment at the pack station (a
// mis-scan refused, every item scanned, a carton with its weight), opens the label PDF, ships with the
// demo's rate-table carrier, and sees the order shipped and the caught mistakes on the floor report.
// With SCREENSHOTS=1 it saves docs/screenshots/warehouse-*.png.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, PHONE, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'warehouse outbound in Chromium [pglite, demo shop]'
  : `warehouse outbound in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

interface Task {
  id: string;
  seq: number;
  shipmentId: string;
  orderId: string;
  sku: string;
  gtin: string | null;
  bin: string;
  qty: number;
  tote: string | null;
  status: string;
}

suite(title, () => {
  let demo: DemoServer;
  let context: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];
  let pickListId = '';
  /** The shipment packed and shipped in the journey (its order had no short pick). */
  let toPack: { id: string; orderId: string; tote: string | null } | null = null;

  const get = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(`${demo.base}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };

  /** Types a scan into the focused scan input and presses Enter, as a keyboard-wedge scanner does. */
  const scan = async (testId: string, code: string) => {
    const input = page.getByTestId(testId);
    await input.fill(code);
    await input.press('Enter');
  };

  beforeAll(async () => {
    demo = await startDemo();
    context = await demo.browser.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/Paris',
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Refused scans answer 409/422 on purpose; the browser logs those responses as errors.
      if (m.type() === 'error' && !/status of (401|409|422)/.test(m.text()))
        pageProblems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('shows the floor report and releases a wave with its pick list and totes', async () => {
    await signIn(page, demo.base, DEMO_OPERATOR_EMAIL);
    await page.getByRole('link', { name: 'Warehouse', exact: true }).click();
    await page.getByRole('heading', { name: 'Warehouse floor', level: 1 }).waitFor();
    await page.getByTestId('floor-report').waitFor();
    expect(
      Number((await page.getByTestId('tile-open-orders').textContent())?.replace(/\D/g, '')),
    ).toBeGreaterThan(0);
    await shot(page, 'warehouse-floor', { fullPage: true });

    await page.getByLabel('At most orders').fill('3');
    await page.getByLabel('Batches of orders into totes').check();
    await page.getByRole('button', { name: 'Release the wave' }).click();
    const released = page.getByTestId('released-wave');
    await released.waitFor();
    expect(await released.textContent()).toMatch(/Wave 1 released: 3 orders/);
    await shot(page, 'warehouse-wave-released', { fullPage: true });

    await page.getByTestId('released-pick-list').first().click();
    await page.waitForURL('**/picking/pkl_*');
    pickListId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  });

  it('picks the list by scanning: a wrong item refused, a short pick, then done', async () => {
    await page.setViewportSize(PHONE);
    const list = await get<{ items: Task[] }>(`/v1/pick-lists/${pickListId}`);
    const tasks = [...list.items].sort((a, b) => a.seq - b.seq);
    const first = tasks[0]!;
    // The short pick is on another order than the first task's, whose shipment is packed afterwards.
    const shortTask = tasks.find((t) => t.orderId !== first.orderId) ?? tasks[tasks.length - 1]!;
    toPack = { id: first.shipmentId, orderId: first.orderId, tote: first.tote };
    const wrongSku = tasks.find((t) => t.sku !== first.sku)?.sku ?? 'KEY-TAN';

    await page.getByTestId('pick-task').waitFor();
    await shot(page, 'warehouse-pick-phone');
    let refusedOnce = false;
    let shortDone = false;
    for (let step = 0; step < 40; step++) {
      if (await page.getByTestId('pick-done').isVisible()) break;
      const bin = (await page.getByTestId('task-bin').textContent())!.trim();
      const sku = (await page.getByTestId('task-sku').textContent())!.trim();
      const current = tasks.find((t) => t.sku === sku && t.bin.endsWith(bin));
      const progress = await page.getByTestId('pick-progress').textContent();

      await scan('scan-input', bin);
      await expect.poll(() => page.getByTestId('scan-feedback').textContent()).toContain(`Bin ${bin}`);

      if (!refusedOnce) {
        await scan('scan-input', wrongSku);
        const feedback = page.locator('[data-testid="scan-feedback"][data-code="wrong_item"]');
        await feedback.waitFor();
        expect(await feedback.textContent()).toContain(`Leave it in the bin and pick ${sku}`);
        await shot(page, 'warehouse-pick-wrong-item');
        refusedOnce = true;
      }
      if (!shortDone && current?.id === shortTask.id) {
        await page.getByRole('button', { name: 'Short' }).click();
        await page.getByTestId('short-found').fill(String(Math.max(0, shortTask.qty - 1)));
        await page.getByRole('button', { name: 'Record short pick' }).click();
        const outcome = page.getByTestId('short-outcome');
        await outcome.waitFor();
        expect(await outcome.textContent()).toMatch(/Short pick: 1 missing from/);
        expect(await outcome.textContent()).toContain('Count task opened for the bin.');
        await shot(page, 'warehouse-pick-short');
        shortDone = true;
      } else {
        // The GTIN for half of the items: a scanner reads the product's barcode as often as a shelf label.
        const code = current?.gtin && step % 2 === 1 ? current.gtin : sku;
        await scan('scan-input', code);
      }
      await expect.poll(() => page.getByTestId('pick-progress').textContent()).not.toBe(progress);
    }
    await page.getByTestId('pick-done').waitFor();
    expect(shortDone).toBe(true);
    await shot(page, 'warehouse-pick-done');
    await page.setViewportSize(DESKTOP);
  });

  it('packs the shipment at the pack station: a mis-scan refused, every item scanned, one carton', async () => {
    const target = toPack!;
    await page.getByRole('link', { name: 'Pack station' }).click();
    await page.getByRole('heading', { name: 'Pack station', level: 1 }).waitFor();
    await scan('pack-open-input', target.tote ?? target.id);
    await page.waitForURL(`**/pack/${target.id}`);

    const progress = await get<{ items: { sku: string; required: number; scanned: number }[] }>(
      `/v1/shipments/${target.id}/pack`,
    );
    const mine = new Set(progress.items.map((i) => i.sku));
    const list = await get<{ items: Task[] }>(`/v1/pick-lists/${pickListId}`);
    const stranger = list.items.find((t) => !mine.has(t.sku))?.sku ?? 'NOT-A-SKU-123';
    await scan('pack-scan-input', stranger);
    const refused = page.locator(
      '[data-testid="scan-feedback"][data-code="item_not_in_shipment"], [data-testid="scan-feedback"][data-code="unknown_item"]',
    );
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/not in shipment|not a SKU code/);
    await shot(page, 'warehouse-pack-mis-scan');

    for (const item of progress.items) {
      for (let n = item.scanned; n < item.required; n++) {
        const done = page.waitForResponse((r) => r.url().includes('/pack-scans') && r.status() === 200);
        await scan('pack-scan-input', item.sku);
        await done;
      }
    }
    await page.getByRole('heading', { name: 'Everything is scanned.' }).waitFor();
    await page.getByTestId('weight-1').fill('850');
    await shot(page, 'warehouse-pack', { fullPage: true });
    await page.getByRole('button', { name: 'Pack', exact: true }).click();
    await expect.poll(() => page.getByTestId('shipment-status').textContent()).toBe('Packed');

    const href = await page.getByTestId('label-pdf').getAttribute('href');
    const label = await page.request.get(`${demo.base}${href}`);
    expect(label.status()).toBe(200);
    expect(label.headers()['content-type']).toContain('application/pdf');
    expect((await label.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const zpl = await page.request.get(
      `${demo.base}${await page.getByTestId('label-zpl').getAttribute('href')}`,
    );
    expect(await zpl.text()).toContain('^XA');
    const slip = await page.request.get(
      `${demo.base}${await page.getByTestId('packing-slip').getAttribute('href')}`,
    );
    expect(slip.headers()['content-type']).toContain('application/pdf');
  });

  it('ships with the rate-table carrier and the order shows shipped', async () => {
    const target = toPack!;
    expect(await page.getByTestId('ship-carrier').locator('option:checked').textContent()).toBe('Parcelo');
    await shot(page, 'warehouse-ship', { fullPage: true });
    await page.getByRole('button', { name: 'Ship', exact: true }).click();
    await page.getByTestId('shipped').waitFor();
    expect(await page.getByTestId('shipment-status').textContent()).toBe('Shipped');
    await shot(page, 'warehouse-shipped');

    await page.getByRole('link', { name: 'See the order' }).click();
    await page.waitForURL(`**/orders/${target.orderId}`);
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Shipped');
  });

  it('counts the caught mistakes and the short pick on the floor report', async () => {
    await page.getByRole('link', { name: 'Warehouse', exact: true }).click();
    await page.getByTestId('floor-report').waitFor();
    await page.getByTestId('error-caught-wrong_item').waitFor();
    expect(Number((await page.getByTestId('tile-short-picks').textContent())?.match(/^\d+/)?.[0])).toBe(1);
    await shot(page, 'warehouse-floor-after', { fullPage: true });
    expect(pageProblems).toEqual([]);
  });
});
