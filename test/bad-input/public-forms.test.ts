// Promise 4 against bad input, by property: every public POST route (the table in
// public-routes.ts), at every step, in every locale, is sent broken and hostile input —
// invalid UTF-8, NULs, lone surrogates, huge fields, repeated keys, arrays, prototype names,
// SQL and markup, random names and content types, broken and odd URLs, valid answers mixed
// with garbage. Whatever arrives, the reply is an HTML page in the locale (never a 5xx, never
// JSON) with nothing live from the request, Object.prototype is untouched, and every account
// stored passes the survey's own validation (checked after every request, and at the end).
// And any valid complete form IS stored, as sent, with a receipt.
//
// The reply and storage checks are in checks.ts; generators in arbitraries.ts, urls.ts and
// valid-answers.ts; encoders in encode.ts. FC_SEED=<n> replays a run (a failure reports its
// seed, path and counterexample); FC_RUN_SCALE=<x> multiplies every property's runs.
import fc from 'fast-check';
import t from 'tap';
import type { StoredAnswer } from '../../src/accounts/document.js';
import { hashReceipt, normalizeReceipt } from '../../src/accounts/receipt-code.js';
import { BODY_LIMIT_BYTES } from '../../src/app.js';
import { isLocaleCode, type LocaleCode } from '../../src/i18n/locales.js';
import { TEST_SECRET } from '../helper.js';
import { announceSeed } from '../support/fast-check-seed.js';
import { envelope as anyEnvelope, hostileValue, jsonShape, oddTextPiece, pairFor } from './arbitraries.js';
import {
  holds,
  pageProblems,
  prototypeChanges,
  type Reply,
  responseProblems,
  snapshotPrototypes,
  storedResponses,
} from './checks.js';
import { buildDemoApp } from './demo-app.js';
import {
  type Envelope,
  encodeBody,
  encodeForm,
  encodeJson,
  FORM_TYPE,
  type JsonShape,
  late,
  type Pair,
  type Piece,
  pair,
  text,
} from './encode.js';
import { type FormRoute, LateValues, publicRoutes, validSurveyForm } from './public-routes.js';
import { brokenSegment, knownLocale, localeSegment, oddSegment, urlSuffix } from './urls.js';
import { validAnswers } from './valid-answers.js';

announceSeed(import.meta.url);

const { app, survey, versionId } = await buildDemoApp(t);
const pageIds = survey.pages.map((p) => p.id);

/** Form tokens and receipt codes, made as each request is sent. */
const { receipts, resolve: resolveLate } = new LateValues();
const ROUTES: FormRoute[] = publicRoutes(survey);
const routeNamed = (name: string): FormRoute => {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return route;
};

const SCALE = Number(process.env.FC_RUN_SCALE ?? 1);
const runs = (numRuns: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * SCALE)),
});

// ---------------------------------------------------------------------------------------------
// Sending

let requests = 0;
/** Every request from an address of its own, so no rate limit is reached by accident. */
function nextAddress(): string {
  const n = requests++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

async function send(url: string, envelope: Envelope, pairs: Pair[], method: 'POST' = 'POST'): Promise<Reply> {
  const payload = encodeBody(envelope, pairs, resolveLate);
  return sendRaw(url, envelope.contentType, payload, method);
}

async function sendRaw(
  url: string,
  contentType: string | undefined,
  payload: Buffer | undefined,
  method: 'POST' = 'POST',
): Promise<Reply> {
  const res = await app.inject({
    method,
    url,
    remoteAddress: nextAddress(),
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    ...(payload === undefined ? {} : { payload }),
  });
  return { statusCode: res.statusCode, headers: res.headers, body: res.body };
}

const receiptOn = (html: string) => /<p class="receipt"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

const expectedLocale = (segment: string): LocaleCode | undefined => (isLocaleCode(segment) ? segment : undefined);

// ---------------------------------------------------------------------------------------------
// Checks after every request

const prototypes = snapshotPrototypes();
const checked = new Set<string>();
let responsesSeen = -1;

/** Problems with accounts stored since the last look (cheap when nothing new was stored). */
async function newStorageProblems(): Promise<string[]> {
  const row = await app.db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(row.n) === responsesSeen) return [];
  responsesSeen = Number(row.n);
  const ids = (await app.db.selectFrom('responses').select('id').execute())
    .map((r) => r.id)
    .filter((id) => !checked.has(id));
  const found = await storedResponses(app, ids);
  for (const response of found) checked.add(response.id);
  return found.flatMap((response) => responseProblems(survey, versionId, response));
}

