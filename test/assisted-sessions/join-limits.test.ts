// Session codes (Hardening defect 6): wrong guesses are limited per address, and past the limit
// even the right code is refused alike; a code lets residents join only from the day before its
// session until the last day its partner chose, and never once closed; within a session, one
// address may send many accounts (a room of tablets) but not without end.
import t from 'tap';
import { londonDate } from '../../src/accounts/file.js';
import { closeAssistedSession, createAssistedSession } from '../../src/assisted-sessions/repository.js';
import { formatSessionCode } from '../../src/assisted-sessions/session-code.js';
import { SUBMISSIONS_PER_SESSION_ADDRESS, WRONG_JOIN_CODES_PER_ADDRESS } from '../../src/plugins/surveys.js';
import { createOrganisation } from '../../src/staff/organisations.js';
import { build } from '../helper.js';
import { agedToken, hiddenInputs } from '../support/forms.js';
import { Browser, SurveyWalker, walkToCheck } from '../support/public-pages.js';
import { createStaffUser } from '../support/staff.js';

const app = await build(t, { submissionsPerAddress: 1_000_000 });
const org = await createOrganisation(app.db, 'Join limits community group');
const entry = await app.surveys.get('your-experience');
if (!org || !entry) throw new Error('fixtures missing');
const so = app.translatorFor('so');
const partner = await createStaffUser(app, { email: 'joins@example.org', roles: ['partner'], organisationId: org.id });
const daysFromToday = (days: number) =>
  new Date(Date.parse(`${londonDate()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function session(heldOn: string, joinsUntil: string | null = null) {
  return createAssistedSession(app.db, {
    title: `Held ${heldOn}`,
    heldOn,
    venue: 'Hall',
    organisationId: org?.id ?? '',
    format: 'drop_in',
    surveyId: entry?.stored.surveyId ?? '',
    languages: ['so'],
    createdBy: partner.id,
    joinsUntil,
  });
}

/** Presses Start with `code` typed, from `address`: the page that comes back. */
async function join(code: string, address: string) {
  const walker = await new SurveyWalker(new Browser(app, { remoteAddress: address }), 'so').start();
  await walker.press('next', [['_session', code]]);
  return walker;
}

t.test('wrong codes are limited per address, and then the right one is refused alike', async (t) => {
  const open = await session(londonDate());
  for (let i = 0; i < WRONG_JOIN_CODES_PER_ADDRESS; i++) {
    const wrong = await join(`ZZZ${String(i).padStart(3, '2').replace(/[01]/g, '2')}`, '198.51.100.40');
    t.equal(wrong.status, 422, `wrong code ${i + 1}: not recognised`);
  }
  const blocked = await join('ZZZ999', '198.51.100.40');
  t.equal(blocked.status, 429, 'past the limit: refused');
  t.match(blocked.html, so('survey.sessionCodeTooMany'), 'saying so, in Somali');
  const right = await join(open.join_code, '198.51.100.40');
  t.equal(right.status, 429, 'even the right code: the limit cannot be probed');
  const elsewhere = await join(formatSessionCode(open.join_code), '198.51.100.41');
  t.equal(elsewhere.status, 200, 'another address joins with it');
  t.equal(elsewhere.step, 'service', 'and goes on to the first question');
});

t.test('a code works from the day before its session until its last day, and never once closed', async (t) => {
  const cases: [string, Awaited<ReturnType<typeof session>>, number][] = [
    ['held today', await session(londonDate()), 200],
    ['held tomorrow (posters are up)', await session(daysFromToday(1)), 200],
    ['held a year ago', await session('2025-01-01'), 422],
    ['held last week', await session(daysFromToday(-7)), 422],
    ['a drop-in that began last week and runs to tomorrow', await session(daysFromToday(-7), daysFromToday(1)), 200],
    ['held in a month', await session(daysFromToday(30)), 422],
  ];
  let address = 10;
  for (const [what, s, status] of cases) {
    const page = await join(s.join_code, `198.51.100.${address++}`);
    t.equal(page.status, status, `${what}: ${status}`);
  }
  const ended = await join((await session('2025-01-01')).join_code, '198.51.100.60');
  t.match(ended.html, so('survey.sessionEnded'), 'an ended session says it has ended');
  const closing = await session(londonDate());
  await closeAssistedSession(app.db, closing.id);
  const closed = await join(closing.join_code, '198.51.100.61');
  t.equal(closed.status, 422, 'closed by its partner: refused');
  t.match(closed.html, so('survey.sessionEnded'));
});

t.test('one address sends many accounts into a session, but not without end', async (t) => {
  const s = await session(londonDate());
  const browser = new Browser(app, { remoteAddress: '198.51.100.70' });
  const walker = new SurveyWalker(browser, 'so');
  await walkToCheck(walker, { serviceOther: 'x', story: 'Tablet account', more: 'm', better: 'b' });
  const fields = hiddenInputs(walker.html).map(([n, v]): [string, string] => [
    n,
    n === '_token' ? agedToken(v) : n === '_session' ? s.join_code : v,
  ]);
  if (!fields.some(([n]) => n === '_session')) fields.push(['_session', s.join_code]);
  const statuses: number[] = [];
  for (let i = 0; i <= SUBMISSIONS_PER_SESSION_ADDRESS; i++) {
    statuses.push((await browser.post(walker.url, [...fields, ['_goto', 'submit']])).status);
  }
  t.equal(
    statuses.filter((s) => s === 200).length,
    SUBMISSIONS_PER_SESSION_ADDRESS,
    `${SUBMISSIONS_PER_SESSION_ADDRESS} taken`,
  );
  t.equal(statuses.at(-1), 429, 'the next refused');
});
