// /staff/codebook as an analyst uses it: codes added (a form that cannot be saved says why and
// keeps what was typed), changed, moved, merged and retired from their page; two analysts saving
// the same code at once, where the second is shown the first's version beside their own edit,
// which is kept; and the decision log saying who did what.
import t from 'tap';
import { findCode } from '../../src/review/codebook.js';
import { build } from '../helper.js';
import { createStaffUser, csrfOf, errorMessages, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
await createStaffUser(app, { email: 'ana@example.org', roles: ['analyst'], displayName: 'Ana' });
await createStaffUser(app, { email: 'bo@example.org', roles: ['analyst'], displayName: 'Bo' });
await createStaffUser(app, { email: 'tr@example.org', roles: ['translator'], languages: ['so'] });
const ana = await signIn(app, 'ana@example.org');
const bo = await signIn(app, 'bo@example.org');

const csrf = async (cookie: string, page: string) => csrfOf((await staffGet(app, page, { cookie })).body) as string;
const add = async (fields: Record<string, string>) =>
  staffPost(
    app,
    '/staff/codebook/codes',
    { _csrf: await csrf(ana.cookie, '/staff/codebook'), survey: 'your-experience', ...fields },
    { cookie: ana.cookie },
  );
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] as string;
/** Posts to `url` a form of the page `html` (its CSRF token and the code's version), as `cookie`. */
const postFrom = (html: string, url: string, cookie: string, fields: Record<string, string>) =>
  staffPost(app, url, { _csrf: csrfOf(html) as string, version: versionOf(html), ...fields }, { cookie });
const idOf = async (name: string) =>
  (await app.db.selectFrom('codes').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

t.test('adding codes', async (t) => {
  const empty = await add({ name: ' ', description: 'Something', colour: '', parent: '' });
  t.equal(empty.statusCode, 422);
  t.same(errorMessages(empty.body), ['Enter a name']);
  t.match(empty.body, '>Something</textarea>', 'what was typed is kept');
  const made = await add({
    name: 'Access to care',
    description: 'Getting seen at all.',
    colour: '#1d70b8',
    parent: '',
  });
  t.equal(made.statusCode, 303);
  const page = await staffGet(app, made.headers.location as string, { cookie: ana.cookie });
  t.match(page.body, 'The code is added.');
  t.match(page.body, '<rect width="16" height="16" fill="#1D70B8"/>', 'its colour, upper case, as an SVG swatch');
  t.match(page.body, 'Ana: added &quot;Access to care&quot;');
  const access = await idOf('Access to care');
  t.equal((await add({ name: 'Interpreters', description: '', colour: '', parent: access })).statusCode, 303);
  const twice = await add({ name: 'interpreters', description: '', colour: '', parent: access });
  t.equal(twice.statusCode, 422);
  t.same(errorMessages(twice.body), [
    'A code with this name is already there. Choose another name, or merge the two codes',
  ]);
  const badColour = await add({ name: 'Trust', description: '', colour: 'red', parent: '' });
  t.same(errorMessages(badColour.body), ['Choose a colour from the list']);
  const tree = await staffGet(app, '/staff/codebook', { cookie: ana.cookie });
  t.match(
    tree.body,
    /<li class="depth-0">.*Access to care<\/a>[\s\S]*<li class="depth-1"><a href="[^"]+">Interpreters<\/a>/,
  );
  const translator = await signIn(app, 'tr@example.org');
  t.equal((await staffGet(app, '/staff/codebook', { cookie: translator.cookie })).statusCode, 403);
});

