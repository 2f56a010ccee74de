import t from 'tap';
import { codePointOffsetOf, toAsciiDigits } from '../../src/pii/digits.js';
import {
  isValidNhsNumber,
  PERSONAL_DETAIL_KINDS,
  type PersonalDetailKind,
  scanPersonalDetails,
} from '../../src/pii/scan.js';

/** What was found, as [kind, the original characters], cut by code point as callers will. */
function found(text: string): [PersonalDetailKind, string][] {
  const codePoints = Array.from(text);
  return scanPersonalDetails(text).map(({ kind, start, end }) => [kind, codePoints.slice(start, end).join('')]);
}

t.test('the kinds are the five the design promises to redact', async (t) => {
  t.same(PERSONAL_DETAIL_KINDS, ['nhs_number', 'phone', 'email', 'postcode', 'ni_number']);
});

t.test('digits in any script become ASCII one code point for one', async (t) => {
  t.equal(toAsciiDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789', 'Arabic-Indic');
  t.equal(toAsciiDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789', 'Extended Arabic-Indic (Persian)');
  t.equal(toAsciiDigits('०१२३४५६७८९'), '0123456789', 'Devanagari');
  t.equal(toAsciiDigits('０１２３４５６７８９'), '0123456789', 'full-width');
  // Mathematical digits are astral (two UTF-16 units) and five sets of ten back to back.
  t.equal(toAsciiDigits('𝟎𝟗𝟘𝟡𝟿'), '09099', 'mathematical bold, double-struck, monospace');
  t.equal(
    toAsciiDigits('፩፪ ²³ Ⅻ abc 123'),
    '፩፪ ²³ Ⅻ abc 123',
    'Ethiopic, superscript and Roman numerals are not decimal digits',
  );
  const mixed = 'Tel 😀 ٠٧٩١١ 𝟏𝟐𝟑 ۴۵۶';
  t.equal(Array.from(toAsciiDigits(mixed)).length, Array.from(mixed).length, 'same number of code points');
});

t.test('UTF-16 indices map to code-point offsets', async (t) => {
  const offsetOf = codePointOffsetOf('a😀b');
  t.same([0, 1, 3, 4].map(offsetOf), [0, 1, 2, 3]);
  t.throws(() => offsetOf(5), RangeError);
});

t.test('NHS number check digit (modulus 11)', async (t) => {
  t.ok(isValidNhsNumber('9434765919'));
  t.ok(isValidNhsNumber('4010232110'), 'a remainder of 0 gives check digit 0');
  t.notOk(isValidNhsNumber('9434765918'), 'wrong check digit');
  for (let last = 0; last <= 9; last += 1) {
    t.notOk(isValidNhsNumber(`401023217${last}`), 'a check value of 10 is never valid');
  }
  t.notOk(isValidNhsNumber('943476591'), 'nine digits');
  t.notOk(isValidNhsNumber('943 476 5919'), 'spaces are the caller’s to strip');
});

t.test('NHS numbers, grouped or not, in any digits', async (t) => {
  for (const nhs of ['943 476 5919', '943-476-5919', '9434765919', '943\u00A0476\u00A05919', '٩٤٣ ٤٧٦ ٥٩١٩']) {
    t.same(found(`My NHS number is ${nhs}.`), [['nhs_number', nhs]], nhs);
  }
});

t.test('a ten-digit run failing the check is still redacted', async (t) => {
  t.same(found('Number 943 476 5918 on the letter'), [['nhs_number', '943 476 5918']]);
  t.same(found('It said 0800111999'), [['phone', '0800111999']], 'phone-shaped: called a phone number');
  t.same(found('It said 0791112349'), [['nhs_number', '0791112349']], 'a valid check digit wins the tie');
});

t.test('digit runs that are not NHS numbers', async (t) => {
  t.same(found('943 476 591 and 94347659190'), [], 'nine digits; eleven not starting with 0');
  t.same(found('943 4765 919'), [], 'not grouped 3-3-4');
});

t.test('UK and international phone numbers', async (t) => {
  const numbers = [
    '07911 123456',
    '07911-123-456',
    '07911 123 456',
    '07911123456',
    '07 911 123 456',
    '07700 900123',
    '(020) 7946 0018',
    '020 7946 0018',
    '0207 946 0018',
    '01632 960123',
    '0800 111 999',
    '+44 7911 123456',
    '+44 (0) 7911 123456',
    '+44(0)7911123456',
    '0044 7911 123456',
    '+447911123456',
    '+252 61 5123456',
    '00252 61 5123456',
    '+1 (213) 373-4253',
  ];
  for (const number of numbers) t.same(found(`Call me on ${number} please`), [['phone', number]], number);
});

t.test('the numbers libphonenumber alone misses (stack notes) are all found', async (t) => {
  t.same(found('07700 900123, 07911 123456, +44 7911 123456, 020 7946 0018 or 0207 946 0018'), [
    ['phone', '07700 900123'],
    ['phone', '07911 123456'],
    ['phone', '+44 7911 123456'],
    ['phone', '020 7946 0018'],
    ['phone', '0207 946 0018'],
  ]);
});

t.test('a number next to another number is cut at its own end', async (t) => {
  t.same(found('07911 123456 2019'), [['phone', '07911 123456']]);
  t.same(found('0800 111 999 45 times'), [['phone', '0800 111 999']]);
  t.same(found('+44 7911 123456 2019'), [['phone', '+44 7911 123456']]);
  t.same(found('+1 (213) 373-4253 07 911 123 456'), [
    ['phone', '+1 (213) 373-4253'],
    ['phone', '07 911 123 456'],
  ]);
  t.same(found('on 01-03-2024 07911 123456'), [['phone', '07911 123456']], 'a date before it is left alone');
});

t.test('Arabic-Indic and Persian digits, offsets over the original characters', async (t) => {
  const arabic = 'رقمي هو ٠٧٩١١ ١٢٣٤٥٦ شكرا';
  t.same(scanPersonalDetails(arabic), [{ start: 8, end: 20, kind: 'phone' }]);
  t.same(found(arabic), [['phone', '٠٧٩١١ ١٢٣٤٥٦']]);
  const persian = 'شماره من ۰۷۹۱۱ ۱۲۳۴۵۶ است';
  t.same(scanPersonalDetails(persian), [{ start: 9, end: 21, kind: 'phone' }]);
  t.same(found('फ़ोन ०७९११ १२३४५६'), [['phone', '०७९११ १२३४५६']], 'Devanagari');
  t.same(found('الرقم +٢٥٢ ٦١ ٥١٢٣٤٥٦'), [['phone', '+٢٥٢ ٦١ ٥١٢٣٤٥٦']], 'Somali number in Arabic-Indic digits');
});

t.test('offsets are code points when emoji and astral characters come first', async (t) => {
  const text = '😀👍🏾 Call 07911 123456';
  t.equal(text.indexOf('07911'), 12, 'UTF-16 index, for contrast');
  t.same(scanPersonalDetails(text), [{ start: 9, end: 21, kind: 'phone' }]);
  // ✉️ is two code points: U+2709 and the emoji presentation selector U+FE0F.
  const astralDigits = '🙏 𝟎𝟕𝟗𝟏𝟏 𝟏𝟐𝟑𝟒𝟓𝟔 ✉️ cali@example.com';
  t.same(found(astralDigits), [
    ['phone', '𝟎𝟕𝟗𝟏𝟏 𝟏𝟐𝟑𝟒𝟓𝟔'],
    ['email', 'cali@example.com'],
  ]);
  t.same(
    scanPersonalDetails(astralDigits).map((s) => [s.start, s.end]),
    [
      [2, 14],
      [18, 34],
    ],
  );
});

t.test('Somali text around every kind of detail', async (t) => {
  const text =
    'Waxaan wacay 07911 123456 laakiin qofna ma jawaabin. Lambarkayga NHS waa 943 476 5919, ' +
    'cinwaankayguna waa W12 7RQ. Iimaylkaygu waa faadumo.cali@example.so, lambarka NI-na AB 12 34 56 C.';
  t.same(found(text), [
    ['phone', '07911 123456'],
    ['nhs_number', '943 476 5919'],
    ['postcode', 'W12 7RQ'],
    ['email', 'faadumo.cali@example.so'],
    ['ni_number', 'AB 12 34 56 C'],
  ]);
});

t.test('full postcodes, and an outward code alone is not personal', async (t) => {
  for (const postcode of ['W12 7RQ', 'w127rq', 'SW6 1AA', 'sw6 1aa', 'EC1A 1BB', 'W1A 0AX', 'GIR 0AA', 'SW1A2AA']) {
    t.same(found(`I live at ${postcode}, near the park`), [['postcode', postcode]], postcode);
  }
  t.same(found('I live in W12, near Shepherd’s Bush'), [], 'W12 alone');
  t.same(found('Postcode area: W12. SW6 too.'), [], 'outward codes in a list');
  t.same(found('I took the A10 2nd time round, then the M4 5pm'), [], 'roads and ordinals');
  t.same(found('QW12 7RQX'), [], 'inside longer words');
});

t.test('email addresses', async (t) => {
  for (const email of [
    'cali@example.com',
    'faadumo.cali+nhs@mail.co.uk',
    'xasan_99@dhakhtar.example.org',
    'fatima@مثال.مصر',
    'फ़ातिमा@उदाहरण.भारत',
  ]) {
    t.same(found(`Write to ${email}.`), [['email', email]], email);
  }
  t.same(found('Follow @NHSEngland, or cali@localhost, or "at" me'), [], 'handles and hosts without a domain');
});

t.test('National Insurance numbers', async (t) => {
  for (const ni of ['AB123456C', 'AB 12 34 56 C', 'ab 12 34 56 c', 'JG 103759 A', 'ZY 98 76 54 D']) {
    t.same(found(`NI: ${ni}.`), [['ni_number', ni]], ni);
  }
  // QQ is HMRC's own example prefix and invalid by its rules (first letter Q), so it is not flagged.
  for (const invalid of [
    'QQ 12 34 56 C',
    'GB123456A',
    'NK123456A',
    'TN123456A',
    'ZZ123456A',
    'DA123456A',
    'AO123456A',
    'AB123456E',
  ]) {
    t.same(found(`NI: ${invalid}.`), [], invalid);
  }
});

t.test('no false positives in lived-experience prose', async (t) => {
  const prose = [
    'In 2019, when I was 67, my husband took me to A&E at 10:30 and we waited until 3pm.',
    'On 12/03/2024 I paid £120 for a taxi and £45.50 for medicine, about 1,250 pounds in all since 2021.',
    'The nurse said 2 tablets, 500mg, 3 times a day for 14 days. I rated it 2 out of 10.',
    'We live in W12 and my mother is 84. I called 111 and then 999; the ambulance took 45 minutes.',
    'Ward 7, bed 12, room 101. Bus 220 from 9am to 5pm, every 10-15 minutes, on 01-03-2024 10:30.',
    'Between 2019 and 2021, 3 of my 5 children were seen; 0 out of 5 would recommend it. Score: 1 2 3 4 5.',
    'Sannadkii 2020 ayaan 45 jirsaday; waxaan bixiyay £30 saacaddii 11:15.',
    'في عام ٢٠١٩ كان عمري ٦٧ سنة ودفعت ١٢٠ جنيه في الساعة ١٠:٣٠.',
    'در سال ۱۴۰۲ من ۶۷ ساله بودم.',
  ].join('\n');
  t.same(found(prose), []);
});

t.test('overlapping detectors give one span, of the longest kind', async (t) => {
  t.same(found('07911123456@example.com'), [['email', '07911123456@example.com']], 'phone inside an email');
  t.same(found('NHS no. 9434765919@nhs.net'), [['email', '9434765919@nhs.net']], 'NHS number inside an email');
  t.same(found('+44 20 7946 0018'), [['phone', '+44 20 7946 0018']], 'ten-digit tail of a phone number');
});

t.test('spans are sorted, disjoint and within the text', async (t) => {
  const text =
    '😀 07911 123456 / 943 476 5919 / W12 7RQ / cali@example.com / AB123456C / +252 61 5123456 / ٠٧٩١١ ١٢٣٤٥٦';
  const spans = scanPersonalDetails(text);
  t.equal(spans.length, 7);
  let previousEnd = 0;
  for (const span of spans) {
    t.ok(span.start >= previousEnd && span.end > span.start, `${span.kind} ${span.start}-${span.end}`);
    previousEnd = span.end;
  }
  t.ok(previousEnd <= Array.from(text).length);
  t.same(scanPersonalDetails(''), []);
});
