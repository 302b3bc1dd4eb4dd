import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web UI: `npm run build:web` writes web/dist, which the Coulisse server serves at `/`.
 * `npm run dev:web` serves it with hot reload on :5173 and forwards /v1 to a server on :3000, so the
 * session cookie stays same-origin as in production.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Vite's default limit (500 kB): each feature area is its own chunk (app/lazy-screens.tsx), so a chunk
    // over it is news.
    rolldownOptions: {
      output: {
        // An area's chunk is named after the area (orders-screens-…js), so the build output reads.
        chunkFileNames: (chunk) => {
          const area = /features\/([a-z-]+)\/screens\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
          return area ? `assets/${area}-screens-[hash].js` : 'assets/[name]-[hash].js';
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/v1': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
