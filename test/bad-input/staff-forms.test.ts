// Promise 4 for staff forms, by property: every state-changing staff form (the table in
// staff-routes.ts, logout last), sent by someone allowed to use it and WITH the session's valid
// CSRF token — so it is validation, not the CSRF check, that meets the input — gets broken and
// hostile bodies: invalid UTF-8, NULs, huge fields, repeated keys, arrays, prototype names, SQL
// and markup, and valid forms with one value spoiled. Whatever arrives: never a 5xx, an HTML
// page (or a 303 within /staff) with nothing live from the request, Object.prototype
// untouched, and nothing stored that fails its own validation (staff users, organisations,
// sessions, and every assisted account passes the survey's validation).
//
// Then: markup and formulas typed by staff (an organisation, a display name, a session title
// and venue, residents' answers and write-ins) come back escaped on every staff page that shows
// them, and neutralised in the counts CSV.
//
// FC_SEED=<n> replays a run; FC_RUN_SCALE=<x> multiplies every property's runs.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import Handlebars from 'handlebars';
import t from 'tap';
import { createAssistedSession } from '../../src/assisted-sessions/repository.js';
import { ROLES, SESSION_FORMATS } from '../../src/db/schema.js';
import { LOCALE_CODES } from '../../src/i18n/locales.js';
import { createOrganisation } from '../../src/staff/organisations.js';
import { resetSecondFactor } from '../../src/staff/second-factor.js';
import { startSignInSession } from '../../src/staff/sign-in-sessions.js';
import { consumeLink, createLink } from '../../src/staff/tokens.js';
import { encryptSecret, newTotpSecret, replaceRecoveryCodes, totpFor } from '../../src/staff/totp.js';
import { TEST_SECRET } from '../helper.js';
import { announceSeed } from '../support/fast-check-seed.js';
import { createStaffUser, enableTotp, type SignInSession, signIn, staffGet, staffPost } from '../support/staff.js';
import { envelope as anyEnvelope, hostileValue, jsonShape, pairFor, XSS_PAYLOADS } from './arbitraries.js';
import {
  holds,
  pageProblems,
  prototypeChanges,
  type Reply,
  responseProblems,
  type StoredResponse,
  snapshotPrototypes,
  storedResponses,
} from './checks.js';
import { buildDemoApp } from './demo-app.js';
import {
  type Envelope,
  encodeBody,
  encodeForm,
  FORM_TYPE,
  type JsonShape,
  late,
  type Pair,
  type Piece,
  pair,
  text,
} from './encode.js';
import { type Sender, type StaffFormRoute, staffRoutes } from './staff-routes.js';

announceSeed(import.meta.url);

const { app, survey, versionId, surveyId } = await buildDemoApp(t);

const SCALE = Number(process.env.FC_RUN_SCALE ?? 1);
const runs = (numRuns: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * SCALE)),
});

// ---------------------------------------------------------------------------------------------
// The world: organisations, users for each kind of sender, and two sessions.

const org = await createOrganisation(app.db, 'Bad Input Partners');
const otherOrg = await createOrganisation(app.db, 'Another Organisation');
if (!org || !otherOrg) throw new Error('organisations not created');
const admin = await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });
await createStaffUser(app, { email: 'partner@example.org', roles: ['partner'], organisationId: org.id });
const self = await createStaffUser(app, { email: 'self@example.org' });
await createStaffUser(app, { email: 'login@example.org', roles: ['analyst'] });
const tfa = await createStaffUser(app, { email: 'tfa@example.org', roles: ['reviewer'] });
const tfaSecret = await enableTotp(app, tfa.id);
const resetUser = await createStaffUser(app, { email: 'reset@example.org' });
const target = await createStaffUser(app, { email: 'target@example.org', roles: ['analyst'] });
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });

