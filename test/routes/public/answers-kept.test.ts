// Every page of the journey carries what the resident typed: Back to the start page, a wrong
// session code, a language switch from the start page, and a survey closed mid-journey.
import t from 'tap';
import { build } from '../../helper.js';
import { hiddenInputs, Resident } from '../../support/forms.js';

const firstPage: [string, string][] = [
  ['service', 'other'],
  ['service__other', 'Rugta caafimaadka'],
  ['when', '3_to_12_months'],
];

t.test('Back from the first question keeps the answers through Start again', async (t) => {
  const app = await build(t);
  const resident = await new Resident(app, 'en').start();
  await resident.press('next');
  t.equal(resident.step, 'service');
  await resident.press('back', firstPage);
  t.equal(resident.step, 'start', 'back on the start page');
  const carried = hiddenInputs(resident.html);
  for (const field of firstPage)
    t.ok(
      carried.some(([n, v]) => n === field[0] && v === field[1]),
      `carries ${field[0]}`,
    );

  await resident.press('next');
  t.equal(resident.step, 'service', 'Start again leads to the first page');
  t.match(resident.html, 'value="Rugta caafimaadka"', 'the typed text is shown again');
  t.match(resident.html, /value="3_to_12_months"[^>]*checked/, 'the choice is still checked');
});

t.test('a wrong session code on the start page keeps the answers', async (t) => {
  const app = await build(t);
  const resident = await new Resident(app, 'en').start();
  await resident.press('next');
  await resident.press('back', firstPage);
  t.equal(resident.step, 'start');
  await resident.press('next', [['_session', 'ZZZZ-ZZZZ']]);
  t.equal(resident.status, 422, 'the code is refused');
  t.equal(resident.step, 'start');
  const carried = hiddenInputs(resident.html);
  for (const field of firstPage)
    t.ok(
      carried.some(([n, v]) => n === field[0] && v === field[1]),
      `carries ${field[0]}`,
    );
});

t.test('a survey closed mid-journey shows back what was typed, escaped, and files nothing', async (t) => {
  const app = await build(t);
  const resident = await new Resident(app, 'so').start();
  await resident.press('next');
  const story = 'Dhakhtarku ma i dhegaysan. <script>alert(1)</script>';
  await resident.press('next', firstPage);
  await app.db.updateTable('surveys').set({ status: 'closed' }).where('slug', '=', 'your-experience').execute();
  app.surveys.invalidate();
  await resident.press('next', [
    ['what_happened', story],
    ['treated', '2'],
  ]);
  t.equal(resident.status, 410, 'closed');
  t.match(resident.html, app.translatorFor('so')('survey.closedTyped'), 'says nothing was sent, in Somali');
  t.match(resident.html, 'Dhakhtarku ma i dhegaysan. &lt;script&gt;alert(1)&lt;/script&gt;', 'the story, escaped');
  t.match(resident.html, 'Rugta caafimaadka', 'and the earlier page’s write-in');
  t.notMatch(resident.html, '<script>', 'no markup from the story');
  const count = await app.db.selectFrom('responses').select('id').execute();
  t.equal(count.length, 0, 'nothing filed');
  const get = await app.inject({ url: '/so/surveys/your-experience' });
  t.equal(get.statusCode, 410, 'a plain visit still gets the closed page');
});
