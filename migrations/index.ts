// A static map, so the migrator never imports .ts files by path (works under tsx, tap and
// the compiled build alike). Names sort in the order they run.
import type { Migration } from 'kysely';
import * as residentJourney from './2026_11_26_01_resident_journey.js';
import * as staff from './2026_11_26_02_staff.js';
import * as assistedSessions from './2026_11_26_03_assisted_sessions.js';
import * as staffHardening from './2026_11_26_04_staff_hardening.js';
import * as answersDocument from './2026_11_26_05_answers_document.js';
import * as secondFactorLock from './2026_12_02_01_second_factor_lock.js';
import * as sessionJoins from './2026_12_02_02_session_joins.js';
import * as syntheticRows from './2026_12_03_01_synthetic_rows.js';
import * as accountsList from './2026_12_03_02_accounts_list.js';
import * as safeguardingFlags from './2026_12_03_03_safeguarding_flags.js';
import * as translations from './2026_12_03_04_translations.js';
import * as redactionChanges from './2026_12_03_05_redaction_changes.js';
import * as reviewRounds from './2026_12_04_01_review_rounds.js';
import * as languagePairIndexes from './2026_12_04_02_language_pair_indexes.js';
import * as codebook from './2026_12_04_03_codebook.js';
import * as codings from './2026_12_04_04_codings.js';
import * as themes from './2026_12_04_05_themes.js';
import * as themeSupport from './2026_12_04_06_theme_support.js';
import * as syntheticAnalysis from './2026_12_04_07_synthetic_analysis.js';
import * as themeReview from './2026_12_04_08_theme_review.js';
import * as memos from './2026_12_04_09_memos.js';

export const migrations: Record<string, Migration> = {
  '2026_11_26_01_resident_journey': residentJourney,
  '2026_11_26_02_staff': staff,
  '2026_11_26_03_assisted_sessions': assistedSessions,
  '2026_11_26_04_staff_hardening': staffHardening,
  '2026_11_26_05_answers_document': answersDocument,
  '2026_12_02_01_second_factor_lock': secondFactorLock,
  '2026_12_02_02_session_joins': sessionJoins,
  '2026_12_03_01_synthetic_rows': syntheticRows,
  '2026_12_03_02_accounts_list': accountsList,
  '2026_12_03_03_safeguarding_flags': safeguardingFlags,
  '2026_12_03_04_translations': translations,
  '2026_12_03_05_redaction_changes': redactionChanges,
  '2026_12_04_01_review_rounds': reviewRounds,
  '2026_12_04_02_language_pair_indexes': languagePairIndexes,
  '2026_12_04_03_codebook': codebook,
  '2026_12_04_04_codings': codings,
  '2026_12_04_05_themes': themes,
  '2026_12_04_06_theme_support': themeSupport,
  '2026_12_04_07_synthetic_analysis': syntheticAnalysis,
  '2026_12_04_08_theme_review': themeReview,
  '2026_12_04_09_memos': memos,
};