const sessionSpec = (organisationId: string) => ({
  title: 'Drop-in',
  heldOn: '2026-11-20',
  venue: 'Library',
  organisationId,
  format: 'drop_in' as const,
  surveyId,
  languages: ['so', 'ar', 'en'],
  createdBy: admin.id,
});
const ownSession = await createAssistedSession(app.db, sessionSpec(org.id));
const otherSession = await createAssistedSession(app.db, sessionSpec(otherOrg.id));

const signedIn: Partial<Record<Sender, SignInSession>> = {
  admin: await signIn(app, 'admin@example.org'),
  partner: await signIn(app, 'partner@example.org'),
  self: await signIn(app, 'self@example.org'),
};

/** A one-time link that has been used already. */
const usedToken = await createLink(app.db, 'reset', resetUser.id);
await consumeLink(app.db, usedToken);

const ROUTES: StaffFormRoute[] = staffRoutes({
  survey,
  emails: { login: 'login@example.org', taken: ['admin@example.org', 'target@example.org'] },
  ids: {
    admin: admin.id,
    target: target.id,
    reset: resetUser.id,
    ownSession: ownSession.id,
    otherSession: otherSession.id,
  },
  organisationIds: [org.id, otherOrg.id],
});

// ---------------------------------------------------------------------------------------------
// Sending

let requests = 0;
/** Every request from an address of its own, so no address limit is reached by accident. */
function nextAddress(): string {
  const n = requests++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Who sends, and the late values of one request (a CSRF token, a TOTP code …). */
async function senderFor(
  route: StaffFormRoute,
): Promise<{ cookie?: string; csrf?: string; late: Record<string, string> }> {
  const lateValues: Record<string, string> = {};
  // Wrong passwords and codes are throttled: each request starts with none counted.
  if (['login', 'second-factor', 'account-password', 'account-two-factor'].includes(route.name))
    await app.db.deleteFrom('login_attempts').execute();
  switch (route.as) {
    case 'nobody':
      return { late: lateValues };
    case 'pending': {
      // A fresh session waiting for its second factor, a code not yet used, unused recovery codes.
      await app.db.updateTable('staff_users').set({ totp_last_step: null }).where('id', '=', tfa.id).execute();
      // Garbage codes count as wrong ones: start each request with the count at zero, not locked.
      await resetSecondFactor(app.db, tfa.id);
      const [recovery = ''] = await replaceRecoveryCodes(app.db, tfa.id);
      const { id } = await startSignInSession(app.db, tfa.id, 'second_factor');
      lateValues.totp = totpFor(tfaSecret, tfa.email).generate();
      lateValues.recovery = recovery;
      return { cookie: `codka-session=${id}`, late: lateValues };
    }
    case 'fresh': {
      const { id, session } = await startSignInSession(app.db, self.id, 'authenticated');
      return { cookie: `codka-session=${id}`, csrf: session.csrfToken, late: lateValues };
    }
    default: {
      const session = signedIn[route.as];
      if (!session) throw new Error(`no session for ${route.as}`);
      if (route.name === 'account-two-factor') {
        // Each request sets two-factor up from off (moving it needs a current code as well).
        await app.db
          .updateTable('staff_users')
          .set({ totp_enabled: false, totp_secret: null })
          .where('id', '=', self.id)
          .execute();
        const secret = newTotpSecret();
        lateValues.pending = encryptSecret(TEST_SECRET, secret);
        lateValues['pending-code'] = totpFor(secret, 'self@example.org').generate();
      }
      return { cookie: session.cookie, csrf: session.csrf, late: lateValues };
    }
  }
}

/** Path parameters made when sent: a fresh setup or reset link, or one used already. */
async function lateParam(value: string): Promise<string> {
  if (value === 'late:setup') return createLink(app.db, 'setup', null);
  if (value === 'late:reset') return createLink(app.db, 'reset', resetUser.id);
  if (value === 'late:used') return usedToken;
  return value;
}

/** Setup works only while no admin is active: admins are disabled around each setup request. */
async function withoutAdmins<T>(route: StaffFormRoute, send: () => Promise<T>): Promise<T> {
  if (route.name !== 'setup') return send();
  const admins = await app.db
    .updateTable('staff_users')
    .set({ disabled: true })
    .where('disabled', '=', false)
    .where((eb) => eb(eb.val('admin'), '=', eb.fn.any('roles')))
    .returning('id')
    .execute();
  try {
    return await send();
  } finally {
    if (admins.length > 0)
      await app.db
        .updateTable('staff_users')
        .set({ disabled: false })
        .where(
          'id',
          'in',
          admins.map((a) => a.id),
        )
        .execute();
  }
}

async function send(
  route: StaffFormRoute,
  params: Record<string, string>,
  envelope: Envelope,
  pairs: Pair[],
): Promise<Reply> {
  const who = await senderFor(route);
  const resolved: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) resolved[k] = await lateParam(v);
  const resolve = (key: string) => {
    if (key === 'csrf') return who.csrf ?? '';
    const value = who.late[key];
    if (value === undefined) throw new Error(`no late value ${key}`);
    return value;
  };
  // The session's token first, so a repeated _csrf in the garbage is what the check sees too.
  const all = who.csrf === undefined ? pairs : [pair('_csrf', [late('csrf')]), ...pairs];
  const payload = encodeBody(envelope, all, resolve);
  const res = await withoutAdmins(route, () =>
    app.inject({
      method: 'POST',
      url: route.url(resolved),
      remoteAddress: nextAddress(),
      headers: {
        ...(envelope.contentType === undefined ? {} : { 'content-type': envelope.contentType }),
        ...(who.cookie ? { cookie: who.cookie } : {}),
      },
      ...(payload === undefined ? {} : { payload }),
    }),
  );
  return { statusCode: res.statusCode, headers: res.headers, body: res.body };
}