async function assertSound(res: Reply, locale: LocaleCode | undefined): Promise<void> {
  const problems = [...pageProblems(res, locale), ...prototypeChanges(prototypes), ...(await newStorageProblems())];
  if (problems.length > 0) throw new Error(`status ${res.statusCode}:\n  ${problems.join('\n  ')}`);
}

/** What came back, per route and status, to show the generators reach every kind of reply. */
const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

// ---------------------------------------------------------------------------------------------
// A few accounts to look up, withdraw and confirm-withdraw from the start.

const MINIMAL: [string, string][] = [
  ['service', 'gp'],
  ['what_happened', 'Dhakhtarka ayaa i dhegeysan waayay.'],
  ['treated', '2'],
  ['background_affected', 'no'],
  ['trust', '2'],
  ['consent', 'yes'],
];
for (const locale of ['so', 'ar', 'am', 'pl'] as const) {
  const res = await send(`/${locale}/surveys/your-experience`, { contentType: FORM_TYPE, mode: 'form' }, [
    ...MINIMAL.map(([n, v]) => pair(n, v)),
    pair('_goto', 'submit'),
    pair('_token', [late('token:aged')]),
  ]);
  const code = receiptOn(res.body);
  if (res.statusCode !== 200 || !code) throw new Error(`could not file a seed account: ${res.statusCode}`);
  receipts.push(code);
}

// ---------------------------------------------------------------------------------------------
// Properties

t.test('any valid complete form is stored, as sent, and gets a receipt', async (t) => {
  const arb = fc.record({
    locale: knownLocale,
    answers: validAnswers(survey),
    step: fc.constantFrom('check', 'start', ...pageIds),
  });
  const property = fc.asyncProperty(arb, async ({ locale, answers, step }) => {
    const res = await send(`/${locale}/surveys/your-experience`, { contentType: FORM_TYPE, mode: 'form' }, [
      ...answers.fields.map(([n, v]) => pair(n, v)),
      pair('_step', step),
      pair('_goto', 'submit'),
      pair('_token', [late('token:aged')]),
    ]);
    await assertSound(res, locale);
    const shown = receiptOn(res.body);
    if (res.statusCode !== 200 || !shown) {
      const error = /<span class="visually-hidden">[^<]*<\/span> ([^<]*)<\/span>/.exec(res.body)?.[1];
      throw new Error(`refused with ${res.statusCode}: ${/<title>([^<]*)/.exec(res.body)?.[1]} ${error ?? ''}`);
    }
    receipts.push(shown);
    const code = normalizeReceipt(shown) ?? '';
    const response = await app.db
      .selectFrom('responses')
      .select(['id', 'locale', 'status'])
      .where('receipt_hash', '=', hashReceipt(TEST_SECRET, code))
      .executeTakeFirst();
    if (!response) throw new Error(`receipt ${shown} was shown, but no account has it`);
    if (response.locale !== locale) throw new Error(`stored with locale ${response.locale}, not ${locale}`);
    const [stored] = await storedResponses(app, [response.id]);
    const got = canonical(Object.fromEntries((stored?.answers ?? []).map((a) => [a.questionId, a.value])));
    const want = canonical(answers.expected);
    if (got !== want) throw new Error(`stored answers differ:\n  stored   ${got}\n  expected ${want}`);
  });
  await holds(t, property, runs(150));
});

/** Stored answers as comparable JSON: keys sorted, multiple choices as sets. */
function canonical(answers: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(answers)
      .sort()
      .map((id) => {
        const { value, writeIn } = answers[id] as StoredAnswer;
        return [id, Array.isArray(value) ? [...value].sort() : value, writeIn ?? null];
      }),
  );
}

interface BodyCase {
  route: string;
  locale: string;
  params: Record<string, string>;
  envelope: Envelope;
  /** A form a person would send, before or after the garbage. */
  form: Pair[] | undefined;
  /** Values of the form replaced by garbage. */
  spoils: Spoil[];
  formFirst: boolean;
  pairs: Pair[];
}

