// Proves that the dashboard is the home page after sign-in and shows the demo shop's figures in a real
// browser: number tiles, the charts drawn as SVG, the low-stock list linking to its SKUs, the period
// switch, a French reading, and a phone-width layout. With SCREENSHOTS=1 it saves docs/screenshots/
// dashboard.png (and its French and phone variants).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_EMAIL, DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, PHONE, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'dashboard in Chromium [pglite, demo shop]'
  : `dashboard in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

const CHARTS = [
  'chart-orders-per-day',
  'chart-orders-by-status',
  'chart-stock',
  'chart-top-skus',
  'chart-shrinkage',
];

/** Back to the top of the page, pointer out of the way: no chart tooltip left open in a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
}

/** The integer a tile shows, whatever the locale's digit grouping. */
async function tile(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  expect(text).toMatch(/^\d[\d\s\u202f.,]*$/);
  return Number(text.replace(/\D/g, ''));
}

suite(title, () => {
  let demo: DemoServer;
  let owner: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    demo = await startDemo();
    owner = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    owner.setDefaultTimeout(10_000);
    page = await owner.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401')) pageProblems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('opens on the dashboard after sign-in, with figures and charts from the demo shop', async () => {
    await signIn(page, demo.base, DEMO_OWNER_EMAIL);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).getAttribute('class'),
    ).toContain('is-active');

    // The tiles agree with the API.
    const api = await (await page.request.get(`${demo.base}/v1/reports/dashboard?days=30`)).json();
    const open = api.ordersByStatus.statuses.reduce((n: number, s: { orders: number }) => n + s.orders, 0);
    await page.getByTestId('tile-open').waitFor();
    expect(open).toBeGreaterThan(0);
    expect(await tile(page, 'tile-open')).toBe(open);
    expect(await tile(page, 'tile-on-hold')).toBe(api.ordersByStatus.onHold);
    expect(await tile(page, 'tile-backorders')).toBe(api.backorders.orders);
    expect(await tile(page, 'tile-backordered-units')).toBe(api.backorders.units);
    expect(await tile(page, 'tile-orders')).toBeGreaterThan(0);

    // Every chart is drawn: an SVG surface with bars in it.
    for (const id of CHARTS) {
      const card = page.getByTestId(id);
      await card.locator('svg.recharts-surface').first().waitFor();
      await expect
        .poll(() => card.locator('.recharts-bar-rectangle').count(), { message: id })
        .toBeGreaterThan(0);
    }
    // Channel names in the legend of orders per day.
    expect(await page.getByTestId('chart-orders-per-day').textContent()).toContain('Own web shop');

    // The low-stock list links to each SKU's page.
    const lowStock = page.getByTestId('low-stock');
    const first = lowStock.locator('tbody tr').first();
    await first.waitFor();
    expect(await lowStock.locator('tbody tr').count()).toBe(api.lowStock.length);
    await settle(page);
    await shot(page, 'dashboard', { fullPage: true });
    const sku = (await first.locator('a').textContent())!;
    await first.locator('a').click();
    await page.waitForURL(`**/skus/${encodeURIComponent(sku)}`);
    await page.getByRole('heading', { name: 'Stock by location' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  it('switches the period and keeps it in the address', async () => {
    await page.getByLabel('Period').selectOption('7');
    await page.waitForURL(/[?&]days=7/);
    const week = await (await page.request.get(`${demo.base}/v1/reports/dashboard?days=7`)).json();
    const placed = week.ordersPerDay.reduce((n: number, d: { total: number }) => n + d.total, 0);
    await expect.poll(() => tile(page, 'tile-orders')).toBe(placed);
    const ticks = page
      .getByTestId('chart-orders-per-day')
      .locator('.recharts-xAxis .recharts-cartesian-axis-tick');
    await expect.poll(() => ticks.count()).toBeLessThanOrEqual(7);
    await page.getByLabel('Period').selectOption('30');
    await expect.poll(() => new URL(page.url()).search).toBe('');
  });

  it('updates without a reload when the figures change', async () => {
    // A second tab whose clock the test moves, so that the 30 s poll comes at once.
    const tab = await owner.newPage();
    try {
      await tab.clock.install();
      await tab.goto(`${demo.base}/`);
      await tab.getByTestId('tile-on-hold').waitFor();
      const before = await tile(tab, 'tile-on-hold');

      // Someone else puts an order on hold.
      const me = await (await page.request.get(`${demo.base}/v1/me`)).json();
      const orders = await (
        await page.request.get(`${demo.base}/v1/orders?status=allocated&onHold=false&limit=1`)
      ).json();
      const held = await page.request.post(`${demo.base}/v1/orders/${orders.items[0].id}/hold`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { reason: 'Checking the address with the customer' },
      });
      expect(held.status()).toBe(200);
      expect(await tile(tab, 'tile-on-hold')).toBe(before);

      await tab.clock.runFor(31_000);
      await expect.poll(() => tile(tab, 'tile-on-hold')).toBe(before + 1);
    } finally {
      await tab.close();
    }
  });

  it("shows a warehouse operator only the operator's warehouse, and no shrinkage report", async () => {
    const picker = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    try {
      picker.setDefaultTimeout(10_000);
      const p = await picker.newPage();
      await signIn(p, demo.base, DEMO_OPERATOR_EMAIL);
      await p.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      const stock = p.getByTestId('chart-stock');
      await stock.locator('.recharts-bar-rectangle').first().waitFor();
      // The figures behind the bars, as screen readers get them: one warehouse, Paris.
      expect(await stock.locator('table tbody tr td:first-child').allTextContents()).toEqual(['PAR']);
      await p.getByTestId('chart-shrinkage').getByText('Your role does not include this report.').waitFor();
      expect(await p.getByTestId('chart-shrinkage').locator('svg.recharts-surface').count()).toBe(0);
    } finally {
      await picker.close();
    }
  });

  it('reads in French: titles, labels and numbers', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
    for (const name of [
      'Commandes par jour et par canal',
      'Commandes en cours par statut',
      'Stock par entrepôt (unités)',
      'Démarque par motif (unités)',
      'Stock bas',
    ]) {
      await page.getByRole('heading', { name, level: 2 }).waitFor();
    }
    expect(await page.locator('.tiles').textContent()).toContain('Commandes en cours');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Tableau de bord' }).count()).toBe(1);
    expect(await page.getByLabel('Période').locator('option:checked').textContent()).toBe(
      '30 derniers jours',
    );
    // Status names in the chart's axis are French too.
    await expect.poll(() => page.getByTestId('chart-orders-by-status').textContent()).toContain('Allouée');
    await page.getByTestId('chart-stock').locator('.recharts-bar-rectangle').first().waitFor();
    await settle(page);
    await shot(page, 'dashboard-fr', { fullPage: true });
  });

  it('fits a phone screen: one column, no sideways scrolling', async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    await page.getByTestId('chart-orders-per-day').locator('svg.recharts-surface').first().waitFor();
    const overflow = await page.evaluate(
      () => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const [a, b] = await Promise.all(
      ['chart-orders-per-day', 'chart-orders-by-status'].map(
        async (id) => (await page.getByTestId(id).boundingBox())!,
      ),
    );
    expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
    await settle(page);
    await shot(page, 'dashboard-phone');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByLabel('Langue').selectOption('en');
    await page.setViewportSize(DESKTOP);
    expect(pageProblems).toEqual([]);
  });
});
