// Days that match YYYY-MM-DD but are not on the calendar: Date.parse accepts some of them,
// Postgres refuses them all.
import t from 'tap';
import { isCalendarDay } from '../../src/dates/calendar-day.js';

t.test('real days pass, made-up ones do not', async (t) => {
  for (const day of ['2026-02-28', '2024-02-29', '2026-12-31', '1900-01-01', '2099-12-31'])
    t.ok(isCalendarDay(day), day);
  for (const day of [
    '2026-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '1899-12-31',
    '2026-1-01',
    '2026-01-01T00:00',
    ' 2026-01-01',
    '',
  ]) {
    t.notOk(isCalendarDay(day), JSON.stringify(day));
  }
  t.equal(Number.isNaN(Date.parse('2026-02-30')), false, 'why a pattern and Date.parse were not enough');
});
