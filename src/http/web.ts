import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './types.js';

/** Where `npm run build:web` writes the UI: web/dist at the repository root, from src/http or dist/http. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const NOT_BUILT =
  'The Coulisse web UI is not built. Run `npm run build` (or `npm run build:web`) and restart the server.\n' +
  'The API is at /v1 and its documentation at /docs.\n';

/** Paths that belong to the API or its documents: never answered with the UI. */
function isServerPath(path: string): boolean {
  return /^\/(v1|docs|health)(\/|$)/.test(path);
}

/**
 * Serves the single-page web UI (web/dist) at `/`: files that exist are sent as they are (content-hashed
 * files under /assets/ are cached for a year, since a new build gives them new names), and any other
 * path that is not the API's (/v1, /docs, /health) gets index.html, so that the UI's own routes
 * (/orders/ord_…) survive a reload. index.html is never cached, so a new build is picked up at once.
 * Without a build, `/` answers with a short text saying so instead of failing.
 *
 * The routes added here are GET/HEAD `/*` only; the API's routes are more specific and always win, and
 * an unknown /v1 path still gets the API's 404 envelope.
 */
export async function webRoutes(app: App, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  const isBuilt = existsSync(join(root, 'index.html'));
  if (isBuilt) {
    // Only reply.sendFile: the routes are ours, so that the SPA fallback and the API's 404 stay in charge.
    await app.register(fastifyStatic, { root, serve: false, index: false, dotfiles: 'ignore' });
  }

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (isServerPath(path)) return reply.callNotFound();
    if (!isBuilt) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    if (lastSegment.includes('.')) {
      // A file: served if it exists, else the API's 404 (a missing script must not turn into HTML).
      let file: string;
      try {
        file = decodeURIComponent(path.slice(1));
      } catch {
        return reply.callNotFound();
      }
      const isHashed = path.startsWith('/assets/');
      return reply.sendFile(file, isHashed ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });
}
