// The state-changing staff forms as a table the staff bad-input properties walk (the same
// shape as public-routes.ts, without locales): each route's URL and path parameters, its own
// fields with values that mean something to it, and a form as a person would send it. What
// must be fresh when sent (the session's CSRF token, a one-time link, a TOTP code) is a `late`
// piece, resolved by the test as the request goes out; who sends it is the route's `as`.
import fc from 'fast-check';
import { ROLES, SESSION_FORMATS } from '../../src/db/schema.js';
import { LOCALE_CODES } from '../../src/i18n/locales.js';
import type { Survey } from '../../src/surveys/model.js';
import { hostileText } from './arbitraries.js';
import { late, type Pair, type Piece, pair, text } from './encode.js';
import { typed, values } from './public-routes.js';
import { validAnswers } from './valid-answers.js';

/** Who sends a route's requests. */
export type Sender =
  /** No session cookie at all (the ways in). */
  | 'nobody'
  /** A session waiting for its second factor (made fresh for each request). */
  | 'pending'
  | 'admin'
  | 'partner'
  /** A signed-in user with no roles: their own account pages. */
  | 'self'
  /** A signed-in session made for this one request (signing out ends it). */
  | 'fresh';

export interface StaffFormRoute {
  name: string;
  as: Sender;
  url(params: Record<string, string>): string;
  params: Record<string, fc.Arbitrary<string>>;
  fields: Record<string, fc.Arbitrary<Piece[]>>;
  validForm: fc.Arbitrary<Pair[]>;
}

/** What the table needs to know of the world the test made. */
export interface StaffWorld {
  survey: Survey;
  /** Emails of users who exist (to sign in as, or to collide with). */
  emails: { login: string; taken: string[] };
  ids: { admin: string; target: string; reset: string; ownSession: string; otherSession: string };
  organisationIds: string[];
}

const OTHER_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  'not-a-uuid',
  '__proto__',
  'constructor',
  '%00',
  '1%27%20or%201%3D1',
  '%3Cscript%3E',
  'x'.repeat(200),
];

const idParam = (...usual: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...usual) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_IDS) },
  );

const subset = <T>(list: readonly T[], min = 0) =>
  fc.subarray([...list], { minLength: min, maxLength: Math.max(min, 3) });

const unique = fc.nat({ max: 1_000_000_000 }).map((n) => `u${n}`);
const email = unique.map((u) => `${u}@example.org`);

const emailValues = (world: StaffWorld) =>
  fc.oneof(
    email.map((e) => [text(e)]),
    typed(
      ...world.emails.taken,
      world.emails.taken[0]?.toUpperCase() ?? 'x',
      ` ${world.emails.taken[0]} `,
      'not-an-email',
      'a@b',
      `${'a'.repeat(320)}@example.org`,
      'a\u0000@example.org',
      '',
    ),
  );
const roleValues = values(...ROLES, 'ADMIN', 'root', 'superuser', '', 'admin ', '__proto__');
const languageValues = values(...LOCALE_CODES, 'EN', 'xx', 'en-GB', '', '__proto__');
const organisationValues = (world: StaffWorld) =>
  values(...world.organisationIds, '', '00000000-0000-0000-0000-000000000000', 'not-a-uuid', ' ');
const nameValues = typed('Hodan Ali', ' padded ', 'a'.repeat(120), 'a'.repeat(121), 'a'.repeat(161), '', ' ');
const passwordValues = typed('correct horse battery staple', 'another long passphrase', 'short', 'a'.repeat(1001), '');
const dateValues = typed('2026-11-20', '2026-02-30', '20-11-2026', '2026-1-1', '9999-12-31', '', '2026-11-20T00:00');

/** A name and (usually) typed text: what the "valid" forms put in free-text fields. */
const someText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Hodan Ali', 'Drop-in at the library', 'مكتبة', 'Room 2') },
  { weight: 1, arbitrary: hostileText.filter((s) => s.trim().length > 0 && s.length <= 100) },
);

