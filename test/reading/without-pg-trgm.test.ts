// A managed Postgres that does not offer pg_trgm: the migration leaves the trigram index out,
// and the accounts list still gives the same answers (a part-of-word search reads every row).
// PGlite started without its pg_trgm bundle offers no such extension, as such a server would.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import t from 'tap';
import type { AccountDocument } from '../../src/accounts/document.js';
import { fileDocument } from '../../src/accounts/file.js';
import { buildApp } from '../../src/app.js';
import { pgliteHandle } from '../../src/db/connect.js';
import { listAccounts } from '../../src/reading/list.js';
import { testConfig } from '../helper.js';
import { emptyPgliteDataDir } from '../pglite-template.js';

const pglite = new PGlite('memory://', { loadDataDir: await emptyPgliteDataDir() });
const handle = pgliteHandle(pglite);
const db = handle.db;
const app = await buildApp(testConfig(), { database: handle });
t.teardown(async () => {
  await app.close();
  await handle.close();
});

t.test('no extension, no trigram index, the same answers', async (t) => {
  const extensions = await sql<{ extname: string }>`select extname from pg_extension`.execute(db);
  t.notOk(
    extensions.rows.some((row) => row.extname === 'pg_trgm'),
    'pg_trgm is not there',
  );
  const indexes = await sql<{
    indexname: string;
  }>`select indexname from pg_indexes where tablename = 'responses'`.execute(db);
  const names = indexes.rows.map((row) => row.indexname);
  t.notOk(names.includes('responses_search_parts_idx'), 'no trigram index');
  t.ok(names.includes('responses_search_words_idx'), 'the full-text index is there');

  const entry = await app.surveys.get('your-experience');
  if (!entry) throw new Error('no demo survey');
  const stories = ['Dhakhtarka ima dhageysan.', 'لم يستمع إليّ الطبيب', 'ኣብ ሆስፒታል ተጸቢየ'];
  for (const [i, story] of stories.entries()) {
    await fileDocument(app.db, entry.survey, { what_happened: { value: story } } as AccountDocument, {
      surveyVersionId: entry.stored.versionId,
      locale: 'en',
      channel: 'online',
      submittedOn: `2026-11-0${i + 1}`,
      receiptHash: `no-trgm-${i}`,
    });
  }
  const found = async (q: string) =>
    (await listAccounts(app.db, { filter: { q }, scope: { kind: 'all' } })).rows.length;
  t.equal(await found('dhakhtar'), 1, 'part of a Somali word');
  t.equal(await found('طبيب'), 1, 'part of an Arabic word');
  t.equal(await found('ስፒታ'), 1, 'part of a Tigrinya word');
  t.equal(await found('"ima dhageysan"'), 1, 'a phrase');
  t.equal(await found('nothing'), 0);
});
