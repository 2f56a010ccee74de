// Issue 16: each locale has a glossary (locales/<code>/glossary.json) of the words residents must
// meet the same way everywhere — receipt code, delete, session code, council, NHS… — and the
// strings follow it. Wherever an English interface or survey string uses a term, the same string
// in a locale must use one of the glossary's forms for it. A translation that says "confirmation
// code" on one page and "receipt code" on the next fails here, not in a resident's hands.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { surveyTextsById } from '../../src/i18n/changed-since.js';
import { flattenKeys } from '../../src/i18n/coverage.js';
import { LOCALES, type LocaleCode } from '../../src/i18n/locales.js';
import { LOCALES_DIR, readTranslations } from '../../src/i18n/resources.js';
import { DEMO_SURVEY_FILE } from '../../src/surveys/demo.js';

interface GlossaryTerm {
  id: string;
  en: string[];
  forms: string[];
  checked: boolean;
  note: string;
}

/** Terms every locale must check: the two a resident needs to follow or take back their answers. */
const REQUIRED_CHECKED = ['receipt-code', 'withdraw'];

/** Case, Unicode form, Arabic short vowels and tatweel, and no-break spaces do not make a different word. */
function normalise(text: string, locale: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[\u00A0\u202F]/g, ' ')
    .toLocaleLowerCase(locale);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word match in English: "survey" matches "the survey" but not "surveys". */
function englishUses(text: string, phrase: string): boolean {
  return new RegExp(`\\b${escapeRegExp(phrase)}\\b`, 'i').test(text);
}

type Strings = Map<string, string>;

const survey = JSON.parse(readFileSync(DEMO_SURVEY_FILE, 'utf8'));

/** Interface strings (`a.b.c`) and the demo survey's, addressed by ids (`survey:pages[consent].intro`). */
function allStrings(code: LocaleCode): Strings {
  const strings: Strings = new Map();
  for (const [key, text] of flattenKeys(readTranslations(code) ?? {}))
    if (typeof text === 'string') strings.set(key, text);
  for (const [path, texts] of surveyTextsById(survey)) {
    const text = texts[code];
    if (text !== undefined) strings.set(`survey:${path}`, text);
  }
  return strings;
}
const english = allStrings('en');

t.test('the English survey and interface strings are found', async (t) => {
  t.ok(english.has('survey:privacyNotice'), 'the privacy notice is read');
  t.ok(english.has('survey:pages[consent].intro'), 'pages are addressed by id');
  t.ok(english.has('receipt.label'), 'interface strings are read');
});

for (const { code } of LOCALES) {
  t.test(`${code}: glossary`, async (t) => {
    const file = join(LOCALES_DIR, code, 'glossary.json');
    t.ok(existsSync(file), `locales/${code}/glossary.json exists`);
    if (!existsSync(file)) return;
    const { terms } = JSON.parse(readFileSync(file, 'utf8')) as { terms: GlossaryTerm[] };
    const ids = terms.map((term) => term.id);
    for (const id of REQUIRED_CHECKED) {
      t.ok(
        terms.some((term) => term.id === id && term.checked),
        `${id} is in the glossary and checked`,
      );
    }
    t.same(
      ids.filter((id, index) => ids.indexOf(id) !== index),
      [],
      'no term twice',
    );
    for (const term of terms) {
      t.ok(
        term.en.length > 0 && term.forms.length > 0 && term.note.trim() !== '',
        `${term.id}: English, forms and a note`,
      );
    }

    const strings = allStrings(code);
    for (const term of terms.filter((entry) => entry.checked)) {
      const forms = term.forms.map((form) => normalise(form, code));
      const usedIn = [...english].filter(([, text]) => term.en.some((phrase) => englishUses(text, phrase)));
      t.ok(usedIn.length > 0, `${term.id}: English uses it somewhere (${usedIn.length} strings)`);
      const strays = usedIn
        .map(([key]) => key)
        .filter((key) => {
          const text = strings.get(key);
          return text === undefined || !forms.some((form) => normalise(text, code).includes(form));
        });
      t.same(
        strays,
        [],
        `${term.id}: every string whose English says "${term.en.join('" or "')}" uses ${term.forms.join(' / ')}`,
      );
    }
  });
}

t.test('the check can fail: a string without the term is caught', async (t) => {
  const forms = ['code de reçu'].map((form) => normalise(form, 'fr'));
  const text = normalise('Votre code de confirmation', 'fr');
  t.notOk(
    forms.some((form) => text.includes(form)),
    'a French string saying "code de confirmation" does not pass as "code de reçu"',
  );
  t.ok(
    ['إيصال'].some((form) => normalise('رمز الإيصَال', 'ar').includes(normalise(form, 'ar'))),
    'Arabic short vowels do not make a different word',
  );
});
