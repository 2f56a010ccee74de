// Admin: invite users (a one-time link that expires), change roles, languages and
// organisation, disable, issue password reset links, and unlock two-factor sign-in after too
// many wrong codes. Every change is audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES, type Role } from '../../../db/schema.js';
import { notFound } from '../../../errors/app-error.js';
import { LOCALE_CODES } from '../../../i18n/locales.js';
import { ADMINS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import { listOrganisations, organisationExists } from '../../../staff/organisations.js';
import { resetSecondFactor } from '../../../staff/second-factor.js';
import { createLink, LINK_LIFETIME_MS } from '../../../staff/tokens.js';
import { createUser, findUserByEmail, findUserById, listUsers, updateUser } from '../../../staff/users.js';
import { actorOf, type FieldError, fieldError, formErrors, renderForm, renderStaff, signedIn } from '../context.js';
import { cleaned } from '../fields/cleaned-text.js';

const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** A role or language ticked twice (a repeated field) counts once. */
const asSet = (value: unknown) => [...new Set(asList(value))];
const roleList = z.preprocess(asSet, z.array(z.enum(ROLES, { error: 'role_unknown' })).max(ROLES.length));
const languageList = z.preprocess(
  asSet,
  z.array(z.enum(LOCALE_CODES as [string, ...string[]], { error: 'language_unknown' })),
);
const organisation = z.preprocess(
  (v) => (v === '' ? null : v),
  z.uuid({ error: 'organisation_unknown' }).nullable().default(null),
);

const userFields = {
  displayName: cleaned(z.string({ error: 'name_required' }).trim().min(1, 'name_required').max(120, 'name_too_long')),
  roles: roleList,
  languages: languageList,
  organisationId: organisation,
};
const inviteForm = z.object({ email: z.email('email_invalid').max(320, 'email_invalid'), ...userFields });
const editForm = z.object({ ...userFields, disabled: z.preprocess((v) => v === 'yes', z.boolean()) });

const EDIT_FIELDS = ['displayName', 'roles', 'languages', 'organisationId'] as const;
const INVITE_FIELDS = ['email', ...EDIT_FIELDS] as const;

interface UserRoute {
  Params: { id: string };
  Body: Record<string, unknown> | undefined;
}

const linkUrl = (app: FastifyInstance, token: string) => `${app.config.publicUrl}/staff/password/${token}`;

export default async function adminUserRoutes(app: FastifyInstance): Promise<void> {
  /** A well-formed id is not enough: the organisation must exist (else the foreign key fails with a 500). */
  const organisationKnown = async (id: string | null) => id === null || (await organisationExists(app.db, id));
  const unknownOrganisation = (request: FastifyRequest) =>
    fieldError(request, 'organisationId', 'organisation_unknown');

  async function formOptions(
    request: FastifyRequest,
    chosen: { roles: string[]; languages: string[]; organisationId: string | null },
  ) {
    const organisations = await listOrganisations(app.db);
    return {
      roleOptions: ROLES.map((role) => ({
        value: role,
        label: request.t(`staff:roles.${role}`),
        checked: chosen.roles.includes(role),
      })),
      languageOptions: LOCALE_CODES.map((code) => ({
        value: code,
        label: code,
        checked: chosen.languages.includes(code),
      })),
      organisationOptions: organisations.map((o) => ({
        value: o.id,
        label: o.name,
        selected: o.id === chosen.organisationId,
      })),
    };
  }

  app.get('/users', { config: { access: ADMINS } }, async (request, reply) => {
    const users = await listUsers(app.db);
    return renderStaff(request, reply, 'admin/users', {
      title: request.t('staff:users.title'),
      layoutWide: true,
      users: users.map((u) => ({
        ...u,
        roles: u.roles.map((r) => request.t(`staff:roles.${r}`)).join(', '),
        languages: u.languages.join(', '),
        status: u.disabled
          ? request.t('staff:users.disabled')
          : u.password_hash
            ? request.t('staff:users.active')
            : request.t('staff:users.invited'),
      })),
    });
  });

  const invitePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    renderForm(
      request,
      reply,
      'admin/user-form',
      { errors, fields: INVITE_FIELDS },
      {
        title: request.t('staff:users.inviteTitle'),
        action: '/staff/admin/users/new',
        isNew: true,
        email: typeof values.email === 'string' ? values.email : '',
        displayName: typeof values.displayName === 'string' ? values.displayName : '',
        ...(await formOptions(request, {
          roles: asList(values.roles).map(String),
          languages: asList(values.languages).map(String),
          organisationId: typeof values.organisationId === 'string' ? values.organisationId : null,
        })),
      },
    );

  app.get('/users/new', { config: { access: ADMINS } }, async (request, reply) => invitePage(request, reply, {}));

  app.post('/users/new', { config: { access: ADMINS } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = inviteForm.safeParse(body);
    if (!form.success) return invitePage(request, reply, body, formErrors(request, form.error.issues));
    if (await findUserByEmail(app.db, form.data.email)) {
      return invitePage(request, reply, body, fieldError(request, 'email', 'email_taken'));
    }
    if (!(await organisationKnown(form.data.organisationId))) {
      return invitePage(request, reply, body, unknownOrganisation(request));
    }
    const { user, token } = await app.db.transaction().execute(async (trx) => {
      const created = await createUser(trx, { ...form.data, roles: form.data.roles as Role[] });
      const link = await createLink(trx, 'invite', created.id);
      await audit(trx, {
        actor: actorOf(signedIn(request)),
        action: 'user_created',
        targetType: 'staff_user',
        targetId: created.id,
        details: {
          email: created.email,
          roles: created.roles,
          languages: created.languages,
          organisationId: created.organisation_id,
        },
      });
      return { user: created, token: link };
    });
    return renderStaff(request, reply, 'admin/link-issued', {
      title: request.t('staff:users.invitedTitle'),
      email: user.email,
      link: linkUrl(app, token),
      days: LINK_LIFETIME_MS.invite / 86_400_000,
    });
  });

  const editPage = async (
    request: FastifyRequest<UserRoute>,
    reply: FastifyReply,
    errors: FieldError[] = [],
    notice?: string,
  ) => {
    const user = await findUserById(app.db, request.params.id);
    if (!user) throw notFound();
    return renderForm(
      request,
      reply,
      'admin/user-form',
      { errors, fields: EDIT_FIELDS },
      {
        title: request.t('staff:users.editTitle', { email: user.email }),
        notice,
        action: `/staff/admin/users/${user.id}`,
        resetAction: `/staff/admin/users/${user.id}/reset-link`,
        unlockAction: `/staff/admin/users/${user.id}/unlock-second-factor`,
        secondFactorLocked: user.second_factor_locked,
        secondFactorFailures: user.second_factor_failures,
        email: user.email,
        displayName: user.display_name,
        disabled: user.disabled,
        ...(await formOptions(request, {
          roles: user.roles,
          languages: user.languages,
          organisationId: user.organisation_id,
        })),
      },
    );
  };

  app.get<UserRoute>('/users/:id', { config: { access: ADMINS } }, async (request, reply) => editPage(request, reply));

  app.post<UserRoute>('/users/:id', { config: { access: ADMINS } }, async (request, reply) => {
    const user = await findUserById(app.db, request.params.id);
    if (!user) throw notFound();
    const form = editForm.safeParse(request.body ?? {});
    if (!form.success) return editPage(request, reply, formErrors(request, form.error.issues));
    const changes = { ...form.data, roles: form.data.roles as Role[] };
    if (!(await organisationKnown(changes.organisationId))) {
      return editPage(request, reply, unknownOrganisation(request));
    }
    // An admin cannot lock themselves out: removing their own admin role or disabling themselves.
    if (user.id === signedIn(request).user.id && (!changes.roles.includes('admin') || changes.disabled)) {
      return editPage(request, reply, fieldError(request, 'roles', 'cannot_remove_own_admin'));
    }
    await app.db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, changes);
      await audit(trx, {
        actor: actorOf(signedIn(request)),
        action: 'user_updated',
        targetType: 'staff_user',
        targetId: user.id,
        details: {
          before: {
            roles: user.roles,
            languages: user.languages,
            organisationId: user.organisation_id,
            disabled: user.disabled,
          },
          after: {
            roles: changes.roles,
            languages: changes.languages,
            organisationId: changes.organisationId,
            disabled: changes.disabled,
          },
        },
      });
    });
    return editPage(request, reply, [], request.t('staff:users.saved'));
  });

  // A user locked out of two-factor sign-in (too many wrong codes) who has no recovery code left.
  app.post<UserRoute>('/users/:id/unlock-second-factor', { config: { access: ADMINS } }, async (request, reply) => {
    const user = await findUserById(app.db, request.params.id);
    if (!user) throw notFound();
    await app.db.transaction().execute(async (trx) => {
      await resetSecondFactor(trx, user.id);
      await audit(trx, {
        actor: actorOf(signedIn(request)),
        action: 'second_factor_unlocked',
        targetType: 'staff_user',
        targetId: user.id,
        details: { by: 'admin', failures: user.second_factor_failures, wasLocked: user.second_factor_locked },
      });
    });
    return editPage(request, reply, [], request.t('staff:users.secondFactorUnlocked'));
  });

  app.post<UserRoute>('/users/:id/reset-link', { config: { access: ADMINS } }, async (request, reply) => {
    const user = await findUserById(app.db, request.params.id);
    if (!user) throw notFound();
    // The new link revokes any older one the user still has (createLink), in one transaction
    // with the audit entry.
    const token = await app.db.transaction().execute(async (trx) => {
      const link = await createLink(trx, 'reset', user.id);
      await audit(trx, {
        actor: actorOf(signedIn(request)),
        action: 'password_reset_link',
        targetType: 'staff_user',
        targetId: user.id,
      });
      return link;
    });
    return renderStaff(request, reply, 'admin/link-issued', {
      title: request.t('staff:users.resetTitle'),
      email: user.email,
      link: linkUrl(app, token),
      days: LINK_LIFETIME_MS.reset / 86_400_000,
    });
  });
}
