// Proves that the web UI works end to end in a real browser (Debian's Chromium, driven by playwright-core)
// against a real server holding the demo shop: sign-in, the orders list, an order's detail with a line
// cancelled, a stock adjustment seen in the history, role restrictions, the French switch and session
// expiry. With SCREENSHOTS=1 it also saves the screenshots in docs/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Db, openPglite } from '../../src/db/index.js';
import { createDemoUsers, DEMO_OPERATOR_EMAIL, DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';

const PASSWORD = 'browser-journey-password';
const SCREENSHOTS = process.env.SCREENSHOTS === '1';
const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'web UI in Chromium [pglite, demo shop]'
  : `web UI in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

/** Saves a screenshot when SCREENSHOTS=1; toasts left over from earlier steps are kept out of it. */
async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let transitions settle and the caret not blink into the picture.
  await page.waitForTimeout(150);
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: options.fullPage ?? false,
    caret: 'hide',
    style: '.toasts { display: none; }',
  });
}

async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

suite(title, () => {
  let db: Db;
  let app: App;
  let base: string;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  /** Problems the page reported (uncaught errors, failed requests other than expected 401s). */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    const dump = readFileSync(inject('pgliteTemplate'));
    db = await openPglite({ dataDir: null, loadDataDir: new Blob([dump]) });
    await seedDemo(db);
    await createDemoUsers(db, PASSWORD);
    app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
    base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    owner = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    owner.setDefaultTimeout(10_000);
    page = await owner.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401')) pageProblems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('signs in as the demo owner and shows the orders, with who is signed in', async () => {
    await page.goto(`${base}/orders`);
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(page, 'login');

    // A wrong password is refused in words, and nothing else happens.
    await page.getByLabel('Email').fill(DEMO_OWNER_EMAIL);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/orders');
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    expect(await page.getByTestId('account-name').textContent()).toBe('Camille Martin (owner)');
    expect(await page.locator('.account').getByText('Owner', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('account-scope').textContent()).toBe('All warehouses');
    await page.locator('.grid-body tr').first().waitFor();
    expect(await page.locator('.grid-body tr').count()).toBeGreaterThan(5);
    await shot(page, 'orders');
  });

  it('filters the orders, opens one and cancels one unit of a line', async () => {
    await page.getByLabel('Status').selectOption('allocated');
    await page.waitForURL(/status=allocated/);
    await expect.poll(() => page.locator('table[aria-busy="true"]').count()).toBe(0);
    await expect.poll(() => page.locator('.grid-body tr .badge').first().textContent()).toBe('Allocated');
    await page.locator('.grid-body tr a').first().click();
    await page.waitForURL(/\/orders\/ord_/);
    const orderId = decodeURIComponent(page.url().split('/orders/')[1]!);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await shot(page, 'order', { fullPage: true });

    const line = page.locator('tr[data-line="1"]');
    const sku = (await line.locator('td').nth(1).locator('a').textContent())!;
    await line.getByRole('button', { name: /Cancel units of line 1/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel units of line 1' });
    await dialog.waitFor();
    // Focus is in the dialog, on its first field.
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.name)).toBe('qty');
    await dialog.getByLabel('Units to cancel').fill('1');
    await dialog.getByLabel('Reason').fill('Customer asked by phone');
    await shot(page, 'cancel-line');
    await dialog.getByRole('button', { name: 'Cancel units' }).click();

    await page.getByText('Line 1: 1 unit cancelled.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('cancelled-1').textContent()).toBe('1');
    await page.locator('.timeline-item', { hasText: 'Customer asked by phone' }).waitFor();

    // The server agrees: the session cookie and CSRF token went with the request.
    const res = await page.request.get(`${base}/v1/orders/${encodeURIComponent(orderId)}`);
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.lines[0].qtyCancelled).toBe(1);
    expect(body.timeline.at(-1)).toMatchObject({ event: 'cancelled', reason: 'Customer asked by phone' });

    // On to the SKU of that line, for the next journey.
    await line.locator('td').nth(1).locator('a').click();
    await page.waitForURL(`**/skus/${encodeURIComponent(sku)}`);
  });

  it('adjusts stock with a reason code and shows the move in the history', async () => {
    await page.getByRole('heading', { name: 'Stock by location' }).waitFor();
    await page.locator('.stock-table tbody tr').first().waitFor();
    // A location with something available, so that one unit can be written off.
    const row = page.locator('.stock-table tbody tr:not([data-available="0"])').first();
    const location = (await row.getAttribute('data-location'))!;
    const before = Number((await row.getByTestId('on-hand').textContent())!.replace(/\D/g, ''));

    // Keyboard: Escape closes the dialog and gives focus back to the button that opened it.
    const opener = row.getByRole('button', { name: `Adjust stock at ${location}` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: /Adjust stock of/ });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => opener.evaluate((el) => el === (globalThis as any).document.activeElement))
      .toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Location').inputValue()).toBe(location);
    await dialog.getByLabel('Remove units').check();
    await dialog.getByLabel('Quantity').fill('1');
    await dialog.getByLabel('Reason code').selectOption('damage');
    await dialog.getByLabel(/Note/).fill('Box crushed by the forklift');
    await shot(page, 'adjust-stock');
    await dialog.getByRole('button', { name: 'Adjust', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`${location}: -1 (Damage).`).waitFor();
    await expect
      .poll(async () => Number((await row.getByTestId('on-hand').textContent())!.replace(/\D/g, '')))
      .toBe(before - 1);

    // "Why is it X?": the history at that location shows the change and the balance after it.
    await page.getByLabel('Location', { exact: true }).selectOption(location);
    const newest = page.locator('.moves-table tbody tr').first();
    // The filtered history replaces the unfiltered one (which shows moves without a side): wait for the
    // row as seen from this location, with its running balance.
    await expect
      .poll(async () => ({
        note: (await newest.textContent())?.includes('Box crushed by the forklift'),
        qty: await newest.locator('td').nth(4).textContent(),
        balance: await newest.locator('td').nth(5).textContent(),
      }))
      .toEqual({ note: true, qty: '-1', balance: String(before - 1) });
    expect(await newest.textContent()).toContain('Damage');
    await shot(page, 'sku', { fullPage: true });
  });

  it('switches to French, for this user, and keeps it after a reload', async () => {
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Commandes', level: 1 }).waitFor();
    expect(await page.getByRole('navigation').textContent()).toContain('Stock');
    expect(await page.getByTestId('account-scope').textContent()).toBe('Tous les entrepôts');
    expect(await page.locator('.account').getByText('Propriétaire', { exact: true }).count()).toBe(1);
    await page.getByLabel('Statut').waitFor();
    // Money in the French way: "78,70 €".
    expect(await page.locator('.grid-body tr .cell-total').first().textContent()).toMatch(
      /^\d[\d\s\u202f]*,\d{2}\s€$/,
    );
    await shot(page, 'orders-fr');

    await page.reload();
    await page.getByRole('heading', { name: 'Commandes', level: 1 }).waitFor();
  });

  it('folds the navigation and the account behind a menu button at phone width', async () => {
    await page.setViewportSize(PHONE);
    const toggle = page.getByRole('button', { name: 'Menu' });
    await toggle.waitFor();
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.getByLabel('Langue').isVisible()).toBe(false);
    await page.locator('.grid-body tr').first().waitFor();
    await toggle.click();
    expect(await page.getByRole('button', { name: 'Fermer le menu' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('navigation').getByRole('link', { name: 'Orders' }).waitFor();
    await shot(page, 'orders-phone-menu');
    await page.getByRole('navigation').getByRole('link', { name: 'Inventory' }).click();
    await page.waitForURL('**/skus');
    await expect.poll(() => page.getByRole('navigation').isVisible()).toBe(false);
    await page.locator('.skus-table tbody tr').first().waitFor();
    await shot(page, 'skus-phone');
    // The brand leads home, to the dashboard; the orders are one menu tap away.
    await page.getByRole('link', { name: 'Coulisse' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await toggle.click();
    await page.getByRole('navigation').getByRole('link', { name: 'Orders' }).click();
    await page.locator('.grid-body tr').first().waitFor();
    await shot(page, 'orders-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('shows a warehouse operator only what the role may do', async () => {
    const picker = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    try {
      picker.setDefaultTimeout(10_000);
      const p = await picker.newPage();
      await signIn(p, base, DEMO_OPERATOR_EMAIL);
      // Home is the dashboard, over the operator's warehouses only.
      await p.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await p.getByRole('navigation').getByRole('link', { name: 'Orders' }).click();
      await p.waitForURL('**/orders');
      expect(await p.getByTestId('account-scope').textContent()).toBe('Warehouses: PAR');
      expect(await p.locator('.account').getByText('Warehouse operator').count()).toBe(1);
      await p.locator('.grid-body tr a').first().click();
      await p.getByRole('heading', { name: 'Timeline' }).waitFor();
      // orders.write is not among the operator's permissions: no order actions at all.
      for (const name of ['Hold', 'Release', 'Reallocate', 'Cancel order']) {
        expect(await p.getByRole('button', { name, exact: true }).count()).toBe(0);
      }
      expect(await p.getByRole('button', { name: /Cancel units/ }).count()).toBe(0);
      // Stock is readable, but adjustments are a manager's call.
      await p.locator('tr[data-line="1"] td').nth(1).locator('a').click();
      await p.getByRole('heading', { name: 'Stock by location' }).waitFor();
      expect(await p.getByRole('button', { name: /Adjust stock/ }).count()).toBe(0);
    } finally {
      await picker.close();
    }
  });

  it('sends a user whose session ended back to sign-in, saying so', async () => {
    // End the owner's session behind the page's back (as an idle timeout or a sign-out elsewhere would).
    const me = await (await page.request.get(`${base}/v1/me`)).json();
    const out = await page.request.post(`${base}/v1/auth/logout`, {
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(out.status()).toBe(200);
    // The next request the page makes (a filter not in the cache) meets the 401.
    await page.getByRole('navigation').getByRole('link', { name: 'Orders' }).click();
    // Opened at phone width, the list started with its filters folded.
    if (!(await page.getByLabel('Status').isVisible()))
      await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('Status').selectOption('backordered');
    await page.waitForURL('**/login');
    await page.getByText('Your session has expired. Sign in again to continue.').waitFor();
    await page.getByLabel('Email').fill(DEMO_OWNER_EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the user was headed, filter included.
    await page.waitForURL('**/orders?status=backordered');
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    expect(pageProblems).toEqual([]);
  });
});