t.test('two analysts save the same code: the second sees the first’s version, and keeps their own edit', async (t) => {
  const id = await idOf('Interpreters');
  const page = `/staff/codebook/codes/${id}`;
  const [anaPage, boPage] = await Promise.all([
    staffGet(app, page, { cookie: ana.cookie }),
    staffGet(app, page, { cookie: bo.cookie }),
  ]);
  t.equal(versionOf(anaPage.body), versionOf(boPage.body));
  const first = await postFrom(anaPage.body, page, ana.cookie, {
    name: 'Interpreters',
    description: 'Ana’s words.',
    colour: '',
  });
  t.equal(first.statusCode, 303);
  const second = await postFrom(boPage.body, page, bo.cookie, {
    name: 'Interpreting',
    description: 'Bo’s words.',
    colour: '',
  });
  t.equal(second.statusCode, 409);
  t.match(second.body, 'Someone else saved this code since you opened it.');
  t.match(second.body, '<dd>Ana’s words.</dd>', 'their version');
  t.match(second.body, 'value="Interpreting"', 'this editor’s name kept');
  t.match(second.body, '>Bo’s words.</textarea>', 'and description');
  t.equal((await findCode(app.db, id))?.description, 'Ana’s words.', 'nothing overwritten');
  const again = await postFrom(second.body, page, bo.cookie, {
    name: 'Interpreting',
    description: 'Bo’s words.',
    colour: '',
  });
  t.equal(again.statusCode, 303, 'saved again on purpose, over theirs');
  t.equal((await findCode(app.db, id))?.name, 'Interpreting');
});

t.test('move, merge, retire from the code’s page', async (t) => {
  const access = await idOf('Access to care');
  const child = await idOf('Interpreting');
  const accessPage = await staffGet(app, `/staff/codebook/codes/${access}`, { cookie: ana.cookie });
  t.notMatch(
    accessPage.body,
    `<option value="${child}">Access to care › Interpreting`,
    'its own codes are not offered as its parent',
  );
  const loop = await postFrom(accessPage.body, `/staff/codebook/codes/${access}/move`, ana.cookie, { parent: child });
  t.equal(loop.statusCode, 422);
  t.same(errorMessages(loop.body), ['A code cannot go under itself or under one of its own codes']);

  await add({ name: 'Waiting', description: '', colour: '', parent: '' });
  await add({ name: 'Delays', description: '', colour: '', parent: '' });
  const delays = await idOf('Delays');
  const waiting = await idOf('Waiting');
  const delaysPage = await staffGet(app, `/staff/codebook/codes/${delays}`, { cookie: ana.cookie });
  const merged = await postFrom(delaysPage.body, `/staff/codebook/codes/${delays}/merge`, ana.cookie, {
    into: waiting,
  });
  t.equal(merged.statusCode, 303);
  const after = await staffGet(app, merged.headers.location as string, { cookie: ana.cookie });
  t.match(after.body, 'The code is merged.');
  t.match(after.body, 'merged into Waiting');
  t.notMatch(after.body, `action="/staff/codebook/codes/${delays}/merge"`, 'a merged code has no forms left');

  const waitingPage = await staffGet(app, `/staff/codebook/codes/${waiting}`, { cookie: ana.cookie });
  const retired = await postFrom(waitingPage.body, `/staff/codebook/codes/${waiting}/retire`, ana.cookie, {
    retired: 'yes',
  });
  t.equal(retired.statusCode, 303);
  const stale = await postFrom(waitingPage.body, `/staff/codebook/codes/${waiting}/retire`, ana.cookie, {
    retired: 'yes',
  });
  t.equal(stale.statusCode, 409, 'the same form twice: the code has changed since');
  t.match(stale.body, 'so nothing was changed');
  const log = await staffGet(app, '/staff/codebook', { cookie: ana.cookie });
  t.match(log.body, 'Ana: merged &quot;Delays&quot; into &quot;Waiting&quot;');
  t.match(log.body, 'Ana: retired &quot;Waiting&quot;');
  t.match(log.body, 'Bo: changed name, description of &quot;Interpreting&quot;');
  t.equal((await staffGet(app, '/staff/codebook/codes/not-a-code', { cookie: ana.cookie })).statusCode, 404);
});

