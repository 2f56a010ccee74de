// The reading room and the codebook with the keyboard alone: an analyst searches the accounts
// list, opens an Arabic account and flags it; a translator opens it from the queue and saves a
// draft; the safeguarding lead resolves the flag; an analyst adds a code and changes it; another
// codes a sentence of the account and gathers its code in a new theme. Only Tab, arrow keys, Space, Enter and typing; at every
// stop the focused element is on screen with a focus indicator.
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { AccountDocument } from '../src/accounts/document.js';
import { fileDocument } from '../src/accounts/file.js';
import { createStaffUser, PASSWORD } from '../test/support/staff.js';
import { chromiumGate, startSuite } from './browser.js';
import { navigation } from './journey.js';
import { KeyboardResident } from './keyboard-user.js';

const STORY = 'لم يستمع إلي الطبيب في العيادة.';
const gate = chromiumGate(t);
const suite = gate ? undefined : await startSuite(t);

if (suite) {
  const entry = await suite.app.surveys.get('your-experience');
  if (!entry) throw new Error('no demo survey');
  await fileDocument(
    suite.app.db,
    entry.survey,
    { what_happened: { value: STORY }, consent: { value: 'yes' } } as AccountDocument,
    {
      surveyVersionId: entry.stored.versionId,
      locale: 'ar',
      channel: 'online',
      submittedOn: '2026-11-20',
      receiptHash: 'staff-keyboard-account',
    },
  );
  await createStaffUser(suite.app, { email: 'analyst@example.org', roles: ['analyst'] });
  await createStaffUser(suite.app, { email: 'translator@example.org', roles: ['translator'], languages: ['ar'] });
  await createStaffUser(suite.app, { email: 'lead@example.org', roles: ['safeguarding'] });
  await createStaffUser(suite.app, { email: 'coder@example.org', roles: ['analyst'] });
}

/** Signs in with the keyboard from the sign-in page; the staff home's status. */
async function signIn(user: KeyboardResident, page: Page, email: string): Promise<number> {
  await user.tabTo('the email field', (s) => s.name === 'email');
  await page.keyboard.type(email);
  await user.tabTo('the password field', (s) => s.name === 'password');
  await page.keyboard.type(PASSWORD);
  await user.tabTo('the sign-in button', (s) => s.tag === 'button' && s.type === 'submit');
  return user.enter();
}

async function session(
  t: Test,
  email: string,
  walk: (user: KeyboardResident, page: Page, leave: (from: string, status: number) => void) => Promise<void>,
) {
  if (!suite) return;
  const context = await suite.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const user = new KeyboardResident(page);
  const leave = (from: string, status: number) => {
    const { problems, stops } = user.arrived();
    t.same(problems, [], `${from}: all ${stops} focus stops visible with a focus indicator`);
    t.equal(status, 200, `after ${from}: HTTP 200`);
  };
  // The only navigation not made with keys: opening the sign-in page's address.
  t.equal((await page.goto(`${suite.base}/staff/login`))?.status(), 200);
  leave('sign-in', await signIn(user, page, email));
  await walk(user, page, leave);
  await context.close();
}

t.test('the reading room with the keyboard alone', { skip: gate }, async (t) => {
  await session(t, 'analyst@example.org', async (user, page, leave) => {
    await user.tabTo('the Accounts link', (s) => s.href === '/staff/accounts');
    leave('staff home', await user.enter());
    await user.tabTo('the search box', (s) => s.name === 'q');
    await page.keyboard.type('الطبيب');
    await user.tabTo('Show accounts', (s) => s.tag === 'button' && s.type === 'submit');
    leave('accounts list', await user.enter());
    t.match(page.url(), /q=/, 'the search is in the address');
    await user.tabTo('the account', (s) => /^\/staff\/accounts\/[0-9a-f-]{36}\?q=/.test(s.href));
    leave('accounts list (searched)', await user.enter());
    t.match(await page.textContent('main'), STORY, 'the reading view shows the account');
    await user.answer({ kind: 'choose', name: 'category', value: 'abuse' });
    await user.tabTo('the reason', (s) => s.name === 'reason');
    await page.keyboard.type('The resident sounds afraid of someone at home.');
    await user.tabTo('Flag for safeguarding', (s) => s.tag === 'button' && s.what.includes('Flag'));
    leave('reading view', await user.enter());
    t.match(await page.textContent('main'), 'The account is flagged for the safeguarding lead.');
  });

  await session(t, 'translator@example.org', async (user, page, leave) => {
    await user.tabTo('the Translations link', (s) => s.href === '/staff/translations');
    leave('staff home (translator)', await user.enter());
    await user.tabTo('the account', (s) => /^\/staff\/translations\/[0-9a-f-]{36}$/.test(s.href));
    leave('translation queue', await user.enter());
    await user.tabTo('the translation box', (s) => s.name === 't__what_happened__value');
    await page.keyboard.type('The doctor at the clinic did not listen to me.');
    await user.tabTo('Save draft', (s) => s.tag === 'button' && s.value === 'draft');
    leave('translation page', await user.enter());
    t.match(await page.textContent('main'), 'Your draft is saved.');
  });

  await session(t, 'lead@example.org', async (user, page, leave) => {
    await user.tabTo('the Safeguarding link', (s) => s.href === '/staff/safeguarding');
    leave('staff home (lead)', await user.enter());
    t.match(await page.textContent('main'), 'The resident sounds afraid of someone at home.');
    await user.answer({ kind: 'choose', name: 'resolution', value: 'referred' });
    await user.tabTo('the note', (s) => s.tag === 'textarea');
    await page.keyboard.type('Passed to the domestic abuse service.');
    await user.tabTo('Resolve this flag', (s) => s.tag === 'button' && s.what.includes('Resolve'));
    leave('safeguarding queue', await navigation(page, () => page.keyboard.press('Enter')));
    t.match(await page.textContent('main'), 'The flag is resolved.');
  });
});

