// loadConfig(env): every start-up mistake is one line that names the variable, the defaults
// are safe, and a development secret is made once and kept.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'codka-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The ConfigError loadConfig throws for `env`, checked to be one line. */
function configError(t: Test, env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    t.type(error, ConfigError, 'a ConfigError');
    const message = (error as Error).message;
    t.notMatch(message, /[\r\n]/, 'the message is one line');
    t.match(message, /^Invalid configuration: /);
    return message;
  }
  t.fail(`loadConfig accepted ${JSON.stringify(env)}`);
  return '';
}

const SECRET = 'a-perfectly-long-secret-0123456789abcdef';

t.test('defaults', async (t) => {
  const dataDir = tempDir(t);
  const config = loadConfig({ DATA_DIR: dataDir });
  t.equal(config.env, 'development');
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1', 'listens on loopback unless told otherwise');
  t.equal(config.databaseUrl, undefined, 'embedded database by default');
  t.equal(config.dataDir, dataDir);
  t.equal(config.logLevel, 'info');
  t.equal(config.publicUrl, 'http://localhost:3000');
  t.ok(config.localContact.name);
  t.ok(config.localContact.phone);

  const withSecret = loadConfig({ SECRET });
  t.equal(withSecret.dataDir, resolve('./data'), 'DATA_DIR defaults to ./data, made absolute');
  t.equal(withSecret.secret, SECRET);
});

t.test('explicit settings are read, empty strings count as unset', async (t) => {
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '8080',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgresql://codka@db.internal:5432/codka',
    DATA_DIR: '/var/lib/codka',
    SECRET,
    PUBLIC_URL: 'https://codka.example.org/',
    LOG_LEVEL: 'warn',
  });
  t.equal(config.env, 'production');
  t.equal(config.port, 8080);
  t.equal(config.host, '0.0.0.0');
  t.equal(config.databaseUrl, 'postgresql://codka@db.internal:5432/codka');
  t.equal(config.dataDir, '/var/lib/codka');
  t.equal(config.publicUrl, 'https://codka.example.org', 'trailing slash removed');
  t.equal(config.logLevel, 'warn');

  const blank = loadConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '', SECRET });
  t.equal(blank.port, 3000);
  t.equal(blank.databaseUrl, undefined);
  t.equal(blank.logLevel, 'info');
  t.equal(loadConfig({ PORT: '0', SECRET }).port, 0, 'PORT=0 means any free port');
});

t.test('PORT that is not a port: one line naming PORT', async (t) => {
  for (const port of ['abc', '70000', '-1', '80.5']) {
    const message = configError(t, { PORT: port, SECRET });
    t.match(message, /\bPORT\b/, `PORT=${port}`);
    t.notMatch(message, /DATABASE_URL|SECRET/, 'names only the variable at fault');
  }
});

t.test('DATABASE_URL that is not a postgres URL: one line naming DATABASE_URL', async (t) => {
  for (const url of ['nonsense', 'mysql://root@127.0.0.1/codka', 'postgres://', '127.0.0.1:5432']) {
    const message = configError(t, { DATABASE_URL: url, SECRET });
    t.match(message, /\bDATABASE_URL\b/, `DATABASE_URL=${url}`);
    t.match(message, /postgres:\/\//, 'says what a good value looks like');
  }
  const typo = configError(t, { DATABASE_URL: 'postgres//codka:hunter2-password@db/codka', SECRET });
  t.notMatch(typo, /hunter2/, 'a password in a mistyped URL is not echoed');
  t.equal(
    loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', SECRET }).databaseUrl,
    'postgres://postgres@127.0.0.1:5432/x',
  );
});

t.test('other bad values name their variable', async (t) => {
  t.match(configError(t, { NODE_ENV: 'staging', SECRET }), /\bNODE_ENV\b/);
  t.match(configError(t, { LOG_LEVEL: 'loud', SECRET }), /\bLOG_LEVEL\b/);
  t.match(configError(t, { PUBLIC_URL: 'codka.example.org', SECRET }), /\bPUBLIC_URL\b/);
  const both = configError(t, { PORT: 'abc', DATABASE_URL: 'nonsense', SECRET });
  t.match(both, /\bPORT\b|\bDATABASE_URL\b/, 'several mistakes still give one line');
});

t.test('production needs a SECRET, and nothing is written without one', async (t) => {
  const dataDir = tempDir(t);
  const message = configError(t, { NODE_ENV: 'production', DATA_DIR: dataDir });
  t.match(message, /\bSECRET\b/);
  t.notOk(existsSync(join(dataDir, 'secret')), 'no secret was generated in production');
  t.equal(loadConfig({ NODE_ENV: 'production', SECRET, DATA_DIR: dataDir }).secret, SECRET);
});

t.test('a short SECRET is refused without echoing it', async (t) => {
  for (const env of ['production', 'development']) {
    const message = configError(t, { NODE_ENV: env, SECRET: 'short-secret-xyz', DATA_DIR: tempDir(t) });
    t.match(message, /\bSECRET\b/, `NODE_ENV=${env}`);
    t.notMatch(message, /short-secret-xyz/, 'the value is not printed');
  }
});

t.test('development secret: generated once into DATA_DIR, then reused', async (t) => {
  const dataDir = join(tempDir(t), 'not-yet-made');
  const first = loadConfig({ DATA_DIR: dataDir });
  t.match(first.secret, /^[0-9a-f]{64}$/, '32 random bytes as hex');
  const file = join(dataDir, 'secret');
  t.equal(readFileSync(file, 'utf8'), `${first.secret}\n`, 'kept in DATA_DIR/secret');
  t.equal(statSync(file).mode & 0o777, 0o600, 'readable by the owner only');

  const second = loadConfig({ DATA_DIR: dataDir, PORT: '4000' });
  t.equal(second.secret, first.secret, 'the same secret on the next start');

  const other = loadConfig({ DATA_DIR: tempDir(t) });
  t.not(other.secret, first.secret, 'another data folder gets its own secret');

  const explicit = loadConfig({ DATA_DIR: dataDir, SECRET });
  t.equal(explicit.secret, SECRET, 'SECRET wins over the file');
  t.equal(readFileSync(file, 'utf8'), `${first.secret}\n`, 'and the file is left alone');
});
