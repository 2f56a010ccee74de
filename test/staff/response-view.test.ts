// One account as staff read it, from the document it is stored as: every answer in the survey's
// order, personal details in free text shown as [phone number] and the like (write-ins too),
// unredacted only for the safeguarding lead, and nothing at all once the resident withdraws.
import t from 'tap';
import { plainText } from '../../src/surveys/text.js';
import { build } from '../helper.js';
import { Browser, SurveyWalker, walkToCheck } from '../support/public-pages.js';
import { createStaffUser, signIn, staffGet } from '../support/staff.js';

const app = await build(t);
await createStaffUser(app, { email: 'analyst@example.org', roles: ['analyst'] });
await createStaffUser(app, { email: 'safeguarding@example.org', roles: ['safeguarding'] });
await createStaffUser(app, { email: 'admin@example.org', roles: ['admin'] });

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
  (await staffGet(app, `/staff/accounts/${id}`, { cookie: (await signIn(app, email)).cookie })).body;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

t.test('every choice answer shows its label in English, and as the resident read it in Somali', async (t) => {
  const html = await view('analyst@example.org');
  const survey = (await app.surveys.get('your-experience'))?.survey;
  if (!survey) throw new Error('no survey');
  const stored = (await app.db.selectFrom('responses').select('answers').where('id', '=', id).executeTakeFirstOrThrow())
    .answers as Record<string, { value: string | string[] }>;
  const cells = new Map(
    [...html.matchAll(/<dt>([^<]*)<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  let checked = 0;
  for (const question of survey.questions) {
    const answer = stored[question.id];
    // The ethnic group is shown at group level to analysts (its own test, below).
    if (question.kind !== 'choice' || !answer || question.id === 'ethnic_group') continue;
    const cell = cells.get(plainText(question.label, 'en', 'en')) ?? '';
    t.ok(cell, `${question.id} is shown`);
    for (const code of [answer.value].flat()) {
      const option = question.options.find((o) => o.code === code);
      if (!option) throw new Error(`no option ${code}`);
      const english = plainText(option.label, 'en', 'en');
      const somali = plainText(option.label, 'so', 'en');
      t.match(cell, english, `${question.id}: "${code}" as its English label`);
      t.match(
        cell,
        new RegExp(`<span class="as-seen" lang="so" dir="ltr">[^<]*${escapeRegExp(somali)}`),
        `${question.id}: and its Somali label`,
      );
      if (english !== code)
        t.notMatch(cell.replace(english, '').replace(somali, ''), new RegExp(`\\b${code}\\b`), 'never the raw code');
      checked += 1;
    }
  }
  t.ok(checked >= 3, `${checked} choice answers checked`);
});

t.test('the ethnic group: five groups for an analyst, the detail and write-in for an admin', async (t) => {
  const cellOf = (html: string) => /<dt>[^<]*ethnic group[^<]*<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/i.exec(html)?.[1] ?? '';
  const analyst = cellOf(await view('analyst@example.org'));
  t.match(analyst, /^Black, Black British, Black Welsh, Caribbean or African/, 'the group, in English');
  t.match(analyst, '<span class="as-seen" lang="so" dir="ltr">Madow, Madow-Biritish', 'and in Somali');
  t.notMatch(analyst, 'African, please describe', 'not the detailed category');
  t.notMatch(analyst, 'Somali', 'nor the census write-in');
  const admin = cellOf(await view('admin@example.org'));
  t.match(admin, 'African, please describe', 'an admin sees the detailed category');
  t.match(admin, '>Somali</span>', 'and the write-in');
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

t.test('details written with invisible characters and full-width forms are hidden from an analyst', async (t) => {
  // Each as the Hardening issue found them shown unredacted: marks from a right-to-left message,
  // zero-width characters, a soft hyphen, a full-width "＠", digits spaced out one by one.
  const details = [
    '07700\u200E900123',
    '07700\u200F900123',
    '943\u061C 476 5919',
    '07911\u200B123456',
    '943 476\u200C 5919',
    '07911\u2060123456',
    '07700\u00AD900123',
    'cali＠example.com',
    '0 7 7 0 0 9 0 0 1 2 3',
  ];
  const story = `Waan wacay, lambarkaygu waa ${details.join(' iyo ')}.`;
  const resident = await walkToCheck(new SurveyWalker(new Browser(app), 'so'), {
    serviceOther: 'Rugta, wac 07700\u200E900123',
    story,
    more: 'Maya.',
    better: 'Turjubaan.',
  });
  await resident.press('submit');
  if (!resident.receipt) throw new Error(`no receipt: ${resident.title}`);
  const { id: second } = await app.db
    .selectFrom('responses')
    .select('id')
    .where('id', '!=', id)
    .executeTakeFirstOrThrow();
  const html = (
    await staffGet(app, `/staff/accounts/${second}`, { cookie: (await signIn(app, 'analyst@example.org')).cookie })
  ).body;
  const visible = html.replace(/[\p{Cf}]/gu, '').normalize('NFKC');
  for (const digits of ['07700900123', '9434765919', '07911123456']) {
    t.notOk(visible.replace(/ (?=[0-9])/g, '').includes(digits), `${digits} is not shown`);
  }
  t.notMatch(visible, 'cali@example.com');
  const labels = ['phone', 'phone', 'NHS', 'phone', 'NHS', 'phone', 'phone', 'email', 'phone'].map((kind) =>
    kind === 'NHS' ? '[NHS number]' : kind === 'email' ? '[email address]' : '[phone number]',
  );
  t.match(html, `Waan wacay, lambarkaygu waa ${labels.join(' iyo ')}.`);
  t.match(html, 'Rugta, wac [phone number]', 'the write-in too');
});
