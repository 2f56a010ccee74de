// The survey engine without HTTP: reading answers, showIf, page order, validation messages.
import t from 'tap';
import { createI18n } from '../../src/i18n/resources.js';
import { keepVisible, readFormValues } from '../../src/surveys/answers.js';
import { interfaceTextFrom } from '../../src/surveys/catalog.js';
import { DEMO_SURVEY_FILE, readSurveyFile } from '../../src/surveys/demo.js';
import { resolveSurvey } from '../../src/surveys/model.js';
import { pageAfter, pageBefore, pagesAsked } from '../../src/surveys/navigation.js';
import { displayText } from '../../src/surveys/text.js';
import { characterCount, validatePage, validateQuestion } from '../../src/surveys/validate.js';

const survey = resolveSurvey(readSurveyFile(DEMO_SURVEY_FILE), interfaceTextFrom(await createI18n()));
const question = (id: string) => {
  const q = survey.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
};

t.test('answers are read only for fields the survey has, cleaned and normalised', async (t) => {
  const values = readFormValues(survey, {
    what_happened: '  Cafe\u0301\r\nline two\u0000  ',
    service: ['gp', 'hospital'],
    ethnic_group__other: 'Somali',
    unknown_field: 'ignored',
    ['__proto__']: 'x',
    treated: '',
  });
  t.equal(values.what_happened, 'Café\nline two', 'NFC, \\n line endings, no NUL, trimmed');
  t.equal(values.service, 'gp', 'a repeated single-choice field keeps the first');
  t.equal(values.ethnic_group__other, 'Somali');
  t.notOk('unknown_field' in values);
  t.notOk('treated' in values, 'empty answers are absent');
  t.equal(Object.getPrototypeOf(values), null);
});

t.test('showIf: the "tell us more" page is asked only after yes, and dropped after a change', async (t) => {
  t.notOk(pagesAsked(survey, {}).some((p) => p.id === 'background_more'));
  t.equal(pageAfter(survey, 'background', { background_affected: 'no' })?.id, 'better');
  t.equal(pageAfter(survey, 'background', { background_affected: 'yes' })?.id, 'background_more');
  t.equal(pageBefore(survey, 'better', { background_affected: 'no' })?.id, 'background');
  const kept = keepVisible(survey, { background_affected: 'no', background_more: 'text' });
  t.notOk('background_more' in kept);
  t.equal(pageAfter(survey, undefined, {})?.id, 'service', 'the first page');
  t.equal(pageAfter(survey, 'consent', {}), undefined, 'then the check page');
});

t.test('validation gives translation keys, counting characters as people do', async (t) => {
  const story = question('what_happened');
  t.same(validateQuestion(story, {}), { questionId: 'what_happened', field: 'what_happened', key: 'required_text' });
  const emoji = '😀'.repeat(10_000);
  t.equal(characterCount(emoji), 10_000);
  t.equal(validateQuestion(story, { what_happened: emoji }), undefined, '10,000 emoji are 10,000 characters');
  t.equal(validateQuestion(story, { what_happened: `${emoji}x` })?.key, 'too_long');
  t.equal(validateQuestion(question('treated'), { treated: '9' })?.key, 'required_scale');
  t.equal(validateQuestion(question('service'), { service: 'spa' })?.key, 'invalid_choice');
  t.same(validateQuestion(question('service'), { service: 'other' }), {
    questionId: 'service',
    field: 'service__other',
    key: 'other_required',
  });
  t.equal(validateQuestion(question('consent'), {})?.key, 'consent_required');
  const district = question('postcode_district');
  t.equal(validateQuestion(district, { postcode_district: 'W12' }), undefined);
  t.equal(validateQuestion(district, { postcode_district: 'nw10' }), undefined);
  t.equal(
    validateQuestion(district, { postcode_district: 'W12 7RQ' })?.key,
    'postcode_district',
    'never a full postcode',
  );
  t.equal(
    validateQuestion(district, { postcode_district: 'W12 7RQ', postcode_district__prefer_not: 'yes' }),
    undefined,
  );
  const aboutYou = survey.pages.find((p) => p.id === 'about_you');
  t.same(aboutYou && validatePage(aboutYou, {}), [], 'every about-you question is optional');
});

t.test('the about-you block: ONS 2021 groups, "prefer not to say" everywhere, "why we ask"', async (t) => {
  const ethnic = question('ethnic_group');
  t.equal(ethnic.kind === 'choice' && ethnic.options.length, 20, '19 categories and prefer not to say');
  for (const id of ['ethnic_group', 'age_band', 'sex', 'gender_identity', 'disability', 'main_language']) {
    const q = question(id);
    t.ok(q.kind === 'choice' && q.options.some((o) => o.code === 'prefer_not'), `${id} has prefer not to say`);
    t.ok(q.hint?.so, `${id} explains why we ask, in Somali too`);
  }
  t.ok(question('postcode_district').kind === 'text');
});

t.test('a missing translation falls back visibly, tagged with its language', async (t) => {
  const shown = displayText({ en: 'Hello' }, 'ar', 'en');
  t.same(shown, { text: 'Hello', lang: 'en', dir: 'ltr', fallback: true });
  t.same(displayText({ en: 'Hello', ar: 'مرحبا' }, 'ar', 'en'), {
    text: 'مرحبا',
    lang: 'ar',
    dir: 'rtl',
    fallback: false,
  });
});
