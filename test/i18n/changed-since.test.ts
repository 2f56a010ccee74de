// i18n-report --since: the strings a reviewer must read again are exactly those whose words
// changed in their locale — new keys and rewritten ones, in the interface and in surveys,
// survey strings addressed by page, question and option ids.
import t from 'tap';
import { changedKeys, changedSurveyStrings, changesSince, surveyTextsById } from '../../src/i18n/changed-since.js';

const before = { home: { title: 'Old', lead: 'Same' }, gone: 'Removed later' };
const after = { home: { title: 'New', lead: 'Same', extra: 'Added' } };

t.test('interface keys: rewritten and new ones, not unchanged or removed ones', async (t) => {
  t.same(changedKeys(before, after), ['home.title', 'home.extra']);
  t.same(changedKeys(undefined, { a: 'x' }), ['a'], 'a locale that did not exist: everything is new');
  t.same(changedKeys(after, after), [], 'nothing changed');
});

const surveyBefore = {
  title: { en: 'Survey', so: 'Sahan' },
  pages: [
    {
      id: 'service',
      title: { en: 'Service', so: 'Adeeg' },
      questions: [{ id: 'where', options: [{ code: 'gp', label: { en: 'GP', so: 'Dhakhtar' } }] }],
    },
  ],
};
const surveyAfter = {
  title: { en: 'Survey, reworded in English only', so: 'Sahan' },
  pages: [
    {
      id: 'service',
      title: { en: 'Service', so: 'Adeeg' },
      questions: [{ id: 'where', options: [{ code: 'gp', label: { en: 'GP', so: 'Dhakhtarka qoyska' } }] }],
    },
  ],
};

t.test('survey strings are addressed by ids and compared per locale', async (t) => {
  t.same(
    [...surveyTextsById(surveyBefore).keys()],
    ['title', 'pages[service].title', 'pages[service].questions[where].options[gp].label'],
  );
  t.same(changedSurveyStrings(surveyBefore, surveyAfter, 'so'), ['pages[service].questions[where].options[gp].label']);
  t.same(changedSurveyStrings(surveyBefore, surveyAfter, 'en'), ['title'], 'English changes are English changes');
  t.same(changedSurveyStrings(surveyBefore, surveyAfter, 'ar'), [], 'a locale the survey lacks has nothing to read');
});

t.test('changesSince gathers both, for every locale', async (t) => {
  const report = changesSince({
    interfaceBefore: (locale) => (locale === 'so' ? before : after),
    interfaceAfter: () => after,
    surveys: [{ slug: 'your-experience', before: surveyBefore, after: surveyAfter }],
  });
  t.equal(report.length, 10);
  const somali = report.find((row) => row.locale === 'so');
  t.same(somali?.interfaceKeys, ['home.title', 'home.extra']);
  t.same(somali?.surveyStrings, ['your-experience: pages[service].questions[where].options[gp].label']);
  t.same(
    report.find((row) => row.locale === 'fr'),
    { locale: 'fr', interfaceKeys: [], surveyStrings: [] },
  );
});
