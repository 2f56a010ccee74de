// The local support contact after a resident sends their answers is named in the resident's
// language when the council has configured it (LOCAL_CONTACT_NAME_SO …), and falls back to
// LOCAL_CONTACT_NAME otherwise; with no name configured at all, each locale's file words the
// default name (`confirmation.localContactName`): a Somali page never has to carry an English
// team name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { LOCALES_DIR } from '../../../src/i18n/resources.js';
import { build } from '../../helper.js';
import { Browser, escapeHtml, SurveyWalker, walkToCheck } from '../../support/public-pages.js';

const SOMALI_NAME = 'Kooxda caafimaadka ee Golaha';
const DEFAULT_NAME = 'Council health team';

const contact = loadConfig({
  SECRET: 'a-perfectly-long-secret-0123456789abcdef',
  LOCAL_CONTACT_NAME: DEFAULT_NAME,
  LOCAL_CONTACT_NAME_SO: SOMALI_NAME,
  LOCAL_CONTACT_PHONE: '020 1111 2222',
}).localContact;

const app = await build(t, { localContact: contact });

async function confirmationIn(locale: string, remoteAddress: string): Promise<string> {
  const walker = await walkToCheck(new SurveyWalker(new Browser(app, { remoteAddress }), locale), {
    serviceOther: 'Rugta',
    story: 'Waxaan sugayay saddex saacadood.',
    more: 'Ma jiro.',
    better: 'Turjubaan.',
  });
  await walker.press('submit');
  if (!walker.receipt) throw new Error(`no receipt: ${walker.title}`);
  return walker.html;
}

t.test('a Somali confirmation names the contact in Somali', async (t) => {
  const html = await confirmationIn('so', '10.0.0.1');
  t.match(html, SOMALI_NAME);
  t.notMatch(html, DEFAULT_NAME, 'not the English name');
  t.match(html, '020 1111 2222');
});

t.test('a locale with no name of its own gets LOCAL_CONTACT_NAME', async (t) => {
  const html = await confirmationIn('fr', '10.0.0.2');
  t.match(html, DEFAULT_NAME);
  t.notMatch(html, SOMALI_NAME);
});

t.test('the per-locale names are read from the environment, and listed as settings', async (t) => {
  t.same(contact.nameByLocale, { so: SOMALI_NAME });
  const plain = loadConfig({ SECRET: 'a-perfectly-long-secret-0123456789abcdef', LOCAL_CONTACT_NAME_AR: ' ' });
  t.same(plain.localContact.nameByLocale, {}, 'a blank name counts as unset');
  t.notMatch(plain.localContact.name, /inequalities/, 'the default name is plain words');
});

t.test('with no name configured, each locale words the default name itself', async (t) => {
  const unconfigured = loadConfig({ SECRET: 'a-perfectly-long-secret-0123456789abcdef' }).localContact;
  t.equal(unconfigured.nameConfigured, false);
  const plainApp = await build(t, { localContact: unconfigured });
  const english = JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'translation.json'), 'utf8'));
  const somali = JSON.parse(readFileSync(join(LOCALES_DIR, 'so', 'translation.json'), 'utf8'));
  const englishName: string = english.confirmation.localContactName;
  const somaliName: string = somali.confirmation.localContactName;
  t.not(somaliName, englishName, 'the Somali file has its own wording');
  const walker = await walkToCheck(new SurveyWalker(new Browser(plainApp, { remoteAddress: '10.0.0.3' }), 'so'), {
    serviceOther: 'Rugta',
    story: 'Waxaan sugayay saddex saacadood.',
    more: 'Ma jiro.',
    better: 'Turjubaan.',
  });
  await walker.press('submit');
  t.ok(walker.receipt, 'the answers were filed');
  t.match(walker.html, escapeHtml(somaliName), 'the Somali page names the contact in Somali');
  t.notMatch(walker.html, escapeHtml(englishName), 'and never in English');
});
