// Assisted sessions end to end: a partner creates a session, enters accounts for three
// residents in two languages and one paper form, and a resident joins with the session code on
// their own phone; the counts are right, every staff page is no-store, and the partner can
// never open an account.
import t from 'tap';
import { londonDate } from '../../src/accounts/file.js';
import { createOrganisation } from '../../src/staff/organisations.js';
import { build } from '../helper.js';
import { agedToken, decodeHtml, hiddenInputs, Resident } from '../support/forms.js';
import { createStaffUser, csrfOf, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
const org = await createOrganisation(app.db, 'Somali Community Health Champions');
if (!org) throw new Error('organisation not created');
await createStaffUser(app, { email: 'partner@example.org', roles: ['partner'], organisationId: org.id });
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });
const partner = await signIn(app, 'partner@example.org');

/** The demo survey's answers for one resident, as assisted-entry fields. */
function answers(story: string, extra: Record<string, string> = {}) {
  return {
    service: 'gp',
    what_happened: story,
    treated: '2',
    background_affected: 'yes',
    background_more: 'They spoke to my daughter, not to me.',
    trust: '2',
    consent: 'yes',
    ...extra,
  };
}

let sessionId = '';
let joinCode = '';

t.test('a partner creates a session and gets a join code', async (t) => {
  const form = await staffGet(app, '/staff/sessions/new', { cookie: partner.cookie });
  t.equal(form.statusCode, 200);
  t.equal(form.headers['cache-control'], 'no-store');
  const res = await staffPost(
    app,
    '/staff/sessions/new',
    {
      _csrf: csrfOf(form.body),
      title: 'Drop-in at the Shepherds Bush library',
      // Today: a session's code lets residents join only around its date.
      heldOn: londonDate(),
      venue: 'Shepherds Bush library, room 2',
      format: 'drop_in',
      survey: 'your-experience',
      languages: ['so', 'ar'],
    },
    { cookie: partner.cookie },
  );
  t.equal(res.statusCode, 303, res.body.slice(0, 300));
  sessionId = /\/staff\/sessions\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1] ?? '';
  t.ok(sessionId);
  const page = await staffGet(app, `/staff/sessions/${sessionId}`, { cookie: partner.cookie });
  t.equal(page.statusCode, 200);
  joinCode = /<span class="receipt-small">([A-Z0-9-]+)<\/span>/.exec(page.body)?.[1] ?? '';
  t.match(joinCode, /^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
  t.match(decodeHtml(page.body), `?session=${joinCode.replace('-', '')}`);
});

