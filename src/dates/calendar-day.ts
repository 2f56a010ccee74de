// A day as the service writes one, `YYYY-MM-DD`, that really is on the calendar. A pattern is not
// enough: "2026-02-30" matches it, JavaScript's Date.parse accepts it (as 2 March), and Postgres
// refuses it in a `date` column, which would turn a typed date into a 500 and lose the form.
// Years from 1900 to 2099: every date a resident's account or a session can have.
const DAY = /^(19|20)\d{2}-\d{2}-\d{2}$/;

export function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const at = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().startsWith(value);
}
