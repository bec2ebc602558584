/**
 * Date arithmetic on the contract's lexical forms, all in UTC: xs:date strings
 * (YYYY-MM-DD) and cmn:Timestamp instants.
 */

/** An instant as cmn:Timestamp, in UTC and without a zero millisecond part ("2026-11-24T09:30:00Z"). */
export function formatTimestamp(instant: Date): string {
  return instant.toISOString().replace('.000Z', 'Z');
}

/** The UTC calendar day of an instant. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** An instant on a calendar day at a UTC time of day ("09:00:00"). */
export function instantOn(day: string, time: string): Date {
  return new Date(`${day}T${time}Z`);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const targetYear = year + years;
  const lastDay = new Date(Date.UTC(targetYear, month, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastDay)).padStart(2, '0')}`;
}

/** The last whole second of the UTC calendar month of an instant. */
export function endOfMonth(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + 1, 1) - 1000);
}

/** "YYYYMM" of the UTC calendar month of an instant. */
export function monthKey(instant: Date): string {
  return instant.toISOString().slice(0, 7).replace('-', '');
}
