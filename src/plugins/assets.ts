// The one stylesheet, served under a name carrying a hash of its content so browsers can
// keep it for a year without ever showing a stale one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { projectPath } from '../paths.js';

export const STYLESHEET_FILE = projectPath('public', 'styles.css');

async function assetsPlugin(app: FastifyInstance): Promise<void> {
  const css = readFileSync(STYLESHEET_FILE, 'utf8');
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  const href = `/assets/styles.${hash}.css`;
  app.decorate('stylesheetHref', href);
  app.get(href, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(css),
  );
}

export default fp(assetsPlugin, { name: 'assets' });
