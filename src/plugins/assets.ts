// The stylesheet and the one staff script, each served under a name carrying a hash of its
// content so browsers can keep it for a year without ever showing a stale one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { projectPath } from '../paths.js';

export const STYLESHEET_FILE = projectPath('public', 'styles.css');
/** Select-to-code on the reading view: staff pages only, and everything works without it. */
export const STAFF_SCRIPT_FILE = projectPath('public', 'staff-coding.js');

declare module 'fastify' {
  interface FastifyInstance {
    stylesheetHref: string;
    staffScriptHref: string;
  }
}

/** Serves `file` under a hashed name; the name. */
function serveHashed(app: FastifyInstance, file: string, stem: string, extension: string, type: string): string {
  const content = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const href = `/assets/${stem}.${hash}.${extension}`;
  // Compressed once at start-up, at the best quality: every first visit downloads it.
  const brotli = brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
  const gzip = gzipSync(content, { level: 9 });
  app.get(href, async (request, reply) => {
    reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding');
    const accepted = String(request.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(brotli);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(gzip);
    return reply.send(content);
  });
  return href;
}

async function assetsPlugin(app: FastifyInstance): Promise<void> {
  app.decorate('stylesheetHref', serveHashed(app, STYLESHEET_FILE, 'styles', 'css', 'text/css; charset=utf-8'));
  app.decorate(
    'staffScriptHref',
    serveHashed(app, STAFF_SCRIPT_FILE, 'staff-coding', 'js', 'text/javascript; charset=utf-8'),
  );
}

export default fp(assetsPlugin, { name: 'assets' });
