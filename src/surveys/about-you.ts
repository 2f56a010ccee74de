// The standard "about you" block, following the ONS 2021 census / GSS harmonised standards
// (shared/reference/): every question optional, every one with "Prefer not to say" and a
// "why we ask" hint. Its text is interface text, translated once in the locale files.
import { type ChoiceOption, type InterfaceText, PREFER_NOT, type Question } from './model.js';

/** ONS 2021 ethnic group codes, in the census order, by group (reference CSV). */
export const ETHNIC_GROUPS: { key: string; codes: string[] }[] = [
  { key: 'white', codes: ['13', '14', '15', '16', '17'] },
  { key: 'mixed', codes: ['11', '10', '9', '12'] },
  { key: 'asian', codes: ['3', '4', '1', '2', '5'] },
  { key: 'black', codes: ['7', '6', '8'] },
  { key: 'other', codes: ['18', '19'] },
];
/** Categories whose census question asks the person to write in their background. */
export const ETHNIC_WRITE_IN_CODES = ['17', '12', '5', '6', '8', '19'];
export const AGE_BANDS = ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_74', '75_plus'];
export const MAIN_LANGUAGES = [
  'english',
  'somali',
  'arabic',
  'farsi',
  'french',
  'spanish',
  'portuguese',
  'polish',
  'tigrinya',
  'amharic',
];

export const ABOUT_YOU_IDS = [
  'ethnic_group',
  'age_band',
  'sex',
  'gender_identity',
  'disability',
  'main_language',
  'postcode_district',
] as const;

export function aboutYouQuestions(text: InterfaceText): Question[] {
  const preferNot: ChoiceOption = { code: PREFER_NOT, label: text('common.preferNotToSay') };
  const options = (base: string, codes: string[]): ChoiceOption[] => [
    ...codes.map((code) => ({ code, label: text(`${base}.options.${code}`) })),
    preferNot,
  ];
  const single = (id: string, base: string, codes: string[]) => ({
    kind: 'choice' as const,
    id,
    label: text(`${base}.label`),
    hint: text(`${base}.hint`),
    required: false,
    multiple: false,
    options: options(base, codes),
  });

  return [
    {
      ...single('ethnic_group', 'aboutYou.ethnicGroup', []),
      groups: ETHNIC_GROUPS.map((g) => ({ key: g.key, label: text(`aboutYou.ethnicGroup.groups.${g.key}`) })),
      options: [
        ...ETHNIC_GROUPS.flatMap((g) =>
          g.codes.map((code) => ({ code, group: g.key, label: text(`aboutYou.ethnicGroup.options.${code}`) })),
        ),
        preferNot,
      ],
      writeIn: { prompt: text('aboutYou.ethnicGroup.writeInPrompt'), forCodes: ETHNIC_WRITE_IN_CODES, required: false },
    },
    single('age_band', 'aboutYou.ageBand', AGE_BANDS),
    single('sex', 'aboutYou.sex', ['female', 'male']),
    {
      ...single('gender_identity', 'aboutYou.genderIdentity', ['yes', 'no']),
      writeIn: { prompt: text('aboutYou.genderIdentity.writeInPrompt'), forCodes: ['no'], required: false },
    },
    single('disability', 'aboutYou.disability', ['yes', 'no']),
    {
      ...single('main_language', 'aboutYou.mainLanguage', []),
      options: [
        ...MAIN_LANGUAGES.map((code) => ({ code, label: text(`aboutYou.mainLanguage.options.${code}`) })),
        { code: 'other', label: text('aboutYou.mainLanguage.otherLabel') },
        preferNot,
      ],
      writeIn: { prompt: text('aboutYou.mainLanguage.writeInPrompt'), forCodes: ['other'], required: false },
    },
    {
      kind: 'text',
      id: 'postcode_district',
      label: text('aboutYou.postcodeDistrict.label'),
      hint: text('aboutYou.postcodeDistrict.hint'),
      required: false,
      multiline: false,
      maxLength: 4,
      preferNotToSay: true,
      format: 'postcode_district',
    },
  ];
}
