// The one stylesheet, served under a name carrying a hash of its content so browsers can
// keep it for a year without ever showing a stale one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { projectPath } from '../paths.js';

export const STYLESHEET_FILE = projectPath('public', 'styles.css');

async function assetsPlugin(app: FastifyInstance): Promise<void> {
  const css = readFileSync(STYLESHEET_FILE, 'utf8');
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  const href = `/assets/styles.${hash}.css`;
  app.decorate('stylesheetHref', href);
  // Compressed once at start-up, at the best quality: every first visit downloads it.
  const brotli = brotliCompressSync(css, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
  const gzip = gzipSync(css, { level: 9 });
  app.get(href, async (request, reply) => {
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'accept-encoding');
    const accepted = String(request.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(brotli);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(gzip);
    return reply.send(css);
  });
}

export default fp(assetsPlugin, { name: 'assets' });
