// An account filed straight into the database, as the resident journey files one (through
// fileDocument, so the list's columns and the safeguarding scan happen as they do in service),
// with the scanner's personal-detail spans beside the story. For tests that need a few accounts
// with chosen words, languages and days; seedSynthetic is for many.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AccountDocument } from '../../src/accounts/document.js';
import { fileDocument } from '../../src/accounts/file.js';
import type { ResponseChannel } from '../../src/db/schema.js';
import type { LocaleCode } from '../../src/i18n/locales.js';
import { scanPersonalDetails } from '../../src/pii/scan.js';

export interface AccountToFile {
  locale: LocaleCode;
  /** The answer to "what happened", scanned for personal details. */
  story: string;
  day: string;
  channel?: ResponseChannel;
  /** Further answers of the document (`better`, `ethnic_group`, …). */
  answers?: Partial<AccountDocument>;
}

/** Files the account in the demo survey; its id. */
export async function fileAccount(app: FastifyInstance, account: AccountToFile): Promise<string> {
  const entry = await app.surveys.get('your-experience');
  if (!entry) throw new Error('no demo survey');
  const spans = scanPersonalDetails(account.story).map((span) => ({ field: 'value' as const, ...span }));
  const document: AccountDocument = {
    what_happened: { value: account.story, ...(spans.length ? { personalDetails: spans } : {}) },
    consent: { value: 'yes' },
    ...account.answers,
  };
  const receiptHash = `test-${randomUUID()}`;
  await fileDocument(app.db, entry.survey, document, {
    surveyVersionId: entry.stored.versionId,
    locale: account.locale,
    channel: account.channel ?? 'online',
    submittedOn: account.day,
    receiptHash,
  });
  const row = await app.db
    .selectFrom('responses')
    .select('id')
    .where('receipt_hash', '=', receiptHash)
    .executeTakeFirstOrThrow();
  return row.id;
}
