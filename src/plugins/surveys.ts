// The survey catalog and the limits that guard public submissions, shared by the routes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRateLimit, type RateLimit } from '../abuse/rate-limit.js';
import { createFormOnce, type FormOnce } from '../accounts/file-once.js';
import { fillMissingListings } from '../accounts/listing-backfill.js';
import { interfaceTextFrom, SurveyCatalog } from '../surveys/catalog.js';
import { installDemoSurveyIfEmpty } from '../surveys/demo.js';

export interface PublicLimits {
  /** Final survey submissions per address (hashed) — generous: a family shares one phone. */
  submissions: RateLimit;
  /** Submissions per assisted session (tablets in a room, or phones joined with its code). */
  sessionSubmissions: RateLimit;
  /** Receipt look-ups per address (hashed): a code is 60 bits, but guessing should still be slow. */
  receiptLookups: RateLimit;
  /** Wrong session codes per address (hashed): a code is ~29 bits, so guessing must be slow. */
  joinCodeGuesses: RateLimit;
  /** Submissions per address within one session: a room of tablets, not a script. */
  sessionAddressSubmissions: RateLimit;
}

/** Submissions allowed per assisted session in ten minutes: a full room, several times over. */
export const SUBMISSIONS_PER_SESSION = 2000;

/** Wrong session codes allowed per (hashed) address in fifteen minutes: typos in a busy room. */
export const WRONG_JOIN_CODES_PER_ADDRESS = 20;

/** Submissions from one (hashed) address into one session in ten minutes: 40 tablets, five each. */
export const SUBMISSIONS_PER_SESSION_ADDRESS = 200;

/** Wrong receipt codes allowed per (hashed) address in fifteen minutes. */
export const WRONG_RECEIPTS_PER_ADDRESS = 10;

declare module 'fastify' {
  interface FastifyInstance {
    surveys: SurveyCatalog;
    limits: PublicLimits;
    /** Files each form's answers once (see form-once.ts), for the survey and assisted entry. */
    formOnce: FormOnce;
  }
}

async function surveysPlugin(app: FastifyInstance): Promise<void> {
  await installDemoSurveyIfEmpty(app.db);
  const catalog = new SurveyCatalog(app.db, interfaceTextFrom(app.i18n));
  app.decorate('surveys', catalog);
  // Accounts filed before the accounts list existed get its columns (a no-op once done).
  const filled = await fillMissingListings(app.db, (versionId) => catalog.version(versionId));
  if (filled > 0) app.log.info({ filled }, 'accounts list: filled the search columns of older accounts');
  app.decorate('formOnce', createFormOnce(app.db, app.config.secret));
  app.decorate('limits', {
    submissions: createRateLimit({ limit: app.config.submissionsPerAddress, windowMs: 10 * 60_000 }),
    sessionSubmissions: createRateLimit({ limit: SUBMISSIONS_PER_SESSION, windowMs: 10 * 60_000 }),
    receiptLookups: createRateLimit({ limit: WRONG_RECEIPTS_PER_ADDRESS, windowMs: 15 * 60_000 }),
    joinCodeGuesses: createRateLimit({ limit: WRONG_JOIN_CODES_PER_ADDRESS, windowMs: 15 * 60_000 }),
    sessionAddressSubmissions: createRateLimit({ limit: SUBMISSIONS_PER_SESSION_ADDRESS, windowMs: 10 * 60_000 }),
  });
}

export default fp(surveysPlugin, { name: 'surveys', dependencies: ['db', 'i18n'] });
