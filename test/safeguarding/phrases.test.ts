// The safeguarding phrase lists (safeguarding/phrases/<locale>.json) and the matcher: in each of
// the ten locales a phrase written into an account is found, with its category, and the span is
// the resident's own characters; every risk-of-harm sentence of the synthetic phrase banks is
// found and no ordinary sentence of them is (false positives would bury the lead's queue).

import { readFileSync } from 'node:fs';
import t from 'tap';
import { LOCALE_CODES } from '../../src/i18n/locales.js';
import { projectPath } from '../../src/paths.js';
import { RISK_CATEGORIES } from '../../src/safeguarding/categories.js';
import { findRisks, indexPhrases, readPhraseLists } from '../../src/safeguarding/phrases.js';
import { readPhraseBank } from '../../src/synthetic/phrases.js';
import { matchForm, matchFormWithOffsets } from '../../src/text/match-form.js';

const listOf = (locale: string) =>
  JSON.parse(readFileSync(projectPath('safeguarding', 'phrases', `${locale}.json`), 'utf8')) as {
    locale: string;
    categories: Record<string, string[]>;
  };

t.test('every locale has a list with every category', async (t) => {
  for (const locale of LOCALE_CODES) {
    const list = listOf(locale);
    t.equal(list.locale, locale);
    for (const category of RISK_CATEGORIES) t.ok(list.categories[category]?.length, `${locale}: ${category}`);
  }
  t.ok(readPhraseLists().length > 200, `${readPhraseLists().length} phrases in all`);
});

t.test('a phrase written into an account is found in each of the ten locales, where it was written', async (t) => {
  for (const locale of LOCALE_CODES) {
    for (const category of RISK_CATEGORIES) {
      const phrase = listOf(locale).categories[category]?.[0] as string;
      const text = `Hello 123. ${phrase}, thank you.`;
      const found = findRisks(text).filter((r) => r.category === category);
      t.ok(found.length > 0, `${locale} ${category}: "${phrase}" found`);
      const span = found[0];
      if (!span) continue;
      const written = Array.from(text).slice(span.start, span.end).join('');
      t.ok(
        matchForm(written).startsWith(matchForm(phrase)),
        `${locale} ${category}: the span is the phrase as written ("${written}")`,
      );
    }
  }
});

t.test('the risk-of-harm sentences of every synthetic phrase bank are found, with their category', async (t) => {
  for (const locale of LOCALE_CODES) {
    const bank = readPhraseBank(locale);
    for (const category of RISK_CATEGORIES) {
      for (const sentence of bank.safeguarding[category] ?? []) {
        const categories = findRisks(sentence).map((r) => r.category);
        t.ok(categories.length > 0, `${locale} ${category}: ${sentence}`);
      }
    }
  }
});

t.test('no ordinary sentence of any synthetic phrase bank is flagged', async (t) => {
  const phrases = indexPhrases(readPhraseLists());
  let sentences = 0;
  for (const locale of LOCALE_CODES) {
    const bank = readPhraseBank(locale);
    for (const sentence of [...bank.story, ...bank.short, ...bank.better, ...bank.writeIn]) {
      sentences += 1;
      const found = findRisks(sentence, phrases);
      if (found.length > 0) t.fail(`${locale}: "${sentence}" flagged as ${found.map((f) => f.category).join(', ')}`);
    }
  }
  t.ok(sentences > 300, `${sentences} sentences, none flagged`);
});

t.test('matched as residents write: case, Arabic marks and letter forms, invisible characters, suffixes', async (t) => {
  const phrases = indexPhrases([
    { category: 'self_harm', folded: matchForm('kill myself') },
    { category: 'abuse', folded: matchForm('يضربني') },
    { category: 'immediate_danger', folded: matchForm('is dil') },
    { category: 'child_at_risk', folded: matchForm('ቆልዓ ይወቕዕ') },
  ]);
  const categories = (text: string) => findRisks(text, phrases).map((r) => r.category);
  t.same(categories('Sometimes I want to KILL MYSELF.'), ['self_harm'], 'upper case');
  t.same(
    categories('I want to kill\u200Bmyself'),
    [],
    'words glued by an invisible space are one word, not the phrase',
  );
  t.same(categories('I want to kill   myself'), ['self_harm'], 'several spaces');
  t.same(categories('زوجي يَضْرِبُني كل يوم'), ['abuse'], 'Arabic with vowel marks');
  t.same(categories('وزوجي ويضربني'), ['abuse'], 'Arabic with an attached و');
  t.same(categories('Waxaan rabaa inaan is dilo'), ['immediate_danger'], 'a Somali suffix on the last word');
  t.same(categories('is dilaac'), ['immediate_danger'], '(the last word may go on: stems are written to allow it)');
  t.same(categories('waxay iska dileen'), [], 'but the first word must be whole');
  t.same(categories('እቲ ቆልዓ ይወቕዕዎ እዩ።'), ['child_at_risk'], 'Tigrinya, with Ethiopic punctuation');
  t.same(categories('The killer was myself'), [], 'words must be side by side and whole');
  const text = 'My husband — يَضْرِبُني.';
  const [span] = findRisks(text, phrases);
  t.equal(Array.from(text).slice(span?.start, span?.end).join(''), 'يَضْرِبُني', 'the span keeps the marks as written');
});

t.test('the offsets form is the same text as the search form, for every sentence of every phrase bank', async (t) => {
  let checked = 0;
  for (const locale of LOCALE_CODES) {
    const bank = readPhraseBank(locale);
    const all = [
      ...bank.story,
      ...bank.short,
      ...bank.better,
      ...bank.writeIn,
      ...bank.personal,
      ...Object.values(bank.safeguarding).flat(),
    ];
    for (const sentence of all) {
      checked += 1;
      if (matchFormWithOffsets(sentence).text !== matchForm(sentence)) t.fail(`${locale}: ${sentence}`);
    }
  }
  t.ok(checked > 400, `${checked} sentences`);
});
