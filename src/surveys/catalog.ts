// Surveys as the routes need them: the current version resolved and ready to run. Versions
// are immutable, so a resolved survey is cached for good by version id; which version is
// current (and whether the survey is open) is cached briefly so that a page view costs no
// query, while an admin's change still reaches every instance within seconds.
import type { i18n } from 'i18next';
import type { Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { Database } from '../db/schema.js';
import { LOCALE_CODES } from '../i18n/locales.js';
import { type LocalizedText, SLUG_PATTERN } from './definition.js';
import { type InterfaceText, resolveSurvey, type Survey } from './model.js';
import { findSurvey, findVersion, listSurveys, type StoredSurvey } from './repository.js';

export interface CatalogEntry {
  stored: StoredSurvey;
  survey: Survey;
}

export const CURRENT_VERSION_TTL_MS = 5000;

export function interfaceTextFrom(instance: i18n): InterfaceText {
  return (key) => {
    const text: LocalizedText = {};
    for (const code of LOCALE_CODES) {
      const value = instance.getResource(code, 'translation', key);
      if (typeof value === 'string' && value !== '') text[code] = value;
    }
    return text;
  };
}

export class SurveyCatalog {
  readonly #resolved = new Map<string, Survey>();
  readonly #current = new Map<string, { entry: CatalogEntry | undefined; until: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly interfaceText: InterfaceText,
    private readonly ttlMs = CURRENT_VERSION_TTL_MS,
  ) {}

  async get(slug: string): Promise<CatalogEntry | undefined> {
    // Only slugs a survey could have reach the database (and the cache, which must not grow
    // with every made-up address someone types).
    if (!SLUG_PATTERN.test(slug)) return undefined;
    const cached = this.#current.get(slug);
    if (cached && cached.until > Date.now()) return cached.entry;
    let stored: StoredSurvey | undefined;
    try {
      stored = await findSurvey(this.db, slug);
    } catch (error) {
      // While the database is away, keep serving the survey we last saw, so a resident's
      // answers come back to them with a "try again" message rather than an error page.
      if (cached && isDatabaseUnavailable(error)) return cached.entry;
      throw error;
    }
    if (!stored) return undefined;
    const entry = this.#entry(stored);
    this.#current.set(slug, { entry, until: Date.now() + this.ttlMs });
    return entry;
  }

  async listOpen(): Promise<CatalogEntry[]> {
    return (await listSurveys(this.db, 'open')).map((stored) => this.#entry(stored));
  }

  /** The survey as a given version asked it (versions never change, so it is cached for good). */
  async version(versionId: string): Promise<Survey | undefined> {
    const cached = this.#resolved.get(versionId);
    if (cached) return cached;
    const stored = await findVersion(this.db, versionId);
    return stored ? this.#entry(stored).survey : undefined;
  }

  /** Forget which versions are current (after an import or a status change here). */
  invalidate(): void {
    this.#current.clear();
  }

  #entry(stored: StoredSurvey): CatalogEntry {
    let survey = this.#resolved.get(stored.versionId);
    if (!survey) {
      survey = resolveSurvey(stored.definition, this.interfaceText);
      this.#resolved.set(stored.versionId, survey);
    }
    return { stored, survey };
  }
}
