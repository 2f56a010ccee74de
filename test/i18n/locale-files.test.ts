// Promise 3: every interface string in every shipped locale. Each locale file has exactly the
// English keys, no empty strings and the same {{placeholders}} per key; and the demo survey
// is valid and translated into all ten locales, question by question.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { LOCALE_CODES, LOCALES } from '../../src/i18n/locales.js';
import { LOCALES_DIR } from '../../src/i18n/resources.js';
import { surveyDefinitionSchema } from '../../src/surveys/definition.js';
import { DEMO_SURVEY_FILE } from '../../src/surveys/demo.js';

type Leaves = Map<string, unknown>;

/** Nested keys flattened to `a.b.c`, with whatever value sits at each leaf. */
function flatten(value: unknown, prefix = '', into: Leaves = new Map()): Leaves {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

/** The interpolation names in an i18next string: `{{max}}`, `{{ count, number }}` → max, count. */
function placeholders(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return [...new Set([...text.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''))].sort();
}

function readLocale(code: string): unknown {
  const file = join(LOCALES_DIR, code, 'translation.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

const english = flatten(readLocale('en'));

t.test('the English file is the reference: strings only, none empty', async (t) => {
  t.ok(english.size > 100, `English has ${english.size} keys`);
  const bad = [...english].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
  t.same(bad, [], 'every English value is a non-empty string');
});

/** How a locale's strings differ from English: each list empty when the locale is complete. */
function compareToEnglish(leaves: Leaves) {
  return {
    missing: [...english.keys()].filter((k) => !leaves.has(k)),
    extra: [...leaves.keys()].filter((k) => !english.has(k)),
    empty: [...leaves].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k),
    placeholdersDiffer: [...english]
      .filter(([k]) => leaves.has(k))
      .filter(([k, v]) => placeholders(v).join() !== placeholders(leaves.get(k)).join())
      .map(
        ([k, v]) =>
          `${k}: English has {{${placeholders(v).join('}} {{')}}}, not {{${placeholders(leaves.get(k)).join('}} {{')}}}`,
      ),
  };
}

for (const { code } of LOCALES) {
  if (code === 'en') continue;
  t.test(`locales/${code}/translation.json`, async (t) => {
    const raw = readLocale(code);
    t.ok(raw, `locales/${code}/translation.json exists and is JSON`);
    if (!raw) return;
    const found = compareToEnglish(flatten(raw));
    t.same(found.missing, [], `${code} has every English key (missing: ${found.missing.join(', ') || 'none'})`);
    t.same(found.extra, [], `${code} has no key English lacks (extra: ${found.extra.join(', ') || 'none'})`);
    t.same(found.empty, [], `${code} has no empty or non-text values (${found.empty.join(', ') || 'none'})`);
    t.same(found.placeholdersDiffer, [], `${code} uses the same {{placeholders}} as English in every string`);
  });
}

t.test('the comparison catches a missing key, an empty string and a wrong placeholder', async (t) => {
  const broken = new Map(english);
  broken.delete('receipt.title');
  broken.set('common.back', ' ');
  broken.set('validation.too_long', 'Too long: {{length}} of {{maximum}}');
  broken.set('receipt.extra', 'Not in English');
  t.same(compareToEnglish(broken), {
    missing: ['receipt.title'],
    extra: ['receipt.extra'],
    empty: ['common.back'],
    placeholdersDiffer: ['validation.too_long: English has {{length}} {{max}}, not {{length}} {{maximum}}'],
  });
  t.same(compareToEnglish(new Map(english)), { missing: [], extra: [], empty: [], placeholdersDiffer: [] });
});

t.test('the placeholder reader itself', async (t) => {
  t.same(placeholders('Your answer must be {{max}} characters. It has {{length}} now.'), ['length', 'max']);
  t.same(placeholders('{{ count, number }} and {{count}}'), ['count']);
  t.same(placeholders('no placeholders'), []);
});

/** Every localized text map in a survey document, by JSON path: a non-empty object keyed by locale codes. */
function localizedMaps(value: unknown, path = '$', found: { path: string; map: Record<string, unknown> }[] = []) {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) localizedMaps(item, `${path}[${i}]`, found);
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => (LOCALE_CODES as readonly string[]).includes(k))) {
      found.push({ path, map: value as Record<string, unknown> });
    } else {
      for (const [key, child] of Object.entries(value)) localizedMaps(child, `${path}.${key}`, found);
    }
  }
  return found;
}

/** "path: missing fr, es" for each survey text not in every shipped locale. */
function untranslated(document: unknown): string[] {
  return localizedMaps(document)
    .map(({ path, map }) => ({
      path,
      missing: LOCALE_CODES.filter((code) => typeof map[code] !== 'string' || (map[code] as string).trim() === ''),
    }))
    .filter((row) => row.missing.length > 0)
    .map((row) => `${row.path}: missing ${row.missing.join(', ')}`);
}

t.test('the demo survey is valid and in all ten locales', async (t) => {
  const document = JSON.parse(readFileSync(DEMO_SURVEY_FILE, 'utf8'));
  const parsed = surveyDefinitionSchema.safeParse(document);
  t.ok(parsed.success, `surveys/your-experience.json parses: ${parsed.error?.message ?? 'ok'}`);

  // Title, intro, privacy notice, every page, question, option and scale end: dozens of texts.
  const maps = localizedMaps(document);
  t.ok(maps.length > 30, `${maps.length} localized texts found`);
  const incomplete = untranslated(document);
  t.same(incomplete, [], `every survey text is in ${LOCALE_CODES.join(', ')}\n${incomplete.join('\n')}`);
});

t.test('the survey check names the text and the locales it lacks', async (t) => {
  const all = Object.fromEntries(LOCALE_CODES.map((code) => [code, `text in ${code}`]));
  const { fr: _fr, pl: _pl, ...withoutFrPl } = all;
  t.same(
    untranslated({
      title: all,
      pages: [
        {
          id: 'p',
          title: all,
          questions: [{ id: 'q', label: withoutFrPl, options: [{ code: 'a', label: { en: 'A', so: ' ' } }] }],
        },
      ],
    }),
    [
      '$.pages[0].questions[0].label: missing fr, pl',
      `$.pages[0].questions[0].options[0].label: missing ${LOCALE_CODES.filter((c) => c !== 'en').join(', ')}`,
    ],
  );
});
