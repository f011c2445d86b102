/**
 * The service's calendar is the Département's: a sign-in at 00:30 in Cahors on 1 January counts in the
 * new year and month, and « today » for eligibility is the French date, whatever the server's time zone.
 */
const parisDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` in Paris. */
export const dayInFrance = (now: Date): string => parisDate.format(now);

/** `YYYY-MM` in Paris. */
export const monthInFrance = (now: Date): string => dayInFrance(now).slice(0, 7);
