// Safeguarding from end to end: a resident in each of the ten locales writes a risk-of-harm
// phrase, the account is filed with a flag that points at it and holds none of its words; the
// lead's queue shows it unredacted with the phrase marked, oldest first; a reader flags another
// account by hand with a reason; the lead resolves flags (a bad form keeps what was typed), and
// resolved flags stay in the account's history; withdrawal leaves the fact of a flag, not where or why.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { withdrawAccount } from '../../src/accounts/withdraw.js';
import { LOCALE_CODES } from '../../src/i18n/locales.js';
import { projectPath } from '../../src/paths.js';
import { build } from '../helper.js';
import { Browser, dumpPublicSchema, findInDump, SurveyWalker, walkToCheck } from '../support/public-pages.js';
import { createStaffUser, csrfOf, signIn, staffGet, staffPost } from '../support/staff.js';

const app: FastifyInstance = await build(t);
await createStaffUser(app, { email: 'lead@example.org', roles: ['safeguarding'], displayName: 'Lead' });
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'], displayName: 'Ana' });

const PHONE = '07700 900777';
const phraseOf = (locale: string) =>
  (
    JSON.parse(readFileSync(projectPath('safeguarding', 'phrases', `${locale}.json`), 'utf8')) as {
      categories: Record<string, string[]>;
    }
  ).categories.child_at_risk?.[0] as string;

async function send(locale: string, story: string, address: string): Promise<string> {
  const walker = await walkToCheck(new SurveyWalker(new Browser(app, { remoteAddress: address }), locale), {
    serviceOther: 'Clinic',
    story,
    more: 'Nothing more.',
    better: 'Listen.',
  });
  await walker.press('submit');
  if (!walker.receipt) throw new Error(`${locale}: no receipt (${walker.title})`);
  const row = await app.db.selectFrom('responses').select('id').orderBy('id').execute();
  const stored = await app.db
    .selectFrom('responses')
    .select(['id', 'answers'])
    .where('locale', '=', locale)
    .where(
      'id',
      'in',
      row.map((r) => r.id),
    )
    .execute();
  const mine = stored.find((r) => JSON.stringify(r.answers).includes(story.slice(0, 12)));
  if (!mine) throw new Error(`${locale}: account not found`);
  return mine.id;
}

const filed = new Map<string, string>();
for (const [i, locale] of LOCALE_CODES.entries()) {
  filed.set(locale, await send(locale, `Unique${i}word. ${phraseOf(locale)}. Call ${PHONE}.`, `198.51.100.${20 + i}`));
}

t.test('a phrase in each of the ten locales is flagged, and the flag holds no copy of the text', async (t) => {
  for (const [locale, id] of filed) {
    const flags = await app.db.selectFrom('safeguarding_flags').selectAll().where('response_id', '=', id).execute();
    const own = flags.find((f) => f.category === 'child_at_risk');
    t.ok(own, `${locale}: flagged as a child at risk`);
    t.equal(own?.source, 'phrase');
    t.equal(own?.question_id, 'what_happened', `${locale}: in the story`);
    t.ok((own?.span_start ?? -1) >= 0 && (own?.span_end ?? 0) > (own?.span_start ?? 0), `${locale}: with a span`);
  }
  const dump = await dumpPublicSchema(app);
  const flagColumns = dump.filter((d) => d.table === 'safeguarding_flags');
  t.ok(flagColumns.length > 5);
  for (const locale of LOCALE_CODES) {
    const words = [`Unique${LOCALE_CODES.indexOf(locale)}word`, phraseOf(locale), PHONE];
    t.same(findInDump(flagColumns, words), [], `${locale}: none of the words in safeguarding_flags`);
  }
});

t.test("the lead's queue: oldest first, unredacted, the phrase marked, and the view audited", async (t) => {
  const lead = await signIn(app, 'lead@example.org');
  const res = await staffGet(app, '/staff/safeguarding', { cookie: lead.cookie });
  t.equal(res.statusCode, 200);
  t.match(res.body, '10 flags are waiting.');
  t.match(res.body, PHONE, 'personal details shown to the lead');
  t.match(res.body, `<mark>${phraseOf('en').split(' ')[0]}`, 'the phrase found is marked');
  t.match(res.body, /<blockquote lang="ar" dir="rtl"/, 'Arabic text marked right to left');
  const audited = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'safeguarding_queue_viewed')
    .execute();
  t.equal(audited.length, 1);
  const analyst = await signIn(app, 'analyst@example.org');
  t.equal(
    (await staffGet(app, '/staff/safeguarding', { cookie: analyst.cookie })).statusCode,
    403,
    'an analyst is refused',
  );
});

