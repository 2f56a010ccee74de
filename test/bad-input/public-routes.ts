// The public forms as a table the bad-input properties walk: each route's URL, its own fields
// with values that mean something to it, and a form as a person would send it.
import fc from 'fast-check';
import { fieldsOf } from '../../src/surveys/answers.js';
import { issueFormToken } from '../../src/surveys/form-token.js';
import type { Question, Survey } from '../../src/surveys/model.js';
import { TEST_SECRET } from '../helper.js';
import { hostileText } from './arbitraries.js';
import { late, type Pair, type Piece, pair, text } from './encode.js';
import { validAnswers } from './valid-answers.js';

const RECEIPT_VARIANTS: Record<string, (code: string) => string> = {
  shown: (c) => c,
  lower: (c) => c.toLowerCase(),
  bare: (c) => c.replace(/-/g, ''),
  lenient: (c) => c.replace(/0/g, 'O').replace(/1/g, 'l'),
  dashes: (c) => c.replace(/-/g, ' – '),
  padded: (c) => `  ${c}\r\n`,
  truncated: (c) => c.slice(0, 13),
  doubled: (c) => c + c,
  unknown: () => 'ZZZZ-ZZZZ-ZZZZ',
};

const TOKENS: Record<string, () => string> = {
  aged: () => issueFormToken(TEST_SECRET, Date.now() - 60_000),
  fresh: () => issueFormToken(TEST_SECRET),
  expired: () => issueFormToken(TEST_SECRET, Date.now() - 25 * 3600_000),
  tampered: () => `${issueFormToken(TEST_SECRET, Date.now() - 60_000).slice(0, -2)}xx`,
  foreign: () => issueFormToken('another-secret-0123456789abcdef0123456789', Date.now() - 60_000),
  future: () => issueFormToken(TEST_SECRET, Date.now() + 3600_000),
};

/**
 * Values made as a request is sent: `token:<kind>` (a form token opened a minute ago, just now,
 * a day ago, tampered with …) and `receipt:<index>:<variant>` (a real receipt code, typed as
 * people type them, or not quite).
 */
export class LateValues {
  /** Receipt codes (as shown, XXXX-XXXX-XXXX) of accounts filed so far. */
  readonly receipts: string[] = [];

  readonly resolve = (key: string): string => {
    const [kind = '', a = '', b = ''] = key.split(':');
    if (kind === 'token') return (TOKENS[a] ?? TOKENS.aged ?? (() => ''))();
    if (kind === 'receipt') {
      const code = this.receipts[Number(a) % Math.max(1, this.receipts.length)] ?? 'ZZZZ-ZZZZ-ZZZZ';
      return (RECEIPT_VARIANTS[b] ?? ((c: string) => c))(code);
    }
    throw new Error(`no late value for ${key}`);
  };
}

export interface FormRoute {
  name: string;
  method: 'POST';
  /** How often the generators pick it, relative to the others. */
  weight: number;
  /** The URL, from its parameters; `locale` is always the first path segment. */
  url(params: Record<string, string> & { locale: string }): string;
  /** Parameters in the path other than the locale, with the values they usually take. */
  params: Record<string, fc.Arbitrary<string>>;
  /** The form's own fields, with values that mean something to it (garbage is mixed in). */
  fields: Record<string, fc.Arbitrary<Piece[]>>;
  /** A form as a person would send it, which the generators then spoil. */
  validForm: fc.Arbitrary<Pair[]>;
}

export const values = (...list: string[]): fc.Arbitrary<Piece[]> => fc.constantFrom(...list).map((v) => [text(v)]);
export const typed = (...list: string[]): fc.Arbitrary<Piece[]> =>
  fc.oneof(
    values(...list),
    hostileText.map((v) => [text(v)]),
  );
