// Everything behind /staff, one area per plugin, each with its prefix. Every route declares
// its access in its own options (`config: { access }`, src/staff/access.ts); the staff-auth
// plugin, registered before these, enforces it and lists every route for the route × role test.
import type { FastifyInstance } from 'fastify';
import accountArea from './account/index.js';
import adminArea from './admin/index.js';
import authArea from './auth/index.js';
import changesArea from './changes/index.js';
import codebookArea from './codebook/index.js';
import exportsArea from './exports/index.js';
import homeRoutes from './home.js';
import journalArea from './journal/index.js';
import reportsArea from './reports/index.js';
import reviewArea from './review/index.js';
import roundsArea from './rounds/index.js';
import safeguardingArea from './safeguarding/index.js';
import sessionsArea from './sessions/index.js';
import themesArea from './themes/index.js';
import translationsArea from './translations/index.js';

export default async function staffRoutes(app: FastifyInstance): Promise<void> {
  await app.register(authArea, { prefix: '/staff' });
  await app.register(homeRoutes, { prefix: '/staff' });
  await app.register(accountArea, { prefix: '/staff/account' });
  await app.register(adminArea, { prefix: '/staff/admin' });
  await app.register(sessionsArea, { prefix: '/staff/sessions' });
  await app.register(reviewArea, { prefix: '/staff' });
  await app.register(roundsArea, { prefix: '/staff/rounds' });
  await app.register(codebookArea, { prefix: '/staff/codebook' });
  await app.register(themesArea, { prefix: '/staff/themes' });
  await app.register(journalArea, { prefix: '/staff/journal' });
  await app.register(safeguardingArea, { prefix: '/staff/safeguarding' });
  await app.register(translationsArea, { prefix: '/staff/translations' });
  await app.register(exportsArea, { prefix: '/staff/exports' });
  await app.register(reportsArea, { prefix: '/staff/reports' });
  await app.register(changesArea, { prefix: '/staff' });
}