t.test('the codebook with the keyboard alone', { skip: gate }, async (t) => {
  await session(t, 'analyst@example.org', async (user, page, leave) => {
    await user.tabTo('the Codebook link', (s) => s.href === '/staff/codebook');
    leave('staff home (codebook)', await user.enter());
    await user.tabTo('the name field', (s) => s.name === 'name');
    await page.keyboard.type('Interpreters');
    await user.tabTo('the description', (s) => s.name === 'description');
    await page.keyboard.type('Asking for, waiting for or going without an interpreter.');
    await user.tabTo('Add code', (s) => s.tag === 'button' && s.what.includes('Add code'));
    leave('codebook', await user.enter());
    t.match(await page.textContent('main'), 'The code is added.');
    await user.tabTo('the code', (s) => /^\/staff\/codebook\/codes\/[0-9a-f-]{36}$/.test(s.href));
    leave('codebook (one code)', await user.enter());
    await user.tabTo('the description', (s) => s.name === 'description');
    await page.keyboard.type(' Family members asked to interpret count too.');
    await user.tabTo('Save', (s) => s.tag === 'button' && s.what.includes('Save'));
    leave('code page', await user.enter());
    t.match(await page.textContent('main'), 'The code is saved.');
    t.match(await page.textContent('main'), 'Family members asked to interpret count too.');
  });
});

t.test('coding a sentence and gathering it in a theme with the keyboard alone', { skip: gate }, async (t) => {
  if (!suite) return;
  const survey = await suite.app.db
    .selectFrom('surveys')
    .select('id')
    .where('slug', '=', 'your-experience')
    .executeTakeFirstOrThrow();
  await suite.app.db
    .insertInto('codes')
    .values({ survey_id: survey.id, parent_id: null, name: 'Not listened to' })
    .execute();
  await session(t, 'coder@example.org', async (user, page, leave) => {
    await user.tabTo('the Accounts link', (s) => s.href === '/staff/accounts');
    leave('staff home (coding)', await user.enter());
    await user.tabTo('the account', (s) => /^\/staff\/accounts\/[0-9a-f-]{36}$/.test(s.href));
    leave('accounts list (coding)', await user.enter());
    // The sentence and the code are boxes to tick with Space; the first button codes the ticks.
    const sentence = await user.tabTo('the sentence', (s) => s.name === 'sentence');
    if (!sentence.checked) await user.key('Space');
    const code = await user.tabTo('the code', (s) => s.name === 'code');
    if (!code.checked) await user.key('Space');
    await user.tabTo(
      'Code the ticked sentences',
      (s) => s.tag === 'button' && s.what.includes('Code the ticked sentences'),
    );
    leave('account view (coding)', await user.enter());
    t.match(await page.textContent('main'), 'The coding is saved.');
    await user.tabTo('the Themes link', (s) => s.href === '/staff/themes');
    leave('account view (to themes)', await user.enter());
    await user.tabTo('the name field', (s) => s.name === 'name');
    await page.keyboard.type('Not heard');
    await user.tabTo('the central idea', (s) => s.name === 'centralIdea');
    await page.keyboard.type('People were not listened to.');
    const gathered = await user.tabTo('the code to gather', (s) => s.name === 'codes');
    if (!gathered.checked) await user.key('Space');
    await user.tabTo('Add theme', (s) => s.tag === 'button' && s.what.includes('Add theme'));
    leave('theme board (adding)', await user.enter());
    t.match(await page.textContent('main'), 'The theme is added.');
    t.match(await page.textContent('main'), '1 account supports it');
    await user.tabTo('Read its passages', (s) => /\/passages$/.test(s.href));
    leave('theme page (to its passages)', await user.enter());
    t.match(await page.textContent('main'), STORY, 'the collated passages hold the coded sentence');
  });
});
