// Where the files that ship beside the code live (views, locales, public, surveys). Found by
// walking up to package.json, so the same code works from src/ under tsx and from dist/src/
// once compiled.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
