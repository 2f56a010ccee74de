import t from 'tap';
import { redact } from '../../src/pii/redact.js';
import { type PersonalDetailKind, type PersonalDetailSpan, scanPersonalDetails } from '../../src/pii/scan.js';

const LABELS: Record<PersonalDetailKind, string> = {
  nhs_number: '[NHS number]',
  phone: '[phone number]',
  email: '[email address]',
  postcode: '[postcode]',
  ni_number: '[National Insurance number]',
};
const label = (kind: PersonalDetailKind) => LABELS[kind];

t.test('replaces each span with its label', async (t) => {
  const text = 'Call 07911 123456 or write to cali@example.com.';
  t.equal(redact(text, scanPersonalDetails(text), label), 'Call [phone number] or write to [email address].');
});

t.test('cuts by code point, so emoji before a detail do not shift the cut', async (t) => {
  const text = '😀👍🏾 NHS 943 476 5919 ok';
  const spans = scanPersonalDetails(text);
  t.same(spans, [{ start: 8, end: 20, kind: 'nhs_number' }]);
  t.equal(redact(text, spans, label), '😀👍🏾 NHS [NHS number] ok');
});

t.test('redacts Arabic-Indic digits inside right-to-left text', async (t) => {
  const text = 'رقمي هو ٠٧٩١١ ١٢٣٤٥٦ والرمز البريدي W12 7RQ';
  t.equal(redact(text, scanPersonalDetails(text), label), 'رقمي هو [phone number] والرمز البريدي [postcode]');
});

t.test('every kind, in a Somali account', async (t) => {
  const text = 'Lambarkaygu waa +252 61 5123456, NHS 943 476 5919, W12 7RQ, AB123456C, cali@example.so.';
  t.equal(
    redact(text, scanPersonalDetails(text), label),
    'Lambarkaygu waa [phone number], NHS [NHS number], [postcode], [National Insurance number], [email address].',
  );
});

t.test('no spans leaves the text alone', async (t) => {
  t.equal(redact('I waited 3 hours in 2019.', [], label), 'I waited 3 hours in 2019.');
  t.equal(redact('', [], label), '');
});

t.test('spans in any order; overlapping ones hide every character once', async (t) => {
  const text = 'abcdefghij';
  const spans: PersonalDetailSpan[] = [
    { start: 6, end: 8, kind: 'email' },
    { start: 1, end: 3, kind: 'phone' },
    { start: 2, end: 5, kind: 'postcode' },
    { start: 3, end: 4, kind: 'postcode' },
  ];
  t.equal(redact(text, spans, label), 'a[phone number]f[email address]ij');
});

t.test('a span at either edge, and an empty span', async (t) => {
  const spans: PersonalDetailSpan[] = [
    { start: 0, end: 1, kind: 'phone' },
    { start: 2, end: 2, kind: 'email' },
    { start: 3, end: 4, kind: 'postcode' },
  ];
  t.equal(redact('a😀cd', spans, label), '[phone number]😀c[postcode]');
});

t.test('a span outside the text is a bug and throws', async (t) => {
  t.throws(() => redact('abc', [{ start: 2, end: 4, kind: 'phone' }], label), RangeError);
  t.throws(() => redact('😀', [{ start: 0, end: 2, kind: 'phone' }], label), RangeError, 'one code point, not two');
  t.throws(() => redact('abc', [{ start: 2, end: 1, kind: 'phone' }], label), RangeError);
  t.throws(() => redact('abc', [{ start: -1, end: 1, kind: 'phone' }], label), RangeError);
  t.throws(() => redact('abc', [{ start: 0.5, end: 1, kind: 'phone' }], label), RangeError);
  t.throws(() => redact('abc', [{ start: 0, end: Number.NaN, kind: 'phone' }], label), RangeError);
});