t.test('a validation failure keeps everything, then three residents in two languages and a paper form', async (t) => {
  const enterUrl = `/staff/sessions/${sessionId}/enter`;
  const blank = await staffGet(app, `${enterUrl}?locale=so`, { cookie: partner.cookie });
  t.equal(blank.statusCode, 200);
  t.equal(blank.headers['cache-control'], 'no-store');
  t.match(blank.body, /<form method="post"[^>]*autocomplete="off"/);
  t.match(blank.body, '<div lang="so" dir="ltr" class="resident-form">');
  const csrf = csrfOf(blank.body) ?? '';

  // Missing consent read aloud and the required scale: 422 with every answer still in place.
  const story = 'Dhakhtarku ma i dhegaysan.';
  const failed = await staffPost(
    app,
    enterUrl,
    { _csrf: csrf, _locale: 'so', _channel: 'assisted', ...answers(story), treated: undefined },
    { cookie: partner.cookie },
  );
  t.equal(failed.statusCode, 422);
  t.match(failed.body, 'class="error-summary"');
  t.match(failed.body, story);
  t.match(failed.body, 'They spoke to my daughter');

  // A date that matches the pattern but is not on the calendar once reached the database as a 500.
  const impossible = await staffPost(
    app,
    enterUrl,
    { _csrf: csrf, _locale: 'ar', _channel: 'paper', _paper_date: '2026-02-30', ...answers('استمارة بتاريخ مستحيل') },
    { cookie: partner.cookie },
  );
  t.equal(impossible.statusCode, 422, '30 February is not a date: the form comes back');
  t.match(impossible.body, 'استمارة بتاريخ مستحيل', 'with the answers kept');

  const entries = [
    { locale: 'so', channel: 'assisted', story: 'Qofkii ugu horreeyay' },
    { locale: 'so', channel: 'assisted', story: 'Qofkii labaad' },
    { locale: 'ar', channel: 'assisted', story: 'الشخص الثالث' },
    { locale: 'ar', channel: 'paper', story: 'استمارة ورقية', paperDate: '2026-11-19' },
  ];
  for (const entry of entries) {
    const res = await staffPost(
      app,
      enterUrl,
      {
        _csrf: csrf,
        _locale: entry.locale,
        _channel: entry.channel,
        _read_aloud: entry.channel === 'assisted' ? 'yes' : undefined,
        _paper_date: entry.paperDate,
        ...answers(entry.story),
      },
      { cookie: partner.cookie },
    );
    t.equal(res.statusCode, 303, `${entry.story}: ${res.body.slice(0, 200)}`);
    const slipUrl = String(res.headers.location);
    t.match(slipUrl, new RegExp(`^/staff/sessions/${sessionId}/slip/`));
    t.notMatch(slipUrl, entry.story, 'nothing of the account in the URL');
    const slip = await staffGet(app, slipUrl, { cookie: partner.cookie });
    t.equal(slip.statusCode, 200);
    t.equal(slip.headers['cache-control'], 'no-store');
    t.match(slip.body, `<div class="slip" lang="${entry.locale}" dir="${entry.locale === 'ar' ? 'rtl' : 'ltr'}">`);
    t.match(slip.body, /<p class="receipt" lang="en" dir="ltr">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<\/p>/);
    t.notMatch(slip.body, entry.story, 'the slip shows no answers');
    // Back (or a reload) on the slip: it has been used up, and shows nothing of the resident.
    const again = await staffGet(app, slipUrl, { cookie: partner.cookie });
    t.equal(again.statusCode, 410);
    t.notMatch(again.body, /class="receipt"/);
    const next = /<a class="button" href="([^"]+)">/.exec(slip.body)?.[1] ?? '';
    const fresh = await staffGet(app, next.replace(/&amp;/g, '&'), { cookie: partner.cookie });
    t.equal(fresh.statusCode, 200);
    t.notMatch(fresh.body, entry.story, '"Next person" opens a blank form');
    t.notMatch(fresh.body, 'They spoke to my daughter');
  }
  const paper = await app.db
    .selectFrom('responses')
    .selectAll()
    .where('channel', '=', 'paper')
    .executeTakeFirstOrThrow();
  t.equal(paper.submitted_on, '2026-11-19', 'a paper form keeps the date written on it');
  t.equal(paper.session_id, sessionId);
});

t.test('a resident joins with the code on their own phone', async (t) => {
  const resident = new Resident(app, 'so');
  // From a poster: ?session=CODE fills in the field.
  const res = await app.inject({ url: `/so/surveys/your-experience?session=${joinCode.replace('-', '')}` });
  resident.html = res.body;
  t.match(res.body, `name="_session" value="${joinCode.replace('-', '')}"`);
  t.equal(res.headers['set-cookie'], undefined);
  // The field is a visible input, so the resident "types" (keeps) it when pressing Start.
  await resident.press('next', [['_session', joinCode.replace('-', '')]]);
  t.equal(resident.step, 'service');
  t.match(resident.html, `<input type="hidden" name="_session" value="${joinCode.replace('-', '')}">`);
  await resident.press('next', [['service', 'pharmacy']]);
  await resident.press('next', [
    ['what_happened', 'Farmashiyaha'],
    ['treated', '4'],
  ]);
  await resident.press('next', [['background_affected', 'no']]);
  await resident.press('next', [['trust', '4']]);
  await resident.press('next');
  await resident.press('next', [['consent', 'yes']]);
  await resident.press('submit');
  t.equal(resident.status, 200, resident.title);
  t.ok(resident.receipt);
  const joined = await app.db
    .selectFrom('responses')
    .selectAll()
    .where('channel', '=', 'online')
    .executeTakeFirstOrThrow();
  t.equal(joined.session_id, sessionId, 'linked to the session, without identifying anyone');

  // A code that matches no session: the start page says so and keeps what was typed.
  const start = await app.inject({ url: '/so/surveys/your-experience' });
  const wrong = await app.inject({
    method: 'POST',
    url: '/so/surveys/your-experience',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([
      ...hiddenInputs(start.body).map(([k, v]): [string, string] => [k, k === '_token' ? agedToken(v) : v]),
      ['_session', 'ZZZ-ZZZ'],
      ['_goto', 'next'],
    ]).toString(),
  });
  t.equal(wrong.statusCode, 422);
  t.match(wrong.body, 'value="ZZZ-ZZZ"');
  t.match(wrong.body, app.translatorFor('so')('survey.sessionCodeInvalid'));
});

