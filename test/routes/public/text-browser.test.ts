// Promise 2: the survey works in a text browser. Lynx fetches the Somali start page over real
// HTTP, then POSTs the start form (as pressing "Start now" does) and shows the first question
// page: its questions and every option as a radio button with its label. lynx marks the first
// radio of a group with none chosen as chosen and sends it, so each group starts with an empty
// "no answer" option only text browsers show: a question left alone is not answered. (Completing the whole survey with plain HTTP
// forms is proved by survey-journey.test.ts.)
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DEMO_SURVEY_FILE, readSurveyFile } from '../../../src/surveys/demo.js';
import { build } from '../../helper.js';
import { agedToken, encode, hiddenInputs } from '../../support/forms.js';

const hasLynx = !spawnSync('lynx', ['-version'], { stdio: 'ignore' }).error;
if (!hasLynx) {
  // A plan of zero with a reason: tap reports the whole file as skipped, saying why.
  t.plan(0, 'skipped: lynx is not installed (apt-get install -y lynx); the text-browser check did not run');
} else {
  const survey = readSurveyFile(DEMO_SURVEY_FILE);
  const app = await build(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/so/surveys/your-experience`;
  const so = app.translatorFor('so');
  // A home of its own, so no personal .lynxrc or cookie file is read or written.
  const home = mkdtempSync(join(tmpdir(), 'codka-lynx-'));

  /** `lynx -dump` of a URL (POSTing `postData` when given), with whitespace runs made single spaces. */
  const lynx = (args: string[], stdin?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = execFile(
        'lynx',
        ['-dump', '-nolist', '-width=1024', '-display_charset=UTF-8', '-assume_charset=UTF-8', ...args],
        { env: { ...process.env, HOME: home, LANG: 'C.UTF-8' }, timeout: 30_000, encoding: 'utf8' },
        (error, stdout) => (error ? reject(error) : resolve(stdout.replace(/\s+/g, ' '))),
      );
      child.stdin?.end(stdin ?? '');
    });
  const flat = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

  /** The start form as pressing "Start now" sends it, for lynx's -post_data (ends at "---"). */
  const startForm = async () => {
    const start = await app.inject({ url: '/so/surveys/your-experience' });
    const fields = hiddenInputs(start.body).map(([name, value]): [string, string] =>
      name === '_token' ? [name, agedToken(value)] : [name, value],
    );
    return `${encode([...fields, ['_goto', 'next']])}\n---\n`;
  };

  t.test('lynx shows the Somali start page', async (t) => {
    const dump = await lynx([url]);
    t.ok(dump.includes(flat(survey.title.so)), `the survey title: ${survey.title.so}`);
    for (const paragraph of (survey.intro.so ?? '').split('\n\n')) {
      t.ok(dump.includes(flat(paragraph)), `the intro: ${paragraph.slice(0, 50)}…`);
    }
    t.ok(dump.includes(so('survey.privacyHeading')), 'the privacy heading');
    t.ok(dump.includes(so('survey.start')), `the "${so('survey.start')}" button`);
  });

  t.test('lynx posts the start form and shows the first question page', async (t) => {
    // lynx -post_data reads the urlencoded body from stdin, up to a line of three dashes.
    const dump = await lynx(['-post_data', url], await startForm());

    const page = survey.pages[0];
    t.ok(page, 'the survey has a first page');
    if (!page) return;
    t.ok(dump.includes(flat(page.title.so)), `the page title: ${page.title.so}`);
    for (const question of page.questions) {
      if (!('label' in question)) continue;
      t.ok(dump.includes(flat(question.label.so)), `the question: ${question.label.so}`);
      if (question.type !== 'single_choice') continue;
      const options = [...question.options.map((o) => o.label.so), question.other?.label.so].filter(Boolean);
      for (const label of options) {
        t.match(dump, new RegExp(`\\((?: |\\*)\\) ${escapeRegExp(flat(label))}`), `a radio button: ( ) ${label}`);
      }
      if (question.other?.prompt?.so) t.ok(dump.includes(flat(question.other.prompt.so)), 'the "which service" box');
    }
    t.ok(dump.includes(so('common.optional')), 'the optional question is marked');
    t.ok(dump.includes(so('common.continue')), `the "${so('common.continue')}" button`);
    t.ok(dump.includes(so('common.back')), `the "${so('common.back')}" button`);
  });

  t.test('a radio group lynx leaves alone answers nothing', async (t) => {
    const form = await startForm();
    const numbered = await lynx(['-number_fields', '-post_data', url], form);
    // lynx marks the first radio of a group with none chosen as chosen, and sends it.
    const chosen = [...numbered.matchAll(/\[\d+\]\(\*\) (\S+(?: \S+)?)/g)].map((m) => m[1]);
    t.same(chosen, [so('common.noAnswer'), so('common.noAnswer')], 'in both groups the chosen radio is "no answer"');

    // What lynx sends for those groups: the first radio's value, which is empty.
    const start = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.replace(/\n---\n$/, ''),
    });
    const first = [...start.body.matchAll(/<input type="radio" id="[^"]*" name="(service|when)" value="([^"]*)"/g)];
    t.same(
      first.filter((m, i) => first.findIndex((n) => n[1] === m[1]) === i).map((m) => [m[1], m[2]]),
      [
        ['service', ''],
        ['when', ''],
      ],
      'the first radio of each group has an empty value',
    );
    const fields = hiddenInputs(start.body).map(([name, value]): [string, string] =>
      name === '_token' ? [name, agedToken(value)] : [name, value],
    );
    const sent = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: encode([...fields, ['service', ''], ['service__other', ''], ['when', ''], ['_goto', 'next']]),
    });
    t.equal(sent.statusCode, 422, 'the required service question is asked again, not answered "GP"');
    t.match(sent.body, /name="service" value="gp">/, 'GP is not chosen');
    t.notMatch(sent.body, /name="(service|when)" value="[^"]+" checked/, 'nothing is chosen for the resident');
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
