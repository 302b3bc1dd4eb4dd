// Proves how the server serves the web UI (src/http/web.ts): files as they are, hashed assets cached for a
// year, index.html for the UI's own routes, the API's 404 envelope for unknown API paths and missing files,
// no way out of the build directory, and a short note instead of a crash when the UI is not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/types.js';
import { webRoutes } from '../../src/http/web.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-outside.txt`, { force: true });
  }
});

/** A Fastify app with the UI routes and, like the real app, a JSON 404 for everything else. */
async function serve(root: string): Promise<App> {
  const app = Fastify({ logger: false }) as unknown as App;
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'route_not_found', message: `No operation ${req.url}`, details: {} } }),
  );
  app.get('/v1/things', async () => ({ ok: true }));
  app.get('/health', async () => ({ status: 'ok' }));
  await app.register(webRoutes, { root });
  await app.ready();
  return app;
}

function builtUi(): string {
  const root = mkdtempSync(join(tmpdir(), 'coulisse-web-'));
  dirs.push(root);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, '.env'), 'HIDDEN_CONTENT=1');
  // Outside the build: must never be reachable.
  writeFileSync(join(root, '..', `${root.split('/').pop()}-outside.txt`), 'OUTSIDE_CONTENT');
  return root;
}

describe('serving the web UI', () => {
  it('serves the app, its files and its routes, and leaves the API to the API', async () => {
    const app = await serve(builtUi());
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toContain('id="root"');

    const deep = await app.inject({ url: '/orders/ord_01ABC?status=allocated' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="root"');

    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');

    // A missing file is a 404, never the app's HTML (a script tag would otherwise load HTML).
    const missing = await app.inject({ url: '/assets/gone-123.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('route_not_found');

    for (const url of ['/v1/nothing-here', '/v1', '/docs/nothing', '/health/x']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code, url).toBe('route_not_found');
    }
    expect((await app.inject({ url: '/v1/things' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'HEAD', url: '/orders' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/orders' })).statusCode).toBe(404);
    await app.close();
  });

  it('never serves what is outside the build or hidden', async () => {
    const root = builtUi();
    const app = await serve(root);
    const name = `${root.split('/').pop()}-outside.txt`;
    for (const url of [
      `/../${name}`,
      `/%2e%2e/${name}`,
      `/assets/..%2f..%2f${name}`,
      `/assets/%2e%2e/%2e%2e/${name}`,
      '/.env',
      '/%E0%A4%A.js',
    ]) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.body, url).not.toContain('OUTSIDE_CONTENT');
      expect(r.body, url).not.toContain('HIDDEN_CONTENT');
    }
    await app.close();
  });

  it('says the UI is not built instead of failing when web/dist is missing', async () => {
    const app = await serve(join(tmpdir(), 'coulisse-web-does-not-exist'));
    const r = await app.inject({ url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.body).toContain('not built');
    expect((await app.inject({ url: '/orders' })).body).toContain('npm run build');
    expect((await app.inject({ url: '/v1/nothing' })).json().error.code).toBe('route_not_found');
    await app.close();
  });
});
