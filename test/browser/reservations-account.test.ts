// Proves the two-phase holds and the own account work from the browser (Debian's Chromium, driven by
// playwright-core) against a real server holding the demo shop: a reservation created from the
// Reservations page, part of it posted (the SKU page shows the stock held, then gone), another voided (the
// stock available again); in French, reserving more than is available is refused with the French words for
// insufficient_stock; and the owner changes their own password (a wrong current one refused first) and
// signs in again with the new one.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, PASSWORD, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'reservations and own password in Chromium [pglite, demo shop]'
  : `reservations and own password in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));
const NEW_PASSWORD = 'a brand new passphrase for the owner';

suite(title, () => {
  let demo: DemoServer;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let sku: string;
  let location: string;
  let onHand: number;
  let available: number;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    demo = await startDemo();
    base = demo.base;
    context = await demo.browser.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/Paris',
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Refusals provoked on purpose (too much reserved, a wrong password) are logged by the browser.
      if (m.type() === 'error' && !/\b(401|409|422)\b/.test(m.text()))
        pageProblems.push(`console: ${m.text()}`);
    });
    await signIn(page, base, DEMO_OWNER_EMAIL);
    await page.getByTestId('account-name').waitFor();
    const stock = await (await page.request.get(`${base}/v1/stock?limit=500`)).json();
    const item = stock.items.find(
      (i: any) => i.available >= 10 && i.reserved === 0 && /^PAR/.test(i.location) && !/^KIT/.test(i.sku),
    );
    expect(item).toBeTruthy();
    ({ sku, location, onHand, available } = item);
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  async function stockRow() {
    await page.goto(`${base}/skus/${encodeURIComponent(sku)}`);
    const row = page.locator(`.stock-table tbody tr[data-location="${location}"]`);
    await row.waitFor();
    return row;
  }

  async function createReservation(reference: string, qty: number, labels = EN) {
    await page.goto(`${base}/reservations`);
    await page.getByRole('button', { name: labels.new }).click();
    const dialog = page.getByRole('dialog', { name: labels.createTitle });
    await dialog.waitFor();
    await dialog.getByLabel(labels.reference, { exact: true }).fill(reference);
    await dialog.getByLabel('SKU', { exact: true }).fill(sku);
    await dialog.getByLabel(labels.location, { exact: true }).fill(location);
    await dialog.getByLabel(labels.qty, { exact: true }).fill(String(qty));
    await dialog.getByRole('button', { name: labels.new }).click();
    return dialog;
  }
  const EN = {
    new: 'New reservation',
    createTitle: 'Reserve stock',
    reference: 'Reference',
    location: 'Location',
    qty: 'Quantity',
  };
  const FR = {
    new: 'Nouvelle réservation',
    createTitle: 'Réserver du stock',
    reference: 'Référence',
    location: 'Emplacement',
    qty: 'Quantité',
  };

  it('creates a reservation and posts part of it; the SKU page shows the stock held, then gone', async () => {
    const dialog = await createReservation('E2E-RES-1', 3);
    await dialog.waitFor({ state: 'detached' });
    await page.waitForURL(/\/reservations\/[^/]+$/);
    await page.getByRole('heading', { name: /E2E-RES-1/ }).waitFor();
    await expect.poll(() => page.locator('.page[data-status]').getAttribute('data-status')).toBe('open');
    const detail = page.url();

    let row = await stockRow();
    await expect.poll(async () => Number(await row.getAttribute('data-available'))).toBe(available - 3);
    expect(digits(await row.getByTestId('on-hand').textContent())).toBe(onHand);

    await page.goto(detail);
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const post = page.getByRole('dialog', { name: 'Post reservation E2E-RES-1' });
    await post.waitFor();
    await post.getByLabel(`Quantity to post for ${sku} at ${location}`).fill('2');
    await post.getByRole('button', { name: 'Post these quantities' }).click();
    await post.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.page[data-status]').getAttribute('data-status')).toBe('posted');
    await expect.poll(async () => digits(await page.getByTestId('posted-qty').first().textContent())).toBe(2);
    // Posted, the reservation holds nothing more: the Post and Void buttons are gone.
    expect(await page.getByRole('button', { name: 'Post', exact: true }).count()).toBe(0);
    await shot(page, 'reservation');

    row = await stockRow();
    await expect.poll(async () => digits(await row.getByTestId('on-hand').textContent())).toBe(onHand - 2);
    await expect.poll(async () => Number(await row.getAttribute('data-available'))).toBe(available - 2);

    // The list finds it by its reference and status.
    await page.goto(`${base}/reservations?status=posted`);
    await page.getByLabel('Reference').fill('E2E-RES-1');
    await page
      .locator('.reservations-table tbody tr[data-status="posted"]', { hasText: 'E2E-RES-1' })
      .waitFor();
  });

  it('voids another reservation and the stock is available again', async () => {
    const dialog = await createReservation('E2E-RES-2', 4);
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /E2E-RES-2/ }).waitFor();
    const detail = page.url();
    let row = await stockRow();
    await expect.poll(async () => Number(await row.getAttribute('data-available'))).toBe(available - 2 - 4);

    await page.goto(detail);
    await page.getByRole('button', { name: 'Void', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Void reservation E2E-RES-2?' });
    await confirm.getByRole('button', { name: 'Void', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.page[data-status]').getAttribute('data-status')).toBe('voided');

    row = await stockRow();
    await expect.poll(async () => Number(await row.getAttribute('data-available'))).toBe(available - 2);
    expect(digits(await row.getByTestId('on-hand').textContent())).toBe(onHand - 2);
  });

  it('in French, reserving more than is available shows the French words for insufficient_stock', async () => {
    await page.goto(`${base}/reservations`);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Réservations' }).waitFor();
    const dialog = await createReservation('E2E-RES-TROP', available + 1000, FR);
    const error = dialog.locator('.inline-error[data-code="insufficient_stock"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Stock disponible insuffisant pour cette quantité.');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Reservations' }).waitFor();
  });

  it('changes the own password, a wrong current one refused first, and signs in with the new one', async () => {
    // The account menu (the name in the header) holds the password change and sign-out.
    await page.getByTestId('account-name').click();
    await page.getByText('Camille Martin (owner) · All warehouses').waitFor();
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.waitFor();
    await dialog.getByLabel('Current password').fill('not the right password at all');
    await dialog.getByLabel('New password', { exact: true }).fill('short');
    await dialog.getByLabel('New password, again').fill('short');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.locator('.field-error', { hasText: 'At least 12 characters.' }).waitFor();

    await dialog.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await dialog.getByLabel('New password, again').fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.locator('.field-error', { hasText: 'The current password is not right.' }).waitFor();

    await dialog.getByLabel('Current password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/Password changed\./).waitFor();

    await page.getByTestId('account-name').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('Email').fill(DEMO_OWNER_EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account-name').waitFor();
    expect(pageProblems).toEqual([]);
  });
});
