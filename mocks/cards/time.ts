/**
 * Calendar arithmetic of the card system. The bank's time zone is UTC in the mock, so a
 * "day" or "month" of a limit, a hold or a period is a UTC calendar day or month.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an instant. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** YYYY-MM of an instant. */
export function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** cmn:Timestamp (always with the Z offset). */
export function timestamp(instant: Date): string {
  return instant.toISOString();
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** YYYY-MM shifted by whole months. */
export function addMonths(month: string, months: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const total = year * 12 + (monthNumber - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The first instant after a card's expiry month, when the card stops being valid. */
export function expiryInstant(expiry: string): Date {
  return new Date(`${addMonths(expiry, 1)}-01T00:00:00Z`);
}

/** Midnight UTC of a day. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Whether text is a real calendar date written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && dayOf(startOfDay(text)) === text;
}

/** Inclusive number of days from `from` to `to`. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}
