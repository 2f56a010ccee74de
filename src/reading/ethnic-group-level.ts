// Demographics as most readers see them: the ethnic group at the five-group level of the ONS
// classification (Asian, Black, Mixed, White, Other), never the detailed category or the census
// write-in, which together with a language and a date can point to one person in a small
// community. Admins see the detail. The stored account is unchanged; this is presentation.
import type { AccountDocument } from '../accounts/document.js';
import type { PresentedAnswer } from '../accounts/present.js';
import { ETHNIC_GROUPS } from '../surveys/about-you.js';
import { PREFER_NOT } from '../surveys/model.js';

const GROUP_OF_CODE = new Map(ETHNIC_GROUPS.flatMap((group) => group.codes.map((code) => [code, group.key])));

/** The presented answers with the ethnic group's answer at group level and no write-in. */
export function atGroupLevel(
  rows: PresentedAnswer[],
  stored: unknown,
  text: (key: string) => string,
): PresentedAnswer[] {
  const document = (stored ?? {}) as AccountDocument;
  const code = document.ethnic_group?.value;
  return rows.map((row) => {
    if (row.questionId !== 'ethnic_group' || typeof code !== 'string' || code === PREFER_NOT) return row;
    const group = GROUP_OF_CODE.get(code);
    const answer = group ? text(`aboutYou.ethnicGroup.groups.${group}`) : row.answer;
    return { questionId: row.questionId, question: row.question, answer, choices: [answer] };
  });
}
