// When staff did something, as the council's clock reads it: staff work keeps its times (as the
// audit log does); residents' accounts never have one. One formatter for every staff page.
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium' });

/** "4 Dec 2026, 19:52". */
export const staffTime = (at: Date | string): string => TIME.format(new Date(at));

/** "4 Dec 2026". */
export const staffDay = (at: Date | string): string => DAY.format(new Date(at));