interface Spoil {
  at: number;
  value: Piece[];
  json: JsonShape;
}

/** One of the route's values replaced by garbage or by another of its own values. */
const spoilFor = (route: FormRoute): fc.Arbitrary<Spoil> =>
  fc.record({
    at: fc.nat(),
    value: fc.oneof(hostileValue, ...Object.values(route.fields)),
    json: jsonShape,
  });

const bodyCase: fc.Arbitrary<BodyCase> = fc.oneof(
  ...ROUTES.map((route) => ({
    weight: route.weight,
    arbitrary: fc.record({
      route: fc.constant(route.name),
      locale: localeSegment,
      params: fc.record(route.params),
      envelope: anyEnvelope,
      form: fc.option(route.validForm, { nil: undefined, freq: 2 }),
      // Often none at all: a valid form with one value spoiled is the sharpest test of validation.
      spoils: fc.oneof(fc.constant<Spoil[]>([]), fc.array(spoilFor(route), { minLength: 1, maxLength: 2 })),
      formFirst: fc.boolean(),
      pairs: fc.oneof(fc.constant<Pair[]>([]), fc.array(pairFor(route.fields), { minLength: 1, maxLength: 8 })),
    }),
  })),
);

/** The form with some of its values replaced in place (so they are the ones read). */
function spoiled(form: Pair[], spoils: Spoil[]): Pair[] {
  const copy = [...form];
  for (const { at, value, json } of spoils) {
    const index = at % Math.max(1, copy.length);
    const original = copy[index];
    if (original) copy[index] = { ...original, value, json };
  }
  return copy;
}

t.test('bad bodies on every form: an HTML page in the locale, nothing invalid stored', async (t) => {
  const property = fc.asyncProperty(bodyCase, async (c) => {
    const route = routeNamed(c.route);
    const form = c.form === undefined ? [] : spoiled(c.form, c.spoils);
    const pairs = c.formFirst ? [...form, ...c.pairs] : [...c.pairs, ...form];
    const res = await send(route.url({ ...c.params, locale: c.locale }), c.envelope, pairs, route.method);
    count(`${c.route} ${res.statusCode}${receiptOn(res.body) ? ' (receipt)' : ''}`);
    await assertSound(res, expectedLocale(c.locale));
  });
  await holds(t, property, runs(300));
  t.comment(
    [...tally]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', '),
  );
});

interface FormCase {
  route: string;
  locale: LocaleCode;
  params: Record<string, string>;
  json: boolean;
  form: Pair[];
  spoil: Spoil | undefined;
}

/** Every route as often as the others: its form as a person sends it, now and then one value spoiled. */
const formCase: fc.Arbitrary<FormCase> = fc.oneof(
  ...ROUTES.map((route) =>
    fc.record({
      route: fc.constant(route.name),
      locale: knownLocale,
      params: fc.record(route.params),
      json: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      form: route.validForm,
      spoil: fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: spoilFor(route) }),
    }),
  ),
);

t.test('each form as a person sends it, or with one value spoiled: a page, nothing invalid stored', async (t) => {
  const property = fc.asyncProperty(formCase, async (c) => {
    const route = routeNamed(c.route);
    const envelope: Envelope = c.json
      ? { contentType: 'application/json', mode: 'json' }
      : { contentType: FORM_TYPE, mode: 'form' };
    const pairs = spoiled(c.form, c.spoil ? [c.spoil] : []);
    const res = await send(route.url({ ...c.params, locale: c.locale }), envelope, pairs, route.method);
    await assertSound(res, c.locale);
  });
  await holds(t, property, runs(120));
});

/** The fields a resident types into, and what the survey allows in each. */
const TEXT_FIELDS = survey.questions.flatMap((q) => [
  ...(q.kind === 'text' ? [q.id] : []),
  ...(q.kind === 'choice' && q.writeIn ? [`${q.id}__other`] : []),
]);

const named = (p: Pair, name: string) => p.name.length === 1 && p.name.every((n) => 'text' in n && n.text === name);

interface OddTextCase {
  locale: LocaleCode;
  json: boolean;
  form: Pair[];
  /** A text field (by index into TEXT_FIELDS) and what is typed into it. */
  field: number;
  typed: Piece[];
}

