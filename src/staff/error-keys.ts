// Every message a staff form can show beside a field: the keys under `errors` in each locale's
// staff.json. Form schemas name these as their zod messages, so a typo is a type error, and a
// test checks that each one exists in every locale file with staff strings.
export const STAFF_ERROR_KEYS = [
  'email_invalid',
  'email_taken',
  'name_required',
  'name_too_long',
  'password_too_short',
  'password_too_long',
  'password_mismatch',
  'current_password_wrong',
  'reauth_throttled',
  'role_unknown',
  'language_unknown',
  'organisation_unknown',
  'organisation_exists',
  'cannot_remove_own_admin',
  'title_required',
  'title_too_long',
  'date_invalid',
  'joins_until_invalid',
  'venue_required',
  'venue_too_long',
  'format_required',
  'survey_required',
  'languages_required',
  'category_required',
  'reason_required',
  'reason_too_long',
  'resolution_required',
  'note_too_long',
  'translation_too_long',
  'translation_incomplete',
  'part_required',
  'phrase_required',
  'phrase_not_found',
  'closes_before_opens',
  'reviewer_unknown',
  'description_too_long',
  'colour_invalid',
  'parent_unknown',
  'version_missing',
  'code_name_taken',
  'code_parent_invalid',
] as const;

export type StaffErrorKey = (typeof STAFF_ERROR_KEYS)[number];

/** Keys whose text takes a count, stored as i18next plural forms (`_one`, `_other`). */
export const PLURAL_STAFF_ERROR_KEYS: ReadonlySet<StaffErrorKey> = new Set(['reauth_throttled']);
