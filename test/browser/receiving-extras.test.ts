// Proves the receiving extras end to end in a real browser against the demo shop: the owner makes an empty
// Paris bin a quarantine bin in the locations tree (and is told why a bin holding reserved units cannot
// be), sees the put-away rules, imports a faulty X12 856 and is shown the faulty segment, imports a good one
// for the demo's sent purchase order PO-000001 and receives it with one line short, the order's lines
// moving by what arrived. With SCREENSHOTS=1 it saves docs/screenshots/receiving-*.png.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'location usage, put-away rules and ASN receiving in Chromium [pglite, demo shop]'
  : `location usage, put-away rules and ASN receiving in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

/**
 * A small synthetic ship notice from Nordic Ceramics for PO-000001: 4 MUG-BLU named by our SKU code (BP)
 * and 6 MUG-WHT named by the supplier's code (VP), both straight under the order level.
 */
function shipNotice(sn1BluQty: string): string {
  return [
    'ISA*00*          *00*          *ZZ*NORDCER        *ZZ*COULISSE       *261120*0930*U*00401*000000102*0*T*>',
    'GS*SH*NORDCER*COULISSE*20261120*0930*102*X*004010',
    'ST*856*0001',
    'BSN*00*ASN-BROWSER-1*20261120*0930*0001',
    'HL*1**S',
    'N1*SF*NORDIC CERAMICS AB',
    'HL*2*1*O',
    'PRF*PO-000001',
    'HL*3*2*I',
    'LIN*1*BP*MUG-BLU',
    `SN1**${sn1BluQty}*EA`,
    'HL*4*2*I',
    'LIN*2*VP*NC-MUG-WHT',
    'SN1**6*EA',
    'CTT*2',
    'SE*14*0001',
    'GE*1*102',
    'IEA*1*000000102',
  ]
    .map((segment) => `${segment}~`)
    .join('\n');
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

  const binWhere = async (reserved: 'none' | 'some') => {
    const { rows } = await demo.db.query<{ code: string }>(
      `SELECT l.code FROM locations l
        WHERE l.kind = 'bin' AND l.usage = 'storage' AND l.code LIKE 'PAR/%' AND NOT l.is_archived
          AND ${reserved === 'none' ? 'NOT ' : ''}EXISTS (
            SELECT 1 FROM stock_balances b WHERE b.location_id = l.location_id AND b.reserved > 0)
        ORDER BY l.code LIMIT 1`,
    );
    expect(rows[0], `a Paris storage bin with ${reserved} reserved units`).toBeDefined();
    return rows[0]!.code;
  };

  const changeUsage = async (code: string, usage: string) => {
    await page.goto(`${demo.base}/locations?location=${encodeURIComponent(code)}`);
    await page.getByRole('button', { name: `Change the usage of ${code}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(usage, { exact: true }).check();
    await dialog.getByTestId('usage-submit').click();
    return dialog;
  };

  it('makes an empty bin a quarantine bin in the locations tree, with its badge', async () => {
    const bin = await binWhere('none');
    const dialog = await changeUsage(bin, 'Quarantine');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Expand all' }).click();
    const badge = page.locator(`li[data-location="${bin}"] > .tree-row [data-testid="location-usage"]`);
    await expect.poll(() => badge.getAttribute('data-usage')).toBe('quarantine');
    expect(await badge.textContent()).toBe('Quarantine');
    // The dock the demo receives into shows as one.
    expect(
      await page
        .locator('li[data-location="PAR/DOCK"] > .tree-row [data-testid="location-usage"]')
        .getAttribute('data-usage'),
    ).toBe('receiving');
    await shot(page, 'receiving-location-usage', { fullPage: true });
    const { rows } = await demo.db.query<{ usage: string }>('SELECT usage FROM locations WHERE code = $1', [
      bin,
    ]);
    expect(rows[0]?.usage).toBe('quarantine');
  });

  it('refuses to quarantine a bin holding reserved units and says why', async () => {
    const bin = await binWhere('some');
    const dialog = await changeUsage(bin, 'Quarantine');
    await expect
      .poll(() => dialog.getByTestId('error-code').textContent())
      .toContain('location_has_reservations');
    expect(await dialog.getByRole('alert').first().textContent()).toContain('reserved');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const { rows } = await demo.db.query<{ usage: string }>('SELECT usage FROM locations WHERE code = $1', [
      bin,
    ]);
    expect(rows[0]?.usage).toBe('storage');
  });

  it('lists the put-away rules and deactivates and reactivates one', async () => {
    await page.goto(`${demo.base}/inbound/putaway`);
    await page.getByTestId('putaway-setup').click();
    await page.getByRole('heading', { name: 'Put-away rules', level: 1 }).waitFor();
    await page.getByTestId('warehouse-select').selectOption('PAR');
    const rule = page.locator('[data-testid="putaway-rule"][data-kind="overflow"]');
    await rule.waitFor();
    await rule.getByTestId('rule-toggle').click();
    await expect.poll(() => rule.getAttribute('data-active')).toBe('false');
    await rule.getByTestId('rule-toggle').click();
    await expect.poll(() => rule.getAttribute('data-active')).toBe('true');
    await shot(page, 'receiving-putaway-rules', { fullPage: true });
  });

  it('names the faulty segment of an 856, then imports a good one for PO-000001', async () => {
    await page.goto(`${demo.base}/inbound/receiving`);
    await page.getByTestId('open-asn').click();
    await page.getByRole('heading', { name: 'Advance ship notice (ASN)', level: 1 }).waitFor();
    await page.getByTestId('asn-edi').fill(shipNotice('FOUR'));
    await page.getByTestId('asn-import-submit').click();
    const where = page.getByTestId('edi-where');
    await where.waitFor();
    expect(await where.textContent()).toContain('SN1');
    expect(await page.locator('[data-code="invalid_edi"]').count()).toBe(1);

    await page.getByTestId('asn-edi').fill(shipNotice('4'));
    await page.getByTestId('asn-import-submit').click();
    const asn = page.getByTestId('asn');
    await asn.waitFor();
    expect(await page.getByTestId('asn-imported').getAttribute('data-created')).toBe('true');
    expect(await asn.getAttribute('data-reference')).toBe('ASN-BROWSER-1');
    expect(await page.getByTestId('asn-status').textContent()).toBe('Open');
    expect(await asn.getByTestId('asn-line').count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('asn')).toMatch(/^asn_/);
    await shot(page, 'receiving-asn', { fullPage: true });
  });

  it('receives the ASN with one line short; the purchase order moves by what arrived', async () => {
    const before = await receivedOnPo();
    const blue = page.locator('[data-testid="asn-line"][data-sku="MUG-BLU"]');
    await blue.getByTestId('asn-arrived').fill('3');
    await page.getByTestId('asn-receive').click();
    await page.getByTestId('asn-receipts').waitFor();
    await expect.poll(() => page.getByTestId('asn-status').textContent()).toBe('Received');
    expect(await blue.getByTestId('asn-line-received').textContent()).toBe('3');
    expect(
      await page
        .locator('[data-testid="asn-line"][data-sku="MUG-WHT"] [data-testid="asn-line-received"]')
        .textContent(),
    ).toBe('6');
    expect(await page.locator('[data-testid="receipt-line"]').count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'receiving-asn-received', { fullPage: true });
    const after = await receivedOnPo();
    expect(after['MUG-BLU']! - before['MUG-BLU']!).toBe(3);
    expect(after['MUG-WHT']! - before['MUG-WHT']!).toBe(6);
    expect(pageProblems).toEqual([]);
  });

  async function receivedOnPo(): Promise<Record<string, number>> {
    const { rows } = await demo.db.query<{ sku: string; received: number }>(
      `SELECT s.code AS sku, sum(l.qty_received)::int AS received FROM purchase_order_lines l
         JOIN purchase_orders po ON po.po_id = l.po_id JOIN skus s ON s.sku_id = l.sku_id
        WHERE po.number = 'PO-000001' GROUP BY s.code`,
    );
    return Object.fromEntries(rows.map((r) => [r.sku, Number(r.received)]));
  }
});
