// What every staff handler needs: the signed-in user and the audit actor, the page renderer,
// and the form page with its 422 handling (errors summary, a message beside each field).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffContext } from '../../plugins/staff-auth.js';
import { renderStaff } from '../../plugins/staff-pages.js';
import type { PageModel } from '../../plugins/views.js';
import type { AuditActor } from '../../staff/audit.js';
import type { StaffErrorKey } from '../../staff/error-keys.js';

export { renderStaff };

/**
 * The signed-in user of a route whose access needs one. The staff-auth hook has already sent
 * anyone else to the sign-in page, so a missing user here is a wrongly declared route.
 */
export function signedIn(request: FastifyRequest): StaffContext {
  const staff = request.staff;
  if (staff?.session.stage !== 'authenticated') throw new Error(`${request.routeOptions.url} needs a signed-in user`);
  return staff;
}

export const actorOf = (staff: StaffContext): AuditActor => ({ id: staff.user.id, email: staff.user.email });

export interface FieldError {
  /** The id of the input the error summary links to. */
  target: string;
  field: string;
  message: string;
}

/** A zod issue list (messages are staff error keys) as the error summary wants it. */
export function formErrors(request: FastifyRequest, issues: { path: PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((issue) => ({
    target: `f-${String(issue.path[0] ?? 'form')}`,
    field: String(issue.path[0] ?? 'form'),
    message: request.t(`staff:errors.${issue.message}`),
  }));
}

/** One field's error, for a form that has not been through zod (a rule checked afterwards). */
export const fieldError = (request: FastifyRequest, field: string, key: StaffErrorKey): FieldError[] =>
  formErrors(request, [{ path: [field], message: key }]);

export const errorFor = (errors: { field: string; message: string }[], field: string) =>
  errors.find((e) => e.field === field)?.message;

/**
 * A form page: 422 when it carries errors (200 otherwise, or `status`), the error summary, and
 * each named field's own message as `fieldErrors.<field>`.
 */
export function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: string,
  form: { errors?: FieldError[]; fields: readonly string[]; status?: number },
  model: PageModel,
) {
  const errors = form.errors ?? [];
  return renderStaff(request, reply.code(form.status ?? (errors.length ? 422 : 200)), page, {
    ...model,
    hasErrors: errors.length > 0,
    errors,
    fieldErrors: Object.fromEntries(form.fields.map((field) => [field, errorFor(errors, field)])),
  });
}
