// Admin: the community organisations partners belong to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffContext } from '../../plugins/staff-auth.js';
import { audit } from '../../staff/audit.js';
import { createOrganisation, listOrganisations } from '../../staff/organisations.js';
import { errorFor, formErrors, renderStaff } from './render.js';
import { cleaned } from './text-field.js';

const organisationForm = z.object({
  name: cleaned(z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(160, 'name_too_long')),
});

export default async function adminOrganisationRoutes(app: FastifyInstance): Promise<void> {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: ReturnType<typeof formErrors> = [],
    name = '',
  ) =>
    renderStaff(request, reply.code(errors.length ? 422 : 200), 'organisations', {
      title: request.t('staff:organisations.title'),
      hasErrors: errors.length > 0,
      errors,
      name,
      nameError: errorFor(errors, 'name'),
      organisations: await listOrganisations(app.db),
    });

  app.get('/staff/admin/organisations', async (request, reply) => page(request, reply));

  app.post('/staff/admin/organisations', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = organisationForm.safeParse(body);
    const typed = typeof body.name === 'string' ? body.name : '';
    if (!form.success) return page(request, reply, formErrors(request, form.error.issues), typed);
    const created = await createOrganisation(app.db, form.data.name);
    if (!created)
      return page(request, reply, formErrors(request, [{ path: ['name'], message: 'organisation_exists' }]), typed);
    const { user } = request.staff as StaffContext;
    await audit(app.db, {
      actor: { id: user.id, email: user.email },
      action: 'organisation_created',
      targetType: 'organisation',
      targetId: created.id,
      details: { name: created.name },
    });
    return reply.code(303).redirect('/staff/admin/organisations');
  });
}
