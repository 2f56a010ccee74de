// Assisted entry on a shared device, in Chromium: a partner signs in, enters one resident's
// account in Somali, shows the receipt slip, presses "Next person", and then the browser's Back
// and Forward buttons are pressed every which way. No page, at any point, shows resident A's
// answers or receipt code: not in the HTML, not in a field the browser refilled from its saved
// form state (the DOM's `.value` and `.checked`, which page.content() does not show), not from
// the back/forward cache. Every staff response says `cache-control: no-store`, and the entry
// form turns autocomplete off. Then resident B's account gets a slip of its own.
//
// Playwright starts Chromium with `--disable-back-forward-cache`; the browser on a partner's
// laptop or tablet has the cache on. So each journey runs twice over: in the suite's browser,
// and in a second browser with the back/forward cache left as Chromium builds it (where pages
// sent with `no-store` may be kept too). And each with JavaScript on and off.
//
// Until the server accepts Chromium's own form posts (see ORIGIN_NULL in staff-pages.ts), the
// refusal is reported as a failure and the journey goes on sending the site's real Origin.
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import t from 'tap';
import { createOrganisation } from '../src/staff/organisations.js';
import { createStaffUser, PASSWORD } from '../test/support/staff.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumGate, startSuite } from './browser.js';
import { navigation, open } from './journey.js';
import { fillSignIn, isOriginRefusal, ORIGIN_NULL, sendRealOrigin, submit } from './staff-pages.js';

const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
/** In every text field of resident A's account, so any trace of it is found by one search. */
const MARK_A = 'RESIDENT-A-';
const MARK_B = 'RESIDENT-B-';

type Fill =
  | { kind: 'type'; name: string; text: string }
  | { kind: 'choose'; name: string; value: string }
  | { kind: 'tick'; name: string; value: string };

const type = (name: string, text: string): Fill => ({ kind: 'type', name, text });
const choose = (name: string, value: string): Fill => ({ kind: 'choose', name, value });

/** Resident A: every text answer carries the mark; choices that differ from B's. */
const RESIDENT_A: Fill[] = [
  choose('service', 'other'),
  type('service__other', `${MARK_A}OTHER Rugta caafimaadka`),
  choose('when', 'last_3_months'),
  type('what_happened', `${MARK_A}STORY Dhakhtarku ma i dhegaysan, waxaan sugay saddex saacadood.`),
  choose('treated', '2'),
  choose('background_affected', 'yes'),
  type('background_more', `${MARK_A}MORE Waxay la hadleen gabadhayda, ma aysan ila hadlin.`),
  type('better', `${MARK_A}BETTER Turjubaan.`),
  choose('trust', '2'),
  choose('vaccine_confidence', '3'),
  choose('ethnic_group', '6'),
  type('ethnic_group__other', `${MARK_A}GROUP Soomaali`),
  choose('age_band', '35_44'),
  choose('sex', 'female'),
  choose('main_language', 'somali'),
  { kind: 'tick', name: 'consent', value: 'yes' },
];

const RESIDENT_B: Fill[] = [
  choose('service', 'gp'),
  type('what_happened', `${MARK_B}STORY Waan ku qanacsanahay.`),
  choose('treated', '4'),
  choose('background_affected', 'no'),
  choose('trust', '4'),
  { kind: 'tick', name: 'consent', value: 'yes' },
];

/** Resident A's radio buttons and checkboxes, as `name=value`. */
const CHOICES_A = RESIDENT_A.filter((f) => f.kind !== 'type').map((f) => `${f.name}=${f.value}`);

/** The entry form (the staff navigation bar has a POST form too: signing out). */
const ENTRY_FORM = 'main form[method="post"]';

const selectorOf = (fill: Fill) =>
  fill.kind === 'type'
    ? `${ENTRY_FORM} :is(input[type="text"], textarea)[name="${fill.name}"]`
    : `${ENTRY_FORM} input[name="${fill.name}"][value="${fill.value}"]`;

// The project's tsconfig has no DOM library; the little of it used in the page is declared here.
interface Control {
  tagName: string;
  type: string;
  name: string;
  value: string;
  checked: boolean;
  form: { getAttribute(name: string): string | null } | null;
  getAttribute(name: string): string | null;
}
declare const document: { querySelectorAll(selector: string): Iterable<Control> };

interface FormState {
  /** Text, date and other typed-in fields with a value (hidden inputs left out), as `name=value`. */
  typed: string[];
  /** Radio buttons and checkboxes that are ticked, as `name=value`. */
  checked: string[];
  /** Fields of a POST form where autocomplete is not off (on the field or its form). */
  autocompleteOn: string[];
}

