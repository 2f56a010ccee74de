// Migration 05 moves answers from one row each into one document per response. Accounts filed
// before it must read the same afterwards (personal-detail spans included), withdrawn ones stay
// empty, and going down restores the rows.
import { Migrator, sql } from 'kysely';
import t, { type Test } from 'tap';
import { migrations } from '../../migrations/index.js';
import { testDatabase } from '../helper.js';

t.test('accounts filed before migration 05 read the same after it, and after going back down', async (t) => {
  const db = (await testDatabase(t)).db;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });

  async function migrateTo(t: Test, name: string, direction: 'up' | 'down' = 'up') {
    const result = await migrator.migrateTo(name);
    if (result.error) throw result.error;
    t.ok(result.results?.every((r) => r.status === 'Success' && r.direction === (direction === 'up' ? 'Up' : 'Down')));
  }

  await migrateTo(t, '2026_11_26_04_staff_hardening');
  const { rows: versions } = await sql<{ id: string }>`
    with survey as (insert into surveys (slug) values ('old') returning id)
    insert into survey_versions (survey_id, version, content_hash, definition, imported_on)
    select id, 1, 'h', '{}'::jsonb, '2026-11-01' from survey returning id`.execute(db);
  const versionId = versions[0]?.id;
  const { rows: responses } = await sql<{ id: string; receipt_hash: string }>`
    insert into responses (survey_version_id, locale, channel, submitted_on, receipt_hash, status)
    values (${versionId}, 'so', 'online', '2026-11-02', 'kept', 'received'),
           (${versionId}, 'ar', 'paper', '2026-11-03', 'withdrawn', 'withdrawn'),
           (${versionId}, 'en', 'online', '2026-11-04', 'empty', 'received')
    returning id, receipt_hash`.execute(db);
  const idOf = (hash: string) => responses.find((r) => r.receipt_hash === hash)?.id as string;
  const phone = [{ field: 'value', start: 4, end: 16, kind: 'phone' }];
  await sql`
    insert into answers (response_id, question_id, value, personal_details) values
      (${idOf('kept')}, 'what_happened', ${JSON.stringify({ value: 'Wac 07911 123456' })}::jsonb,
        ${JSON.stringify(phone)}::jsonb),
      (${idOf('kept')}, 'service', ${JSON.stringify({ value: 'other', writeIn: 'Rugta' })}::jsonb, '[]'::jsonb),
      (${idOf('kept')}, 'services_used', ${JSON.stringify({ value: ['gp', 'dental'] })}::jsonb, '[]'::jsonb)`.execute(
    db,
  );

  await migrateTo(t, '2026_11_26_05_answers_document');
  const documents = async () =>
    Object.fromEntries(
      (
        await sql<{ receipt_hash: string; answers: unknown }>`select receipt_hash, answers from responses`.execute(db)
      ).rows.map((r) => [r.receipt_hash, r.answers]),
    );
  t.same(
    await documents(),
    {
      kept: {
        what_happened: { value: 'Wac 07911 123456', personalDetails: phone },
        service: { value: 'other', writeIn: 'Rugta' },
        services_used: { value: ['gp', 'dental'] },
      },
      withdrawn: null,
      empty: {},
    },
    'each account is one document; a withdrawn one holds nothing',
  );
  const { rows: tables } = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.tables where table_name = 'answers'`.execute(db);
  t.equal(tables[0]?.n, 0, 'the answers table is gone');

  await migrateTo(t, '2026_11_26_04_staff_hardening', 'down');
  const { rows: back } = await sql<{ question_id: string; value: unknown; personal_details: unknown }>`
    select question_id, value, personal_details from answers where response_id = ${idOf('kept')}
    order by question_id`.execute(db);
  t.same(
    back,
    [
      { question_id: 'service', value: { value: 'other', writeIn: 'Rugta' }, personal_details: [] },
      { question_id: 'services_used', value: { value: ['gp', 'dental'] }, personal_details: [] },
      { question_id: 'what_happened', value: { value: 'Wac 07911 123456' }, personal_details: phone },
    ],
    'down restores one row per answer with its spans',
  );
});
