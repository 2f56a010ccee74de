// One seed for every fast-check property in a test file. Locally each run picks a new one, so
// the properties keep exploring; CI exports FC_SEED derived from the commit (.ci/run), so a
// commit's run is the same every time and a failure can be replayed. Either way the seed is
// printed with the command that replays it.
import { randomInt } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const fromEnvironment = process.env.FC_SEED;
export const FC_SEED =
  fromEnvironment !== undefined && /^-?\d+$/.test(fromEnvironment) ? Number(fromEnvironment) : randomInt(2 ** 31);

fc.configureGlobal({ seed: FC_SEED });

/** Call once per file with `import.meta.url`: prints the seed and how to replay the file. */
export function announceSeed(fileUrl: string): void {
  const file = relative(process.cwd(), fileURLToPath(fileUrl));
  const source = fromEnvironment === undefined ? 'random' : 'from FC_SEED';
  console.log(`# fast-check seed ${FC_SEED} (${source}); replay: FC_SEED=${FC_SEED} npx tap ${file}`);
}
