// The typed shape of the database, as the migrations leave it.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type SurveyStatus = 'draft' | 'open' | 'closed';
export const RESPONSE_CHANNELS = ['online', 'assisted', 'paper'] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];
export const RESPONSE_STATUSES = ['received', 'in_review', 'themed', 'withdrawn'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** A Postgres `date`, kept as a `YYYY-MM-DD` string on both drivers. */
type DateOnly = ColumnType<string, string | undefined, string>;

export interface SurveysTable {
  id: Generated<string>;
  slug: string;
  status: ColumnType<SurveyStatus, SurveyStatus | undefined, SurveyStatus>;
  current_version_id: string | null;
}

export interface SurveyVersionsTable {
  id: Generated<string>;
  survey_id: string;
  version: number;
  content_hash: string;
  definition: ColumnType<unknown, string, string>;
  imported_on: DateOnly;
}

export interface ResponsesTable {
  id: Generated<string>;
  survey_version_id: string;
  locale: string;
  channel: ResponseChannel;
  submitted_on: string;
  status: ColumnType<ResponseStatus, ResponseStatus | undefined, ResponseStatus>;
  receipt_hash: string;
  session_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The account: question id → answer (see surveys/account-document.ts); null once withdrawn. */
  answers: ColumnType<unknown, string | null | undefined, string | null>;
  /** Written by seed-synthetic (development data), never by the service. */
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  /** What the accounts list filters and searches on (accounts/listing.ts); null once withdrawn. */
  search_text: ColumnType<string | null, string | null | undefined, string | null>;
  ethnic_group: ColumnType<string | null, string | null | undefined, string | null>;
  age_band: ColumnType<string | null, string | null | undefined, string | null>;
}

export const ROLES = ['admin', 'analyst', 'translator', 'partner', 'reviewer', 'safeguarding'] as const;
export type Role = (typeof ROLES)[number];

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  created_on: DateOnly;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  organisation_id: string | null;
  password_hash: string | null;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  totp_secret: string | null;
  totp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** bigint: pg returns it as a string. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  /** Wrong second-factor codes in a row (a right code, a recovery code or an admin resets it). */
  second_factor_failures: ColumnType<number, number | undefined, number>;
  /** No second-factor code is checked before this time. */
  second_factor_wait_until: Timestamp | null;
  /** After too many wrong codes only a recovery code (or an admin) lets the user in. */
  second_factor_locked: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  /** A coder written by seed-synthetic --codings: disabled, never able to sign in. */
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface StaffRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface StaffSessionsTable {
  id_hash: string;
  user_id: string;
  stage: 'second_factor' | 'authenticated';
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export type TokenPurpose = 'setup' | 'invite' | 'reset';

export interface StaffTokensTable {
  token_hash: string;
  purpose: TokenPurpose;
  user_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  key: string;
  failures: ColumnType<number, number | undefined, number>;
  blocked_until: Timestamp | null;
  last_failure_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: ColumnType<unknown, string | undefined, never>;
}

export const SESSION_FORMATS = ['workshop', 'focus_group', 'drop_in', 'outreach', 'phone'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

export interface AssistedSessionsTable {
  id: Generated<string>;
  title: string;
  held_on: string;
  venue: string;
  organisation_id: string;
  format: SessionFormat;
  survey_id: string;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  join_code: string;
  created_by: string | null;
  /** The last day residents may join with the code; null means the day it is held. */
  joins_until: string | null;
  closed: Generated<boolean>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ReceiptSlipsTable {
  id_hash: string;
  staff_session_hash: string;
  session_id: string;
  locale: string;
  code_encrypted: string;
  expires_at: Timestamp;
}

export interface SafeguardingFlagsTable {
  id: Generated<string>;
  response_id: string;
  source: 'phrase' | 'staff';
  category: 'self_harm' | 'abuse' | 'child_at_risk' | 'immediate_danger' | 'other';
  question_id: string | null;
  field: 'value' | 'writeIn' | null;
  span_start: number | null;
  span_end: number | null;
  reason: string | null;
  raised_by: string | null;
  raised_on: DateOnly;
  resolution: 'actioned' | 'referred' | 'no_concern' | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_on: string | null;
}

export interface TranslationsTable {
  response_id: string;
  target_locale: string;
  /** question id → { value?, writeIn? }: the translated free text. */
  texts: ColumnType<unknown, string, string>;
  status: 'draft' | 'done';
  translated_by: string | null;
  translated_on: DateOnly;
}

export interface RedactionChangesTable {
  id: Generated<string>;
  response_id: string;
  question_id: string;
  field: 'value' | 'writeIn';
  span_start: number;
  span_end: number;
  change: 'hide' | 'show';
  changed_by: string | null;
  changed_on: DateOnly;
}

export interface ReviewRoundsTable {
  id: Generated<string>;
  name: string;
  opens_on: string;
  closes_on: string;
  created_by: string | null;
  created_on: string;
}

export interface ReviewRoundAccountsTable {
  round_id: string;
  response_id: string;
  added_on: string;
}

export interface ReviewRoundReviewersTable {
  round_id: string;
  user_id: string;
}

export interface CodesTable {
  id: Generated<string>;
  survey_id: string;
  parent_id: string | null;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  colour: string | null;
  retired: ColumnType<boolean, boolean | undefined, boolean>;
  merged_into: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Timestamp;
  /** Written by seed-synthetic --codings, never by the service. */
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export type CodeDecisionAction = 'created' | 'changed' | 'moved' | 'retired' | 'restored' | 'merged' | 'imported';

export interface CodeDecisionsTable {
  id: Generated<string>;
  survey_id: string;
  code_id: string;
  action: CodeDecisionAction;
  details: ColumnType<unknown, string | undefined, never>;
  decided_by: string | null;
  decided_at: Timestamp;
}

export interface CodingsTable {
  id: Generated<string>;
  response_id: string;
  question_id: string;
  field: 'value' | 'writeIn';
  /** Null: the resident's own words; otherwise the language of the translation coded. */
  translation_locale: string | null;
  /** Code points on the NFC text, end exclusive. */
  span_start: number;
  span_end: number;
  quote: string;
  code_id: string;
  coded_by: string;
  coded_at: Timestamp;
}

export type ThemeStatus = 'candidate' | 'reviewed' | 'defined' | 'set_aside';

export interface ThemesTable {
  id: Generated<string>;
  survey_id: string;
  name: string;
  central_idea: ColumnType<string, string | undefined, string>;
  status: ColumnType<ThemeStatus, ThemeStatus | undefined, ThemeStatus>;
  /** Accounts with a coding under one of the theme's codes (kept by triggers: theme_support). */
  account_count: ColumnType<number, never, never>;
  /** Written by seed-synthetic --codings, never by the service. */
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Timestamp;
}

/** Per theme and account, how many of the account's codings carry one of the theme's codes. */
export interface ThemeSupportTable {
  theme_id: string;
  response_id: string;
  passages: number;
}

export interface ThemeCodesTable {
  theme_id: string;
  code_id: string;
}

export type ThemeDecisionAction = 'created' | 'changed' | 'status' | 'codes' | 'imported';

export interface ThemeDecisionsTable {
  id: Generated<string>;
  theme_id: string;
  action: ThemeDecisionAction;
  details: ColumnType<unknown, string | undefined, never>;
  decided_by: string | null;
  decided_at: Timestamp;
}

export interface ReviewRoundThemesTable {
  round_id: string;
  theme_id: string;
}

export interface ThemeCommentsTable {
  id: Generated<string>;
  theme_id: string;
  round_id: string;
  author_id: string;
  says: ColumnType<string, string | undefined, string>;
  missing: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

export type MemoKind = 'code' | 'theme' | 'account' | 'journal';

export interface MemosTable {
  id: Generated<string>;
  kind: MemoKind;
  target_id: string | null;
  author_id: string;
  body: string;
  shared: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface Database {
  memos: MemosTable;
  review_round_themes: ReviewRoundThemesTable;
  theme_comments: ThemeCommentsTable;
  themes: ThemesTable;
  theme_codes: ThemeCodesTable;
  theme_support: ThemeSupportTable;
  theme_decisions: ThemeDecisionsTable;
  codes: CodesTable;
  codings: CodingsTable;
  code_decisions: CodeDecisionsTable;
  review_rounds: ReviewRoundsTable;
  review_round_accounts: ReviewRoundAccountsTable;
  review_round_reviewers: ReviewRoundReviewersTable;
  redaction_changes: RedactionChangesTable;
  translations: TranslationsTable;
  safeguarding_flags: SafeguardingFlagsTable;
  assisted_sessions: AssistedSessionsTable;
  receipt_slips: ReceiptSlipsTable;
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  responses: ResponsesTable;
  organisations: OrganisationsTable;
  staff_users: StaffUsersTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_sessions: StaffSessionsTable;
  staff_tokens: StaffTokensTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
}

export type StaffUserRow = Selectable<StaffUsersTable>;

export type SurveyRow = Selectable<SurveysTable>;
export type SurveyVersionRow = Selectable<SurveyVersionsTable>;
export type NewResponse = Insertable<ResponsesTable>;
