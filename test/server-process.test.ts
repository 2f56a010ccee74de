// The real process, started as an operator would: a configuration mistake stops it with exit
// code 1 and exactly one line on stderr that names the variable — no stack trace.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { childEnv, freePort, runToExit, SERVER_COMMAND, stackLines } from './support/spawn-server.js';

type Test = Parameters<Parameters<typeof t.test>[0]>[0];

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'codka-process-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const cases: { name: string; variable: string; env: Record<string, string> }[] = [
  { name: 'PORT=abc', variable: 'PORT', env: { PORT: 'abc' } },
  { name: 'DATABASE_URL=nonsense', variable: 'DATABASE_URL', env: { DATABASE_URL: 'nonsense' } },
  { name: 'NODE_ENV=production without SECRET', variable: 'SECRET', env: { NODE_ENV: 'production' } },
];

for (const c of cases) {
  t.test(`${c.name}: exit 1 and one line naming ${c.variable}`, async (t) => {
    const dataDir = tempDir(t);
    const port = String(await freePort());
    const env = childEnv({ PORT: port, DATA_DIR: dataDir, ...c.env });
    const run = await runToExit(t, SERVER_COMMAND[0], SERVER_COMMAND[1], env);
    t.comment(`${c.name}: exited in ${Math.round(run.ms)} ms`);
    t.equal(run.code, 1, 'exit code 1');
    t.equal(run.signal, null);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    t.equal(lines.length, 1, `exactly one line on stderr, got: ${JSON.stringify(run.stderr)}`);
    t.match(lines[0], new RegExp(`^Invalid configuration: ${c.variable} `), 'the line names the variable first');
    t.same(stackLines(run.stderr), [], 'no stack trace');
    t.equal(run.stdout, '', 'nothing on stdout');
    t.same(readdirSync(dataDir), [], 'nothing was written to DATA_DIR');
  });
}

t.test('npm start with PORT=abc fails with the same line', async (t) => {
  const env = childEnv({ PORT: 'abc', DATA_DIR: tempDir(t) });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = await runToExit(t, npm, ['start'], env, 30_000);
  t.comment(`npm start: exited in ${Math.round(run.ms)} ms`);
  t.not(run.code, 0, 'non-zero exit code');
  t.match(run.stderr, /^Invalid configuration: PORT must be a whole number/m, 'the line is on stderr');
  t.same(stackLines(run.stderr + run.stdout), [], 'no stack trace from the service');
});
