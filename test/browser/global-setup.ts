import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import prepareDatabaseTemplate from '../support/global-setup.js';
import { CHROMIUM_PATH } from './chromium.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web');
const BUILT = join(WEB, 'dist', 'index.html');

function newestInput(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestInput(join(path, entry)));
  return newest;
}

/**
 * The browser journeys need Chromium, a migrated database template and the built UI. Without
 * /usr/bin/chromium the suite is skipped and nothing is prepared; otherwise the UI is built when web/dist
 * is missing or older than its sources, so the journeys always run against the code being tested.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(
      `\n[browser] Browser journeys skipped: no Chromium at ${CHROMIUM_PATH} (Debian: apt-get install chromium).\n`,
    );
    project.provide('pgliteTemplate', '');
    return;
  }
  await prepareDatabaseTemplate(project);
  const inputs = ['src', 'public', 'index.html', 'vite.config.ts']
    .map((p) => join(WEB, p))
    .filter(existsSync);
  const isStale = !existsSync(BUILT) || Math.max(...inputs.map(newestInput)) > statSync(BUILT).mtimeMs;
  if (isStale) {
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const built = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (built.status !== 0) throw new Error('[browser] building the web UI failed (npm run build:web)');
  }
}
