// A freshly initialised, empty PGlite data directory, made once and shared by every test
// process. Starting PGlite from it takes under a second; running initdb for each test database
// took 3–5 s on a 2-core machine, which made the PGlite run of the suite the slowest part of CI.
// It holds nothing but what initdb writes (no migrations), so a database opened from it is the
// same as a new one. Kept in the system temp folder, keyed by PGlite's version.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// The package does not export its package.json; read it from the project's node_modules.
const pgliteManifest = new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url);
const pgliteVersion: string = JSON.parse(readFileSync(pgliteManifest, 'utf8')).version;
const cacheFile = join(tmpdir(), `codka-test-pglite-empty-${pgliteVersion}.tar`);

let template: Promise<Blob> | undefined;

async function makeTemplate(): Promise<Blob> {
  if (existsSync(cacheFile)) return new Blob([readFileSync(cacheFile)]);
  const fresh = new PGlite('memory://');
  await fresh.waitReady;
  const dump = await fresh.dumpDataDir('none');
  await fresh.close();
  // Written aside and renamed, so a process reading at the same time never sees half a file.
  const partial = `${cacheFile}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, cacheFile);
  return dump;
}

/** The empty data directory, from the shared file or made now (once per process). */
export function emptyPgliteDataDir(): Promise<Blob> {
  template ??= makeTemplate();
  return template;
}
