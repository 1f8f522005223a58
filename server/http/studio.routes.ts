import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** STUDIO_DIST_DIR points a test run at its own build (parallel browser-test runs must not share one). */
export const studioDistDir = process.env.STUDIO_DIST_DIR ?? fileURLToPath(new URL('../../dist/studio', import.meta.url));

/**
 * The built studio under /studio/: hashed assets are cached for a year, every other path is the
 * single-page app's index.html (client-side routes). Without a build the server still runs and says so.
 */
export async function studioRoutes(app: FastifyInstance, { root = studioDistDir }: { root?: string } = {}): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false });
  const built = () => existsSync(join(root, 'index.html'));

  app.get('/studio', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/studio/'));
  // The dealer portal's short address (printed on dealer onboarding letters).
  app.get('/portal', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/studio/portal'));
  app.get('/studio/*', { schema: { hide: true } }, async (request, reply) => {
    if (!built()) {
      return reply.status(503).type('text/plain; charset=utf-8')
        .send('工作室尚未构建：请运行 npm run build:studio\nThe studio is not built: run npm run build:studio');
    }
    const rel = normalize((request.params as { '*': string })['*'] ?? '').replace(/^([/\\])+/, '');
    const file = resolve(root, rel);
    const inside = file.startsWith(resolve(root) + sep);
    if (rel && inside && existsSync(file) && statSync(file).isFile()) {
      const immutable = rel.startsWith('assets' + sep) || rel.startsWith('assets/');
      return reply.sendFile(rel, { cacheControl: true, maxAge: immutable ? '365d' : 0, immutable });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}
