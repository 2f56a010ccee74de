// What the linter cannot see: handlers call feature functions and never write a query of their
// own (DESIGN.md, Layout), and every area of the staff routes is a folder with its index.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

t.test('no Kysely query in src/routes/', async (t) => {
  const query = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|from 'kysely'/;
  for (const file of files('src/routes')) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const found = lines.flatMap((line, i) => (query.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
    t.same(found, [], file);
  }
});

t.test('every staff area is a folder with an index.ts, and its views a folder to match', async (t) => {
  const areas = ['auth', 'account', 'admin', 'sessions', 'review', 'exports', 'reports', 'changes'];
  for (const area of areas) {
    t.ok(readdirSync(join('src/routes/staff', area)).includes('index.ts'), `src/routes/staff/${area}/index.ts`);
  }
  const viewFolders = readdirSync('views/pages/staff', { withFileTypes: true });
  t.same(
    viewFolders.filter((entry) => !entry.isDirectory()).map((entry) => entry.name),
    [],
    'no staff template outside an area folder',
  );
});