const oddTextCase: fc.Arbitrary<OddTextCase> = fc.record({
  locale: knownLocale,
  json: fc.boolean(),
  form: validSurveyForm(survey),
  field: fc.nat({ max: TEXT_FIELDS.length - 1 }),
  typed: fc.array(fc.oneof(oddTextPiece, fc.constantFrom(text('Dhakhtarka '), text('W12'))), {
    minLength: 1,
    maxLength: 6,
  }),
});

/** A lone surrogate, which a JSON body can carry (a form cannot), in an account otherwise valid. */
const LONE_SURROGATE_IN_JSON: OddTextCase = {
  locale: 'so',
  json: true,
  form: [...MINIMAL.map(([n, v]) => pair(n, v)), pair('_goto', 'submit'), pair('_token', [late('token:aged')])],
  field: TEXT_FIELDS.indexOf('what_happened'),
  typed: [text('Dhakhtarka '), text('\uD800')],
};

t.test('odd text typed into an otherwise valid account: stored clean, or refused with a page', async (t) => {
  const property = fc.asyncProperty(oddTextCase, async (c) => {
    const name = TEXT_FIELDS[c.field] ?? 'what_happened';
    // Typed into the field where a browser would put it: the form's own value is replaced.
    const pairs = [pair(name, c.typed), ...c.form.filter((p) => !named(p, name))];
    const res = await send(
      `/${c.locale}/surveys/your-experience`,
      c.json ? { contentType: 'application/json', mode: 'json' } : { contentType: FORM_TYPE, mode: 'form' },
      pairs,
    );
    await assertSound(res, c.locale);
    // A JSON body can be broken by the bytes typed (a raw NUL): "the form went wrong" (400).
    const expected = c.json ? [200, 400, 422] : [200, 422];
    if (!expected.includes(res.statusCode)) throw new Error(`status ${res.statusCode}, not ${expected.join(' or ')}`);
  });
  await holds(t, property, { ...runs(200), examples: [[LONE_SURROGATE_IN_JSON]] });
});

interface UrlCase {
  route: string;
  locale: string;
  params: Record<string, string>;
  /** Which parameter ("locale" or another) is replaced by `segment`, if any. */
  replaced: string | undefined;
  segment: string;
  suffix: string;
  form: Pair[];
}

const urlCase = (segments: fc.Arbitrary<string>, suffixes: fc.Arbitrary<string>): fc.Arbitrary<UrlCase> =>
  fc.oneof(
    ...ROUTES.map((route) =>
      fc.record({
        route: fc.constant(route.name),
        locale: localeSegment,
        params: fc.record(route.params),
        replaced: fc.constantFrom(undefined, 'locale', ...Object.keys(route.params)),
        segment: segments,
        suffix: suffixes,
        form: route.validForm,
      }),
    ),
  );

/**
 * The locale of the path the app is sent. app.inject, like a browser, resolves `.` and `..`
 * segments (and `%2e%2e`, which the URL standard reads as `..`) before sending, so
 * `/fa/surveys/%2e%2e/..` arrives as `/`, which names no locale: English is right there.
 */
const localeOfSentPath = (path: string) =>
  expectedLocale(new URL(path, 'http://localhost').pathname.split('/')[1] ?? '');

async function sendToUrl(c: UrlCase): Promise<void> {
  const route = routeNamed(c.route);
  const params = { ...c.params, locale: c.locale, ...(c.replaced ? { [c.replaced]: c.segment } : {}) };
  const path = route.url(params) + c.suffix;
  const res = await send(path, { contentType: FORM_TYPE, mode: 'form' }, c.form, route.method);
  await assertSound(res, localeOfSentPath(path));
}

t.test('odd but well-formed path segments and URL endings: a page in the locale', async (t) => {
  const property = fc.asyncProperty(urlCase(oddSegment, urlSuffix), sendToUrl);
  const example: UrlCase = {
    route: 'survey',
    locale: 'so',
    params: { slug: 'your-experience' },
    replaced: 'slug',
    segment: 'your-experience%00',
    suffix: '',
    form: [],
  };
  await holds(t, property, { ...runs(150), examples: [[example]] });
});

