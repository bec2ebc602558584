/**
 * Calendar arithmetic of the mocks on the contracts' lexical forms. The mock banks' time
 * zone is UTC, so a day is a UTC calendar day: dates are xs:date strings (YYYY-MM-DD),
 * months YYYY-MM, instants Dates. Business-day and other domain rules stay with their mock.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** YYYY-MM-DD: the UTC calendar day of an instant. */
export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** YYYY-MM: the UTC calendar month of an instant. */
export function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** An instant as cmn:Timestamp, in UTC with milliseconds ("2026-11-24T09:30:00.000Z"). */
export function timestamp(instant: Date): string {
  return instant.toISOString();
}

/** The instant of a UTC time of day ("09:00:00") on a date; midnight by default. */
export function instantOn(date: string, time = '00:00:00'): Date {
  return new Date(`${date}T${time}Z`);
}

/** Whether text is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && !Number.isNaN(instantOn(text).getTime()) && dateOf(instantOn(text)) === text;
}

export function addDays(date: string, days: number): string {
  return dateOf(new Date(instantOn(date).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((instantOn(to).getTime() - instantOn(from).getTime()) / DAY_MS);
}

/** A month (YYYY-MM) shifted by whole months. */
export function addMonthsToMonth(month: string, months: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + months;
  const targetYear = Math.floor(index / 12);
  return `${pad(targetYear, 4)}-${pad(index - targetYear * 12 + 1, 2)}`;
}

/** The same day of the month `months` later (earlier when negative), or that month's last day when it is shorter. */
export function addMonths(date: string, months: number): string {
  const month = addMonthsToMonth(date.slice(0, 7), months);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${pad(Math.min(Number(date.slice(8, 10)), lastDay), 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
