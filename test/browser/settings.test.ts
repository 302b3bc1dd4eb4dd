// Proves that the settings and reports screens work in a real browser against the demo shop: an API key
// is created and its secret shown once (and works), a webhook is created and its delivery log shows a
// failed delivery that can be retried, the audit log shows the key's creation and exports it as CSV,
// the shrinkage report exports too, and a warehouse operator gets no Settings or Reports entry. With
// SCREENSHOTS=1 it saves docs/screenshots/settings-*.png, audit.png and shrinkage.png.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_EMAIL, DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { deliverDue, fanOutEvents } from '../../src/events/webhooks.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'settings and reports in Chromium [pglite, demo shop]'
  : `settings and reports in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

/** Nothing listens on port 9 (discard) of the loopback: a delivery there fails with a connection error. */
const DEAD_URL = 'http://127.0.0.1:9/coulisse-hook';

async function downloaded(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

suite(title, () => {
  let demo: DemoServer;
  let owner: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    demo = await startDemo();
    owner = await demo.browser.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/Paris',
      acceptDownloads: true,
    });
    await owner.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.base });
    owner.setDefaultTimeout(10_000);
    page = await owner.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Expected refusals: 401 before sign-in, and the email_taken this journey provokes on purpose.
      if (m.type() === 'error' && !/\b(401|409) \(/.test(m.text())) pageProblems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lists the staff for the owner under Settings', async () => {
    await signIn(page, demo.base, DEMO_OWNER_EMAIL);
    await page.getByTestId('account-name').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/users');
    await page.locator(`.users-table tr[data-user="${DEMO_OPERATOR_EMAIL}"]`).waitFor();
    expect(await page.locator('.users-table tbody tr').count()).toBeGreaterThan(1);
    await shot(page, 'settings-users');
  });

  it("creates a user, showing the API's refusal inline first", async () => {
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.waitFor();
    await dialog.getByLabel('Email').fill(DEMO_OPERATOR_EMAIL);
    await dialog.getByLabel('Name').fill('Alex Dupont');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByLabel('Role').selectOption('manager');
    await dialog.getByRole('button', { name: 'Create' }).click();
    // Checked here first: too short, no warehouse.
    await dialog.getByText('At least 12 characters.').waitFor();
    await dialog.getByText('Choose at least one warehouse, or all.').waitFor();
    await dialog.getByLabel('Password').fill('a long enough passphrase');
    await dialog.getByLabel('PAR', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    // The server knows the address is taken: its code and message show in the dialog.
    await dialog.locator('.inline-error[data-code="email_taken"]').waitFor();
    await dialog.getByLabel('Email').fill('alex.dupont@demo.coulisse.dev');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Alex Dupont can now sign in.').waitFor();
    const row = page.locator('.users-table tr[data-user="alex.dupont@demo.coulisse.dev"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Manager');
    expect(await row.textContent()).toContain('PAR');

    // Disabling asks first; enabling does not.
    await row.getByRole('button', { name: 'Disable' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable Alex Dupont?' });
    await confirm.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('Alex Dupont is disabled.').waitFor();
    await expect.poll(() => row.textContent()).toContain('Disabled');
    await row.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('Alex Dupont is enabled again.').waitFor();
  });

  it('creates an API key and shows it once, with a copy button', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL('**/settings/api-keys');
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.waitFor();
    // Nothing filled in: the form says what is missing and sends nothing.
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Choose at least one scope.').waitFor();
    await dialog.getByLabel('Name').fill('Shop sync');
    await dialog.getByRole('button', { name: 'Read only' }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();

    const shown = page.getByRole('dialog', { name: 'API key created' });
    await shown.waitFor();
    expect(await shown.textContent()).toContain('shown only once');
    const key = await shown.getByTestId('shown-once-secret').inputValue();
    expect(key).toMatch(/^ck_/);
    await shot(page, 'settings-api-key');
    await shown.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(key);

    // The key works, with the scopes chosen.
    const me = await page.request.get(`${demo.base}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).permissions).not.toContain('orders.write');

    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    const row = page.locator('.api-keys-table tr[data-key="Shop sync"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    // Once closed, the key is nowhere on the page.
    expect(await page.content()).not.toContain(key);

    // Revoked after a confirmation, the key is refused from the next request on.
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the key “Shop sync”?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Key “Shop sync” revoked.').waitFor();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    const refused = await page.request.get(`${demo.base}/v1/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status()).toBe(401);
  });

  it("edits a channel's buffer and shows what it may sell", async () => {
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.waitForURL('**/settings/channels');
    const row = page.locator('.channels-table tbody tr').first();
    await row.waitFor();
    const code = (await row.getAttribute('data-channel'))!;
    await row.getByRole('button', { name: 'Availability' }).click();
    const availability = page.getByRole('dialog', { name: /Available to sell on/ });
    await availability.locator('tbody tr').first().waitFor();
    await availability.getByRole('button', { name: 'Close' }).last().click();
    await availability.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /^Edit / });
    await dialog.waitFor();
    await dialog.getByLabel('Buffer (%)').fill('150');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('A whole number from 0 to 100.').waitFor();
    await dialog.getByLabel('Buffer (%)').fill('10');
    await dialog.getByLabel('Buffer (units)').fill('3');
    await shot(page, 'settings-channel');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Channel ${code} updated.`).waitFor();
    await expect.poll(() => row.textContent()).toContain('3 u. + 10 %');
    await shot(page, 'settings-channels');
  });

  it('creates a hold rule and switches it off', async () => {
    await page.getByRole('link', { name: 'Hold rules' }).click();
    await page.waitForURL('**/settings/hold-rules');
    await page.getByRole('button', { name: 'New hold rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New hold rule' });
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Big orders');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Fill in at least one condition.').waitFor();
    await dialog.getByLabel(/^Total above/).fill('500');
    await dialog.getByLabel(/^in currency/).fill('eur');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Hold rule “Big orders” created.').waitFor();
    const row = page.locator('.hold-rules-table tbody tr', { hasText: 'Big orders' });
    expect(await row.textContent()).toContain('total > €500.00');
    expect(await row.textContent()).toContain('Active');
    await shot(page, 'settings-hold-rules');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Hold rule “Big orders” is off.').waitFor();
    await expect.poll(() => row.textContent()).toContain('Paused');
  });

  it('creates a webhook, shows its secret once and its delivery log with a failed delivery', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL('**/settings/webhooks');
    await page.getByRole('button', { name: 'New webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await dialog.waitFor();
    await dialog.getByLabel('URL').fill(DEAD_URL);
    await dialog.getByLabel('order.held').check();
    await dialog.getByLabel(/Description/).fill('Warehouse screen');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const shown = page.getByRole('dialog', { name: 'Webhook created' });
    await shown.waitFor();
    expect(await shown.getByTestId('shown-once-secret').inputValue()).not.toBe('');
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.locator(`.webhooks-table tr[data-webhook="${DEAD_URL}"]`);
    await row.waitFor();

    // An order put on hold is an order.held event; the delivery to a dead address fails.
    const { csrfToken } = await (await page.request.get(`${demo.base}/v1/me`)).json();
    const orders = await (await page.request.get(`${demo.base}/v1/orders?status=allocated&limit=1`)).json();
    const held = await page.request.post(`${demo.base}/v1/orders/${orders.items[0].id}/hold`, {
      headers: { 'x-csrf-token': csrfToken, 'idempotency-key': 'settings-test-hold' },
      data: { reason: 'Checking the webhook' },
    });
    expect(held.status()).toBe(200);
    expect(await fanOutEvents(demo.db)).toBeGreaterThan(0);
    await deliverDue(demo.db, { maxAttempts: 5, backoffBaseMs: 60_000, timeoutMs: 2000, batchSize: 10 });

    await row.getByRole('link', { name: 'Delivery log' }).click();
    await page.waitForURL('**/settings/webhooks/*');
    const delivery = page.locator('.deliveries-table tbody tr').first();
    await delivery.waitFor();
    expect(await delivery.textContent()).toContain('order.held');
    expect(await delivery.getAttribute('data-status')).toBe('failed');
    expect(await delivery.locator('td').nth(3).textContent()).toBe('1');
    await shot(page, 'settings-webhook-deliveries');
    await delivery.getByRole('button', { name: 'Retry now' }).click();
    await page.getByText('Delivery queued again.').waitFor();

    await page.getByRole('link', { name: 'All webhooks' }).click();
    await row.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Webhook paused.').waitFor();
    await expect.poll(() => row.textContent()).toContain('Paused');
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the webhook' });
    await edit.getByLabel(/Description/).fill('Warehouse wall screen');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Webhook updated.').waitFor();
    await expect.poll(() => row.textContent()).toContain('Warehouse wall screen');
  });

  it('shows the key creation in the audit log and exports it as CSV', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL('**/reports/audit');
    await page.locator('.audit-table tbody tr').first().waitFor();
    await page.getByLabel('Operation').fill('access.create_api_key');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/operation=access\.create_api_key/);
    // Only key creations are left (the demo shop's own keys among them), ours on top: newest first.
    await expect
      .poll(() => page.locator('.audit-table tbody tr:not([data-operation="access.create_api_key"])').count())
      .toBe(0);
    const rows = await page.locator('.audit-table tbody tr').count();
    const row = page.locator('.audit-table tbody tr').first();
    expect(await row.textContent()).toContain('Camille Martin');
    await shot(page, 'audit');
    await row.getByText('Before / after').click();
    await row.getByText('"Shop sync"').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await downloaded(download)).replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'occurredAt,actorKind,actorId,actorName,actorRole,operation,targetType,targetId,reason,requestId,before,after',
    );
    expect(lines).toHaveLength(rows + 1);
    expect(lines.slice(1).every((l) => l.includes('access.create_api_key'))).toBe(true);
    expect(lines[1]).toContain('Shop sync');
    await page.getByText(rows === 1 ? '1 row exported.' : `${rows} rows exported.`).waitFor();
  });

  it('shows the shrinkage report with its totals and exports it as CSV', async () => {
    await page.getByRole('link', { name: 'Shrinkage' }).click();
    await page.waitForURL('**/reports/shrinkage');
    await page.getByTestId('shrinkage-totals').waitFor();
    const rows = await page.locator('.shrinkage-table tbody tr').count();
    await shot(page, 'shrinkage');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const lines = (await downloaded(download)).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'period,sku,location,warehouse,reason,actorKind,actorId,actorName,qtyLost,qtyFound,netQty,moves',
    );
    expect(lines).toHaveLength(rows + 1);
    expect(pageProblems).toEqual([]);
  });

  it('reads in French', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Rapports', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Démarque' }).waitFor();
    await page.getByRole('button', { name: 'Exporter en CSV' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Principale' })
      .getByRole('link', { name: 'Paramètres' })
      .click();
    await page.getByRole('link', { name: 'Clés d’API' }).click();
    await page.getByRole('button', { name: 'Nouvelle clé d’API' }).waitFor();
    expect(await page.locator('.api-keys-table').textContent()).toContain('Révoquée');
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  });

  it('gives a warehouse operator no Settings or Reports entry, and says so at the address', async () => {
    const picker = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    try {
      picker.setDefaultTimeout(10_000);
      const p = await picker.newPage();
      await signIn(p, demo.base, DEMO_OPERATOR_EMAIL);
      await p.getByTestId('account-name').waitFor();
      const nav = p.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link').first().waitFor();
      expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Reports' }).count()).toBe(0);
      await p.goto(`${demo.base}/settings/users`);
      await p.getByText('Not available to your role').waitFor();
      // The API refuses too.
      expect((await p.request.get(`${demo.base}/v1/users`)).status()).toBe(403);
    } finally {
      await picker.close();
    }
  });
});
