// Moves TypeScript modules and rewrites every relative import of them (and their own relative
// imports) across the repository: `node scripts/move-modules.mjs old.ts new.ts [old new ...]`.
// Used for layout changes, so a move is one reviewed commit rather than hand-edited paths.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const root = process.cwd();
const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node scripts/move-modules.mjs old.ts new.ts [old.ts new.ts ...]');
  process.exit(2);
}
const moves = new Map();
for (let i = 0; i < args.length; i += 2) moves.set(resolve(root, args[i]), resolve(root, args[i + 1]));

const files = execFileSync('git', ['ls-files', '*.ts', '*.mts', '*.mjs'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((f) => resolve(root, f))
  .filter((f) => existsSync(f));

const specifier = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g;
const asTs = (path) => path.replace(/\.js$/, '.ts');
const asJs = (path) => path.replace(/\.ts$/, '.js');

for (const oldPath of files) {
  const newPath = moves.get(oldPath) ?? oldPath;
  const text = readFileSync(oldPath, 'utf8');
  const rewritten = text.replace(specifier, (whole, lead, quote, spec) => {
    const target = resolve(dirname(oldPath), spec);
    const targetTs = asTs(target);
    const movedTarget = moves.has(targetTs) ? asJs(moves.get(targetTs)) : target;
    if (movedTarget === target && newPath === oldPath) return whole;
    let next = relative(dirname(newPath), movedTarget);
    if (!next.startsWith('.')) next = `./${next}`;
    return `${lead}${quote}${next}${quote}`;
  });
  if (newPath !== oldPath) {
    mkdirSync(dirname(newPath), { recursive: true });
    execFileSync('git', ['mv', oldPath, newPath]);
  }
  if (rewritten !== text || newPath !== oldPath) writeFileSync(newPath, rewritten);
}
