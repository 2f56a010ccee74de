// First run and the CLI: with no admin, start-up logs a one-time setup link that creates the
// first admin once and never works again; `cli create-user` prints a one-time set-password
// link. No account ever has a default password.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connect.js';
import { createLink } from '../../src/staff/tokens.js';
import { createUser, findUserByEmail } from '../../src/staff/users.js';
import { build, createScratchDatabase, testConfig, testDatabase } from '../helper.js';
import { childEnv, runToExit } from '../support/spawn-server.js';
import { errorMessages, postLogin, sessionCookieOf, sessionExists, staffGet, staffPost } from '../support/staff.js';

const EXPIRED_TEXT = 'This link has expired or has already been used';
const ADMIN_PASSWORD = 'the first admin’s own passphrase';

function captureLog() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

const passwordHolders = async (app: FastifyInstance) =>
  app.db.selectFrom('staff_users').select('email').where('password_hash', 'is not', null).execute();

t.test('the first-run setup link is logged, works once, and then never again', async (t) => {
  const database = await testDatabase(t);
  const log = captureLog();
  const app = await buildApp(testConfig({ logLevel: 'info' }), { database, logStream: log.stream });
  t.teardown(() => app.close());
  await app.ready();

  t.same(await app.db.selectFrom('staff_users').select('email').execute(), [], 'a fresh database has no staff user');
  t.same(await passwordHolders(app), [], 'so nobody has a (default) password');

  const announced = log.lines().filter((line) => typeof line.setupUrl === 'string');
  t.equal(announced.length, 1, 'start-up logs one setup link');
  t.equal(announced[0]?.level, 40, 'as a warning, so it shows at the default log level');
  const setupUrl = String(announced[0]?.setupUrl);
  t.match(setupUrl, /^http:\/\/localhost:3000\/staff\/setup\/[A-Za-z0-9_-]{43}$/, 'a PUBLIC_URL link with a token');
  const path = new URL(setupUrl).pathname;
  const token = path.split('/').pop() ?? '';
  const link = await app.db.selectFrom('staff_tokens').selectAll().where('purpose', '=', 'setup').executeTakeFirst();
  const lifetime = new Date(link?.expires_at ?? 0).getTime() - Date.now();
  t.ok(lifetime > 59 * 60_000 && lifetime <= 60 * 60_000, `valid one hour (${Math.round(lifetime / 60_000)} min)`);
  t.not(link?.token_hash, token, 'only a hash of the token is stored');

  const page = await staffGet(app, path);
  t.equal(page.statusCode, 200, 'the link opens the setup page');
  t.match(page.body, 'Create the first admin account');

  // An invalid form: 422, every problem named, what was typed kept (never the password).
  const invalid = await staffPost(app, path, {
    email: 'not-an-email',
    displayName: 'First Admin',
    password: 'short pw',
    confirm: 'different',
  });
  t.equal(invalid.statusCode, 422, 'an invalid form: 422');
  t.same(
    errorMessages(invalid.body),
    [
      'Enter an email address like name@example.org',
      'Password must be at least 12 characters',
      'The two passwords are not the same',
    ],
    'with a message for each problem',
  );
  t.match(invalid.body, 'value="not-an-email"', 'the email is kept');
  t.match(invalid.body, 'value="First Admin"', 'the name is kept');
  t.notMatch(invalid.body, 'short pw', 'the password is not');
  t.notMatch(invalid.body, 'value="different"', 'nor its confirmation');
  const noName = await staffPost(app, path, {
    email: 'admin@example.org',
    password: ADMIN_PASSWORD,
    confirm: ADMIN_PASSWORD,
  });
  t.equal(noName.statusCode, 422);
  t.same(errorMessages(noName.body), ['Enter a name'], 'a missing name is named');
  t.notMatch(noName.body, ADMIN_PASSWORD, 'a good password is not shown back either');
  t.same(await passwordHolders(app), [], 'nothing was created');

  // An expired link does not work, even while no admin exists.
  const expiredToken = await createLink(app.db, 'setup', null);
  await app.db
    .updateTable('staff_tokens')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('purpose', '=', 'setup')
    .where('token_hash', '!=', link?.token_hash ?? '')
    .execute();
  const expiredGet = await staffGet(app, `/staff/setup/${expiredToken}`);
  t.equal(expiredGet.statusCode, 404, 'an expired link: 404');
  t.match(expiredGet.body, EXPIRED_TEXT);
  const expiredPost = await staffPost(app, `/staff/setup/${expiredToken}`, {
    email: 'sneaky@example.org',
    displayName: 'Sneaky',
    password: ADMIN_PASSWORD,
    confirm: ADMIN_PASSWORD,
  });
  t.equal(expiredPost.statusCode, 404, 'and cannot be posted to');
  t.equal(await findUserByEmail(app.db, 'sneaky@example.org'), undefined, 'nobody created');

  // The real thing.
  const done = await staffPost(app, path, {
    email: 'Admin@Example.org',
    displayName: 'First Admin',
    password: ADMIN_PASSWORD,
    confirm: ADMIN_PASSWORD,
  });
  t.equal(done.statusCode, 303, 'a valid form creates the admin');
  t.equal(done.headers.location, '/staff/');
  const admin = await findUserByEmail(app.db, 'admin@example.org');
  t.same(admin?.roles, ['admin'], 'with the admin role');
  t.ok(admin?.password_hash?.startsWith('$argon2id$v=19$m=19456,t=2,p=1$'), 'and an argon2id hash');
  const cookie = sessionCookieOf(done);
  t.ok(cookie?.value, 'and signs them in');
  const home = await staffGet(app, '/staff/', { cookie: `${cookie?.name}=${cookie?.value}` });
  t.equal(home.statusCode, 200, 'straight to the staff home');
  t.match(home.body, 'Signed in as First Admin');
  t.ok(await sessionExists(app, cookie?.value ?? ''), 'a server-side session');

  for (const [label, url] of [
    ['the same link', path],
    ['a new setup link made afterwards', `/staff/setup/${await createLink(app.db, 'setup', null)}`],
  ] as const) {
    const get = await staffGet(app, url);
    t.equal(get.statusCode, 404, `${label}: 404`);
    t.match(get.body, EXPIRED_TEXT, `${label}: "expired"`);
    const post = await staffPost(app, url, {
      email: 'second@example.org',
      displayName: 'Second',
      password: ADMIN_PASSWORD,
      confirm: ADMIN_PASSWORD,
    });
    t.equal(post.statusCode, 404, `${label}: cannot be posted to`);
    t.notOk(sessionCookieOf(post), `${label}: no session`);
  }
  t.equal(await findUserByEmail(app.db, 'second@example.org'), undefined, 'no second admin');
  const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'setup_completed').execute();
  t.equal(audit.length, 1, 'setup is audited once');
  t.equal(audit[0]?.actor_id, admin?.id);

  // The log: the setup link is the one credential it may show (announced on purpose, now spent).
  const invitee = await createUser(app.db, { email: 'invitee@example.org', displayName: 'Invitee', roles: [] });
  const invite = await createLink(app.db, 'invite', invitee.id);
  t.equal((await staffGet(app, `/staff/password/${invite}`)).statusCode, 200);
  t.equal((await staffPost(app, `/staff/password/${invite}`, { password: 'x', confirm: 'x' })).statusCode, 422);
  const text = JSON.stringify(log.lines());
  t.match(text, '"path":"/staff/password/:token"', 'staff requests to one-time links are logged by route pattern');
  t.notOk(text.includes(invite), 'an unused invitation token is never logged');
  t.notOk(text.includes(ADMIN_PASSWORD), 'nor a password');
  t.notOk(text.includes(cookie?.value ?? '-'), 'nor a session id');
  await app.close();

  // Started again on the same database: an admin exists, so no link is logged.
  const relog = captureLog();
  const again = await buildApp(testConfig({ logLevel: 'info' }), { database, logStream: relog.stream });
  t.teardown(() => again.close());
  await again.ready();
  t.same(
    relog.lines().filter((line) => 'setupUrl' in line),
    [],
    'a restart with an admin logs no setup link',
  );
});

