// app.erasure: the batched VACUUM that follows withdrawals (see surveys/erasure.ts). A pending
// one runs before the database closes, so a withdrawal just before a restart is erased too.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createErasureScheduler, type ErasureScheduler } from '../accounts/erasure.js';

declare module 'fastify' {
  interface FastifyInstance {
    erasure: ErasureScheduler;
  }
}

async function erasurePlugin(app: FastifyInstance): Promise<void> {
  const scheduler = createErasureScheduler(app.db, app.log);
  app.decorate('erasure', scheduler);
  // onClose hooks run in reverse order of registration: this one runs before the db plugin's.
  app.addHook('onClose', async () => {
    try {
      await scheduler.flush();
    } catch (error) {
      app.log.warn({ err: error }, 'vacuum after withdrawal failed at shutdown');
    }
    scheduler.stop();
  });
}

export default fp(erasurePlugin, { name: 'erasure', dependencies: ['db'] });