// ---------------------------------------------------------------------------------------------
// Checks after every request

const prototypes = snapshotPrototypes();

/** A 303 stays within /staff; anything else is a page (in English) with nothing live in it. */
function replyProblems(res: Reply): string[] {
  if (res.statusCode >= 500) return [`status ${res.statusCode}: ${res.body.slice(0, 300)}`];
  if (res.statusCode === 303) {
    const location = res.headers.location;
    return typeof location === 'string' && /^\/staff\/[^/]/.test(`${location}x`) ? [] : [`303 to ${location}`];
  }
  return pageProblems(res, undefined);
}

/** A line of text as a form may store it: trimmed, not empty, no NUL (Postgres refuses it), not too long. */
function lineProblems(where: string, value: unknown, max: number): string[] {
  if (typeof value !== 'string') return [`${where}: ${JSON.stringify(value)}`];
  const problems: string[] = [];
  if (value.trim() === '') problems.push(`${where}: empty`);
  if (value.trim() !== value) problems.push(`${where}: not trimmed ${JSON.stringify(value.slice(0, 40))}`);
  if (value.length > max) problems.push(`${where}: ${value.length} characters (at most ${max})`);
  if (value.includes('\u0000')) problems.push(`${where}: a NUL in ${JSON.stringify(value.slice(0, 40))}`);
  return problems;
}

const checkedResponses = new Set<string>();

