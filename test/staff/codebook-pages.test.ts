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
