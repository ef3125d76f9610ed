/**
 * Vite config for the dashboard: root is client/, the production build goes to client/dist (served by
 * the Express server), and the dev server proxies /api to the API on port 3000.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const CLIENT_ROOT = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: CLIENT_ROOT,
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
});
