// Coding a passage of an Arabic answer in Chromium, both ways: with JavaScript on, the analyst
// selects the words of a sentence and presses "Code the selected words" (the staff script sends
// the browser's UTF-16 positions); with JavaScript off, the script never runs, the button stays
// hidden and the analyst ticks the same sentence. Both store the same code points, the quote is
// the sentence, and an emoji and a hidden phone number before it move nothing. Public pages
// keep running no script at all.
import t from 'tap';
import { fileAccount } from '../test/support/file-account.js';
import { createStaffUser, PASSWORD } from '../test/support/staff.js';
import { chromiumGate, startSuite } from './browser.js';
import { navigation, open } from './journey.js';
import { fillSignIn, submit } from './staff-pages.js';

const gate = chromiumGate(t);
const suite = gate ? undefined : await startSuite(t);

const SENTENCE = 'لم يكن هناك مترجمٌ؟';
const STORY = `انتظرتُ ساعات 😔. اتصلت على 07700 900123 ولم يرد أحد. ${SENTENCE} أريد طبيبة.`;

// No DOM library in the project's tsconfig: what the selection script uses of it.
interface TextNode {
  textContent: string | null;
}
interface Spanned {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; firstChild: TextNode | null }>;
}
declare const document: Spanned & {
  createRange(): { setStart(node: TextNode, offset: number): void; setEnd(node: TextNode, offset: number): void };
  getSelection(): { removeAllRanges(): void; addRange(range: unknown): void } | null;
};

t.test(
  'select-to-code (JavaScript on) and sentence ticks (JavaScript off) store the same offsets',
  { skip: gate },
  async (t) => {
    if (!suite) return;
    const { app, base } = suite;
    const survey = await app.db
      .selectFrom('surveys')
      .select('id')
      .where('slug', '=', 'your-experience')
      .executeTakeFirstOrThrow();
    const code = await app.db
      .insertInto('codes')
      .values({ survey_id: survey.id, parent_id: null, name: 'Interpreters', colour: '#1D70B8' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createStaffUser(app, { email: 'js@example.org', roles: ['analyst'], displayName: 'With script' });
    await createStaffUser(app, { email: 'nojs@example.org', roles: ['analyst'], displayName: 'Without script' });
    const account = await fileAccount(app, { locale: 'ar', story: STORY, day: '2026-11-30' });
    const accountUrl = `${base}/staff/accounts/${account}`;

    async function signedInPage(email: string, javaScriptEnabled: boolean) {
      const context = await suite?.newContext({ javaScriptEnabled, extraHTTPHeaders: { origin: base } });
      const page = await context?.newPage();
      if (!page) throw new Error('no page');
      await open(page, `${base}/staff/login`);
      await fillSignIn(page, email, PASSWORD);
      t.equal(await submit(page), 200, `${email} signs in`);
      t.equal(await open(page, accountUrl), 200);
      return page;
    }

    // With the script: select the words of the third sentence as a reader's mouse would.
    const withScript = await signedInPage('js@example.org', true);
    const button = withScript.locator('main form.code-passages button.select-to-code');
    t.ok(await button.isVisible(), 'the script shows "Code the selected words"');
    t.ok(await button.isDisabled(), 'disabled until words are selected');
    await withScript.evaluate((words) => {
      for (const run of Array.from(document.querySelectorAll('.passage [data-u16]'))) {
        const text = run.firstChild;
        const at = run.textContent?.indexOf(words) ?? -1;
        if (!text || at < 0) continue;
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + words.length);
        document.getSelection()?.removeAllRanges();
        document.getSelection()?.addRange(range);
        return;
      }
      throw new Error('sentence not on the page');
    }, SENTENCE);
    await withScript.waitForFunction(
      () =>
        !(document as unknown as { querySelector(s: string): { disabled: boolean } }).querySelector(
          'button.select-to-code',
        ).disabled,
    );
    t.match(await withScript.textContent('main form.code-passages .selected'), `Selected: “${SENTENCE}”`);
    await withScript.check(`main form.code-passages input[name="code"][value="${code.id}"]`);
    const coded = await navigation(withScript, () => button.click());
    t.equal(coded, 200);
    t.match(await withScript.textContent('main [role="status"]'), 'The coding is saved.');

    // Without the script: the button is never shown; the sentence is ticked instead.
    const withoutScript = await signedInPage('nojs@example.org', false);
    t.notOk(
      await withoutScript.locator('main button.select-to-code').isVisible(),
      'no select-to-code without JavaScript',
    );
    await withoutScript.check(`main form.code-passages label:has-text("${SENTENCE}")`);
    await withoutScript.check(`main form.code-passages input[name="code"][value="${code.id}"]`);
    t.equal(await submit(withoutScript, 'main form.code-passages'), 200);

    const rows = await app.db
      .selectFrom('codings')
      .innerJoin('staff_users', 'staff_users.id', 'codings.coded_by')
      .select(['staff_users.email', 'span_start as start', 'span_end as end', 'quote'])
      .where('response_id', '=', account)
      .orderBy('staff_users.email')
      .execute();
    t.equal(rows.length, 2, 'one coding each');
    const [js, nojs] = rows;
    t.same([js?.start, js?.end], [nojs?.start, nojs?.end], 'the same code points both ways');
    t.equal(js?.quote, SENTENCE, 'the quote is the sentence');
    t.equal(js?.start, Array.from(STORY.slice(0, STORY.indexOf(SENTENCE))).length, 'counted in code points');
    t.not(js?.start, STORY.indexOf(SENTENCE), 'not in UTF-16 units, which the emoji before it would shift');

    // Public pages still run nothing.
    const publicPage = await withScript.context().newPage();
    const response = await publicPage.goto(`${base}/ar/`);
    t.match(response?.headers()['content-security-policy'] ?? '', /script-src 'none'/);
  },
);
