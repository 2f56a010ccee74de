// Errors a feature or handler raises on purpose, each with a stable code (shown on the page and
// in logs), an HTTP status and the locale key of its message. Handlers throw them; the errors
// plugin (src/plugins/errors.ts) turns each code into its page in one place, so no handler
// writes a refusal page of its own.
export const APP_ERRORS = {
  /** No such record, or one this user may not know exists (never "forbidden" for those). */
  not_found: { status: 404, messageKey: 'errors.not_found.title' },
  /** Signed in, but without a role the route needs. */
  forbidden: { status: 403, messageKey: 'staff:refused.forbidden.title' },
  /** A state-changing form without this session's token, or from another origin. */
  csrf: { status: 403, messageKey: 'staff:refused.csrf.title' },
  /** A setup, invitation or reset link that is used, revoked, expired or never existed. */
  link_expired: { status: 404, messageKey: 'staff:link.expiredTitle' },
  /** A partner who belongs to no organisation cannot run sessions. */
  no_organisation: { status: 409, messageKey: 'staff:sessions.noOrganisationTitle' },
} as const satisfies Record<string, { status: number; messageKey: string }>;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly statusCode: number;
  readonly messageKey: string;

  constructor(code: AppErrorCode) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = APP_ERRORS[code].status;
    this.messageKey = APP_ERRORS[code].messageKey;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
export const csrfRefused = () => new AppError('csrf');
export const linkExpired = () => new AppError('link_expired');
export const noOrganisation = () => new AppError('no_organisation');
