// A search's page is read first from a window of the newest accounts the rest of the filter
// matches (SEARCH_WINDOW in src/reading/list.ts), and from everything when that window holds less
// than a page of matches. Whichever way a page is read, the pages must be the same: the newest
// matches, neither repeating nor skipping any, forwards and backwards. Windows of every size from
// one account to more than all of them are checked against what the fixtures say.
import t from 'tap';
import type { AccountFilter } from '../../src/reading/filter.js';
import { listAccounts, type PageKey } from '../../src/reading/list.js';
import { build } from '../helper.js';
import { fileAccount } from '../support/file-account.js';

const app = await build(t);
const ALL = { kind: 'all' } as const;

// 24 English accounts over 24 days: every third mentions the clinic, every other one is assisted.
const fixtures: { id: string; day: string; clinic: boolean; assisted: boolean }[] = [];
for (let i = 0; i < 24; i += 1) {
  const day = `2026-03-${String(i + 1).padStart(2, '0')}`;
  const clinic = i % 3 === 0;
  const assisted = i % 2 === 0;
  const story = clinic ? `Day ${i}: the clinic sent me away.` : `Day ${i}: nobody called me back.`;
  const id = await fileAccount(app, { locale: 'en', story, day, channel: assisted ? 'assisted' : 'online' });
  fixtures.push({ id, day, clinic, assisted });
}
const newestFirst = (keep: (f: (typeof fixtures)[number]) => boolean) =>
  fixtures
    .filter(keep)
    .sort((a, b) => (a.day < b.day ? 1 : -1))
    .map((f) => f.id);

async function forwards(filter: AccountFilter, size: number, window: number) {
  const ids: string[] = [];
  let after: PageKey | undefined;
  const keys: PageKey[] = [];
  for (;;) {
    const page = await listAccounts(app.db, { filter, scope: ALL, after, size, window });
    ids.push(...page.rows.map((row) => row.id));
    if (!page.next) return { ids, keys };
    keys.push(page.next);
    after = page.next;
  }
}

async function backwards(filter: AccountFilter, size: number, window: number, from: PageKey) {
  const ids: string[] = [];
  let before: PageKey | undefined = from;
  while (before) {
    const page = await listAccounts(app.db, { filter, scope: ALL, before, size, window });
    ids.unshift(...page.rows.map((row) => row.id));
    before = page.previous;
  }
  return ids;
}

const cases: [string, AccountFilter, string[]][] = [
  ['a word', { q: 'clinic' }, newestFirst((f) => f.clinic)],
  ['part of a word', { q: 'clin' }, newestFirst((f) => f.clinic)],
  ['a word and a filter', { q: 'clinic', channel: 'assisted' }, newestFirst((f) => f.clinic && f.assisted)],
  ['a phrase (never windowed: left to the planner)', { q: '"sent me away"' }, newestFirst((f) => f.clinic)],
  ['a phrase and part of a word', { q: '"sent me" clin' }, newestFirst((f) => f.clinic)],
  ['a word no account holds', { q: 'hospital' }, []],
];

for (const [label, filter, want] of cases) {
  t.test(label, async (t) => {
    t.ok(want.length > 0 || filter.q === 'hospital', 'the fixtures have matches');
    for (const size of [1, 2, 3, 5]) {
      for (const window of [1, 2, 3, 4, 7, 12, 100]) {
        const { ids, keys } = await forwards(filter, size, window);
        t.same(ids, want, `size ${size}, window ${window}: forwards`);
        const last = keys[keys.length - 1];
        if (last) {
          // Every row before the last page's key, read backwards from it.
          const before = await backwards(filter, size, window, { ...last });
          const upTo = want.indexOf(last.id);
          t.same(before, want.slice(0, upTo), `size ${size}, window ${window}: backwards`);
        }
      }
    }
  });
}
