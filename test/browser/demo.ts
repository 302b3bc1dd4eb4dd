import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Db, openPglite } from '../../src/db/index.js';
import { createDemoUsers } from '../../src/demo/demo-users.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import { CHROMIUM_PATH } from './chromium.js';

/**
 * What a browser journey needs: a server on a free port holding a fresh demo shop (from the migrated
 * template) with its demo users, Debian's Chromium, sign-in, and screenshots saved when SCREENSHOTS=1.
 */

export const PASSWORD = 'browser-journey-password';
export const SCREENSHOTS = process.env.SCREENSHOTS === '1';
const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface DemoServer {
  db: Db;
  app: App;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startDemo(): Promise<DemoServer> {
  const dump = readFileSync(inject('pgliteTemplate'));
  const db = await openPglite({ dataDir: null, loadDataDir: new Blob([dump]) });
  await seedDemo(db);
  await createDemoUsers(db, PASSWORD);
  const app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
  const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  return {
    db,
    app,
    base,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

/** Saves a screenshot when SCREENSHOTS=1; toasts left over from earlier steps are kept out of it. */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
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

export async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