t.test('counts by channel and language; the CSV holds counts only', async (t) => {
  const page = await staffGet(app, `/staff/sessions/${sessionId}`, { cookie: partner.cookie });
  t.match(page.body, /Accounts: 5</);
  // Every count a partner sees goes through disclosure control (defect 5): 3, 1 and 1 by
  // channel, 3 and 2 by language, all under 5, and so is a zero (a "0" turning into "<5" on a
  // refresh would show when one resident's account arrived).
  t.match(page.body, /<td>Assisted<\/td><td>&lt;5<\/td>/);
  t.match(page.body, /<td>Paper<\/td><td>&lt;5<\/td>/);
  t.match(page.body, /<td>Own phone<\/td><td>&lt;5<\/td>/);
  t.match(page.body, /<td>so<\/td><td>&lt;5<\/td>/);
  t.match(page.body, /<td>ar<\/td><td>&lt;5<\/td>/);
  t.notMatch(page.body, /<td>[0-4]<\/td>/, 'no count under 5 on the session page');
  const list = await staffGet(app, '/staff/sessions', { cookie: partner.cookie });
  t.match(list.body, /<td>5<\/td>/, 'the total of 5 is shown');
  t.notMatch(list.body, /(Own phone|Assisted|Paper|so|ar|en) [0-4]\b/, 'no count under 5 in the list');
  const csv = await staffGet(app, '/staff/sessions/counts.csv', { cookie: partner.cookie });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.equal(csv.headers['cache-control'], 'no-store');
  t.match(csv.body, /"session","date","format","channel","language","accounts"/);
  t.notMatch(csv.body, /Qofkii|الشخص|Farmashiyaha|daughter/, 'no account text');
  // Every cell is small (under 5), so disclosure control suppresses them all.
  t.match(csv.body, /"<5"/);
  t.notMatch(csv.body, /,"[1-4]"\r\n/);
  // The same rule as the pages: every channel and language of the session has its row from the
  // start, zero included, so a new row never shows that a first account arrived.
  const sessionRows = csv.body.split('\r\n').filter((line) => line.includes('Drop-in at the Shepherds Bush'));
  t.equal(sessionRows.length, 3 * 2, 'a row for each of 3 channels × the session’s 2 languages');
  t.notMatch(csv.body, /,"0"(\r\n|$)/, 'no zero shown');
});

t.test('a partner opening any response gets 403; an analyst can', async (t) => {
  const responses = await app.db.selectFrom('responses').select('id').execute();
  t.equal(responses.length, 5);
  for (const { id } of responses) {
    const res = await staffGet(app, `/staff/accounts/${id}`, { cookie: partner.cookie });
    t.equal(res.statusCode, 403, `partner refused ${id}`);
    t.notMatch(res.body, /Qofkii|الشخص|Farmashiyaha|daughter/);
  }
  const analyst = await signIn(app, 'analyst@example.org');
  const res = await staffGet(app, `/staff/accounts/${responses[0]?.id}`, { cookie: analyst.cookie });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'no-store');
  const viewed = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'response_viewed').execute();
  t.equal(viewed.length, 1, 'the view is audited');
});

t.test("another organisation's partner cannot see or enter into the session", async (t) => {
  const other = await createOrganisation(app.db, 'Another organisation');
  await createStaffUser(app, { email: 'other@example.org', roles: ['partner'], organisationId: other?.id ?? null });
  const stranger = await signIn(app, 'other@example.org');
  for (const url of [`/staff/sessions/${sessionId}`, `/staff/sessions/${sessionId}/enter`]) {
    const res = await staffGet(app, url, { cookie: stranger.cookie });
    t.equal(res.statusCode, 404, url);
  }
  const list = await staffGet(app, '/staff/sessions', { cookie: stranger.cookie });
  t.notMatch(list.body, 'Shepherds Bush');
});

