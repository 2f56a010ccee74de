// Admin: the community organisations partners belong to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ADMINS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { createOrganisation, listOrganisations } from '../../../staff/organisations.js';
import { actorOf, type FieldError, fieldError, formErrors, renderForm, signedIn } from '../context.js';
import { cleaned } from '../fields/cleaned-text.js';

const organisationForm = z.object({
  name: cleaned(z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(160, 'name_too_long')),
});

export default async function adminOrganisationRoutes(app: FastifyInstance): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], name = '') =>
    renderForm(
      request,
      reply,
      'admin/organisations',
      { errors, fields: ['name'] },
      {
        title: request.t('staff:organisations.title'),
        name,
        nameError: errors.find((e) => e.field === 'name')?.message,
        organisations: await listOrganisations(app.db),
      },
    );

  app.get('/organisations', { config: { access: ADMINS } }, async (request, reply) => page(request, reply));

  app.post('/organisations', { config: { access: ADMINS } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = organisationForm.safeParse(body);
    const typed = typeof body.name === 'string' ? body.name : '';
    if (!form.success) return page(request, reply, formErrors(request, form.error.issues), typed);
    const actor = actorOf(signedIn(request));
    const created = await app.db.transaction().execute(async (trx) => {
      const organisation = await createOrganisation(trx, form.data.name);
      if (organisation) {
        await audit(trx, {
          actor,
          action: 'organisation_created',
          targetType: 'organisation',
          targetId: organisation.id,
          details: { name: organisation.name },
        });
      }
      return organisation;
    });
    if (!created) return page(request, reply, fieldError(request, 'name', 'organisation_exists'), typed);
    return reply.code(303).redirect('/staff/admin/organisations');
  });
}
