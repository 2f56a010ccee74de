// buildApp(config): the whole service as a Fastify instance, plugins in a fixed order, then
// routes. server.ts listens; tests call buildApp and use app.inject.

import { randomBytes } from 'node:crypto';
import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { type DatabaseHandle, openDatabase, waitForDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import assets from './plugins/assets.js';
import dbPlugin from './plugins/db.js';
import erasure from './plugins/erasure.js';
import errors from './plugins/errors.js';
import i18n from './plugins/i18n.js';
import { loggerOptions, staffRequestLogging } from './plugins/logging.js';
import { clientErrorHandler, routerErrorHandlers } from './plugins/router-errors.js';
import securityHeaders from './plugins/security-headers.js';
import staffAuth from './plugins/staff-auth.js';
import surveys from './plugins/surveys.js';
import views from './plugins/views.js';
import healthRoutes from './routes/health.js';
import publicRoutes from './routes/public/index.js';
import { announceSetupLink } from './routes/staff/auth/setup.js';
import staffRoutes from './routes/staff/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface BuildOptions {
  /** An already-open database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  logStream?: NodeJS.WritableStream;
}

/** How long start-up waits for a database that is still starting. */
const STARTUP_WAIT_MS = 30_000;

/** Enough for the longest account (10,000 characters, percent-encoded) several times over. */
export const BODY_LIMIT_BYTES = 512 * 1024;

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  let built: FastifyInstance | undefined;
  const app: FastifyInstance = Fastify({
    logger: loggerOptions({ level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) }),
    // Fastify's own request lines carry the client address; see logging.ts.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Off unless TRUST_PROXY says which proxies to believe (see config.ts and the README).
    trustProxy: config.trustProxy,
    // Random ids, never a counter: `req-N` numbered every request, so the gap between two staff
    // log lines counted the residents' requests between them. Never taken from a client header.
    genReqId: () => randomBytes(8).toString('base64url'),
    requestIdHeader: false,
    // While draining at shutdown, keep answering normally (with Connection: close) rather
    // than with Fastify's bare JSON 503: a resident pressing Send mid-deploy gets a real page.
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler(() => built),
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200, ...routerErrorHandlers(() => built) },
  });
  built = app;
  app.decorate('config', config);

  const handle =
    options.database ??
    openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.dataDir,
      onIdleError: (error) => app.log.warn({ err: error }, 'idle database connection lost'),
    });
  if (!options.database) await waitForDatabase(handle, STARTUP_WAIT_MS);
  await migrateToLatest(handle.db as Kysely<unknown>);

  await app.register(dbPlugin, { handle, closeOnExit: options.database === undefined });
  await app.register(erasure);
  await app.register(i18n);
  await app.register(securityHeaders, { https: config.publicUrl.startsWith('https:') });
  await app.register(staffRequestLogging);
  // Pages carry a fresh form token, so each is compressed anew: brotli quality 1 costs a third
  // of quality 4's CPU for ~230 more bytes a page. The stylesheet is compressed once, at the
  // highest quality, by the assets plugin.
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } },
  });
  await app.register(formbody);
  // Parses cookies; only staff routes ever set one (public pages never do).
  await app.register(cookie);
  // Every form is urlencoded: other bodies (JSON, text) are refused with the bad-request page.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  await app.register(assets);
  await app.register(views);
  await app.register(errors);
  await app.register(surveys);

  await app.register(healthRoutes);
  await app.register(publicRoutes);
  await app.register(staffAuth);
  await app.register(staffRoutes);
  app.addHook('onReady', async () => {
    await announceSetupLink(app);
  });
  return app;
}
