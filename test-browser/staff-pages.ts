// The staff pages, reached the way staff reach them: the sign-in form, first-run setup, the
// admin's pages, a partner's session with assisted entry (English, and Arabic inside the English
// staff page) and its receipt slip, an analyst reading an account, a second factor, a one-time
// password link. Yielded one by one once loaded, like pages.ts's public pages, so a suite can
// check each. Staff pages are in English (the `staff` namespace is English for now).
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { createOrganisation } from '../src/staff/organisations.js';
import { createLink } from '../src/staff/tokens.js';
import { totpFor } from '../src/staff/totp.js';
import { createStaffUser, enableTotp, PASSWORD } from '../test/support/staff.js';
import { type Arrival, navigation, open } from './journey.js';
import type { Area } from './pages.js';

/**
 * Why Chromium's own staff form posts are refused today. The site sends
 * `Referrer-Policy: no-referrer`, and under that policy the Fetch standard has the browser send
 * `Origin: null` on a same-origin POST (with `Sec-Fetch-Site: same-origin`); src/auth/csrf.ts
 * accepts a missing Origin or the site's own, but refuses `null` as cross-site. So every staff
 * form (sign-in, setup, everything) answers 403 in a real browser.
 */
export const ORIGIN_NULL =
  "Chromium sends `Origin: null` on the site's own form posts (Referrer-Policy: no-referrer) and src/auth/csrf.ts refuses it";

/**
 * Until the server accepts the browser's own posts, the suites send the real origin in an
 * `Origin` header so they can go on to check everything else. Only turned on after a refusal
 * has been reported, so once the server is fixed it is never used.
 */
export async function sendRealOrigin(context: BrowserContext, base: string): Promise<void> {
  await context.setExtraHTTPHeaders({ origin: base });
}

/** The refusal page a POST that failed the origin check gets. */
export async function isOriginRefusal(page: Page, status: number): Promise<boolean> {
  return status === 403 && (await page.title()).startsWith('This form could not be accepted');
}

/** Presses the main submit button of the page (or of `form`) and waits for the next page. */
export function submit(page: Page, form = 'main form[method="post"]'): Promise<number> {
  return navigation(page, () => page.click(`${form} button[type="submit"]`));
}

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
}

/** Signs out with the button in the staff navigation bar; the status of the sign-in page. */
export function signOut(page: Page): Promise<number> {
  return navigation(page, () => page.click('header .staff-nav form button[type="submit"]'));
}

export const STAFF = {
  admin: 'admin@example.org',
  partner: 'partner@example.org',
  analyst: 'analyst@example.org',
  safeguarding: 'safeguarding@example.org',
  translator: 'translator@example.org',
  reviewer: 'reviewer@example.org',
  totp: 'two-factor@example.org',
  invited: 'invited@example.org',
};

/** The users and links the staff pages need, made straight in the database. */
export async function seedStaff(app: FastifyInstance) {
  const organisation = await createOrganisation(app.db, 'Somali Community Health Champions');
  if (!organisation) throw new Error('organisation not created');
  const partner = await createStaffUser(app, {
    email: STAFF.partner,
    roles: ['partner'],
    organisationId: organisation.id,
  });
  await createStaffUser(app, { email: STAFF.analyst, roles: ['analyst'], languages: ['so', 'ar'] });
  await createStaffUser(app, { email: STAFF.safeguarding, roles: ['safeguarding'] });
  await createStaffUser(app, { email: STAFF.translator, roles: ['translator'], languages: ['ar'] });
  const reviewer = await createStaffUser(app, {
    email: STAFF.reviewer,
    roles: ['reviewer'],
    displayName: 'Rahma Reviewer',
  });
  const totp = await createStaffUser(app, { email: STAFF.totp, roles: ['reviewer'] });
  await enableTotp(app, totp.id);
  // No admin yet: the first-run link works until the admin is made (through it, below).
  const setupToken = await createLink(app.db, 'setup', null);
  return { organisation, partner, reviewer, setupToken };
}

/** The path of a link a page shows as text (the service's public address differs from the test's). */
const pathOf = (shown: string | null) => new URL((shown ?? '').trim()).pathname;

/** What the Arabic-speaking resident tells (the account the analyst reads). */
export const STORY_AR = 'لم يستمع إلي الطبيب.';

/**
 * Parts of staff pages in the resident's language (WCAG 3.1.2, language of parts, which axe
 * does not check): by the name of the arrival they are on, an element, the language it must be
 * marked with (its own lang or its nearest ancestor's) and the direction it must have.
 */
