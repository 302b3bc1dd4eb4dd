import { defineConfig } from 'vitest/config';

/**
 * Five projects:
 * - unit: pure code (kernel, domain rules), property tests included;
 * - pglite: the HTTP integration suite in process on embedded PGlite, a fresh database per file;
 * - postgres: the same suite on a PostgreSQL server plus what only a server can show (several server
 *   processes, crashes). It needs TEST_DATABASE_URL and says it is skipped without it;
 * - web: the web UI's pure code (formatting, dates);
 * - browser: journeys through the web UI in Debian's Chromium (playwright-core) against a server with the
 *   demo shop. It needs /usr/bin/chromium and says it is skipped without it.
 */
const integration = ['test/integration/**/*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'bench/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: [...integration, 'test/cli/**/*.test.ts'],
          env: { COULISSE_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...integration, 'test/postgres/**/*.test.ts'],
          env: { COULISSE_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'web', include: ['web/src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { COULISSE_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