/** What the form controls hold now: their live `.value` and `.checked`, not the HTML attributes. */
function formState(): FormState {
  const state: FormState = { typed: [], checked: [], autocompleteOn: [] };
  for (const el of document.querySelectorAll('input, textarea, select')) {
    const kind = el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase();
    if (kind === 'hidden' || kind === 'submit' || kind === 'button') continue;
    if (kind === 'radio' || kind === 'checkbox') {
      if (el.checked) state.checked.push(`${el.name}=${el.value}`);
    } else if (kind !== 'select' && el.value !== '') state.typed.push(`${el.name}=${el.value}`);
    const form = el.form;
    if (form && (form.getAttribute('method') ?? '').toLowerCase() === 'post') {
      const own = el.getAttribute('autocomplete');
      const off = own === 'off' || (own === null && form.getAttribute('autocomplete') === 'off');
      if (!off) state.autocompleteOn.push(`${el.name} (autocomplete=${own ?? form.getAttribute('autocomplete')})`);
    }
  }
  return state;
}

/** Every response from /staff that the browser saw, with its cache-control. */
interface Seen {
  url: string;
  status: number;
  cacheControl: string | undefined;
}

function watchResponses(page: Page, base: string): Seen[] {
  const seen: Seen[] = [];
  page.on('response', (response) => {
    if (!response.url().startsWith(`${base}/staff`)) return;
    seen.push({ url: response.url(), status: response.status(), cacheControl: response.headers()['cache-control'] });
  });
  return seen;
}

/** A subtest (`Parameters` takes the last overload of t.test: the one with only a callback). */
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

const gate = chromiumGate(t);
const suite = gate ? undefined : await startSuite(t);
/** The same Chromium with its back/forward cache on, as a resident's Chrome has it. */
let cachingBrowser: Browser | undefined;
if (suite) {
  cachingBrowser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
  t.teardown(() => cachingBrowser?.close());
}

async function seedPartner(app: FastifyInstance) {
  const org = await createOrganisation(app.db, 'Somali Community Health Champions');
  if (!org) throw new Error('organisation not created');
  for (const n of [1, 2, 3, 4])
    await createStaffUser(app, { email: `partner${n}@example.org`, roles: ['partner'], organisationId: org.id });
}
if (suite) await seedPartner(suite.app);

/** Every page the browser lands on is checked against resident A's account. */
class Journey {
  readonly seen: Seen[];
  receiptA = '';

  constructor(
    readonly t: Tap,
    readonly page: Page,
    readonly base: string,
    readonly js: boolean,
  ) {
    this.seen = watchResponses(page, base);
  }

  path() {
    return new URL(this.page.url()).pathname + new URL(this.page.url()).search;
  }

  /** Nothing of resident A on the page on screen, in its HTML or in its form controls. */
  async nothingOfA(where: string) {
    const { t, page } = this;
    const html = await page.content();
    t.notMatch(html, MARK_A, `${where}: none of resident A's answers in the page`);
    if (this.receiptA) t.notMatch(html, this.receiptA, `${where}: not resident A's receipt code`);
    const state = await page.evaluate(formState);
    t.same(
      state.typed.filter((v) => v.includes(MARK_A)),
      [],
      `${where}: no field holds resident A's text`,
    );
    return state;
  }

  /** The blank entry form: nothing typed, nothing ticked but the default channel. */
  async blankForm(where: string) {
    const { t } = this;
    t.match(this.path(), /\/staff\/sessions\/[0-9a-f-]{36}\/enter\?locale=so$/, `${where}: the entry form`);
    const state = await this.nothingOfA(where);
    t.same(
      state.checked.filter((c) => CHOICES_A.includes(c)),
      [],
      `${where}: none of resident A's choices is ticked`,
    );
    t.same(state.checked, ['_channel=assisted'], `${where}: only the default channel is ticked`);
    t.same(state.typed, [], `${where}: every field is empty`);
    t.same(state.autocompleteOn, [], `${where}: autocomplete is off for every field of the form`);
  }

