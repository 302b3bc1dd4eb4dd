/** Configuration is parsed once, every bad variable is reported together, secrets never leak. */
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults: embedded database in ./.coulisse on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: null, dataDir: './.coulisse', host: '127.0.0.1', port: 3000 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        COULISSE_DB_POOL_SIZE: '0',
      });
      throw new Error('expected ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'COULISSE_DB_POOL_SIZE'])
        expect(problems).toContain(name);
    }
  });

  it('refuses the test-only guard switch outside tests', () => {
    expect(() => loadConfig({ COULISSE_UNSAFE_DISABLE_STOCK_GUARD: '1' })).toThrow(/test-only/);
    expect(
      loadConfig({ COULISSE_UNSAFE_DISABLE_STOCK_GUARD: '1', NODE_ENV: 'test' }).unsafeDisableStockGuard,
    ).toBe(true);
  });

  it('masks the database password when described for logs', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:5432/coulisse' });
    expect(JSON.stringify(describeConfig(c))).not.toContain('s3cret');
  });
});

describe('COULISSE_TRUST_PROXY', () => {
  it('takes false, true, a hop count or a list of proxy addresses, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ COULISSE_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ COULISSE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ COULISSE_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
    ]);
    expect(() => loadConfig({ COULISSE_TRUST_PROXY: 'proxy.example' })).toThrow(/COULISSE_TRUST_PROXY/);
  });
});