/** A file chosen in the codebook page's import form, posted as the browser posts it. */
function postFile(cookie: string, csrf: string, file: { name: string; content: string | Buffer }) {
  const boundary = '----codka-test-boundary';
  const part = (headers: string, body: string | Buffer) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')]);
  const payload = Buffer.concat([
    part('Content-Disposition: form-data; name="_csrf"', csrf),
    part('Content-Disposition: form-data; name="survey"', 'your-experience'),
    part(
      `Content-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/xml`,
      file.content,
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/staff/codebook/import',
    remoteAddress: '127.0.0.1',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

t.test('the codebook downloaded as a .qdc file and brought back in from the page', async (t) => {
  const page = await staffGet(app, '/staff/codebook', { cookie: ana.cookie });
  t.match(page.body, 'href="/staff/codebook/export?survey&#x3D;your-experience" download');
  const download = await staffGet(app, '/staff/codebook/export?survey=your-experience', { cookie: ana.cookie });
  t.equal(download.statusCode, 200);
  t.equal(download.headers['content-disposition'], 'attachment; filename="codebook-your-experience.qdc"');
  t.match(download.headers['content-type'], 'application/xml');
  t.match(download.body, '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Codka">');

  // Brought back unchanged: nothing to add or change.
  const again = await postFile(ana.cookie, csrfOf(page.body) as string, {
    name: 'codebook.qdc',
    content: download.body,
  });
  t.equal(again.statusCode, 303);
  const after = await staffGet(app, again.headers.location as string, { cookie: ana.cookie });
  t.match(after.body, /The codebook file is in: 0 codes added, 0 changed and \d+ already the same/);

  // A new code from elsewhere, in a group that becomes a candidate theme.
  const withNew = download.body.replace(
    '</Codes>',
    '<Code guid="{11111111-2222-4333-8444-555555555555}" name="Brought from NVivo" isCodable="true" color="#123"/></Codes>',
  );
  const added = await postFile(ana.cookie, csrfOf(page.body) as string, { name: 'nvivo.qdc', content: withNew });
  t.equal(added.statusCode, 303);
  t.match(added.headers.location, /&imported=1\.0\.\d+\.0$/);
  t.ok(await findCode(app.db, '11111111-2222-4333-8444-555555555555'), 'with the GUID it came with');
  t.match(
    (await staffGet(app, '/staff/codebook', { cookie: ana.cookie })).body,
    'Ana: imported &quot;Brought from NVivo&quot;',
  );

  const truncated = await postFile(ana.cookie, csrfOf(page.body) as string, {
    name: 'cut.qdc',
    content: download.body.slice(0, 300),
  });
  t.equal(truncated.statusCode, 422);
  t.match(
    errorMessages(truncated.body)[0],
    /^The file was not brought in, and nothing of it was kept\. The file is not complete, well-formed XML \(line \d+, column \d+\)/,
  );
  const none = await postFile(ana.cookie, csrfOf(page.body) as string, { name: '', content: '' });
  t.same(errorMessages(none.body), [
    'The file was not brought in, and nothing of it was kept. Choose a codebook file (.qdc) to import.',
  ]);
  const latin1 = await postFile(ana.cookie, csrfOf(page.body) as string, {
    name: 'x.qdc',
    content: Buffer.from([0x3c, 0xe9, 0xff]),
  });
  t.match(errorMessages(latin1.body)[0], 'not UTF-8 text');
  const huge = await postFile(ana.cookie, csrfOf(page.body) as string, {
    name: 'big.qdc',
    content: Buffer.alloc(6 * 1024 * 1024, 0x20),
  });
  t.equal(huge.statusCode, 422);
  t.match(errorMessages(huge.body)[0], 'larger than 5 MB');
  const noToken = await postFile(ana.cookie, 'wrong', { name: 'codebook.qdc', content: download.body });
  t.equal(noToken.statusCode, 403, 'the CSRF token is checked in a file upload too');
  const translator = await signIn(app, 'tr@example.org');
  t.equal((await staffGet(app, '/staff/codebook/export', { cookie: translator.cookie })).statusCode, 403);
});
