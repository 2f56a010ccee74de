// Staff form messages are a closed list (src/staff/error-keys.ts): each exists in every locale
// file that has staff strings, the files hold no message outside the list, and every message a
// staff form schema names is on it. Audit actions are a closed list too, used as a type.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { AUDIT_ACTIONS } from '../../src/staff/audit.js';
import { PLURAL_STAFF_ERROR_KEYS, STAFF_ERROR_KEYS } from '../../src/staff/error-keys.js';

const staffFiles = readdirSync('locales')
  .map((locale) => join('locales', locale, 'staff.json'))
  .filter((file) => existsSync(file));

const keysIn = (file: string) => Object.keys(JSON.parse(readFileSync(file, 'utf8')).errors ?? {});
const expectedKeys = STAFF_ERROR_KEYS.flatMap((key) =>
  PLURAL_STAFF_ERROR_KEYS.has(key) ? [`${key}_one`, `${key}_other`] : [key],
);

t.ok(staffFiles.length > 0, `staff strings in ${staffFiles.join(', ')}`);
for (const file of staffFiles) {
  t.test(file, async (t) => {
    const present = keysIn(file);
    t.same(
      expectedKeys.filter((key) => !present.includes(key)),
      [],
      'every staff error key has its text',
    );
    t.same(
      present.filter((key) => !expectedKeys.includes(key)),
      [],
      'no text for a key the code does not know',
    );
  });
}

t.test('every message a staff form names is a staff error key', async (t) => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  const named = new Set<string>();
  for (const file of files('src/routes/staff')) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(
      /(?:error|message): '([a-z_]+)'|\.(?:min|max|regex|refine|email|length)\((?:[^()]|\([^()]*\))*?'([a-z_]+)'\)/g,
    )) {
      named.add(match[1] ?? match[2] ?? '');
    }
  }
  t.ok(named.size > 15, `${named.size} messages named in staff forms`);
  t.same(
    [...named].filter((key) => !(STAFF_ERROR_KEYS as readonly string[]).includes(key)),
    [],
  );
});

t.test('audit actions are unique snake_case names', async (t) => {
  t.equal(new Set(AUDIT_ACTIONS).size, AUDIT_ACTIONS.length);
  for (const action of AUDIT_ACTIONS) t.match(action, /^[a-z]+(_[a-z0-9]+)*$/);
});