t.test('path segments a router must refuse: an HTML page, never JSON', async (t) => {
  const property = fc.asyncProperty(
    urlCase(brokenSegment, fc.constant('')).filter((c) => c.replaced !== undefined),
    sendToUrl,
  );
  const example: UrlCase = {
    route: 'survey',
    locale: 'so',
    params: { slug: 'your-experience' },
    replaced: 'slug',
    segment: '%E0%A4%A',
    suffix: '',
    form: [],
  };
  await holds(t, property, { ...runs(60), examples: [[example]] });
});

interface SizeCase {
  route: string;
  locale: LocaleCode;
  params: Record<string, string>;
  field: string;
  json: boolean;
  /** One unit of filler (as written in the body) and the body's size in bytes. */
  filler: string;
  size: number;
  form: Pair[] | undefined;
}

const sizeCase: fc.Arbitrary<SizeCase> = fc.oneof(
  ...ROUTES.map((route) =>
    fc.record({
      route: fc.constant(route.name),
      locale: knownLocale,
      params: fc.record(route.params),
      field: fc.constantFrom(...Object.keys(route.fields), 'junk'),
      json: fc.boolean(),
      filler: fc.constantFrom('a', '<', '%3Cscript%3E', '%F0%9F%98%80', '%FF', '+', '%00', '\\u0000', '\\ud800', '😀'),
      size: fc.oneof(
        fc.integer({ min: BODY_LIMIT_BYTES - 64, max: BODY_LIMIT_BYTES + 64 }),
        fc.constantFrom(BODY_LIMIT_BYTES, BODY_LIMIT_BYTES + 1, BODY_LIMIT_BYTES * 2),
      ),
      form: fc.option(route.validForm, { nil: undefined }),
    }),
  ),
);

/** A body of exactly `size` bytes: the form, then one field filled up to the size. */
function sizedBody(c: SizeCase): Buffer {
  const form = c.form ?? [];
  const head = c.json
    ? Buffer.concat([
        encodeJson(form, resolveLate).subarray(0, -1),
        Buffer.from(`${form.length > 0 ? ',' : ''}"${c.field}":"`),
      ])
    : Buffer.concat([encodeForm(form, resolveLate), Buffer.from(`${form.length > 0 ? '&' : ''}${c.field}=`)]);
  const tail = Buffer.from(c.json ? '"}' : '');
  const unit = Buffer.from(c.filler);
  const room = c.size - head.length - tail.length;
  const fill = Buffer.alloc(Math.max(0, room), 'a');
  for (let at = 0; at + unit.length <= room; at += unit.length) unit.copy(fill, at);
  return Buffer.concat([head, fill, tail]);
}

t.test(
  'fields up to just under and just over the body limit: 413 over it (JSON: 400), a page either way',
  async (t) => {
    const property = fc.asyncProperty(sizeCase, async (c) => {
      const route = routeNamed(c.route);
      const body = sizedBody(c);
      const res = await sendRaw(
        route.url({ ...c.params, locale: c.locale }),
        c.json ? 'application/json' : FORM_TYPE,
        body,
        route.method,
      );
      await assertSound(res, c.locale);
      const over = body.length > BODY_LIMIT_BYTES;
      // JSON is not a form the service reads: any size of it is refused with the bad-request page.
      const wrong = c.json ? res.statusCode !== 400 : over !== (res.statusCode === 413);
      if (wrong)
        throw new Error(
          `${c.json ? 'JSON' : 'form'} of ${body.length} bytes (limit ${BODY_LIMIT_BYTES}) got ${res.statusCode}`,
        );
    });
    await holds(t, property, runs(40));
  },
);

t.test('after all of it: every stored account is valid, and no prototype was touched', async (t) => {
  const all = await storedResponses(app);
  const problems = all.flatMap((response) => responseProblems(survey, versionId, response));
  t.same(problems, [], `${all.length} accounts stored, each passes the survey's validation`);
  t.same(prototypeChanges(prototypes), [], 'Object, Array, Function and String prototypes as they were');
  t.ok(
    all.some((r) => r.status === 'withdrawn'),
    'some accounts were withdrawn through the receipt form',
  );
  t.ok(all.length > receipts.length, 'some forms with garbage mixed in were stored too');
  t.comment(`${requests} requests`);
});
