// What the accounts list filters and searches on, derived from an account's document when it is
// filed and kept on its row so every list query goes through an index (migration
// 2026_12_03_02_accounts_list):
// - the search text: the words of the free-text answers in their match form (text/match-form.ts),
//   with personal details cut out first, so a search can never find an account by a phone number
//   or an email address that the reader would see only as "[phone number]". The "about you"
//   answers are not searched: a write-in such as a census background would let a search reach
//   finer demographics than the five groups a reader is shown;
// - the ethnic group at the five-group level, and the age band.
// Withdrawal clears all three with the document (withdraw.ts).
import { ABOUT_YOU_IDS, ETHNIC_GROUPS } from '../surveys/about-you.js';
import { PREFER_NOT, type Survey } from '../surveys/model.js';
import { matchForm } from '../text/match-form.js';
import type { AccountDocument, PersonalDetailRecord, StoredAnswer } from './document.js';

export interface ListingColumns {
  search_text: string;
  ethnic_group: string | null;
  age_band: string | null;
}

const ABOUT_YOU = new Set<string>(ABOUT_YOU_IDS);
const GROUP_OF_CODE = new Map(ETHNIC_GROUPS.flatMap((group) => group.codes.map((code) => [code, group.key])));

/** The text with each personal detail (code-point spans) replaced by a space. */
function withoutDetails(text: string, spans: PersonalDetailRecord[], field: PersonalDetailRecord['field']): string {
  const own = spans.filter((span) => span.field === field);
  if (own.length === 0) return text;
  const codePoints = Array.from(text);
  for (const span of own) codePoints.fill(' ', Math.max(0, span.start), Math.min(codePoints.length, span.end));
  return codePoints.join('');
}

/** The free text a resident typed, as a reader would see it with details hidden, in survey order. */
export function freeTextOf(survey: Survey, document: AccountDocument): string[] {
  const texts: string[] = [];
  for (const question of survey.questions) {
    if (ABOUT_YOU.has(question.id)) continue;
    const answer: StoredAnswer | undefined = document[question.id];
    if (!answer) continue;
    const details = answer.personalDetails ?? [];
    if (question.kind === 'text' && typeof answer.value === 'string' && answer.value !== PREFER_NOT) {
      texts.push(withoutDetails(answer.value, details, 'value'));
    }
    if (answer.writeIn) texts.push(withoutDetails(answer.writeIn, details, 'writeIn'));
  }
  return texts;
}

function single(answer: StoredAnswer | undefined): string | undefined {
  return typeof answer?.value === 'string' ? answer.value : undefined;
}

export function listingOf(survey: Survey, document: AccountDocument): ListingColumns {
  const ethnic = single(document.ethnic_group);
  const age = single(document.age_band);
  return {
    search_text: matchForm(freeTextOf(survey, document).join('\n')),
    ethnic_group:
      ethnic === undefined ? null : ethnic === PREFER_NOT ? PREFER_NOT : (GROUP_OF_CODE.get(ethnic) ?? null),
    age_band: age ?? null,
  };
}
