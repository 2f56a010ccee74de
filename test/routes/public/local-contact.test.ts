// The local support contact after a resident sends their answers is named in the resident's
// language when the council has configured it (LOCAL_CONTACT_NAME_SO …), and falls back to
// LOCAL_CONTACT_NAME otherwise: a Somali page never has to carry an English team name.
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { build } from '../../helper.js';
import { Browser, SurveyWalker, walkToCheck } from '../../support/public-pages.js';

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