t.test('cli create-user prints a one-time set-password link', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'codka-cli-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const baseUrl = process.env.DATABASE_URL;
  const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
  if (scratch) t.teardown(() => scratch.drop());

  const env = childEnv({ DATA_DIR: dataDir, DATABASE_URL: scratch?.url, LOG_LEVEL: 'warn' });
  const run = await runToExit(
    t,
    'npx',
    ['tsx', 'src/cli.ts', 'create-user', '--email', 'x@example.org', '--role', 'analyst'],
    env,
    90_000,
  );
  t.equal(run.code, 0, `the command succeeds (${scratch ? 'Postgres' : 'PGlite in DATA_DIR'})`);
  if (run.code !== 0) t.comment(run.stdout, run.stderr);
  t.match(run.stdout, 'Created x@example.org (analyst)');
  const printed = /(http:\/\/localhost:3000)?\/staff\/password\/([A-Za-z0-9_-]{43})\s*$/m.exec(run.stdout);
  t.ok(printed, 'it prints a /staff/password/<token> link');
  t.notMatch(run.stdout, /password:\s*\S/i, 'and no password');
  const token = printed?.[2] ?? '';

  const database = openDatabase({ databaseUrl: scratch?.url, pgliteDir: dataDir });
  t.teardown(() => database.close());
  const app = await buildApp(testConfig(), { database });
  t.teardown(() => app.close());

  const user = await findUserByEmail(app.db, 'x@example.org');
  t.same(user?.roles, ['analyst'], 'the user is in the same database, with the role');
  t.equal(user?.password_hash, null, 'with no password until the link is used');
  t.same(await passwordHolders(app), [], 'nobody has a password');

  const url = `/staff/password/${token}`;
  const page = await staffGet(app, url);
  t.equal(page.statusCode, 200, 'the link opens the set-password page');
  t.match(page.body, 'x@example.org');
  const password = 'the cli user’s new passphrase';
  const set = await staffPost(app, url, { password, confirm: password });
  t.equal(set.statusCode, 200, 'and sets the password');
  t.match(set.body, 'Your password is saved');
  t.equal((await staffGet(app, url)).statusCode, 404, 'then the link is spent');
  const reuse = await staffPost(app, url, {
    password: 'someone else’s passphrase',
    confirm: 'someone else’s passphrase',
  });
  t.equal(reuse.statusCode, 404, 'and cannot set a password again');
  t.equal((await postLogin(app, 'x@example.org', password)).res.statusCode, 303, 'the user signs in');
  const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'user_created').execute();
  t.match(audit, [{ target_id: user?.id, details: { via: 'cli' } }], 'the creation is audited');
});

t.test('completing setup revokes every other setup link (another instance logged its own)', async (t) => {
  const app = await build(t);
  const used = await createLink(app.db, 'setup', null);
  const other = await createLink(app.db, 'setup', null);
  const res = await staffPost(app, `/staff/setup/${used}`, {
    email: 'first@example.org',
    displayName: 'First Admin',
    password: ADMIN_PASSWORD,
    confirm: ADMIN_PASSWORD,
  });
  t.equal(res.statusCode, 303, 'the first admin is created');
  // Were the only admin disabled, setup links would work again: the other link must be dead by then.
  await app.db.updateTable('staff_users').set({ disabled: true }).execute();
  const late = await staffGet(app, `/staff/setup/${other}`);
  t.equal(late.statusCode, 404, 'the other setup link is revoked');
  t.match(late.body, EXPIRED_TEXT);
});
