// A resident completes the demo survey with nothing but HTML forms, in Somali and in Arabic:
// through a validation failure that keeps every answer, the showIf branch, and a Change from
// the check-answers page, to a receipt code that really files the account.
import t from 'tap';
import type { AccountDocument } from '../../../src/accounts/document.js';
import { build } from '../../helper.js';
import { Resident } from '../../support/forms.js';

const story = 'Dhakhtarka ayaa i dhegeysan waayay.\nWaxaan sugayay saddex saacadood.';
const arabicStory = 'لم يستمع الطبيب إليّ. انتظرت ثلاث ساعات، واتصلوا بي على 07911 123456.';

for (const [locale, dir, text] of [
  ['so', 'ltr', story],
  ['ar', 'rtl', arabicStory],
] as const) {
  t.test(`the demo survey, completed in ${locale}`, async (t) => {
    const app = await build(t);
    const resident = await new Resident(app, locale).start();
    t.equal(resident.status, 200);
    t.match(resident.html, `<html lang="${locale}" dir="${dir}">`);
    t.equal(resident.step, 'start');

    await resident.press('next');
    t.equal(resident.step, 'service', 'start leads to the first page');

    // Page 1 answered; page 2 sent with the long account but without the required scale.
    await resident.press('next', [
      ['service', 'other'],
      ['service__other', 'Rugta caafimaadka'],
      ['when', '3_to_12_months'],
    ]);
    t.equal(resident.step, 'story');
    await resident.press('next', [['what_happened', text]]);
    t.equal(resident.status, 422, 'a missing answer is a 422');
    t.equal(resident.step, 'story', 'the same page again');
    t.match(resident.title, /^\S+ /, 'the title is prefixed');
    t.ok(resident.title.startsWith(app.translatorFor(locale)('common.errorPrefix')), 'with the locale’s "Error:"');
    t.match(resident.html, /class="error-summary"/);
    t.match(resident.html, /<a href="#f-treated-1">/, 'the summary links to the field');
    t.match(resident.html, 'aria-describedby="f-treated-scale f-treated-error"');
    t.ok(resident.html.includes(escapeHtml(text)), 'the long text is still in the textarea');

    await resident.press('next', [
      ['what_happened', text],
      ['treated', '2'],
    ]);
    t.equal(resident.step, 'background');
    await resident.press('next', [['background_affected', 'yes']]);
    t.equal(resident.step, 'background_more', 'showIf: "yes" asks for more');
    await resident.press('next', [['background_more', 'Waxay u maleeyeen inaanan Ingiriisi aqoon.']]);
    t.equal(resident.step, 'better');
    await resident.press('next', [
      ['better', 'Turjubaan'],
      ['trust', '1'],
    ]);
    t.equal(resident.step, 'about_you');
    await resident.press('next', [
      ['ethnic_group', '6'],
      ['ethnic_group__other', 'Somali'],
      ['age_band', '65_74'],
      ['main_language', 'somali'],
      ['postcode_district', 'w12'],
    ]);
    t.equal(resident.step, 'consent');
    await resident.press('next', []);
    t.equal(resident.status, 422, 'consent is required');
    await resident.press('next', [['consent', 'yes']]);
    t.equal(resident.step, 'check', 'then check your answers');
    t.ok(resident.html.includes(escapeHtml(text)), 'the account is on the check page');
    t.match(resident.html, 'Somali');
    // The scale answer with what its ends mean, in the locale's own sentence and punctuation.
    const treated = (await app.surveys.get('your-experience'))?.survey.questions.find((q) => q.id === 'treated');
    if (treated?.kind !== 'scale') throw new Error('the demo survey has no "treated" scale');
    const hint = app.translatorFor(locale)('survey.scaleHint', {
      min: treated.min,
      max: treated.max,
      minLabel: treated.minLabel?.[locale],
      maxLabel: treated.maxLabel?.[locale],
    });
    t.match(resident.html, `<dd>2\n${escapeHtml(hint)}</dd>`, `the chosen point, then: ${hint}`);
    t.notMatch(resident.html, /\(1: /, 'no English-style "(1: …, 5: …)"');

    // Change "background" to "no": the "tell us more" page disappears, its text is dropped.
    await resident.press('page:background');
    t.equal(resident.step, 'background');
    t.match(resident.html, /name="_return" value="check"/);
    t.match(resident.html, /value="yes" checked>/, 'the earlier answer is selected');
    await resident.press('next', [['background_affected', 'no']]);
    t.equal(resident.step, 'check', 'a Change returns to the check page');
    t.notMatch(resident.html, 'Ingiriisi aqoon', 'the hidden branch is gone');

    // Back from the check page goes to the last page asked.
    await resident.press('back');
    t.equal(resident.step, 'consent');
    await resident.press('next', [['consent', 'yes']]);

    t.equal(await count(app, 'responses'), 0, 'nothing stored before Send');
    const checkPage = resident.html;
    await resident.press('submit');
    t.equal(resident.status, 200, resident.title);
    t.match(resident.receipt, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    t.match(resident.html, /116.123/, 'support contacts are shown');
    t.equal(resident.headers['set-cookie'], undefined);

    const response = await app.db.selectFrom('responses').selectAll().executeTakeFirstOrThrow();
    t.equal(response.locale, locale);
    t.equal(response.channel, 'online');
    t.match(response.submitted_on, /^\d{4}-\d{2}-\d{2}$/);
    const byQuestion = response.answers as AccountDocument;
    t.same(byQuestion.what_happened?.value, text, 'the account is stored exactly, NFC, \\n line endings');
    t.same(byQuestion.service, { value: 'other', writeIn: 'Rugta caafimaadka' });
    t.same(byQuestion.ethnic_group, { value: '6', writeIn: 'Somali' });
    t.same(byQuestion.postcode_district?.value, 'w12');
    t.same(byQuestion.background_affected?.value, 'no');
    t.notOk(byQuestion.background_more, 'the dropped branch is not stored');
    t.same(byQuestion.consent?.value, 'yes');

    // Pressing Send again (a reload) files nothing new and shows the same receipt.
    const receipt = resident.receipt;
    resident.html = checkPage;
    await resident.press('submit');
    t.equal(resident.status, 200);
    t.equal(resident.receipt, receipt, 'the same receipt again');
    t.equal(await count(app, 'responses'), 1, 'one account, however often Send is pressed');
  });
}

t.test('the Arabic account has its phone number recorded for redaction', async (t) => {
  const app = await build(t);
  const resident = await new Resident(app, 'ar').start();
  await resident.press('next');
  await resident.press('next', [['service', 'gp']]);
  await resident.press('next', [
    ['what_happened', arabicStory],
    ['treated', '1'],
  ]);
  await resident.press('next', [['background_affected', 'not_sure']]);
  t.equal(resident.step, 'better', 'no "tell us more" unless yes');
  await resident.press('next', [['trust', '3']]);
  await resident.press('next');
  await resident.press('next', [['consent', 'yes']]);
  await resident.press('submit');
  t.equal(resident.status, 200);
  const row = await app.db.selectFrom('responses').select('answers').executeTakeFirstOrThrow();
  const spans = (row.answers as AccountDocument).what_happened?.personalDetails ?? [];
  t.equal(spans.length, 1);
  t.equal(spans[0]?.kind, 'phone');
  t.equal([...arabicStory].slice(spans[0]?.start, spans[0]?.end).join(''), '07911 123456');
});

async function count(app: Awaited<ReturnType<typeof build>>, table: 'responses') {
  const row = await app.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function escapeHtml(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}
