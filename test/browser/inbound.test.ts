// Proves the inbound and control screens end to end in a real browser against the demo shop: the owner
// opens the demo's sent purchase order, receives one of its lines by scanning (one unit marked damaged,
// everything quarantined for QC), accepts the good units at QC, plans put-away and scans each destination
// bin, then sees the units in a storage bin on the SKU page (with its life panel) and the order partly
// received; a Paris warehouse operator counts a bin blind (the expected quantity is not on the screen) and
// the owner approves the variance. With SCREENSHOTS=1 it saves docs/screenshots/inbound-*.png.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_EMAIL, DEMO_OWNER_EMAIL } from '../../src/demo/demo-users.js';
import { CHROMIUM_PATH, hasChromium } from './chromium.js';
import { DESKTOP, type DemoServer, PHONE, shot, signIn, startDemo } from './demo.js';

const suite = hasChromium() ? describe : (describe.skip as unknown as typeof describe);
const title = hasChromium()
  ? 'inbound and control in Chromium [pglite, demo shop]'
  : `inbound and control in Chromium [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium]`;

const SKU = 'MUG-BLU';

suite(title, () => {
  let demo: DemoServer;
  let owner: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];
  let poId = '';
  const putAway = new Map<string, number>();

  const watch = (p: Page) => {
    p.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // Refused scans answer 409/422 on purpose; the browser logs those responses as errors.
      if (m.type() === 'error' && !/status of (401|404|409|422)/.test(m.text()))
        pageProblems.push(`console: ${m.text()}`);
    });
  };

  const scan = async (p: Page, testId: string, code: string) => {
    const input = p.getByTestId(testId);
    await input.fill(code);
    await input.press('Enter');
  };

  const newContext = async () => {
    const context = await demo.browser.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      timezoneId: 'Europe/Paris',
    });
    context.setDefaultTimeout(10_000);
    return context;
  };

  beforeAll(async () => {
    demo = await startDemo();
    owner = await newContext();
    page = await owner.newPage();
    watch(page);
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('opens the sent purchase order from the Inbound entry', async () => {
    await signIn(page, demo.base, DEMO_OWNER_EMAIL);
    await page.getByRole('navigation').getByRole('link', { name: 'Inbound', exact: true }).click();
    await page.getByRole('heading', { name: 'Purchase orders', level: 1 }).waitFor();
    await shot(page, 'inbound-purchase-orders');
    await page.getByRole('link', { name: 'PO-000001' }).click();
    await page.waitForURL('**/inbound/purchase-orders/po_*');
    poId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.getByTestId('po-status').textContent()).toBe('Partially received');
    const pdf = await page.request.get(
      `${demo.base}${await page.getByTestId('po-pdf').getAttribute('href')}`,
    );
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await shot(page, 'inbound-po', { fullPage: true });
  });

  it('receives a line by scanning, one unit damaged, and accepts the good units at QC', async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: 'Receive', exact: true }).click();
    await page.waitForURL(`**/inbound/receiving/${poId}`);
    const sku = (await (await page.request.get(`${demo.base}/v1/skus/${SKU}`)).json()) as { gtin: string };
    // The product barcode for most scans, the SKU code once, as a keyboard-wedge scanner sends them.
    for (const code of [sku.gtin, sku.gtin, sku.gtin, SKU, sku.gtin, sku.gtin]) {
      await scan(page, 'receive-scan', code);
    }
    await expect.poll(() => page.getByTestId('line-good').textContent()).toBe('6');
    await scan(page, 'receive-scan', 'NOT-ON-THIS-PO');
    await page.locator('[data-testid="scan-feedback"][data-code="item_not_on_purchase_order"]').waitFor();
    await page.getByTestId('mark-damaged').click();
    expect(await page.getByTestId('line-good').textContent()).toBe('5');
    expect(await page.getByTestId('line-damaged').textContent()).toBe('1');
    await page.getByTestId('receive-qc').check();
    await shot(page, 'inbound-receive-phone', { fullPage: true });
    await page.getByTestId('receive-submit').click();
    await page.getByTestId('receipt-summary').waitFor();
    expect(await page.locator('[data-testid="receipt-line"][data-discrepancy="damaged"]').count()).toBe(1);
    const qc = page.getByTestId('qc-panel');
    await qc.waitFor();
    expect(await qc.getByLabel('Accept').inputValue()).toBe('5');
    expect(await qc.getByLabel('Reject', { exact: true }).inputValue()).toBe('1');
    await shot(page, 'inbound-qc', { fullPage: true });
    await page.getByTestId('qc-submit').click();
    await page.getByTestId('qc-done').waitFor();
  });

  it('plans put-away and scans each destination bin', async () => {
    await page.getByTestId('qc-done').getByRole('link', { name: 'Go to put-away' }).click();
    await page.waitForURL('**/inbound/putaway');
    await page.getByTestId('warehouse-select').selectOption('PAR');
    await page.getByTestId('plan-putaway').click();
    await page.getByTestId('putaway-task').waitFor();
    await shot(page, 'inbound-putaway-phone');
    let refused = false;
    for (let step = 0; step < 10; step++) {
      if (!(await page.getByTestId('putaway-task').isVisible())) break;
      const bin = (await page.getByTestId('putaway-bin').textContent())!.trim();
      const sku = (await page.getByTestId('putaway-sku').textContent())!.trim();
      const qty = Number(await page.getByTestId('putaway-qty').textContent());
      if (!refused) {
        // The quarantine bin is no storage bin: the server refuses it and the screen says why.
        await scan(page, 'putaway-scan', 'QUAR');
        await page.locator('[data-testid="scan-feedback"][role="alert"]').waitFor();
        await shot(page, 'inbound-putaway-wrong-bin');
        refused = true;
      }
      const taskId = await page.getByTestId('putaway-task').getAttribute('data-task');
      const done = page.waitForResponse((r) => r.url().includes('/confirm') && r.status() === 200);
      await scan(page, 'putaway-scan', bin);
      await done;
      await expect
        .poll(() => page.getByTestId('scan-feedback').textContent())
        .toContain(`put away in ${bin}`);
      // The confirmed task leaves the screen when the list is read again; only then is the next one (or
      // "everything is put away") what the screen shows.
      await expect
        .poll(() =>
          page
            .locator('[data-testid="putaway-task"]')
            .evaluateAll((cards) => cards.map((c) => c.dataset.task)),
        )
        .not.toContain(taskId);
      if (sku === SKU) putAway.set(`PAR/${bin}`, (putAway.get(`PAR/${bin}`) ?? 0) + qty);
    }
    await page.getByText('Everything is put away.').waitFor();
    expect([...putAway.values()].reduce((a, b) => a + b, 0)).toBe(5);
    await page.setViewportSize(DESKTOP);
  });

  it('shows the units in a storage bin on the SKU page and the order partly received', async () => {
    await page.goto(`${demo.base}/skus/${SKU}`);
    const [bin, qty] = [...putAway][0]!;
    const row = page.locator(`tr[data-location="${bin}"]`);
    await row.waitFor();
    expect(
      Number((await row.getByTestId('on-hand').textContent())?.replace(/\D/g, '')),
    ).toBeGreaterThanOrEqual(qty);
    const life = page.getByTestId('sku-lifecycle');
    await life.locator('[data-stage="onOrder"]').waitFor();
    expect(await life.locator('[data-stage="onOrder"] .life-value').textContent()).toBe('6');
    await shot(page, 'inbound-sku-life', { fullPage: true });

    await page.goto(`${demo.base}/inbound/purchase-orders/${poId}`);
    expect(await page.getByTestId('po-status').textContent()).toBe('Partially received');
    expect(await page.locator(`tr[data-sku="${SKU}"] [data-testid="line-received"]`).textContent()).toBe('6');
  });

  it('counts a bin blind as the warehouse operator and the manager approves the variance', async () => {
    await page.goto(`${demo.base}/inbound/counts/plans`);
    await page.getByTestId('warehouse-select').selectOption('PAR');
    await page.getByTestId('generate-counts').first().click();
    await page.getByText(/tasks created/).waitFor();

    const operator = await newContext();
    const floor = await operator.newPage();
    watch(floor);
    await floor.setViewportSize(PHONE);
    await signIn(floor, demo.base, DEMO_OPERATOR_EMAIL);
    await floor.waitForURL((url) => !url.pathname.startsWith('/login'));
    await floor.goto(`${demo.base}/inbound/counts`);
    const task = floor.locator('[data-testid="count-task"][data-source="plan"]:not([data-sku=""])').first();
    await task.waitFor();
    const location = (await task.getAttribute('data-location'))!;
    const sku = (await task.getAttribute('data-sku'))!;
    const { rows } = await demo.db.query<{ on_hand: number }>(
      `SELECT b.on_hand FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
         JOIN locations l ON l.location_id = b.location_id WHERE s.code = $1 AND l.code = $2`,
      [sku, location],
    );
    const expected = Number(rows[0]?.on_hand ?? 0);
    await scan(floor, 'count-scan', location.split('/')[1]!);
    await scan(floor, 'count-scan', sku);
    await floor.getByTestId('count-form').waitFor();
    expect(await floor.getByTestId('count-blind').isVisible()).toBe(true);
    expect(await floor.getByTestId('count-expected').count()).toBe(0);
    expect(await floor.getByTestId('count-form').textContent()).not.toContain(`Expected`);
    await floor.getByTestId('counted-qty').fill(String(expected + 3));
    await shot(floor, 'inbound-count-blind-phone');
    await floor.getByTestId('count-submit').click();
    const result = floor.getByTestId('count-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('counted');
    await operator.close();

    await page.goto(`${demo.base}/inbound/counts/approvals`);
    const row = page.locator(`[data-testid="approval-row"][data-location="${location}"][data-sku="${sku}"]`);
    await row.waitFor();
    expect(await row.getByTestId('approval-variance').textContent()).toBe('+3');
    await shot(page, 'inbound-count-approval', { fullPage: true });
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const { rows: after } = await demo.db.query<{ on_hand: number }>(
      `SELECT b.on_hand FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id
         JOIN locations l ON l.location_id = b.location_id WHERE s.code = $1 AND l.code = $2`,
      [sku, location],
    );
    expect(Number(after[0]?.on_hand)).toBe(expected + 3);
    expect(pageProblems).toEqual([]);
  });
});