export const RESIDENT_PARTS: Record<string, { selector: string; lang: string; dir: 'ltr' | 'rtl' }[]> = {
  'assisted entry (en)': [{ selector: '.resident-form', lang: 'en', dir: 'ltr' }],
  'assisted entry (ar: rtl resident form in an ltr staff page)': [
    { selector: '.resident-form', lang: 'ar', dir: 'rtl' },
    { selector: 'main > h1', lang: 'en', dir: 'ltr' },
  ],
  'receipt slip (ar)': [
    { selector: '.slip', lang: 'ar', dir: 'rtl' },
    { selector: '.slip p.receipt', lang: 'en', dir: 'ltr' },
  ],
  // The names must be the walk's own: a name that matches no page checks nothing.
  'account view (analyst)': [
    { selector: `dd:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: 'main > h1', lang: 'en', dir: 'ltr' },
  ],
  'account view (analyst, coding)': [
    { selector: `.passage:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: 'form.code-passages legend', lang: 'en', dir: 'ltr' },
  ],
  'account view (analyst, coded)': [
    { selector: `ul.codings q:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: '.code-tag', lang: 'en', dir: 'ltr' },
  ],
  'theme passages (ar)': [
    { selector: `blockquote:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: 'main > h1', lang: 'en', dir: 'ltr' },
  ],
  'draft themes (reviewer)': [
    { selector: `blockquote:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: 'main > h1', lang: 'en', dir: 'ltr' },
  ],
  'translation page (ar)': [
    { selector: `p.original:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: '#f-t__what_happened__value', lang: 'en', dir: 'ltr' },
  ],
  'account view (reviewer)': [
    { selector: `dd:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: 'main > h1', lang: 'en', dir: 'ltr' },
  ],
  'accounts list (analyst)': [
    { selector: `td span:has-text("${STORY_AR}")`, lang: 'ar', dir: 'rtl' },
    { selector: 'main > h1', lang: 'en', dir: 'ltr' },
  ],
};

/**
 * Every staff page type, in one browser context. `app` is the suite's (for the seeded users and
 * the id of the account filed on the way).
 */
export function staffPages(app: FastifyInstance): Area {
  return async function* (page: Page, base: string): AsyncGenerator<Arrival, void> {
    const seeded = await seedStaff(app);
    const go = (path: string) => open(page, `${base}${path}`);

    // Signed out: the sign-in page, with a wrong password.
    yield { name: 'login', status: await go('/staff/login'), expected: 200 };
    await fillSignIn(page, STAFF.partner, 'not the password at all');
    let status = await submit(page);
    if (await isOriginRefusal(page, status)) {
      yield { name: `login form refused: ${ORIGIN_NULL}`, status, expected: 401 };
      await sendRealOrigin(page.context(), base);
      await go('/staff/login');
      await fillSignIn(page, STAFF.partner, 'not the password at all');
      status = await submit(page);
    }
    yield { name: 'login with error', status, expected: 401 };

    // First run: the setup link, with errors, then the first admin is made and signed in.
    yield { name: 'setup (first-run link)', status: await go(`/staff/setup/${seeded.setupToken}`), expected: 200 };
    yield { name: 'setup with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-email', STAFF.admin);
    await page.fill('#f-displayName', 'Amina Admin');
    await page.fill('#f-password', PASSWORD);
    await page.fill('#f-confirm', PASSWORD);
    yield { name: 'staff home (admin)', status: await submit(page), expected: 200 };

    // The admin's own account and two-factor enrolment.
    yield { name: 'account', status: await go('/staff/account'), expected: 200 };
    yield { name: 'account with errors', status: await submit(page), expected: 422 };
    status = await navigation(page, () => page.click('main a[href="/staff/account/two-factor"]'));
    yield { name: 'two-factor enrol (inline SVG QR code)', status, expected: 200 };
    await page.fill('#f-code', '000000');
    yield { name: 'two-factor enrol with error', status: await submit(page), expected: 422 };
    const secret = ((await page.textContent('code.secret')) ?? '').replace(/\s/g, '');
    await page.fill('#f-code', totpFor(secret, STAFF.admin).generate());
    // Turning two-factor sign-in on asks for the password again.
    await page.fill('#f-password', PASSWORD);
    yield { name: 'recovery codes', status: await submit(page), expected: 200 };

    // Users: the list, an invitation (with errors, then the link), editing, a reset link.
    yield { name: 'admin users list', status: await go('/staff/admin/users'), expected: 200 };
    status = await navigation(page, () => page.click('main a[href="/staff/admin/users/new"]'));
    yield { name: 'invite form', status, expected: 200 };
    yield { name: 'invite form with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-email', STAFF.invited);
    await page.fill('#f-displayName', 'Idris Invited');
    await page.check('#f-roles-partner');
    await page.check('#f-languages-so');
    await page.selectOption('#f-organisationId', seeded.organisation.id);
    yield { name: 'link issued (invitation)', status: await submit(page), expected: 200 };
    const inviteLink = pathOf(await page.textContent('code.secret'));
    await go('/staff/admin/users');
    status = await navigation(page, () => page.click(`main a[href="/staff/admin/users/${seeded.partner.id}"]`));
    yield { name: 'user edit', status, expected: 200 };
    await page.check('#f-languages-ar');
    yield { name: 'user edit saved (notice)', status: await submit(page), expected: 200 };
    yield {
      name: 'link issued (password reset)',
      status: await submit(page, 'main form[action$="/reset-link"]'),
      expected: 200,
    };
    await go('/staff/admin/users');
    await navigation(page, () => page.click(`main a:text-is("${STAFF.admin}")`));
    await page.uncheck('#f-roles-admin');
    yield { name: 'user edit with errors (own admin role)', status: await submit(page), expected: 422 };

    yield { name: 'organisations', status: await go('/staff/admin/organisations'), expected: 200 };
    yield { name: 'organisations with errors', status: await submit(page), expected: 422 };
    yield {
      name: 'no organisation (admin opens a new session)',
      status: await go('/staff/sessions/new'),
      expected: 409,
    };
    yield { name: 'audit log', status: await go('/staff/admin/audit'), expected: 200 };
    yield { name: 'login (after signing out)', status: await signOut(page), expected: 200 };

    // A partner: sessions, a new session (with errors), assisted entry, the slip.
    await fillSignIn(page, STAFF.partner, PASSWORD);
    yield { name: 'staff home (partner)', status: await submit(page), expected: 200 };
    status = await navigation(page, () => page.click('header .staff-nav a[href="/staff/sessions"]'));
    yield { name: 'sessions list (none yet)', status, expected: 200 };
    status = await navigation(page, () => page.click('main a[href="/staff/sessions/new"]'));
    yield { name: 'new session form', status, expected: 200 };
    await page.uncheck('#f-languages-en');
    yield { name: 'new session form with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-title', 'Drop-in at the Shepherds Bush library');
    await page.fill('#f-venue', 'Shepherds Bush library, room 2');
    await page.check('#f-format-drop_in');
    for (const code of ['en', 'ar', 'so']) await page.check(`#f-languages-${code}`);
    yield { name: 'session page', status: await submit(page), expected: 200 };
    const sessionPath = new URL(page.url()).pathname;
    status = await navigation(page, () => page.click('main a[href$="/enter?locale=en"]'));
    yield { name: 'assisted entry (en)', status, expected: 200 };
    yield { name: 'assisted entry with errors (en)', status: await submit(page), expected: 422 };
    // The language switch (a GET form) to Arabic: the resident's part turns right to left.
    await page.selectOption('#f-locale-choice', 'ar');
    status = await navigation(page, () => page.click('main form[method="get"] button[type="submit"]'));
    yield { name: 'assisted entry (ar: rtl resident form in an ltr staff page)', status, expected: 200 };
    await page.check('input[name="service"][value="gp"]');
    await page.fill('textarea[name="what_happened"]', STORY_AR);
    await page.check('input[name="treated"][value="3"]');
    await page.check('input[name="background_affected"][value="no"]');
    await page.check('input[name="trust"][value="3"]');
    await page.check('input[name="consent"][value="yes"]');
    await page.check('#f-read-aloud');
    yield { name: 'receipt slip (ar)', status: await submit(page), expected: 200 };
    yield {
      name: 'slip used (reloaded)',
      status: (await page.reload({ waitUntil: 'load' }))?.status() ?? 0,
      expected: 410,
    };
    yield { name: 'session page (with counts)', status: await go(sessionPath), expected: 200 };
    yield { name: 'sessions list (one session)', status: await go('/staff/sessions'), expected: 200 };
    // The Arabic account: the reading view must show its words right to left in an English page.
    const filed = await app.db
      .selectFrom('responses')
      .select('id')
      .where('locale', '=', 'ar')
      .executeTakeFirstOrThrow();
    yield {
      name: 'refused (partner opens an account)',
      status: await go(`/staff/accounts/${filed.id}`),
      expected: 403,
    };
    await go('/staff/');
    yield { name: 'login (partner signed out)', status: await signOut(page), expected: 200 };

    // An analyst reads the account.
    await fillSignIn(page, STAFF.analyst, PASSWORD);
    yield { name: 'staff home (analyst)', status: await submit(page), expected: 200 };
    yield { name: 'account view (analyst)', status: await go(`/staff/accounts/${filed.id}`), expected: 200 };
    yield {
      name: 'accounts list (analyst, filtered and searched)',
      status: await go('/staff/accounts?channel=online&q=dhakhtar'),
      expected: 200,
    };
    yield { name: 'accounts list (analyst)', status: await go('/staff/accounts'), expected: 200 };

    // The analyst starts a review round (with errors first), puts a reviewer in it and adds the
    // Arabic accounts by the list's filter.
    status = await navigation(page, () => page.click('header .staff-nav a[href="/staff/rounds"]'));
    yield { name: 'review rounds (none yet)', status, expected: 200 };
    yield { name: 'review rounds with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-name', 'GP access, Arabic speakers');
    await page.fill('#f-opensOn', '2026-01-01');
    await page.fill('#f-closesOn', '2099-12-31');
    yield { name: 'review round page', status: await submit(page), expected: 200 };
    const roundPath = new URL(page.url()).pathname;
    await page.check(`#f-reviewers-${seeded.reviewer.id}`);
    yield {
      name: 'review round page (reviewers saved)',
      status: await submit(page, 'main form[action$="/reviewers"]'),
      expected: 200,
    };
    yield { name: 'accounts list (analyst, Arabic)', status: await go('/staff/accounts?locale=ar'), expected: 200 };
    yield {
      name: 'review round page (accounts added)',
      status: await submit(page, 'main form[action="/staff/rounds/add"]'),
      expected: 200,
    };
    yield { name: 'review rounds (one round)', status: await go('/staff/rounds'), expected: 200 };
    yield {
      name: 'account view (analyst, in a round)',
      status: await go(`/staff/accounts/${filed.id}`),
      expected: 200,
    };

    // The codebook: a code added (with errors first), a code under it, and a code's own page.
    status = await navigation(page, () => page.click('header .staff-nav a[href="/staff/codebook"]'));
    yield { name: 'codebook (no codes yet)', status, expected: 200 };
    yield { name: 'codebook with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-name', 'Access to care');
    await page.fill('#f-description', 'Getting seen at all: appointments, registering with a GP, being turned away.');
    await page.selectOption('#f-colour', '#1D70B8');
    yield { name: 'codebook (one code)', status: await submit(page), expected: 200 };
    await page.fill('#f-name', 'Interpreters');
    await page.selectOption('#f-parent', { label: 'Access to care' });
    yield { name: 'codebook (a code under another)', status: await submit(page), expected: 200 };
    status = await navigation(page, () => page.click('main ul.codebook a:text-is("Interpreters")'));
    yield { name: 'code page', status, expected: 200 };

    // Coding the Arabic account: a form without a code first, then a sentence ticked and coded.
    yield { name: 'account view (analyst, coding)', status: await go(`/staff/accounts/${filed.id}`), expected: 200 };
    yield {
      name: 'account view with errors (coding without a code)',
      status: await submit(page, 'main form.code-passages'),
      expected: 422,
    };
    await page.check('main form.code-passages input[name="sentence"]');
    await page.check('main form.code-passages label:text-is("Interpreters")');
    yield {
      name: 'account view (analyst, coded)',
      status: await submit(page, 'main form.code-passages'),
      expected: 200,
    };

    // A theme from the code, its page and collated passages, and the agreement page.
    status = await navigation(page, () => page.click('header .staff-nav a[href="/staff/themes"]'));
    yield { name: 'theme board (no themes)', status, expected: 200 };
    yield {
      name: 'theme board with errors',
      status: await submit(page, 'main form[action="/staff/themes"]'),
      expected: 422,
    };
    await page.fill('#f-name', 'Not understood');
    await page.fill('#f-centralIdea', 'Without an interpreter, people were not understood or listened to.');
    await page.check('main form[action="/staff/themes"] label:text-is("Interpreters")');
    yield { name: 'theme page', status: await submit(page, 'main form[action="/staff/themes"]'), expected: 200 };
    const themePath = new URL(page.url()).pathname;
    status = await navigation(page, () => page.click(`main a[href="${themePath}/passages"]`));
    yield { name: 'theme passages (ar)', status, expected: 200 };
    yield { name: 'theme board (one theme)', status: await go('/staff/themes'), expected: 200 };
    yield { name: 'agreement between coders', status: await go('/staff/codebook/agreement'), expected: 200 };
    // The reflexive journal: an empty entry, then a private one.
    status = await navigation(page, () => page.click('header .staff-nav a[href="/staff/journal"]'));
    yield { name: 'journal (empty)', status, expected: 200 };
    yield { name: 'journal with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-memo', 'I expected cost to matter more than it does.');
    yield { name: 'journal (one entry)', status: await submit(page), expected: 200 };
    yield { name: 'exports', status: await go('/staff/exports?locale=ar'), expected: 200 };
    // The theme goes before the review round's reviewers.
    await go(roundPath);
    await page.check('main form[action$="/themes"] label:text-is("Not understood")');
    yield {
      name: 'review round page (themes saved)',
      status: await submit(page, 'main form[action$="/themes"]'),
      expected: 200,
    };
    await signOut(page);

    // The community reviewer reads the round.
    await fillSignIn(page, STAFF.reviewer, PASSWORD);
    yield { name: 'staff home (reviewer)', status: await submit(page), expected: 200 };
    yield { name: 'review rounds (reviewer)', status: await go('/staff/rounds'), expected: 200 };
    status = await navigation(page, () => page.click('main a[href^="/staff/accounts?round="]'));
    yield { name: 'accounts list (reviewer)', status, expected: 200 };
    yield { name: 'account view (reviewer)', status: await go(`/staff/accounts/${filed.id}`), expected: 200 };
    yield { name: 'refused (reviewer opens the round page)', status: await go(roundPath), expected: 403 };
    // The draft theme: read, a comment without words, then a comment.
    yield { name: 'draft themes (reviewer)', status: await go(`${roundPath}/themes`), expected: 200 };
    yield {
      name: 'draft themes with errors (reviewer)',
      status: await submit(page, 'main form[action$="/comments"]'),
      expected: 422,
    };
    await page.fill('main form[action$="/comments"] textarea[name="says"]', 'Yes. It is also about respect.');
    yield {
      name: 'draft themes (reviewer commented)',
      status: await submit(page, 'main form[action$="/comments"]'),
      expected: 200,
    };
    await signOut(page);

    // A translator translates the Arabic account.
    await fillSignIn(page, STAFF.translator, PASSWORD);
    yield { name: 'staff home (translator)', status: await submit(page), expected: 200 };
    yield { name: 'translation queue', status: await go('/staff/translations'), expected: 200 };
    yield { name: 'translation page (ar)', status: await go(`/staff/translations/${filed.id}`), expected: 200 };
    await page.fill('#f-t__what_happened__value', 'The doctor did not listen to me.');
    yield { name: 'translation saved as a draft', status: await submit(page), expected: 200 };
    await signOut(page);

    // The safeguarding lead works through the queue (one flag, raised by hand).
    await app.db
      .insertInto('safeguarding_flags')
      .values({
        response_id: filed.id,
        source: 'staff',
        category: 'abuse',
        reason: 'Browser walk',
        raised_on: '2026-12-01',
      })
      .execute();
    await fillSignIn(page, STAFF.safeguarding, PASSWORD);
    yield { name: 'staff home (safeguarding lead)', status: await submit(page), expected: 200 };
    yield { name: 'safeguarding queue', status: await go('/staff/safeguarding'), expected: 200 };
    yield { name: 'account view (safeguarding lead)', status: await go(`/staff/accounts/${filed.id}`), expected: 200 };
    await signOut(page);

    // Two-factor sign-in.
    await fillSignIn(page, STAFF.totp, PASSWORD);
    yield { name: 'second factor', status: await submit(page), expected: 200 };
    await page.fill('#f-code', '000000');
    yield { name: 'second factor with error', status: await submit(page), expected: 401 };

    // The invitation link: choose a password (with errors first), then the link is used up.
    yield { name: 'set password (invitation link)', status: await go(inviteLink), expected: 200 };
    await page.fill('#f-password', 'short');
    yield { name: 'set password with errors', status: await submit(page), expected: 422 };
    await page.fill('#f-password', PASSWORD);
    await page.fill('#f-confirm', PASSWORD);
    yield { name: 'password set', status: await submit(page), expected: 200 };
    yield { name: 'link expired (used again)', status: await go(inviteLink), expected: 404 };
  };
}