function fieldValues(q: Question, field: string): fc.Arbitrary<Piece[]> {
  if (field.endsWith('__other')) return typed('Somali', 'Rugta caafimaadka', ' ', 'x'.repeat(201));
  if (field.endsWith('__prefer_not')) return values('yes', 'on', '', 'no');
  switch (q.kind) {
    case 'choice':
      return values(...q.options.map((o) => o.code), 'other', 'prefer_not', 'GP', ' gp', 'nope', '0', '');
    case 'scale':
      return values(
        ...Array.from({ length: q.max - q.min + 1 }, (_, i) => String(q.min + i)),
        String(q.min - 1),
        String(q.max + 1),
        '-1',
        '3.0',
        ' 3 ',
        '03',
        '1e0',
        '٣',
        '３',
        '',
      );
    case 'text':
      return q.format === 'postcode_district'
        ? typed('W12', 'w6 ', 'SW1A', 'W1', '12W', 'W12 9AB', 'ſW1', '')
        : typed('The doctor did not listen.', 'Dhakhtarka ayaa i dhegeysan waayay.', 'a'.repeat(q.maxLength + 1), '');
    case 'consent':
      return values('yes', 'YES', 'on', 'no', 'true', '');
  }
}

function surveyFields(survey: Survey): Record<string, fc.Arbitrary<Piece[]>> {
  const pageIds = survey.pages.map((p) => p.id);
  return {
    _token: fc.constantFrom(...Object.keys(TOKENS)).map((kind) => [late(`token:${kind}`)]),
    _step: values('start', ...pageIds, 'check', 'confirmation', ''),
    _goto: values(
      'next',
      'back',
      'submit',
      ...pageIds.map((id) => `page:${id}`),
      'page:',
      'page:check',
      'page:__proto__',
      'page:constructor',
      'Next',
      'submit ',
    ),
    _return: values('check', 'start', ''),
    contact_url: values('', 'https://spam.example/buy'),
    ...Object.fromEntries(survey.questions.flatMap((q) => fieldsOf(q).map((f) => [f, fieldValues(q, f)]))),
  };
}

/** A complete survey form, Send pressed on the check page of a form opened a minute ago. */
export const validSurveyForm = (survey: Survey): fc.Arbitrary<Pair[]> =>
  validAnswers(survey).map((answers) => [
    ...answers.fields.map(([name, value]) => pair(name, value)),
    pair('_step', 'check'),
    pair('_goto', 'submit'),
    pair('_token', [late('token:aged')]),
  ]);

const receiptCode: fc.Arbitrary<Piece[]> = fc
  .tuple(fc.nat(), fc.constantFrom(...Object.keys(RECEIPT_VARIANTS)))
  .map(([i, variant]) => [late(`receipt:${i}:${variant}`)]);
const receiptAction = values('lookup', 'withdraw', 'confirm-withdraw', 'WITHDRAW', 'confirm_withdraw', '');

/** Every public form; the properties walk this table. */
export function publicRoutes(survey: Survey): FormRoute[] {
  return [
    {
      name: 'survey',
      method: 'POST',
      weight: 3,
      url: (p) => `/${p.locale}/surveys/${p.slug}`,
      params: {
        slug: fc.oneof(
          { weight: 9, arbitrary: fc.constant('your-experience') },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              'no-such-survey',
              '__proto__',
              'constructor',
              'YOUR-EXPERIENCE',
              'your-experience.json',
              'your%2Dexperience',
            ),
          },
        ),
      },
      fields: surveyFields(survey),
      validForm: validSurveyForm(survey),
    },
    {
      name: 'receipt',
      method: 'POST',
      weight: 2,
      url: (p) => `/${p.locale}/receipt`,
      params: {},
      fields: { code: fc.oneof(receiptCode, typed('', 'ABCD-EFGH-JKMN')), _action: receiptAction },
      validForm: fc
        .tuple(receiptCode, values('lookup', 'withdraw', 'confirm-withdraw'))
        .map(([code, action]) => [pair('code', code), pair('_action', action)]),
    },
    // Staff forms (/staff/login, account, admin, partner entry …) are added here, in the same
    // shape: `params` for their path parameters, `fields` for their own fields, and `late`
    // pieces for what must be fresh when sent (the CSRF token; the session cookie goes in a
    // per-route header hook beside `url`). Every property below then covers them too; their
    // pages are English (`lang="en"`), so give the route an expected locale of its own.
  ];
}
