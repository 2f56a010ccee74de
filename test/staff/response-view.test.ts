// One account as staff read it, from the document it is stored as: every answer in the survey's
// order, personal details in free text shown as [phone number] and the like (write-ins too),
// unredacted only for the safeguarding lead, and nothing at all once the resident withdraws.
import t from 'tap';
import { build } from '../helper.js';
import { Browser, SurveyWalker, walkToCheck } from '../support/public-pages.js';
import { createStaffUser, signIn, staffGet } from '../support/staff.js';

const app = await build(t);
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });
await createStaffUser(app, { email: 'safeguarding@example.org', roles: ['safeguarding'] });

const PHONE = '07911 123456';
const EMAIL = 'hooyo.warsame@example.org';
const walker = await walkToCheck(new SurveyWalker(new Browser(app), 'so'), {
  serviceOther: `Rugta, wac ${PHONE}`,
  story: `Dhakhtarku ima dhageysan. Iigu soo qor ${EMAIL} ama wac ${PHONE}.`,
  more: 'Waxay u maleeyeen inaanan Ingiriisi aqoon.',
  better: 'Turjubaan.',
});
await walker.press('submit');
if (!walker.receipt) throw new Error(`no receipt: ${walker.title}`);
const { id } = await app.db.selectFrom('responses').select('id').executeTakeFirstOrThrow();

const view = async (email: string) =>
  (await staffGet(app, `/staff/responses/${id}`, { cookie: (await signIn(app, email)).cookie })).body;
const terms = (html: string) => [...html.matchAll(/<dt>([^<]*)<\/dt>/g)].map((m) => m[1]);

t.test('an analyst sees every answer, in order, with personal details hidden', async (t) => {
  const html = await view('analyst@example.org');
  t.notMatch(html, PHONE, 'no phone number, in the account or the write-in');
  t.notMatch(html, EMAIL);
  t.match(html, 'Dhakhtarku ima dhageysan. Iigu soo qor [email address] ama wac [phone number].');
  t.match(html, 'Rugta, wac [phone number]', 'the write-in is redacted too');
  t.match(html, /<dd lang="so" dir="ltr">/, 'answers marked with the language they were written in');
  const questions = terms(html).slice(4);
  const survey = (await app.surveys.get('your-experience'))?.survey;
  const asked = ['service', 'when', 'what_happened', 'treated', 'background_affected', 'background_more'];
  const labels = asked.map((qid) => {
    const question = survey?.questions.find((q) => q.id === qid);
    return typeof question?.label === 'object' ? (question.label as Record<string, string>).en : undefined;
  });
  t.same(questions.slice(0, asked.length), labels, "the survey's order, not the database's");
});

t.test('the safeguarding lead sees the text as written', async (t) => {
  const html = await view('safeguarding@example.org');
  t.match(html, `Iigu soo qor ${EMAIL} ama wac ${PHONE}.`);
  t.match(html, `Rugta, wac ${PHONE}`);
});

t.test('after withdrawal the account shows no answers to anyone', async (t) => {
  await walker.browser.post('/so/receipt', [
    ['code', walker.receipt ?? ''],
    ['_action', 'confirm-withdraw'],
  ]);
  const html = await view('safeguarding@example.org');
  t.match(html, 'withdrawn');
  t.same(terms(html).length, 4, 'only the date, language, channel and status');
  t.notMatch(html, 'Dhakhtarku');
});
