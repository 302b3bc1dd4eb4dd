// Proves that the catalog and stock work of the earlier issues can be done from the browser (Debian's
// Chromium, driven by playwright-core) against a real server holding the demo shop: a SKU created (a bad
// GTIN refused inline with its code first) and found by its GTIN; 10 units received into a bin and 1
// scrapped, both in the history, and more received from the locations page; a 3-row SKU CSV with one bad
// row refused whole, then imported skipping it, with its per-row report; a transfer through transit
// between the two warehouses, shown as incoming on the SKU page and received on the Transfers page; a bin
// created under a zone (and, never used, deleted); a kit's components set and the SKU archived and
// restored; a reorder point set; and a warehouse operator who sees Receive but no Create SKU and no Scrap.
// With SCREENSHOTS=1 it saves sku-new.png and transfers.png in docs/screenshots/.
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
  ? 'catalog and stock work in Chromium [pglite, demo shop]'
  : `catalog and stock work in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/** A GTIN-13 with its GS1 check digit (weights 1 and 3 from the left over the first twelve digits). */
function gtin13(first12: string): string {
  const sum = [...first12].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

const SKU = 'E2E-MUG-01';

suite(title, () => {
  let demo: DemoServer;
  let base: string;
  let owner: BrowserContext;
  let page: Page;
  let workDir: string;
  let parBin: string;
  let lyoBin: string;
  const pageProblems: string[] = [];

  async function get(path: string): Promise<any> {
    return (await page.request.get(`${base}${path}`)).json();
  }

  beforeAll(async () => {
    demo = await startDemo();
    base = demo.base;
    owner = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    owner.setDefaultTimeout(10_000);
    page = await owner.newPage();
    page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Refusals provoked on purpose (the bad GTIN, the rejected import) are logged by the browser.
      if (m.type() === 'error' && !/\b(401|409|422)\b/.test(m.text()))
        pageProblems.push(`console: ${m.text()}`);
    });
    workDir = mkdtempSync(join(tmpdir(), 'coulisse-sku-import-'));
    await signIn(page, base, DEMO_OWNER_EMAIL);
    await page.getByTestId('account-name').waitFor();
    const bins = async (warehouse: string) =>
      (await get(`/v1/locations?warehouse=${warehouse}&kind=bin&limit=50`)).items.filter(
        (l: any) => !l.isArchived,
      );
    parBin = (await bins('PAR'))[0].code;
    lyoBin = (await bins('LYO'))[0].code;
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a SKU, refusing a bad GTIN inline first', async () => {
    await page.goto(`${base}/skus`);
    await page.getByRole('button', { name: 'Create SKU' }).click();
    const dialog = page.getByRole('dialog', { name: 'New SKU' });
    await dialog.waitFor();
    await dialog.getByLabel('Code').fill(SKU);
    await dialog.getByLabel('Name').fill('Enamel mug, white');
    const good = gtin13('299000000123');
    const bad = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;
    await dialog.getByLabel(/GTIN/).fill(bad);
    await dialog.getByRole('button', { name: 'Create SKU' }).click();
    const gtinError = dialog.locator('.field-error', { hasText: 'invalid_gtin' });
    await gtinError.waitFor();
    await shot(page, 'sku-new');
    await dialog.getByLabel(/GTIN/).fill(good);
    await dialog.getByRole('button', { name: 'Create SKU' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForURL(`**/skus/${SKU}`);
    await page.getByRole('heading', { name: new RegExp(SKU) }).waitFor();
    await page.getByText(good).waitFor();
    // Found by its GTIN on the list.
    await page.goto(`${base}/skus`);
    await page.getByLabel('Search by code, name or GTIN').fill(good);
    await page.locator('.skus-table tbody tr', { hasText: SKU }).waitFor();
  });

  it('receives 10 units into a bin and scraps 1, both in the history', async () => {
    await page.goto(`${base}/skus/${SKU}`);
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    const receive = page.getByRole('dialog', { name: `Receive ${SKU}` });
    await receive.waitFor();
    await receive.getByLabel('Location').fill(parBin);
    await receive.getByLabel('Quantity').fill('10');
    await receive.getByLabel(/Reference/).fill('PO-E2E-1');
    await receive.getByRole('button', { name: 'Receive', exact: true }).click();
    await receive.waitFor({ state: 'detached' });
    const row = page.locator(`.stock-table tbody tr[data-location="${parBin}"]`);
    await expect.poll(async () => digits(await row.getByTestId('on-hand').textContent())).toBe(10);

    await row.getByRole('button', { name: `Scrap stock at ${parBin}` }).click();
    const scrap = page.getByRole('dialog', { name: `Scrap ${SKU}` });
    await scrap.waitFor();
    await scrap.getByRole('button', { name: 'Scrap', exact: true }).click();
    await scrap.locator('.field-error').first().waitFor(); // no reason chosen yet
    await scrap.getByLabel('Reason').selectOption('damage');
    await scrap.getByLabel(/Note/).fill('Dropped on unpacking');
    await scrap.getByRole('button', { name: 'Scrap', exact: true }).click();
    await scrap.waitFor({ state: 'detached' });
    await expect.poll(async () => digits(await row.getByTestId('on-hand').textContent())).toBe(9);

    const moves = page.locator('.moves-table tbody tr');
    await expect.poll(() => moves.count()).toBe(2);
    expect(await moves.nth(0).textContent()).toContain('Scrap');
    expect(await moves.nth(0).textContent()).toContain('Dropped on unpacking');
    expect(await moves.nth(1).textContent()).toContain('Receipt');
    expect(await moves.nth(1).textContent()).toContain('PO-E2E-1');
  });

  it('imports a 3-row SKU CSV with one bad row and shows the report', async () => {
    const file = join(workDir, 'skus.csv');
    writeFileSync(
      file,
      [
        'code,name,gtin,unit',
        `E2E-IMP-1,Imported one,${gtin13('299000000201')},each`,
        `E2E-IMP-2,Imported two,${gtin13('299000000202')},each`,
        'E2E-IMP-3,Imported three,12345,each',
      ].join('\n'),
    );
    await page.goto(`${base}/skus`);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.waitForURL('**/skus/import');
    await page.getByLabel('CSV file').setInputFiles(file);
    // All or nothing first: the file is refused, the report says why.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Nothing was imported').waitFor();
    await page.locator('.import-errors tr[data-row="4"]', { hasText: 'invalid_gtin' }).waitFor();
    // Then skipping the bad row.
    await page.getByLabel('Import the valid rows, skip the others').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('The file was imported.').waitFor();
    expect(await page.getByTestId('sku-import-created').textContent()).toBe('2');
    expect(await page.getByTestId('sku-import-rejected').textContent()).toBe('1');
    await page.locator('.import-errors tr[data-row="4"]', { hasText: 'invalid_gtin' }).waitFor();
    expect((await get('/v1/skus?query=E2E-IMP')).items.map((s: any) => s.code)).toEqual([
      'E2E-IMP-1',
      'E2E-IMP-2',
    ]);
  });

  it('sends units in transit between the warehouses, shows them incoming, and receives them', async () => {
    await page.goto(`${base}/skus/${SKU}`);
    const from = page.locator(`.stock-table tbody tr[data-location="${parBin}"]`);
    await from.getByRole('button', { name: `Transfer stock from ${parBin}` }).click();
    const transfer = page.getByRole('dialog', { name: `Transfer ${SKU}` });
    await transfer.waitFor();
    await transfer.getByLabel('To', { exact: true }).fill(lyoBin);
    await transfer.getByLabel('Quantity').fill('3');
    await transfer.getByLabel(/Through in-transit/).check();
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();
    await transfer.waitFor({ state: 'detached' });
    const to = page.locator(`.stock-table tbody tr[data-location="${lyoBin}"]`);
    await expect.poll(async () => digits(await to.getByTestId('incoming').textContent())).toBe(3);
    expect(await page.getByTestId('incoming-by-warehouse').textContent()).toBe('In transit to LYO: 3');

    await page.getByRole('navigation').getByRole('link', { name: 'Transfers' }).click();
    await page.waitForURL('**/transfers');
    const row = page.locator('.transfers-table tbody tr[data-status="in_transit"]', { hasText: SKU });
    await row.waitFor();
    // What is on its way comes first.
    expect(await page.locator('.transfers-table tbody tr').first().getAttribute('data-status')).toBe(
      'in_transit',
    );
    await shot(page, 'transfers');
    await row.getByRole('button', { name: /Receive transfer/ }).click();
    const dialog = page.getByRole('dialog', { name: `Receive 3 × ${SKU} at ${lyoBin}` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Units arriving now').inputValue()).toBe('3');
    await dialog.getByRole('button', { name: 'Receive', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.transfers-table tbody tr[data-status="received"]', { hasText: SKU }).waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Transferts', level: 1 }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Transfers', level: 1 }).waitFor();

    await page.goto(`${base}/skus/${SKU}`);
    await expect.poll(async () => digits(await to.getByTestId('on-hand').textContent())).toBe(3);
    expect(digits(await to.getByTestId('incoming').textContent())).toBe(0);
  });

  it('receives into a bin from the locations page', async () => {
    await page.goto(`${base}/locations?location=${encodeURIComponent(parBin)}`);
    await page.getByRole('heading', { name: `Stock at ${parBin}` }).waitFor();
    await page.getByRole('button', { name: `Receive stock into ${parBin}` }).click();
    const dialog = page.getByRole('dialog', { name: `Receive into ${parBin}` });
    await dialog.getByLabel('SKU').fill(SKU);
    await dialog.getByLabel('Quantity').fill('2');
    await dialog.getByRole('button', { name: 'Receive', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.location-stock tbody tr', { hasText: SKU }).waitFor();
  });

  it('creates a bin under a zone from the locations tree', async () => {
    await page.goto(`${base}/locations`);
    const par = page.locator('li[data-location="PAR"]');
    await par.waitFor();
    await par.getByRole('button', { name: 'Expand PAR' }).click();
    const zone = par.locator('li').first();
    const zoneCode = (await zone.getAttribute('data-location'))!;
    await zone.getByRole('button', { name: `Show the stock at ${zoneCode}` }).click();
    await page.getByRole('button', { name: `Add under ${zoneCode}` }).click();
    const dialog = page.getByRole('dialog', { name: `Add under ${zoneCode}` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Kind').inputValue()).toBe('bin');
    expect(await dialog.getByLabel('Under').inputValue()).toBe(zoneCode);
    await dialog.getByLabel('Code').fill('E2E-BIN-01');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Location PAR/E2E-BIN-01 created.').waitFor();
    await page.locator('li[data-location="PAR/E2E-BIN-01"]').waitFor();
    const created = await get(`/v1/locations/${encodeURIComponent('PAR/E2E-BIN-01')}`);
    expect(created.parent).toBe(zoneCode);
    expect(created.kind).toBe('bin');

    // Never used, so it can be deleted.
    await page.getByRole('button', { name: 'Show the stock at PAR/E2E-BIN-01' }).click();
    await page.getByRole('heading', { name: 'Stock at PAR/E2E-BIN-01' }).waitFor();
    await page.getByRole('button', { name: 'Delete PAR/E2E-BIN-01' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete PAR/E2E-BIN-01?' });
    await remove.getByRole('button', { name: 'Delete', exact: true }).click();
    await remove.waitFor({ state: 'detached' });
    await page.locator('li[data-location="PAR/E2E-BIN-01"]').waitFor({ state: 'detached' });
  });

  it('makes a SKU a kit of components, and archives and restores it', async () => {
    await page.goto(`${base}/skus/E2E-IMP-1`);
    await page.getByText('Not a kit: no components.').waitFor();
    await page.getByRole('button', { name: 'Edit components' }).click();
    const dialog = page.getByRole('dialog', { name: 'Components of E2E-IMP-1' });
    await dialog.getByRole('button', { name: 'Add a component' }).click();
    await dialog.getByLabel('Component SKU').fill('E2E-IMP-2');
    await dialog.getByLabel('Quantity').fill('2');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.components-table tr[data-component="E2E-IMP-2"]', { hasText: '2' }).waitFor();
    await page.locator('.badges', { hasText: 'Kit' }).waitFor();

    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    const archive = page.getByRole('dialog', { name: 'Archive E2E-IMP-1?' });
    await archive.getByRole('button', { name: 'Archive', exact: true }).click();
    await archive.waitFor({ state: 'detached' });
    await page.locator('.badges', { hasText: 'Archived' }).waitFor();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    const restore = page.getByRole('dialog', { name: 'Restore' });
    await restore.getByRole('button', { name: 'Restore', exact: true }).click();
    await restore.waitFor({ state: 'detached' });
    await page.locator('.badges', { hasText: 'Active' }).waitFor();
  });

  it('sets a reorder point on the SKU page', async () => {
    await page.goto(`${base}/skus/${SKU}`);
    await page.getByText('No reorder point is set for this SKU.').waitFor();
    await page.getByRole('button', { name: 'Edit reorder points' }).click();
    const dialog = page.getByRole('dialog', { name: `Reorder points of ${SKU}` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Add a warehouse' }).click();
    await dialog.getByLabel('Warehouse').selectOption('PAR');
    await dialog.getByLabel('Low at').fill('20');
    await dialog.getByLabel(/Reorder quantity/).fill('50');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const point = page.locator('.reorder-table tr[data-warehouse="PAR"]');
    await point.waitFor();
    expect(await point.textContent()).toContain('20');
    expect(await point.textContent()).toContain('Low');
    expect(pageProblems).toEqual([]);
  });

  it('shows a warehouse operator Receive but no Create SKU and no Scrap', async () => {
    const picker = await demo.browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    try {
      picker.setDefaultTimeout(10_000);
      const p = await picker.newPage();
      await signIn(p, base, DEMO_OPERATOR_EMAIL);
      await p.getByTestId('account-name').waitFor();
      await p.goto(`${base}/skus`);
      await p.locator('.skus-table tbody tr').first().waitFor();
      expect(await p.getByRole('button', { name: 'Create SKU' }).count()).toBe(0);
      expect(await p.getByRole('link', { name: 'Import CSV' }).count()).toBe(0);
      await p.goto(`${base}/skus/${SKU}`);
      await p.getByRole('heading', { name: 'Stock by location' }).waitFor();
      await p.getByRole('button', { name: 'Receive', exact: true }).waitFor();
      expect(await p.getByRole('button', { name: /Scrap/ }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Archive', exact: true }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Edit reorder points' }).count()).toBe(0);
    } finally {
      await picker.close();
    }
  });
});
