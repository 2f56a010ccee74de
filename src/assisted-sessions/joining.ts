// When a session's join code lets residents in: from the day before the session (people arrive
// early, posters go up) to the last day its partner chose, and never once it is closed. Days are
// London days, as everywhere else in Codka.
import { londonDate } from '../accounts/file.js';

/** Days before the session that its code already works. */
export const JOIN_DAYS_BEFORE = 1;

export type JoinState = 'open' | 'not_yet' | 'ended';

/** The date `days` before `day` (both YYYY-MM-DD). */
export const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

export function joinState(
  session: { held_on: string; joins_until: string | null; closed: boolean },
  today = londonDate(),
): JoinState {
  if (session.closed) return 'ended';
  if (today < dayBefore(session.held_on, JOIN_DAYS_BEFORE)) return 'not_yet';
  const last = session.joins_until && session.joins_until > session.held_on ? session.joins_until : session.held_on;
  return today > last ? 'ended' : 'open';
}
