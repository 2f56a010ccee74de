// Admin: read the audit log, filtered by who, what and when.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isCalendarDay } from '../../../dates/calendar-day.js';
import { ADMINS } from '../../../staff/access.js';
import { auditActions, listAudit } from '../../../staff/audit.js';
import { renderStaff } from '../context.js';

// A filter that is not one (a day that does not exist, a NUL Postgres would refuse) is ignored,
// not turned into a query that fails with a 500.
const day = z.string().refine(isCalendarDay).optional().catch(undefined);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'))
    .optional()
    .catch(undefined);
const filters = z.object({
  actor: text(320),
  action: text(60),
  from: day,
  to: day,
});

export default async function adminAuditRoutes(app: FastifyInstance): Promise<void> {
  app.get('/audit', { config: { access: ADMINS } }, async (request, reply) => {
    const filter = filters.parse(request.query ?? {});
    const entries = await listAudit(app.db, {
      actorEmail: filter.actor || undefined,
      action: filter.action || undefined,
      from: filter.from,
      to: filter.to,
    });
    const actions = await auditActions(app.db);
    return renderStaff(request, reply, 'admin/audit', {
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
