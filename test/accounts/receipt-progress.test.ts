// What a resident's receipt says as their account is worked on, in their language: received;
// "being read" once any of their words is coded; "put together with other answers" once a theme
// their account supports is defined; and after they withdraw, their codings and quotes are gone
// and the theme's count of accounts falls.
import t from 'tap';
import { addCodings } from '../../src/coding/codings.js';
import { createTheme } from '../../src/review/themes.js';
import { build } from '../helper.js';
import { demoSurveyId } from '../support/codebook.js';
import { Browser, SurveyWalker, walkToCheck } from '../support/public-pages.js';
import { createStaffUser } from '../support/staff.js';

const app = await build(t);
const analyst = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'] });
const browser = new Browser(app);
const STORY = 'Kalkaaliyuhu wuu i qoslay markii aan turjubaan weydiistay. Waan sugay.';

const walker = new SurveyWalker(browser, 'so');
await walkToCheck(walker, { serviceOther: 'Farmashiye', story: STORY, more: 'Haa.', better: 'Turjubaan.' });
await walker.press('submit');
const code = walker.receipt as string;
const { id: account } = await app.db.selectFrom('responses').select('id').executeTakeFirstOrThrow();
const survey = await demoSurveyId(app);

const receipt = async () => (await browser.post('/so/receipt', [['code', code]])).html;

t.test('received, then being read, then put together in a theme', async (t) => {
  t.match(await receipt(), 'Waa la helay, waxay sugayaan in la akhriyo');
  const interpreters = (
    await app.db
      .insertInto('codes')
      .values({ survey_id: survey, parent_id: null, name: 'Interpreters' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await addCodings(app.db, {
    where: { responseId: account, questionId: 'what_happened', field: 'value', translationLocale: null },
    text: STORY,
    spans: [{ start: 0, end: 58 }],
    codeIds: [interpreters],
    coder: analyst.id,
  });
  t.match(await receipt(), 'Kooxda ayaa hadda akhrinaysa', 'coded: being read');
  const theme = await createTheme(app.db, {
    surveyId: survey,
    name: 'Not understood',
    centralIdea: '',
    codeIds: [interpreters],
    by: analyst.id,
  });
  t.match(await receipt(), 'Kooxda ayaa hadda akhrinaysa', 'a candidate theme is not yet a result');
  await app.db.updateTable('themes').set({ status: 'defined' }).where('id', '=', theme).execute();
  t.match(await receipt(), 'Waa la akhriyay, waxaana lagu daray jawaabo kale', 'a defined theme: put together');

  const count = async () =>
    (await app.db.selectFrom('themes').select('account_count').where('id', '=', theme).executeTakeFirstOrThrow())
      .account_count;
  t.equal(await count(), 1);
  await browser.post('/so/receipt', [
    ['code', code],
    ['_action', 'confirm-withdraw'],
  ]);
  t.same(await app.db.selectFrom('codings').select('quote').execute(), [], 'their codings and quotes are gone');
  t.equal(await count(), 0, 'the theme’s count falls');
  t.match(await receipt(), 'Waa la tirtiray, sidii aad codsatay');
});
