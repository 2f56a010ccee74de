// The choices the accounts list's filter form offers that come from the database: surveys,
// community organisations and assisted sessions. Every list page shows them, and they change a
// few times a week, so each process keeps them for a few seconds rather than asking three more
// queries per page; a session a partner has just created is offered within that time.
import type { Kysely } from 'kysely';
import { listAssistedSessions } from '../assisted-sessions/repository.js';
import type { Database } from '../db/schema.js';
import { listOrganisations } from '../staff/organisations.js';
import { surveyTitles } from '../surveys/repository.js';
import { plainText } from '../surveys/text.js';

export const FILTER_CHOICES_TTL_MS = 10_000;

export interface FilterChoices {
  surveys: { slug: string; title: string }[];
  organisations: { id: string; name: string }[];
  sessions: { id: string; title: string; held_on: string }[];
}

async function readChoices(db: Kysely<Database>): Promise<FilterChoices> {
  const [surveys, organisations, sessions] = await Promise.all([
    surveyTitles(db),
    listOrganisations(db),
    listAssistedSessions(db, undefined),
  ]);
  return {
    // Staff pages are in English; a survey written in another language shows its own title.
    surveys: surveys.map((s) => ({ slug: s.slug, title: plainText(s.title, 'en', s.defaultLocale) })),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, held_on: s.held_on })),
  };
}

/** A reader of the choices that asks the database at most once per `ttlMs`. */
export function filterChoicesReader(db: Kysely<Database>, ttlMs = FILTER_CHOICES_TTL_MS) {
  let cached: { until: number; choices: Promise<FilterChoices> } | undefined;
  return (): Promise<FilterChoices> => {
    if (!cached || cached.until <= Date.now()) {
      const choices = readChoices(db);
      cached = { until: Date.now() + ttlMs, choices };
      // A failed read is not kept: the next page asks again.
      choices.catch(() => {
        if (cached?.choices === choices) cached = undefined;
      });
    }
    return cached.choices;
  };
}