t.test('a reader flags an account by hand; a form with no reason keeps what was typed', async (t) => {
  const analyst = await signIn(app, 'analyst@example.org');
  const id = filed.get('so') as string;
  const page = await staffGet(app, `/staff/accounts/${id}`, { cookie: analyst.cookie });
  t.match(page.body, 'Flag this account for safeguarding');
  t.match(page.body, 'Open: waiting for the safeguarding lead', 'the open flag is in the history');
  t.notMatch(page.body, PHONE, 'the analyst still sees the account redacted');
  const csrf = csrfOf(page.body) as string;
  const bad = await staffPost(
    app,
    `/staff/accounts/${id}/flags`,
    { _csrf: csrf, category: 'abuse', reason: '  ' },
    { cookie: analyst.cookie },
  );
  t.equal(bad.statusCode, 422);
  t.match(bad.body, 'Write why you are flagging this account');
  t.match(bad.body, /id="f-category-abuse" name="category" value="abuse" checked/, 'the category chosen is kept');
  const good = await staffPost(
    app,
    `/staff/accounts/${id}/flags`,
    { _csrf: csrf, category: 'abuse', reason: 'Mentions a partner who controls her money' },
    { cookie: analyst.cookie },
  );
  t.equal(good.statusCode, 303);
  t.equal(good.headers.location, `/staff/accounts/${id}?done=flagged`);
  const after = await staffGet(app, good.headers.location as string, { cookie: analyst.cookie });
  t.match(after.body, 'The account is flagged for the safeguarding lead.');
  const raised = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'safeguarding_flag_raised')
    .execute();
  t.equal(raised.length, 1);
  const lead = await signIn(app, 'lead@example.org');
  const queue = await staffGet(app, '/staff/safeguarding', { cookie: lead.cookie });
  t.match(queue.body, '11 flags are waiting.');
  t.match(queue.body, 'Raised by Ana');
  t.match(queue.body, 'Mentions a partner who controls her money');
});

t.test('the lead resolves a flag; it leaves the queue and stays in the history', async (t) => {
  const lead = await signIn(app, 'lead@example.org');
  const queue = await staffGet(app, '/staff/safeguarding', { cookie: lead.cookie });
  const flagId = /action="\/staff\/safeguarding\/([0-9a-f-]{36})\/resolve"/.exec(queue.body)?.[1] as string;
  const csrf = csrfOf(queue.body) as string;
  const missing = await staffPost(
    app,
    `/staff/safeguarding/${flagId}/resolve`,
    { _csrf: csrf, note: 'x' },
    { cookie: lead.cookie },
  );
  t.equal(missing.statusCode, 422);
  t.match(missing.body, 'Choose what was done');
  t.match(missing.body, `href="#f-resolution-${flagId}"`, 'the error links to that flag');
  const done = await staffPost(
    app,
    `/staff/safeguarding/${flagId}/resolve`,
    { _csrf: csrf, resolution: 'referred', note: 'Passed to the children’s services duty team.' },
    { cookie: lead.cookie },
  );
  t.equal(done.statusCode, 303);
  const again = await staffPost(
    app,
    `/staff/safeguarding/${flagId}/resolve`,
    { _csrf: csrf, resolution: 'actioned' },
    { cookie: lead.cookie },
  );
  t.equal(again.statusCode, 303, 'resolving twice changes nothing');
  const flag = await app.db
    .selectFrom('safeguarding_flags')
    .selectAll()
    .where('id', '=', flagId)
    .executeTakeFirstOrThrow();
  t.equal(flag.resolution, 'referred', 'the first resolution stands');
  const after = await staffGet(app, '/staff/safeguarding', { cookie: lead.cookie });
  t.notMatch(after.body, flagId, 'gone from the queue');
  const history = await staffGet(app, `/staff/accounts/${flag.response_id}`, { cookie: lead.cookie });
  t.match(history.body, /Referred to another service on \d{4}-\d{2}-\d{2} by Lead/);
  t.match(history.body, 'Passed to the children’s services duty team.', "the lead reads the lead's note");
  const analyst = await signIn(app, 'analyst@example.org');
  const seen = await staffGet(app, `/staff/accounts/${flag.response_id}`, { cookie: analyst.cookie });
  t.match(seen.body, /Referred to another service/);
  t.notMatch(seen.body, 'duty team', 'an analyst sees the outcome, not the note');
  const resolvedAudit = await app.db
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'safeguarding_flag_resolved')
    .execute();
  t.equal(resolvedAudit.length, 1, 'one audit entry: the second try resolved nothing');
});

t.test('the accounts list filters and marks flagged accounts', async (t) => {
  const analyst = await signIn(app, 'analyst@example.org');
  const flagged = await staffGet(app, '/staff/accounts?flagged=yes', { cookie: analyst.cookie });
  const openIds = await app.db
    .selectFrom('safeguarding_flags')
    .select('response_id')
    .distinct()
    .where('resolution', 'is', null)
    .execute();
  t.match(flagged.body, `${openIds.length} accounts match.`);
  t.match(flagged.body, '<strong>Flagged</strong>');
  const clear = await staffGet(app, '/staff/accounts?flagged=no', { cookie: analyst.cookie });
  t.notMatch(clear.body, '<strong>Flagged</strong>');
});

t.test('withdrawal keeps that a flag was raised and resolved, not where or why', async (t) => {
  const id = filed.get('so') as string;
  await app.db.transaction().execute((trx) => withdrawAccount(trx, id));
  const flags = await app.db.selectFrom('safeguarding_flags').selectAll().where('response_id', '=', id).execute();
  t.ok(flags.length >= 2);
  for (const flag of flags) {
    t.same(
      [flag.question_id, flag.field, flag.span_start, flag.span_end, flag.reason, flag.resolution_note],
      [null, null, null, null, null, null],
    );
    t.ok(flag.category, 'the category stays');
  }
  const dump = await dumpPublicSchema(app);
  t.same(findInDump(dump, ['Mentions a partner who controls']), [], 'the reason is gone');
  const lead = await signIn(app, 'lead@example.org');
  const queue = await staffGet(app, '/staff/safeguarding', { cookie: lead.cookie });
  t.notMatch(queue.body, `/staff/accounts/${id}"`, "a withdrawn account's flags wait on nobody");
});
