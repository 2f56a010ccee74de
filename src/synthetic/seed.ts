// Filling a database with synthetic accounts, and taking exactly them out again. Rows go in as
// multi-row inserts of a thousand, each batch its own statement, so a million accounts take
// minutes on real Postgres and memory stays flat. Every row written is marked `synthetic`.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountDocument } from '../accounts/document.js';
import { accountDocument } from '../accounts/document.js';
import { listingOf } from '../accounts/listing.js';
import type { Database, ResponseChannel, SessionFormat } from '../db/schema.js';
import { LOCALE_CODES, type LocaleCode } from '../i18n/locales.js';
import { risksInAccount } from '../safeguarding/scan-account.js';
import type { Survey } from '../surveys/model.js';
import { CHANNEL_WEIGHTS, LOCALE_WEIGHTS, syntheticDay, syntheticValues } from './account.js';
import { removeSyntheticAnalysis } from './codings.js';
import { type PhraseBank, readPhraseBank } from './phrases.js';
import { SeededRandom } from './random.js';

export const BATCH_SIZE = 1000;
const ORGANISATIONS = 6;
const SESSIONS = 40;
const DAYS = 730;
const FORMATS: SessionFormat[] = ['workshop', 'focus_group', 'drop_in', 'outreach', 'phone'];

export interface SeedOptions {
  surveyId: string;
  surveyVersionId: string;
  survey: Survey;
  count: number;
  seed: number;
  /** The last day an account may be dated (two years up to it). */
  until?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  accounts: number;
  sessions: number;
  organisations: number;
}

async function seedSessions(db: Kysely<Database>, options: SeedOptions, rng: SeededRandom, until: Date, run: string) {
  const organisations = await db
    .insertInto('organisations')
    .values(
      Array.from({ length: ORGANISATIONS }, (_, index) => ({
        name: `Synthetic community group ${index + 1}`,
        created_on: syntheticDay(rng, until, DAYS),
        synthetic: true,
      })),
    )
    .returning('id')
    .execute();
  return db
    .insertInto('assisted_sessions')
    .values(
      Array.from({ length: SESSIONS }, (_, index) => ({
        title: `Synthetic session ${index + 1}`,
        held_on: syntheticDay(rng, until, DAYS),
        venue: 'Community centre',
        organisation_id: rng.pick(organisations).id,
        format: rng.pick(FORMATS),
        survey_id: options.surveyId,
        languages: [rng.pick(LOCALE_CODES)],
        join_code: `SYN${run.slice(0, 6).toUpperCase()}${index}`,
        synthetic: true,
      })),
    )
    .returning('id')
    .execute();
}

export async function seedSynthetic(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult> {
  const rng = new SeededRandom(options.seed);
  const until = options.until ?? new Date();
  // Receipt hashes must be unique across runs; nobody holds a code for a synthetic account.
  const run = randomBytes(8).toString('hex');
  const banks = new Map<LocaleCode, PhraseBank>(LOCALE_CODES.map((code) => [code, readPhraseBank(code)]));
  const sessions = await seedSessions(db, options, rng, until, run);

  for (let done = 0; done < options.count; done += BATCH_SIZE) {
    const size = Math.min(BATCH_SIZE, options.count - done);
    const rows = Array.from({ length: size }, (_, offset) => {
      const locale = rng.weighted(LOCALE_WEIGHTS);
      const channel: ResponseChannel = rng.weighted(CHANNEL_WEIGHTS);
      const bank = banks.get(locale) as PhraseBank;
      const document = accountDocument(options.survey, syntheticValues(options.survey, locale, bank, rng));
      // Partners' entries come from a session; some residents join one from their own phone.
      const inSession = channel !== 'online' || rng.chance(0.1);
      return {
        survey_version_id: options.surveyVersionId,
        locale,
        channel,
        submitted_on: syntheticDay(rng, until, DAYS),
        receipt_hash: createHash('sha256')
          .update(`synthetic:${run}:${done + offset}`)
          .digest('hex'),
        session_id: inSession ? rng.pick(sessions).id : null,
        answers: JSON.stringify(document),
        ...listingOf(options.survey, document),
        synthetic: true,
      };
    });
    const filed = await db.insertInto('responses').values(rows).returning(['id', 'receipt_hash']).execute();
    await fileSyntheticFlags(db, options.survey, rows, filed);
    options.onProgress?.(done + size, options.count);
  }
  return { accounts: options.count, sessions: sessions.length, organisations: ORGANISATIONS };
}

/** The safeguarding flags the phrase lists find in a batch, as filing a resident's account files them. */
async function fileSyntheticFlags(
  db: Kysely<Database>,
  survey: Survey,
  rows: { receipt_hash: string; answers: string; submitted_on: string }[],
  filed: { id: string; receipt_hash: string }[],
) {
  const idOf = new Map(filed.map((row) => [row.receipt_hash, row.id]));
  const flags = rows.flatMap((row) =>
    risksInAccount(survey, JSON.parse(row.answers) as AccountDocument).map((risk) => ({
      response_id: idOf.get(row.receipt_hash) as string,
      source: 'phrase' as const,
      category: risk.category,
      question_id: risk.questionId,
      field: risk.field,
      span_start: risk.start,
      span_end: risk.end,
      raised_on: row.submitted_on,
    })),
  );
  if (flags.length > 0) await db.insertInto('safeguarding_flags').values(flags).execute();
}

/** Deletes every row seed-synthetic wrote, and nothing else. */
export async function removeSynthetic(db: Kysely<Database>): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    await removeSyntheticAnalysis(trx);
    const accounts = await trx.deleteFrom('responses').where('synthetic', '=', true).executeTakeFirst();
    const sessions = await trx.deleteFrom('assisted_sessions').where('synthetic', '=', true).executeTakeFirst();
    const organisations = await trx.deleteFrom('organisations').where('synthetic', '=', true).executeTakeFirst();
    return {
      accounts: Number(accounts.numDeletedRows),
      sessions: Number(sessions.numDeletedRows),
      organisations: Number(organisations.numDeletedRows),
    };
  });
}
