// One synthetic account: the form values a resident of a given community might send through the
// demo survey, in their own language, with demographics in plausible proportions. The values go
// through the same accountDocument() as a real submission, so personal details are scanned and
// hidden questions dropped exactly as for a resident.
import type { ResponseChannel } from '../db/schema.js';
import type { LocaleCode } from '../i18n/locales.js';
import type { FormValues } from '../surveys/answers.js';
import { PREFER_NOT, type Question, type Survey, writeInField } from '../surveys/model.js';
import { fillPersonalDetails } from './personal-details.js';
import { type PhraseBank, SAFEGUARDING_CATEGORIES } from './phrases.js';
import type { SeededRandom } from './random.js';

/** Roughly who answers, by language: the borough's main languages, weighted towards the
 * communities the programme is for. */
export const LOCALE_WEIGHTS: Record<LocaleCode, number> = {
  en: 38,
  so: 14,
  ar: 10,
  fa: 6,
  fr: 5,
  es: 5,
  pt: 5,
  pl: 5,
  ti: 6,
  am: 6,
};

export const CHANNEL_WEIGHTS: Record<ResponseChannel, number> = { online: 68, assisted: 22, paper: 10 };

/** ONS 2021 codes (about-you.ts) each community most often ticks; the rest are spread evenly. */
const ETHNIC_CODES_BY_LOCALE: Record<LocaleCode, Record<string, number>> = {
  en: { '13': 30, '7': 22, '6': 14, '11': 6, '10': 4, '3': 4, '17': 4 },
  so: { '6': 85 },
  ti: { '6': 85 },
  am: { '6': 85 },
  ar: { '18': 70, '6': 15 },
  fa: { '19': 60, '5': 20 },
  fr: { '6': 50, '13': 10, '17': 20 },
  es: { '17': 50, '12': 15, '19': 15 },
  pt: { '17': 60, '6': 15, '12': 10 },
  pl: { '17': 85 },
};

const MAIN_LANGUAGE_BY_LOCALE: Record<LocaleCode, string> = {
  en: 'english',
  so: 'somali',
  ar: 'arabic',
  fa: 'farsi',
  fr: 'french',
  es: 'spanish',
  pt: 'portuguese',
  pl: 'polish',
  ti: 'tigrinya',
  am: 'amharic',
};

export interface AccountShape {
  /** Share of accounts whose story carries a personal detail for the scanner. */
  personalDetailRate: number;
  /** Share of accounts whose story mentions a risk of harm. */
  safeguardingRate: number;
}

export const DEFAULT_SHAPE: AccountShape = { personalDetailRate: 0.04, safeguardingRate: 0.01 };

/** The resident's story: two to four sentences, now and then a personal detail or a risk. */
function story(rng: SeededRandom, bank: PhraseBank, shape: AccountShape): string {
  const parts = Array.from({ length: rng.int(2, 4) }, () => rng.pick(bank.story));
  if (rng.chance(shape.personalDetailRate))
    parts.splice(rng.int(0, parts.length), 0, fillPersonalDetails(rng.pick(bank.personal), rng));
  if (rng.chance(shape.safeguardingRate))
    parts.push(rng.pick(bank.safeguarding[rng.pick(SAFEGUARDING_CATEGORIES)] ?? []));
  return parts.join(' ');
}

function choiceValue(
  rng: SeededRandom,
  question: Question & { kind: 'choice' },
  locale: LocaleCode,
): string | string[] {
  const codes = question.options.map((option) => option.code);
  if (question.id === 'ethnic_group') {
    const weights = { ...Object.fromEntries(codes.map((code) => [code, 1])), ...ETHNIC_CODES_BY_LOCALE[locale] };
    return rng.weighted(weights);
  }
  if (question.id === 'main_language') {
    const own = MAIN_LANGUAGE_BY_LOCALE[locale];
    return rng.chance(0.85) && codes.includes(own) ? own : rng.pick(codes);
  }
  if (codes.includes(PREFER_NOT) && rng.chance(0.06)) return PREFER_NOT;
  const usual = codes.filter((code) => code !== PREFER_NOT);
  if (!question.multiple) return rng.pick(usual);
  return [...new Set(Array.from({ length: rng.int(1, 2) }, () => rng.pick(usual)))];
}

/** What one synthetic resident sends, question by question (hidden ones are dropped later). */
export function syntheticValues(
  survey: Survey,
  locale: LocaleCode,
  bank: PhraseBank,
  rng: SeededRandom,
  shape: AccountShape = DEFAULT_SHAPE,
): FormValues {
  const values: FormValues = {};
  let firstLongText = true;
  for (const question of survey.questions) {
    // Optional questions are skipped now and then, as residents do.
    if (!question.required && question.kind !== 'consent' && rng.chance(0.15)) continue;
    switch (question.kind) {
      case 'consent':
        values[question.id] = 'yes';
        break;
      case 'scale':
        values[question.id] = String(rng.int(question.min, question.max));
        break;
      case 'text':
        if (question.format === 'postcode_district') values[question.id] = rng.pick(['W6', 'W12', 'W14', 'SW6']);
        else if (question.multiline) {
          // The first long answer is the story; later ones are the shorter "what would help" kind.
          values[question.id] = firstLongText
            ? story(rng, bank, shape)
            : rng.pick(question.id === 'better' ? bank.better : bank.short);
          firstLongText = false;
        } else values[question.id] = rng.pick(bank.short);
        break;
      case 'choice': {
        const value = choiceValue(rng, question, locale);
        values[question.id] = value;
        const chosen = Array.isArray(value) ? value : [value];
        if (question.writeIn && chosen.some((code) => question.writeIn?.forCodes.includes(code)))
          values[writeInField(question.id)] = rng.pick(bank.writeIn);
        break;
      }
    }
  }
  return values;
}

/** A day in the `days` before `until`, as YYYY-MM-DD (never a time). */
export function syntheticDay(rng: SeededRandom, until: Date, days: number): string {
  const day = new Date(until.getTime() - rng.int(0, days - 1) * 86_400_000);
  return day.toISOString().slice(0, 10);
}
