// Valid answers to a survey, generated from its own definition: what a resident may send, and
// what must then be stored.
import fc from 'fast-check';
import type { StoredAnswer } from '../../src/accounts/document.js';
import { cleanText } from '../../src/surveys/answers.js';
import type { Question, Survey } from '../../src/surveys/model.js';

export interface ValidAnswers {
  /** The fields a browser would send, in the order sent. */
  fields: [string, string][];
  /** What should be stored, by question id. */
  expected: Record<string, StoredAnswer>;
}

/** Characters whose NFC form is themselves (one code point each), for text at an exact length. */
const STABLE_CHARS = ['a', 'Z', '7', 'é', 'ß', 'ł', 'ã', 'ع', 'ب', 'ی', 'ሰ', 'ላ', 'ም', '中', '😀', '🌍', '.', '<', '&'];

const codePoints = (value: string) => [...value].length;

/** Typed text that is stored as `cleanText(raw)` and is within `max` code points once cleaned. */
function typedText(max: number, required: boolean): fc.Arbitrary<string> {
  const exact = fc
    .tuple(
      fc.array(fc.constantFrom(...STABLE_CHARS), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: Math.max(1, max - 3), max }),
    )
    .map(([unit, n]) => {
      const chars = Array.from({ length: n }, (_, i) => unit[i % unit.length] ?? 'a');
      return chars.join('');
    });
  const sentences = fc.constantFrom(
    'The doctor did not listen to me.',
    'Dhakhtarka ayaa i dhegeysan waayay.',
    'لم يستمع الطبيب إليّ.',
    'پزشک به حرف من گوش نداد.',
    'ሐኪሙ አልሰማኝም።',
    'Le médecin ne m’a pas écouté.\r\nJ’ai attendu trois heures.',
    'Lekarz mnie nie słuchał.\n\nCzekałam trzy godziny.',
    '  padded with blanks\t ',
    'My number is 07700 900123 and my NHS number is 943 476 5919.',
  );
  const raw = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 300) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 60) }) },
    { weight: 2, arbitrary: sentences },
    { weight: 1, arbitrary: exact },
  );
  return raw.filter((value) => {
    const cleaned = cleanText(value);
    return codePoints(cleaned) <= max && (!required || cleaned !== '');
  });
}

/** One question answered validly: the fields sent, and what is stored (if anything). */
interface QuestionAnswer {
  fields: [string, string][];
  stored: StoredAnswer | undefined;
}

const none: QuestionAnswer = { fields: [], stored: undefined };

function textAnswer(id: string, raw: string): QuestionAnswer {
  const cleaned = cleanText(raw);
  return { fields: [[id, raw]], stored: cleaned === '' ? undefined : { value: cleaned } };
}

function answerFor(q: Question): fc.Arbitrary<QuestionAnswer> {
  const optional = (arb: fc.Arbitrary<QuestionAnswer>) =>
    q.required ? arb : fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(none) });
  switch (q.kind) {
    case 'text': {
      let typed: fc.Arbitrary<QuestionAnswer>;
      if (q.format === 'postcode_district') {
        typed = fc
          .tuple(
            fc.stringMatching(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$/),
            fc.constantFrom('', ' ', '\t'),
            fc.constantFrom('', ' '),
          )
          .map(([code, before, after]) => textAnswer(q.id, `${before}${code}${after}`));
      } else {
        typed = typedText(q.maxLength, q.required).map((raw) => textAnswer(q.id, raw));
      }
      if (!q.preferNotToSay) return optional(typed);
      // "Prefer not to say" ticked wins over anything typed beside it.
      const preferNot = fc
        .tuple(
          fc.constantFrom('yes', 'on', '1'),
          fc.option(fc.constantFrom('W12', 'not a postcode', '<b>'), { nil: undefined }),
        )
        .map(
          ([tick, typed]): QuestionAnswer => ({
            fields: [
              [`${q.id}__prefer_not`, tick],
              ...(typed === undefined ? [] : [[q.id, typed] as [string, string]]),
            ],
            stored: { value: 'prefer_not' },
          }),
        );
      return optional(fc.oneof(typed, preferNot));
    }
    case 'choice': {
      const codes = q.options.map((o) => o.code);
      const writeIn = q.writeIn;
      const chosen: fc.Arbitrary<string[]> = q.multiple
        ? fc.subarray(codes, { minLength: q.required ? 1 : 0 })
        : fc.constantFrom(...codes).map((c) => [c]);
      const answered = chosen.chain((list): fc.Arbitrary<QuestionAnswer> => {
        if (list.length === 0) return fc.constant(none);
        const value = q.multiple ? list : (list[0] ?? '');
        const fields = list.map((c): [string, string] => [q.id, c]);
        if (!writeIn) return fc.constant({ fields, stored: { value } });
        const asks = list.some((c) => writeIn.forCodes.includes(c));
        const writeInText = typedText(200, asks && writeIn.required);
        const typed = asks && writeIn.required ? writeInText : fc.option(writeInText, { nil: undefined });
        return typed.map((raw): QuestionAnswer => {
          if (raw === undefined) return { fields, stored: { value } };
          const cleaned = cleanText(raw);
          const allFields: [string, string][] = [...fields, [`${q.id}__other`, raw]];
          // A write-in beside an option that does not ask for one is not kept.
          return { fields: allFields, stored: asks && cleaned !== '' ? { value, writeIn: cleaned } : { value } };
        });
      });
      return optional(answered);
    }
    case 'scale':
      return optional(
        fc
          .integer({ min: q.min, max: q.max })
          .map((n) => ({ fields: [[q.id, String(n)]], stored: { value: String(n) } })),
      );
    case 'consent':
      return fc.constant({ fields: [[q.id, 'yes']], stored: { value: 'yes' } });
  }
}

function shown(q: Question, stored: Record<string, StoredAnswer>): boolean {
  const condition = q.showIf;
  if (!condition) return true;
  const answer = stored[condition.question]?.value;
  const given = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
  return condition.equals !== undefined
    ? given.includes(condition.equals)
    : given.some((c) => condition.anyOf?.includes(c));
}

/**
 * A complete, valid set of answers to `survey`: every required question that is asked answered
 * with a random option, scale point or unicode text within its limit. Questions the survey
 * does not ask (showIf) are sometimes answered anyway; those answers must not be stored.
 */
export function validAnswers(survey: Survey): fc.Arbitrary<ValidAnswers> {
  const perQuestion = survey.questions.map((q) => fc.tuple(answerFor(q), fc.boolean()));
  return fc
    .tuple(...perQuestion)
    .map((answers) => {
      const fields: [string, string][] = [];
      const expected: Record<string, StoredAnswer> = {};
      survey.questions.forEach((q, i) => {
        const [answer, sendAnyway] = answers[i] ?? [none, false];
        if (shown(q, expected)) {
          fields.push(...answer.fields);
          if (answer.stored) expected[q.id] = answer.stored;
        } else if (sendAnyway) {
          fields.push(...answer.fields);
        }
      });
      return { fields, expected };
    })
    .chain((answers) =>
      fc
        .shuffledSubarray(answers.fields, { minLength: answers.fields.length, maxLength: answers.fields.length })
        .map((fields) => ({ ...answers, fields })),
    );
}