  /** The slip at this address has been used up: Back (or Forward) onto it shows no code. */
  async usedSlip(where: string, status: number | undefined) {
    const { t, page } = this;
    t.match(this.path(), /\/staff\/sessions\/[0-9a-f-]{36}\/slip\//, `${where}: the slip's address`);
    t.equal(
      status,
      410,
      `${where}: the slip is fetched again and is used up (HTTP 410; none: shown from the back/forward cache)`,
    );
    t.equal(await page.locator('p.receipt').count(), 0, `${where}: no receipt code on screen`);
    await this.nothingOfA(where);
  }

  async fill(fills: Fill[]) {
    for (const fill of fills) {
      if (fill.kind === 'type') await this.page.fill(selectorOf(fill), fill.text);
      else await this.page.check(selectorOf(fill));
    }
  }

  /**
   * Moves `delta` steps through the history, as the Back and Forward buttons do (history.go
   * for a jump of two with JavaScript on); the HTTP status if the page was fetched again, or
   * undefined when the browser showed it without asking the server (the back/forward cache).
   */
  async go(delta: number): Promise<number | undefined> {
    const { page } = this;
    const before = this.seen.length;
    const steps = this.js || Math.abs(delta) === 1 ? [delta] : Array(Math.abs(delta)).fill(Math.sign(delta));
    for (const step of steps) {
      const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
      // A page restored from the back/forward cache fires no load event: wait for the commit only.
      if (step === -1) await page.goBack({ waitUntil: 'commit' });
      else if (step === 1) await page.goForward({ waitUntil: 'commit' });
      else await page.evaluate(`history.go(${step})`);
      await navigated;
      // The response comes before the commit; none means the page came from the cache, and
      // such a page fires no load events to wait for (Playwright would wait for ever).
      if (this.seen.slice(before).some((s) => s.url === page.url())) await page.waitForLoadState('load');
    }
    const fetched = this.seen.slice(before).filter((s) => s.url === page.url());
    return fetched.at(-1)?.status;
  }
}

interface Variant {
  name: string;
  js: boolean;
  bfcache: boolean;
  email: string;
}

const VARIANTS: Variant[] = [
  { name: 'JavaScript on', js: true, bfcache: false, email: 'partner1@example.org' },
  { name: 'JavaScript off', js: false, bfcache: false, email: 'partner2@example.org' },
  { name: 'JavaScript on, back/forward cache on', js: true, bfcache: true, email: 'partner3@example.org' },
  { name: 'JavaScript off, back/forward cache on', js: false, bfcache: true, email: 'partner4@example.org' },
];

t.jobs = 2;

for (const variant of VARIANTS) {
  t.test(`${variant.name}: Back after "Next person" never shows the last resident`, { skip: gate }, async (t) => {
    if (!suite) return;
    const started = Date.now();
    const options = { javaScriptEnabled: variant.js, viewport: { width: 1024, height: 800 } };
    let context: BrowserContext;
    if (variant.bfcache && cachingBrowser) {
      context = await cachingBrowser.newContext(options);
      await context.addInitScript('globalThis.__name ??= (fn) => fn;');
    } else context = await suite.newContext(options);
    const page = await context.newPage();
    const { base } = suite;
    const journey = new Journey(t, page, base, variant.js);

    // Sign in through the page's own form.
    t.equal(await open(page, `${base}/staff/login`), 200, 'sign-in page');
    await fillSignIn(page, variant.email, PASSWORD);
    let status = await submit(page);
    if (await isOriginRefusal(page, status)) {
      t.fail(`the sign-in form, posted by Chromium itself, is refused (403): ${ORIGIN_NULL}`);
      await sendRealOrigin(context, base);
      await open(page, `${base}/staff/login`);
      await fillSignIn(page, variant.email, PASSWORD);
      status = await submit(page);
    }
    t.equal(status, 200, 'signed in: the staff home');
    t.equal(journey.path(), '/staff/', 'on the staff home');

    // A session for Somali speakers, made with the new-session form.
    await open(page, `${base}/staff/sessions/new`);
    await page.fill('#f-title', `Drop-in (${variant.name})`);
    await page.fill('#f-venue', 'Shepherds Bush library, room 2');
    await page.check('#f-format-drop_in');
    await page.check('#f-languages-so');
    t.equal(await submit(page), 200, 'session created: its page');
    t.match(journey.path(), /^\/staff\/sessions\/[0-9a-f-]{36}$/, 'on the session page');
    const sessionId = journey.path().split('/').at(-1) ?? '';
    t.equal(
      await navigation(page, () => page.click('main a[href$="/enter?locale=so"]')),
      200,
      'assisted entry in Somali',
    );
    await journey.blankForm('the first blank form');
    t.equal(await page.getAttribute('.resident-form', 'lang'), 'so', 'the resident part of the form is in Somali');
    t.equal(await page.getAttribute(ENTRY_FORM, 'autocomplete'), 'off', 'the entry form has autocomplete="off"');

    // Resident A.
    await journey.fill(RESIDENT_A);
    await page.check('#f-read-aloud');
    const typedA = (await page.evaluate(formState)).typed.filter((v) => v.includes(MARK_A));
    t.equal(typedA.length, 5, "resident A's five text answers are in the form");
    t.equal(await submit(page), 200, "resident A's slip");
    t.match(journey.path(), /\/staff\/sessions\/[0-9a-f-]{36}\/slip\//, "the slip's own address (after a redirect)");
    t.notMatch(journey.path(), MARK_A, 'nothing of the account in the address');
    journey.receiptA = (await page.locator('p.receipt').textContent())?.trim() ?? '';
    t.match(journey.receiptA, RECEIPT, `a receipt code (${journey.receiptA})`);
    t.equal(await page.getAttribute('.slip', 'lang'), 'so', 'the slip is in Somali');
    t.notMatch(await page.content(), MARK_A, "the slip shows none of resident A's answers");
    const slipUrl = page.url();

    // Next person: a blank form. Resident A's receipt code is on no page from here on.
    const receiptA = journey.receiptA;
    t.equal(await navigation(page, () => page.click('main a.button[href*="/enter?locale=so"]')), 200, '"Next person"');
    await journey.blankForm('"Next person"');
    const nextUrl = page.url();

    // Back once: the slip's address, used up.
    await journey.usedSlip('Back once', await journey.go(-1));
    t.equal(page.url(), slipUrl, 'Back once: the slip address');
    // Back twice: the form resident A's answers were typed into.
    t.equal(
      await journey.go(-1),
      200,
      'Back twice: the form is fetched again (HTTP 200; none: shown from the back/forward cache as it was left)',
    );
    await journey.blankForm('Back twice');
    // Forward, forward: the used slip, then the blank form.
    await journey.usedSlip('Forward once', await journey.go(1));
    await journey.go(1);
    t.equal(page.url(), nextUrl, 'Forward twice: back on the "Next person" form');
    await journey.blankForm('Forward twice');
    if (variant.js) {
      // Two steps at once, the way a long press on Back offers (history.go(-2)), and back again.
      await journey.go(-2);
      await journey.blankForm('history.go(-2)');
      await journey.go(2);
      await journey.blankForm('history.go(2)');
    } else {
      await journey.go(-1);
      await journey.go(-1);
      await journey.blankForm('Back twice again');
      await journey.go(1);
      await journey.go(1);
      await journey.blankForm('Forward twice again');
    }
    // A reload of the used slip (Back, then Reload) shows no code either.
    await journey.go(-1);
    await journey.usedSlip('Back, then Reload', (await page.reload({ waitUntil: 'load' }))?.status());
    await journey.go(1);
    await journey.blankForm('and Forward');

    // Resident B, on the blank form: a slip of their own.
    await journey.fill(RESIDENT_B);
    await page.check('#f-read-aloud');
    t.equal(await submit(page), 200, "resident B's slip");
    const receiptB = (await page.locator('p.receipt').textContent())?.trim() ?? '';
    t.match(receiptB, RECEIPT, `resident B's receipt code (${receiptB})`);
    t.not(receiptB, receiptA, "not resident A's code");
    t.not(page.url(), slipUrl, "a slip address of its own, not resident A's");
    await journey.nothingOfA("resident B's slip");
    t.notMatch(await page.content(), MARK_B, "resident B's slip shows none of B's answers");
    // Back from B's slip: the form B's answers were typed into, blank too; Forward: used up.
    await journey.go(-1);
    const backFromB = await journey.nothingOfA("Back from B's slip");
    t.notMatch(await page.content(), MARK_B, "Back from B's slip: none of B's answers in the page");
    t.same(backFromB.typed, [], "Back from B's slip: every field is empty");
    t.same(backFromB.checked, ['_channel=assisted'], "Back from B's slip: only the default channel is ticked");
    await journey.usedSlip("Forward to B's slip", await journey.go(1));

    // Two accounts filed: A's and B's apart, each with only its own text.
    const stories = await suite.app.db
      .selectFrom('responses')
      .select(['answers', 'channel', 'locale'])
      .where('session_id', '=', sessionId)
      .execute();
    const whose = (value: unknown) =>
      `${JSON.stringify(value).includes(MARK_A) ? 'A' : ''}${JSON.stringify(value).includes(MARK_B) ? 'B' : ''}`;
    t.same(
      stories.map((s) => whose((s.answers as Record<string, unknown>).what_happened)).sort(),
      ['A', 'B'],
      "two accounts filed in the session: resident A's and resident B's, apart",
    );
    t.ok(
      stories.every((s) => s.channel === 'assisted' && s.locale === 'so'),
      'both assisted, in Somali',
    );

    // Every staff response, redirects and history fetches included, was no-store.
    const cacheable = journey.seen.filter((s) => s.cacheControl !== 'no-store');
    t.same(cacheable, [], `all ${journey.seen.length} staff responses had cache-control: no-store`);
    t.ok(
      journey.seen.some((s) => s.status === 303 && s.url.endsWith('/enter')),
      'the account was sent with a POST answered by a redirect',
    );
    await context.close();
    t.comment(
      `${variant.name}: ${journey.seen.length} staff responses in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
}