/** Every state-changing staff form, logout last (the properties walk this table in order). */
export function staffRoutes(world: StaffWorld): StaffFormRoute[] {
  const { survey, ids } = world;
  const assisted = validAnswers(survey);
  return [
    {
      name: 'login',
      as: 'nobody',
      url: () => '/staff/login',
      params: {},
      fields: { email: emailValues(world), password: passwordValues },
      validForm: fc
        .constantFrom(world.emails.login, world.emails.login.toUpperCase(), 'nobody@example.org')
        .map((e) => [pair('email', e), pair('password', 'correct horse battery staple')]),
    },
    {
      name: 'second-factor',
      as: 'pending',
      url: () => '/staff/login/second-factor',
      params: {},
      fields: {
        code: fc.oneof(
          fc.constantFrom('totp', 'recovery').map((k) => [late(k)]),
          typed('000000', '123456', '12345', '1234567', ' 123 456 ', 'abcd-efgh-ij', ''),
        ),
      },
      validForm: fc.constantFrom('totp', 'recovery').map((k) => [pair('code', [late(k)])]),
    },
    {
      name: 'setup',
      as: 'nobody',
      url: (p) => `/staff/setup/${p.token}`,
      params: { token: idParam('late:setup', 'late:setup', 'late:used') },
      fields: { email: emailValues(world), displayName: nameValues, password: passwordValues, confirm: passwordValues },
      validForm: fc
        .tuple(email, someText)
        .map(([e, name]) => [
          pair('email', e),
          pair('displayName', name),
          pair('password', 'correct horse battery staple'),
          pair('confirm', 'correct horse battery staple'),
        ]),
    },
    {
      name: 'password-link',
      as: 'nobody',
      url: (p) => `/staff/password/${p.token}`,
      params: { token: idParam('late:reset', 'late:reset', 'late:used') },
      fields: { password: passwordValues, confirm: passwordValues },
      validForm: fc.constant([
        pair('password', 'correct horse battery staple'),
        pair('confirm', 'correct horse battery staple'),
      ]),
    },
    {
      name: 'account-password',
      as: 'self',
      url: () => '/staff/account/password',
      params: {},
      fields: { current: passwordValues, password: passwordValues, confirm: passwordValues },
      validForm: fc.constant([
        pair('current', 'correct horse battery staple'),
        pair('password', 'correct horse battery staple'),
        pair('confirm', 'correct horse battery staple'),
      ]),
    },
    {
      name: 'account-two-factor',
      as: 'self',
      url: () => '/staff/account/two-factor',
      params: {},
      fields: {
        pending: fc.oneof(
          fc.constant<Piece[]>([late('pending')]),
          typed('', 'AAAA', 'a'.repeat(501), 'bm90IGEgc2VjcmV0.bm90.YQ'),
        ),
        code: fc.oneof(fc.constant<Piece[]>([late('pending-code')]), typed('000000', '', '1'.repeat(21))),
        password: passwordValues,
        currentCode: typed('000000', 'abcdefghij', ''),
      },
      validForm: fc.constant([
        pair('pending', [late('pending')]),
        pair('code', [late('pending-code')]),
        pair('password', 'correct horse battery staple'),
      ]),
    },
    {
      name: 'users-new',
      as: 'admin',
      url: () => '/staff/admin/users/new',
      params: {},
      fields: {
        email: emailValues(world),
        displayName: nameValues,
        roles: roleValues,
        languages: languageValues,
        organisationId: organisationValues(world),
      },
      validForm: fc
        .tuple(email, someText, subset(ROLES), subset(LOCALE_CODES), fc.constantFrom('', ...world.organisationIds))
        .map(([e, name, roles, languages, organisation]) => [
          pair('email', e),
          pair('displayName', name),
          ...roles.map((r) => pair('roles', r)),
          ...languages.map((l) => pair('languages', l)),
          pair('organisationId', organisation),
        ]),
    },
    {
      name: 'users-edit',
      as: 'admin',
      url: (p) => `/staff/admin/users/${p.id}`,
      // The admin's own id too: the self-lockout guard is validation as well.
      params: { id: idParam(ids.target, ids.target, ids.admin) },
      fields: {
        displayName: nameValues,
        roles: roleValues,
        languages: languageValues,
        organisationId: organisationValues(world),
        disabled: values('yes', 'no', '', 'true', 'YES'),
      },
      validForm: fc
        .tuple(someText, subset(ROLES), subset(LOCALE_CODES), fc.constantFrom('', ...world.organisationIds))
        .map(([name, roles, languages, organisation]) => [
          pair('displayName', name),
          ...[...new Set(['admin', ...roles])].map((r) => pair('roles', r)),
          ...languages.map((l) => pair('languages', l)),
          pair('organisationId', organisation),
        ]),
    },
    {
      name: 'users-reset-link',
      as: 'admin',
      url: (p) => `/staff/admin/users/${p.id}/reset-link`,
      params: { id: idParam(ids.target, ids.reset) },
      fields: { reason: typed('forgot') },
      validForm: fc.constant([]),
    },
    {
      name: 'users-unlock-second-factor',
      as: 'admin',
      url: (p) => `/staff/admin/users/${p.id}/unlock-second-factor`,
      params: { id: idParam(ids.target, ids.reset) },
      fields: { reason: typed('locked out') },
      validForm: fc.constant([]),
    },
    {
      name: 'organisations',
      as: 'admin',
      url: () => '/staff/admin/organisations',
      params: {},
      fields: { name: nameValues },
      validForm: fc.tuple(someText, unique).map(([name, u]) => [pair('name', `${name} ${u}`)]),
    },
    {
      name: 'sessions-new',
      as: 'partner',
      url: () => '/staff/sessions/new',
      params: {},
      fields: {
        title: nameValues,
        heldOn: dateValues,
        venue: typed('Library, room 2', 'a'.repeat(200), 'a'.repeat(201), ''),
        format: values(...SESSION_FORMATS, 'party', '', 'WORKSHOP'),
        survey: values(survey.slug, 'no-such-survey', '__proto__', ''),
        languages: languageValues,
      },
      validForm: fc
        .tuple(someText, someText, fc.constantFrom(...SESSION_FORMATS), subset(LOCALE_CODES, 1))
        .map(([title, venue, format, languages]) => [
          pair('title', title),
          pair('heldOn', '2026-11-20'),
          pair('venue', venue),
          pair('format', format),
          pair('survey', survey.slug),
          ...languages.map((l) => pair('languages', l)),
        ]),
    },
    {
      name: 'enter',
      as: 'partner',
      url: (p) => `/staff/sessions/${p.id}/enter`,
      params: { id: idParam(ids.ownSession, ids.ownSession, ids.ownSession, ids.otherSession) },
      fields: {
        _locale: values(...LOCALE_CODES, 'xx', '', '__proto__'),
        _channel: values('assisted', 'paper', 'online', ''),
        _read_aloud: values('yes', 'no', ''),
        _paper_date: dateValues,
        what_happened: typed('The doctor did not listen.'),
        service: values('gp', 'other', 'nope', ''),
        service__other: typed('Rugta caafimaadka'),
        treated: values('1', '2', '3', '0', '9', ''),
        consent: values('yes', 'no', ''),
      },
      validForm: fc
        .tuple(assisted, fc.constantFrom(...LOCALE_CODES), fc.boolean())
        .map(([answers, locale, paper]) => [
          ...answers.fields.map(([n, v]) => pair(n, v)),
          pair('_locale', locale),
          pair('_channel', paper ? 'paper' : 'assisted'),
          paper ? pair('_paper_date', '2026-11-19') : pair('_read_aloud', 'yes'),
        ]),
    },
    {
      name: 'logout',
      as: 'fresh',
      url: () => '/staff/logout',
      params: {},
      fields: { next: typed('/staff/', 'https://evil.example/') },
      validForm: fc.constant([]),
    },
  ];
}
