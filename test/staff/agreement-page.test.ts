// /staff/codebook/agreement: two coders who each coded the same four accounts; per code,
// Krippendorff's alpha (nominal, one answer as the unit) as worked by hand, the coefficient and
// the unit named on the page, and the answers where they differ side by side, in the resident's
// language with personal details hidden. A third analyst who coded nothing is not offered.
import t from 'tap';
import { addCodings } from '../../src/coding/codings.js';
import { build } from '../helper.js';
import { addCode } from '../support/codebook.js';
import { fileAccount } from '../support/file-account.js';
import { createStaffUser, errorMessages, signIn, staffGet } from '../support/staff.js';

const app = await build(t);
const ana = await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
const bo = await createStaffUser(app, { email: 'bo@example.org', roles: ['analyst'], displayName: 'Bo' });
await createStaffUser(app, { email: 'cy@example.org', roles: ['analyst'], displayName: 'Cy' });
const session = await signIn(app, 'cy@example.org');
const waiting = await addCode(app, 'Waiting');
const other = await addCode(app, 'Other');

const stories = [
  'Waxaan sugay saddex saac.',
  'انتظرت طويلاً. اتصلوا بي على 07700 900123',
  'Sugitaan dheer.',
  'Ma jirin turjubaan.',
];
const accounts: string[] = [];
for (const [i, story] of stories.entries()) {
  accounts.push(await fileAccount(app, { locale: i === 1 ? 'ar' : 'so', story, day: `2026-11-0${i + 1}` }));
}
const give = (coder: string, account: string, code: string) => {
  const story = stories[accounts.indexOf(account)] as string;
  return addCodings(app.db, {
    where: { responseId: account, questionId: 'what_happened', field: 'value', translationLocale: null },
    text: story,
    spans: [{ start: 0, end: [...story].length }],
    codeIds: [code],
    coder,
  });
};
// Both coded every account ("Other" throughout); "Waiting": Ana on 1, 2, 3 and Bo on 1, 2, 4.
for (const account of accounts) {
  await give(ana.id, account, other);
  await give(bo.id, account, other);
}
for (const i of [0, 1, 2]) await give(ana.id, accounts[i] as string, waiting);
for (const i of [0, 1, 3]) await give(bo.id, accounts[i] as string, waiting);

const page = (query: string) =>
  staffGet(app, `/staff/codebook/agreement?survey=your-experience${query}`, { cookie: session.cookie });

t.test('coders to choose: those who coded', async (t) => {
  const res = await page('');
  t.equal(res.statusCode, 200);
  t.match(res.body, `value="${ana.id}"`);
  t.match(res.body, `value="${bo.id}"`);
  t.notMatch(res.body, '>Cy</label>', 'Cy coded nothing');
  const one = await page(`&coder=${ana.id}`);
  t.same(errorMessages(one.body), []);
  t.match(one.body, 'Choose at least two coders');
});

t.test('alpha per code, with its coefficient and unit named', async (t) => {
  const res = await page(`&coder=${ana.id}&coder=${bo.id}`);
  t.match(res.body, 'Krippendorff’s alpha for nominal data. The unit is one free-text answer of one account');
  t.match(res.body, 'Based on 4 accounts coded by all of Ana, Bo: 4 answers.');
  // Waiting: units (1,1) (1,1) (1,0) (0,1): o11 = 4, o10 = o01 = 2, n1 = 6, n0 = 2, n = 8;
  // alpha = 1 − 7·4 / (2·6·2) = −0.167.
  t.match(res.body, /<th scope="row">Waiting<\/th><td>-0\.167<\/td><td>4<\/td><td>4<\/td><td><a href="[^"]+">2/);
  t.match(
    res.body,
    /<th scope="row">Other<\/th><td>not defined \(no answer coded\)<\/td>/,
    'one value throughout: not defined',
  );
});

t.test('where they differ, side by side', async (t) => {
  const res = await page(`&coder=${ana.id}&coder=${bo.id}&code=${waiting}`);
  t.match(res.body, 'Where coders differ on “Waiting”');
  t.match(res.body, 'Showing 2 of 2 answers');
  t.match(res.body, '<th scope="col">Ana</th><th scope="col">Bo</th>');
  t.match(res.body, `<q lang="so" dir="ltr">Sugitaan dheer.</q> </td><td>Not coded</td>`);
  t.match(res.body, `<td>Not coded</td><td><q lang="so" dir="ltr">Ma jirin turjubaan.</q>`);
  const both = await page(`&coder=${ana.id}&coder=${bo.id}&code=${other}`);
  t.match(both.body, 'These coders agree on every answer', 'no differences, nothing to show');
  t.notMatch(both.body, '<th scope="col">Ana</th>');
});
