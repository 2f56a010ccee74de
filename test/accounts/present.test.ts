// The presenter: stored codes become labels in the language asked for, redaction on or off,
// write-ins shown or withheld, and nothing unknown is dropped silently.
import t from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { type PresentOptions, presentAccount } from '../../src/accounts/present.js';
import type { LocaleCode } from '../../src/i18n/locales.js';
import { PREFER_NOT } from '../../src/surveys/model.js';
import { plainText } from '../../src/surveys/text.js';
import { build } from '../helper.js';

const app = await build(t);
const survey = (await app.surveys.get('your-experience'))?.survey;
if (!survey) throw new Error('the demo survey is missing');
const choice = survey.questions.find((q) => q.kind === 'choice' && q.writeIn);
const text = survey.questions.find((q) => q.kind === 'text');
if (choice?.kind !== 'choice' || !text) throw new Error('the demo survey has no write-in or text question');
const writeInCode = choice.writeIn?.forCodes[0] ?? '';
const story = 'Call me on 07911 123456.';
const document: AccountDocument = {
  [choice.id]: {
    value: choice.multiple ? [writeInCode] : writeInCode,
    writeIn: 'My aunt, 07700 900123',
    personalDetails: [{ field: 'writeIn', start: 9, end: 21, kind: 'phone' }],
  },
  [text.id]: { value: story, personalDetails: [{ field: 'value', start: 11, end: 23, kind: 'phone' }] },
  retired_question: { value: 'kept' },
};

const options = (locale: LocaleCode, extra: Partial<PresentOptions> = {}): PresentOptions => ({
  locale,
  text: app.translatorFor(locale),
  redaction: 'on',
  detailLabel: (kind) => `[${kind}]`,
  writeIns: 'show',
  ...extra,
});

t.test('a choice answer is its label in the language asked for', async (t) => {
  const option = choice.options.find((o) => o.code === writeInCode);
  if (!option) throw new Error('no option');
  for (const locale of ['en', 'so', 'ar'] as const) {
    const [row] = presentAccount(survey, document, options(locale));
    t.equal(row?.answer, plainText(option.label, locale, survey.defaultLocale), locale);
    t.equal(row?.question, plainText(choice.label, locale, survey.defaultLocale));
  }
  t.not(
    presentAccount(survey, document, options('so'))[0]?.answer,
    presentAccount(survey, document, options('en'))[0]?.answer,
  );
});

t.test('redaction on hides details in answers and write-ins; off shows them as written', async (t) => {
  const [choiceRow, textRow] = presentAccount(survey, document, options('en'));
  t.equal(textRow?.answer, 'Call me on [phone].');
  t.equal(choiceRow?.writeIn, 'My aunt, [phone]');
  const [choiceOff, textOff] = presentAccount(survey, document, options('en', { redaction: 'off' }));
  t.equal(textOff?.answer, story);
  t.equal(choiceOff?.writeIn, 'My aunt, 07700 900123');
});

t.test('write-ins withheld for anything that leaves the service', async (t) => {
  const [row] = presentAccount(survey, document, options('en', { writeIns: 'withhold', withheldLabel: '[withheld]' }));
  t.equal(row?.writeIn, '[withheld]');
  t.notMatch(JSON.stringify(presentAccount(survey, document, options('en', { writeIns: 'withhold' }))), 'aunt');
});

t.test('prefer not to say, an unknown code and a retired question are shown, not dropped', async (t) => {
  const rows = presentAccount(
    survey,
    {
      [choice.id]: { value: PREFER_NOT },
      [text.id]: { value: 'unknown-code-here' },
      retired_question: { value: 'kept' },
    },
    options('so'),
  );
  t.equal(rows[0]?.answer, app.translatorFor('so')('common.preferNotToSay'));
  t.equal(rows.at(-1)?.question, 'retired_question');
  t.equal(rows.at(-1)?.answer, 'kept');
  const odd = presentAccount(survey, { [choice.id]: { value: 'no-such-option' } }, options('en'));
  t.equal(odd[0]?.answer, '[no-such-option]', 'marked, never passed off as a label');
  t.same(presentAccount(survey, null, options('en')), [], 'a withdrawn account has no answers');
});