t.test('a double tap on Save files one account, and both taps end on the same receipt (defect 9)', async (t) => {
  const enterUrl = `/staff/sessions/${sessionId}/enter`;
  const blank = await staffGet(app, `${enterUrl}?locale=so`, { cookie: partner.cookie });
  const token = /name="_token" value="([^"]+)"/.exec(blank.body)?.[1];
  t.ok(token, 'the blank form carries a form token');
  const countInSession = async () =>
    (await app.db.selectFrom('responses').select('id').where('session_id', '=', sessionId).execute()).length;
  const before = await countInSession();
  const fields = {
    _csrf: csrfOf(blank.body) ?? '',
    _token: token,
    _locale: 'so',
    _channel: 'assisted',
    _read_aloud: 'yes',
    ...answers('Laba jeer ayaa la riixay badhanka.'),
  };
  const taps = await Promise.all([1, 2, 3].map(() => staffPost(app, enterUrl, fields, { cookie: partner.cookie })));
  t.same(
    taps.map((res) => res.statusCode),
    [303, 303, 303],
    'every tap ends on a slip',
  );
  t.equal((await countInSession()) - before, 1, 'one account');
  const codes = new Set<string>();
  for (const tap of taps) {
    const slip = await staffGet(app, String(tap.headers.location), { cookie: partner.cookie });
    codes.add(/<p class="receipt" lang="en" dir="ltr">([^<]+)<\/p>/.exec(slip.body)?.[1] ?? '');
  }
  t.equal(codes.size, 1, `the same receipt on every slip (${[...codes].join(', ')})`);

  // The next resident's blank form is a new form: their answers are their own account.
  const next = await staffGet(app, `${enterUrl}?locale=so`, { cookie: partner.cookie });
  const nextToken = /name="_token" value="([^"]+)"/.exec(next.body)?.[1];
  t.not(nextToken, token, 'a new token for the next person');
  const res = await staffPost(app, enterUrl, { ...fields, _token: nextToken }, { cookie: partner.cookie });
  t.equal(res.statusCode, 303);
  t.equal((await countInSession()) - before, 2, 'the same words from a new form are a new account');
});

t.test(
  'the audit says who entered accounts into which session, by day, never when or in which language (defect 16)',
  async (t) => {
    const rows = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', sessionId)
      .where('action', 'like', 'assisted%')
      .execute();
    t.equal(rows.length, 1, 'one entry for the day, though several accounts were entered');
    const [row] = rows;
    t.equal(row?.action, 'assisted_accounts_entered');
    t.equal(row?.actor_email, 'partner@example.org', 'who');
    t.same(row?.details, {}, 'no language or anything else of an account');
    const london = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(row?.at);
    t.equal(london, '00:00:00', 'stamped with the day, not the moment');
  },
);

t.test('the partner closes the session: its code stops letting anyone join (defect 6)', async (t) => {
  const page = await staffGet(app, `/staff/sessions/${sessionId}`, { cookie: partner.cookie });
  t.match(page.body, `action="/staff/sessions/${sessionId}/close"`, 'a close button');
  const res = await staffPost(
    app,
    `/staff/sessions/${sessionId}/close`,
    { _csrf: csrfOf(page.body) ?? '' },
    { cookie: partner.cookie },
  );
  t.equal(res.statusCode, 303);
  const after = await staffGet(app, `/staff/sessions/${sessionId}`, { cookie: partner.cookie });
  t.match(after.body, 'This session is closed');
  const resident = await new Resident(app, 'so').start();
  await resident.press('next', [['_session', joinCode.replace('-', '')]]);
  t.equal(resident.status, 422, 'the code no longer joins');
  const audited = await app.db
    .selectFrom('audit_log')
    .select('action')
    .where('target_id', '=', sessionId)
    .where('action', '=', 'session_closed')
    .execute();
  t.equal(audited.length, 1, 'closing is audited');
});
