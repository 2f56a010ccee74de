// Memos as data: notes on a code, a theme or an account, and journal entries. Plain functions
// taking `db`. Who may read what is decided here: memos on codes, themes and accounts are the
// coding team's; a journal entry is its author's, and the team's once shared.
import type { Kysely } from 'kysely';
import type { Database, MemoKind } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';

export const MEMO_MAX = 8000;

export interface Memo {
  id: string;
  kind: MemoKind;
  targetId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  shared: boolean;
  createdAt: Date;
}

function memos(db: Kysely<Database>) {
  return db
    .selectFrom('memos')
    .innerJoin('staff_users', 'staff_users.id', 'memos.author_id')
    .select([
      'memos.id',
      'memos.kind',
      'memos.target_id as targetId',
      'memos.author_id as authorId',
      'staff_users.display_name as authorName',
      'memos.body',
      'memos.shared',
      'memos.created_at as createdAt',
    ]);
}

/** Memos on one code, theme or account, oldest first. */
export async function memosOn(
  db: Kysely<Database>,
  kind: Exclude<MemoKind, 'journal'>,
  targetId: string,
): Promise<Memo[]> {
  return memos(db)
    .where('memos.kind', '=', kind)
    .where('memos.target_id', '=', targetId)
    .orderBy('memos.created_at')
    .orderBy('memos.id')
    .execute();
}

export async function addMemo(
  db: Kysely<Database>,
  memo: { kind: Exclude<MemoKind, 'journal'>; targetId: string; authorId: string; body: string },
): Promise<string> {
  const row = await db
    .insertInto('memos')
    .values({ kind: memo.kind, target_id: memo.targetId, author_id: memo.authorId, body: memo.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A reader's journal: their own entries, and what colleagues have shared, newest first. */
export async function journalFor(db: Kysely<Database>, userId: string, limit = 200): Promise<Memo[]> {
  return memos(db)
    .where('memos.kind', '=', 'journal')
    .where((eb) => eb.or([eb('memos.author_id', '=', userId), eb('memos.shared', '=', true)]))
    .orderBy('memos.created_at', 'desc')
    .orderBy('memos.id', 'desc')
    .limit(limit)
    .execute();
}

export async function addJournalEntry(
  db: Kysely<Database>,
  entry: { authorId: string; body: string; shared: boolean },
): Promise<string> {
  const row = await db
    .insertInto('memos')
    .values({ kind: 'journal', target_id: null, author_id: entry.authorId, body: entry.body, shared: entry.shared })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Shares or unshares one of the author's own entries; false if it is not theirs. */
export async function shareJournalEntry(
  db: Kysely<Database>,
  change: { id: string; authorId: string; shared: boolean },
): Promise<boolean> {
  if (!isUuid(change.id)) return false;
  const row = await db
    .updateTable('memos')
    .set({ shared: change.shared })
    .where('id', '=', change.id)
    .where('kind', '=', 'journal')
    .where('author_id', '=', change.authorId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
