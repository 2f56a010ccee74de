// Admin: read the audit log, filtered by who, what and when.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditActions, listAudit } from '../../staff/audit.js';
import { renderStaff } from './render.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
const filters = z.object({
  actor: z.string().trim().max(320).optional().catch(undefined),
  action: z.string().trim().max(60).optional().catch(undefined),
  from: day,
  to: day,
});

export default async function adminAuditRoutes(app: FastifyInstance): Promise<void> {
  app.get('/staff/admin/audit', async (request, reply) => {
    const filter = filters.parse(request.query ?? {});
    const entries = await listAudit(app.db, {
      actorEmail: filter.actor || undefined,
      action: filter.action || undefined,
      from: filter.from,
      to: filter.to,
    });
    const actions = await auditActions(app.db);
    return renderStaff(request, reply, 'audit', {
      title: request.t('staff:audit.title'),
      filter,
      actions: actions.map((a) => ({ value: a, selected: a === filter.action })),
      entries: entries.map((e) => ({
        ...e,
        at: new Date(e.at).toISOString().replace('T', ' ').slice(0, 19),
        details: JSON.stringify(e.details),
      })),
    });
  });
}
