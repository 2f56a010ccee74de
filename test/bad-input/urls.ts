// Locales and URL path segments for the bad-input properties: the ten we ship, well-formed
// segments that are not locales, odd segments that decode, and broken ones a router refuses.
import fc from 'fast-check';
import { LOCALE_CODES } from '../../src/i18n/locales.js';

export const knownLocale = fc.constantFrom(...LOCALE_CODES);

/** Locale segments that are well-formed in a URL but are not locales we ship. */
export const UNKNOWN_LOCALES = [
  'xx',
  'EN',
  'So',
  'so-SO',
  'en_GB',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'staff',
  'surveys',
  'healthz',
] as const;

export const localeSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: knownLocale },
  { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_LOCALES) },
);

/** Path segments a router has to refuse: broken percent-encoding, or longer than a parameter may be. */
export const brokenSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%E0%A4%A', '%ED%A0%80', '%FF', '%C0%AF', '%', '%ZZ', 'so%', 'your-experience%E0'),
  fc.integer({ min: 201, max: 400 }).map((n) => 'a'.repeat(n)),
);

/** Path segments that are well-formed (they decode) but odd: NUL, traversal, markup, SQL, any text. */
export const oddSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    'your-experience%00',
    '%0A',
    '%09',
    '%20',
    '+',
    '%2B',
    '.',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%C3%A9',
    '%F0%9F%98%80',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '%27%3B%20drop%20table%20responses%3B%20--',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'x'.repeat(196), // with ";x=1" after it, exactly the 200 a parameter may have
  ),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 30 })
    .map(encodeURIComponent)
    .filter((s) => s.length <= 196),
);

/** What may follow a form's URL: a slash, dot segments, a query string (read by nobody), a fragment. */
export const urlSuffix: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '/',
      '//',
      '/.',
      '/..',
      ';x=1',
      '?',
      '?_goto=submit',
      '?__proto__[polluted]=1',
      '?constructor[prototype][polluted]=1',
      '?x=%ZZ',
      '?code=%ED%A0%80',
      '#x',
    ),
  },
);
