// counts.csv end to end: a session title written with a full-width "＝" (or behind invisible
// characters) reaches the file neutralised, like one written with "=".
import t from 'tap';
import { createOrganisation } from '../../src/staff/organisations.js';
import { build } from '../helper.js';
import { createStaffUser, csrfOf, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
const org = await createOrganisation(app.db, 'Somali Community Health Champions');
if (!org) throw new Error('organisation not created');
await createStaffUser(app, { email: 'partner@example.org', roles: ['partner'], organisationId: org.id });
const partner = await signIn(app, 'partner@example.org');

t.test('a session title starting with a full-width or hidden formula character is neutralised', async (t) => {
  const titles = [
    '＝HYPERLINK("http://x","y")',
    '\u200E=HYPERLINK("http://x","y")',
    '＋1+1 drop-in',
    '＠SUM(A1) drop-in',
  ];
  for (const title of titles) {
    const form = await staffGet(app, '/staff/sessions/new', { cookie: partner.cookie });
    const res = await staffPost(
      app,
      '/staff/sessions/new',
      {
        _csrf: csrfOf(form.body),
        title,
        heldOn: '2026-11-20',
        venue: 'Shepherds Bush library',
        format: 'drop_in',
        survey: 'your-experience',
        languages: ['so'],
      },
      { cookie: partner.cookie },
    );
    t.equal(res.statusCode, 303, `session ${title} created`);
    // Only sessions with accounts have rows in the counts: one account entered for a resident.
    const enter = `${String(res.headers.location)}/enter`;
    const filed = await staffPost(
      app,
      enter,
      {
        _csrf: csrfOf(form.body),
        _locale: 'so',
        _channel: 'assisted',
        _read_aloud: 'yes',
        service: 'gp',
        what_happened: 'Dhakhtarku ma i dhegaysan.',
        treated: '2',
        background_affected: 'no',
        trust: '2',
        consent: 'yes',
      },
      { cookie: partner.cookie },
    );
    t.equal(filed.statusCode, 303, `account filed in ${title}`);
  }
  const csv = await staffGet(app, '/staff/sessions/counts.csv', { cookie: partner.cookie });
  t.equal(csv.statusCode, 200);
  const firstCells = csv.body
    .split('\r\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => /^"((?:[^"]|"")*)"/.exec(line)?.[1]?.replace(/""/g, '"'));
  for (const title of titles) {
    const cells = firstCells.filter((cell) => cell?.endsWith(title));
    t.ok(cells.length > 0, `${title} is in the counts`);
    for (const cell of cells) t.equal(cell, `'${title}`, `${title} is neutralised`);
  }
});
