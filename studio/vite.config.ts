import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The studio is served by the Fastify server under /studio/; `npm run dev:studio` proxies the API. */
export default defineConfig({
  root,
  base: '/studio/',
  plugins: [react()],
  build: {
    outDir: process.env.STUDIO_DIST_DIR ?? fileURLToPath(new URL('../dist/studio', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/schemas': 'http://127.0.0.1:3000' } },
});
