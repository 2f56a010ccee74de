// The first words of an account, for its row in the accounts list: its free-text answers in the
// survey's order, personal details shown as "[phone number]" and the like (never the detail
// itself), cut at a word boundary.
import type { AccountDocument } from '../accounts/document.js';
import { redact } from '../pii/redact.js';
import type { PersonalDetailKind, PersonalDetailSpan } from '../pii/scan.js';
import { ABOUT_YOU_IDS } from '../surveys/about-you.js';
import { PREFER_NOT, type Survey } from '../surveys/model.js';

export const EXCERPT_LENGTH = 160;
const ABOUT_YOU = new Set<string>(ABOUT_YOU_IDS);

export function excerptOf(
  survey: Survey,
  stored: unknown,
  detailLabel: (kind: PersonalDetailKind) => string,
  length = EXCERPT_LENGTH,
): string {
  if (stored === null || typeof stored !== 'object') return '';
  const document = stored as AccountDocument;
  const parts: string[] = [];
  let used = 0;
  for (const question of survey.questions) {
    const answer = document[question.id];
    if (!answer || ABOUT_YOU.has(question.id) || question.kind !== 'text') continue;
    if (typeof answer.value !== 'string' || answer.value === PREFER_NOT) continue;
    const spans = (answer.personalDetails ?? []).filter((s) => s.field === 'value') as PersonalDetailSpan[];
    // Most answers hold no personal detail: those need no cutting by code point.
    const shown = spans.length > 0 ? redact(answer.value, spans, detailLabel) : answer.value;
    parts.push(shown.replace(/\s+/gu, ' ').trim());
    used += shown.length;
    if (used > length) break;
  }
  const joined = parts.filter(Boolean).join(' — ');
  // UTF-16 length is at least the code-point length: a short text needs no closer look.
  if (joined.length <= length) return joined;
  const text = Array.from(joined);
  if (text.length <= length) return joined;
  const cut = text.slice(0, length).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