/** Everything stored that fails the validation of the form that stores it. */
async function storageProblems(): Promise<string[]> {
  const problems: string[] = [];
  const organisations = await app.db.selectFrom('organisations').select(['id', 'name']).execute();
  const organisationIds = new Set(organisations.map((o) => o.id));
  for (const o of organisations) problems.push(...lineProblems(`organisation ${o.id} name`, o.name, 160));

  const users = await app.db
    .selectFrom('staff_users')
    .select(['id', 'email', 'display_name', 'roles', 'languages', 'organisation_id'])
    .execute();
  for (const u of users) {
    const where = `staff user ${u.id}`;
    problems.push(...lineProblems(`${where} display name`, u.display_name, 120));
    problems.push(...lineProblems(`${where} email`, u.email, 320));
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(u.email)) problems.push(`${where}: email ${JSON.stringify(u.email)}`);
    const roles = u.roles as string[];
    if (!roles.every((r) => (ROLES as readonly string[]).includes(r))) problems.push(`${where}: roles ${roles}`);
    if (new Set(roles).size !== roles.length) problems.push(`${where}: a role twice in ${roles}`);
    if (!u.languages.every((l) => (LOCALE_CODES as readonly string[]).includes(l)))
      problems.push(`${where}: languages ${u.languages}`);
    if (new Set(u.languages).size !== u.languages.length) problems.push(`${where}: a language twice in ${u.languages}`);
    if (u.organisation_id !== null && !organisationIds.has(u.organisation_id))
      problems.push(`${where}: organisation ${u.organisation_id}`);
  }
  const emails = users.map((u) => u.email.toLowerCase());
  if (new Set(emails).size !== emails.length) problems.push('two staff users with the same email');

  const sessions = await app.db
    .selectFrom('assisted_sessions')
    .select(['id', 'title', 'venue', 'held_on', 'format', 'languages', 'organisation_id'])
    .execute();
  for (const s of sessions) {
    const where = `session ${s.id}`;
    problems.push(...lineProblems(`${where} title`, s.title, 160), ...lineProblems(`${where} venue`, s.venue, 200));
    if (!(SESSION_FORMATS as readonly string[]).includes(s.format)) problems.push(`${where}: format ${s.format}`);
    if (s.languages.length === 0 || !s.languages.every((l) => (LOCALE_CODES as readonly string[]).includes(l)))
      problems.push(`${where}: languages ${s.languages}`);
    if (new Set(s.languages).size !== s.languages.length) problems.push(`${where}: a language twice in ${s.languages}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(s.held_on))) problems.push(`${where}: held on ${String(s.held_on)}`);
    if (!organisationIds.has(s.organisation_id)) problems.push(`${where}: organisation ${s.organisation_id}`);
  }

  const rows = await app.db.selectFrom('responses').select(['id', 'channel', 'session_id']).execute();
  const fresh = rows.filter((r) => !checkedResponses.has(r.id));
  for (const r of fresh) {
    if (r.channel !== 'assisted' && r.channel !== 'paper') problems.push(`response ${r.id}: channel ${r.channel}`);
    if (r.session_id !== ownSession.id) problems.push(`response ${r.id}: session ${r.session_id}`);
  }
  const stored = await storedResponses(
    app,
    fresh.map((r) => r.id),
  );
  for (const response of stored) {
    checkedResponses.add(response.id);
    // The public check reads an online account; the channel was checked above.
    const asOnline: StoredResponse = { ...response, channel: 'online' };
    problems.push(...responseProblems(survey, versionId, asOnline));
  }
  return problems;
}

async function assertSound(res: Reply): Promise<void> {
  const problems = [...replyProblems(res), ...prototypeChanges(prototypes), ...(await storageProblems())];
  if (problems.length > 0) throw new Error(`status ${res.statusCode}:\n  ${problems.join('\n  ')}`);
}

/** What came back, per route and status, to show the generators reach every kind of reply. */
const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

// ---------------------------------------------------------------------------------------------
// Properties

interface Spoil {
  at: number;
  value: Piece[];
  json: JsonShape;
}

interface StaffCase {
  params: Record<string, string>;
  envelope: Envelope;
  form: Pair[] | undefined;
  spoils: Spoil[];
  formFirst: boolean;
  pairs: Pair[];
}

/** A field filled up to a few hundred kilobytes: huge, but within the body limit. */
const hugeValue: fc.Arbitrary<Piece[]> = fc
  .tuple(fc.constantFrom('a', '<', 'é', '\u0000', ' '), fc.integer({ min: 1_000, max: 60_000 }))
  .map(([c, n]) => [text(c.repeat(n))]);

const spoilFor = (route: StaffFormRoute): fc.Arbitrary<Spoil> =>
  fc.record({
    at: fc.nat(),
    value: fc.oneof(
      { weight: 4, arbitrary: hostileValue },
      { weight: 4, arbitrary: fc.oneof(...Object.values(route.fields)) },
      { weight: 1, arbitrary: hugeValue },
    ),
    json: jsonShape,
  });

/** Mostly urlencoded (what the staff forms read), now and then any other body. */
const staffEnvelope: fc.Arbitrary<Envelope> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Envelope>({ contentType: FORM_TYPE, mode: 'form' }) },
  { weight: 1, arbitrary: anyEnvelope },
);

const staffCase = (route: StaffFormRoute): fc.Arbitrary<StaffCase> =>
  fc.record({
    params: fc.record(route.params),
    envelope: staffEnvelope,
    form: fc.option(route.validForm, { nil: undefined, freq: 4 }),
    spoils: fc.oneof(fc.constant<Spoil[]>([]), fc.array(spoilFor(route), { minLength: 1, maxLength: 2 })),
    formFirst: fc.boolean(),
    pairs: fc.oneof(
      { weight: 2, arbitrary: fc.constant<Pair[]>([]) },
      { weight: 3, arbitrary: fc.array(pairFor(route.fields), { minLength: 1, maxLength: 8 }) },
    ),
  });

function spoiled(form: Pair[], spoils: Spoil[]): Pair[] {
  const copy = [...form];
  for (const { at, value, json } of spoils) {
    const index = at % Math.max(1, copy.length);
    const original = copy[index];
    if (original) copy[index] = { ...original, value, json };
  }
  return copy;
}

const RUNS: Record<string, number> = {
  enter: 80,
  'users-new': 80,
  'users-edit': 80,
  organisations: 80,
  'sessions-new': 80,
  setup: 80,
};

for (const route of ROUTES) {
  t.test(`hostile bodies on ${route.name} (with a valid CSRF token): a page, nothing invalid stored`, async (t) => {
    const property = fc.asyncProperty(staffCase(route), async (c) => {
      const form = c.form === undefined ? [] : spoiled(c.form, c.spoils);
      const pairs = c.formFirst ? [...form, ...c.pairs] : [...c.pairs, ...form];
      const res = await send(route, c.params, c.envelope, pairs);
      count(`${route.name} ${res.statusCode}`);
      await assertSound(res);
    });
    await holds(t, property, runs(RUNS[route.name] ?? 60));
  });
}

/** The one staff form sent by GET: the audit log's filters, from a query string. */
const auditFields: Record<string, fc.Arbitrary<Piece[]>> = {
  actor: fc.oneof(
    fc.constantFrom('admin@example.org', 'ADMIN@example.org', '').map((v) => [text(v)]),
    hostileValue,
  ),
  action: fc.oneof(
    fc.constantFrom('login', 'organisation_created', '').map((v) => [text(v)]),
    hostileValue,
  ),
  from: fc.oneof(
    fc
      .constantFrom('2026-01-01', '2026-02-30', '2026-13-45', '0000-00-00', '9999-12-31', '1900-01-01', '2026-1-1')
      .map((v) => [text(v)]),
    hostileValue,
  ),
  to: fc.oneof(
    fc.constantFrom('2026-12-31', '9999-99-99', '1999-12-31').map((v) => [text(v)]),
    hostileValue,
  ),
};

t.test('hostile filters on the audit log (a GET form): a page, never a 5xx', async (t) => {
  const admin = signedIn.admin;
  if (!admin) throw new Error('no admin session');
  const property = fc.asyncProperty(fc.array(pairFor(auditFields), { maxLength: 6 }), async (pairs) => {
    const query = encodeForm(pairs, () => '').toString('latin1');
    const res = await app.inject({
      method: 'GET',
      url: `/staff/admin/audit?${query}`,
      remoteAddress: nextAddress(),
      headers: { cookie: admin.cookie },
    });
    count(`audit ${res.statusCode}`);
    await assertSound({ statusCode: res.statusCode, headers: res.headers, body: res.body });
  });
  const example = [pair('actor', 'a\u0000b'), pair('from', '2026-02-30'), pair('to', '9999-12-31')];
  await holds(t, property, { ...runs(60), examples: [[example]] });
});

t.test('after all of it: everything stored is valid, and no prototype was touched', async (t) => {
  t.comment(
    [...tally]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', '),
  );
  checkedResponses.clear();
  t.same(await storageProblems(), [], 'organisations, staff users, sessions and accounts pass their validation');
  t.same(prototypeChanges(prototypes), [], 'Object, Array, Function and String prototypes as they were');
  const filed = await app.db.selectFrom('responses').select('id').execute();
  t.ok(filed.length > 0, `${filed.length} assisted accounts were filed through the hostile runs`);
  for (const route of ROUTES)
    t.ok(
      [...tally.keys()].some((k) => k.startsWith(`${route.name} `) && !/ (403|415|400)$/.test(k)),
      `${route.name}: some requests got past the CSRF check and the body parser`,
    );
  t.comment(`${requests} requests`);
});

// ---------------------------------------------------------------------------------------------
// Escaping in every staff view and export

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://x","y")';
const escaped = (s: string) => Handlebars.Utils.escapeExpression(s);

t.test(
  'markup typed by staff and residents is shown escaped in every staff view; the CSV is neutralised',
  async (t) => {
    const adminS = await signIn(app, 'admin@example.org');
    const get = async (session: SignInSession, url: string) => {
      const res = await staffGet(app, url, { cookie: session.cookie });
      t.equal(res.statusCode, 200, `GET ${url}`);
      return res;
    };
    /** Nothing live, and each of `expected` shown as escaped text. */
    const shows = (res: LightMyRequestResponse, url: string, expected: string[]) => {
      t.same(replyProblems(res), [], `${url}: a page with nothing live in it`);
      for (const payload of [SCRIPT, IMG, FORMULA, ...XSS_PAYLOADS])
        if (payload !== FORMULA) t.notOk(res.body.includes(payload), `${url}: ${payload} never raw`);
      for (const payload of expected) t.ok(res.body.includes(escaped(payload)), `${url}: shows ${payload}, escaped`);
    };

    // An organisation named with markup, and one with a formula.
    const orgName = `${SCRIPT} ${IMG} Champions`;
    for (const name of [orgName, `${FORMULA} Group`]) {
      const res = await staffPost(
        app,
        '/staff/admin/organisations',
        { _csrf: adminS.csrf, name },
        { cookie: adminS.cookie },
      );
      t.equal(res.statusCode, 303, `organisation ${name} created`);
    }
    const xssOrg = await app.db.selectFrom('organisations').selectAll().where('name', '=', orgName).executeTakeFirst();
    if (!xssOrg) throw new Error('the organisation was not stored as typed');

    // A staff user invited with a display name of markup, in that organisation.
    const displayName = `${IMG} ${SCRIPT}`;
    const invite = await staffPost(
      app,
      '/staff/admin/users/new',
      {
        _csrf: adminS.csrf,
        email: 'xss@example.org',
        displayName,
        roles: 'partner',
        languages: ['so', 'ar'],
        organisationId: xssOrg.id,
      },
      { cookie: adminS.cookie },
    );
    t.equal(invite.statusCode, 200, 'invited');
    const invited = await app.db
      .selectFrom('staff_users')
      .selectAll()
      .where('email', '=', 'xss@example.org')
      .executeTakeFirstOrThrow();
    t.equal(invited.display_name, displayName, 'the display name is stored as typed');

    // A partner in that organisation (named with markup too) creates a session with a formula title.
    await createStaffUser(app, {
      email: 'xss-partner@example.org',
      roles: ['partner'],
      organisationId: xssOrg.id,
      displayName: `${SCRIPT} partner`,
    });
    const partner = await signIn(app, 'xss-partner@example.org');
    const title = `${FORMULA} ${SCRIPT}`;
    const venue = `${IMG} hall`;
    const created = await staffPost(
      app,
      '/staff/sessions/new',
      {
        _csrf: partner.csrf,
        title,
        heldOn: '2026-11-20',
        venue,
        format: 'workshop',
        survey: 'your-experience',
        languages: ['so', 'ar'],
      },
      { cookie: partner.cookie },
    );
    t.equal(created.statusCode, 303, 'session created');
    const sessionId = /\/staff\/sessions\/([0-9a-f-]{36})$/.exec(String(created.headers.location))?.[1] ?? '';

    // Accounts entered for residents, with markup and formulas in free text and a write-in.
    const enterUrl = `/staff/sessions/${sessionId}/enter`;
    const story = `${SCRIPT} ${IMG} ${FORMULA}`;
    const writeIn = `${IMG} ${FORMULA}`;
    const answers = {
      _csrf: partner.csrf,
      _locale: 'so',
      _channel: 'assisted',
      service: 'other',
      service__other: writeIn,
      what_happened: story,
      treated: '2',
      background_affected: 'yes',
      background_more: SCRIPT,
      trust: '2',
      consent: 'yes',
    };
    const failed = await staffPost(app, enterUrl, answers, { cookie: partner.cookie });
    t.equal(failed.statusCode, 422, 'not read aloud: the form again, with every answer');
    shows(failed, `POST ${enterUrl} (422)`, [story, writeIn, title]);
    for (const locale of ['so', 'ar']) {
      const res = await staffPost(
        app,
        enterUrl,
        { ...answers, _locale: locale, _read_aloud: 'yes' },
        { cookie: partner.cookie },
      );
      t.equal(res.statusCode, 303, `account filed in ${locale}`);
    }
    const filed = await app.db.selectFrom('responses').select('id').where('session_id', '=', sessionId).execute();
    t.equal(filed.length, 2, 'two accounts filed');
    const problems = (
      await storedResponses(
        app,
        filed.map((r) => r.id),
      )
    ).flatMap((r) => responseProblems(survey, versionId, { ...r, channel: 'online' }));
    t.same(problems, [], 'both pass the survey validation');

    // Every staff page that shows them.
    const pages: [SignInSession, string, string[]][] = [
      [adminS, '/staff/admin/users', [displayName, orgName]],
      [adminS, `/staff/admin/users/${invited.id}`, [displayName, orgName]],
      [adminS, '/staff/admin/organisations', [orgName, `${FORMULA} Group`]],
      [adminS, '/staff/admin/audit', [SCRIPT]],
      [adminS, '/staff/sessions', [title]],
      [partner, '/staff/', [`${SCRIPT} partner`]],
      [partner, '/staff/sessions', [title]],
      [partner, `/staff/sessions/${sessionId}`, [title, venue]],
      [partner, `${enterUrl}?locale=so`, [title]],
    ];
    for (const [session, url, expected] of pages) shows(await get(session, url), url, expected);

    const analyst = await signIn(app, 'analyst@example.org');
    for (const { id } of filed) {
      const url = `/staff/accounts/${id}`;
      shows(await get(analyst, url), url, [story, writeIn, SCRIPT]);
    }

    const csv = await staffGet(app, '/staff/sessions/counts.csv', { cookie: partner.cookie });
    t.equal(csv.statusCode, 200);
    t.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.split('\r\n').filter((line) => line.includes('HYPERLINK'));
    t.ok(lines.length > 0, 'the session is in the counts');
    const quoted = `"'${FORMULA.replace(/"/g, '""')} ${SCRIPT}"`;
    for (const line of lines) t.ok(line.startsWith(`${quoted},`), `the title cell is neutralised: ${line}`);
    t.notOk(/(^|,)"=/m.test(csv.body), 'no cell starts with = inside its quotes');
  },
);
