/**
 * When a standing order pays, as pure functions on calendar dates ("YYYY-MM-DD", the
 * contracts' xs:date, taken in UTC): every day, every week on an ISO weekday (1 Monday …
 * 7 Sunday), or every month on a day of the month; a day beyond a month's length is that
 * month's last day (the 31st pays on 30 April and 28 or 29 February, and on 31 May again).
 */
export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Schedule {
  readonly frequency: Frequency;
  /** WEEKLY: ISO weekday 1–7; MONTHLY: day of the month 1–31; absent for DAILY. */
  readonly day?: number;
}

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Whether the text is a real calendar date in the contracts' form. */
export function isDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The UTC calendar date of an instant. */
export const dateOf = (instant: Date): string => instant.toISOString().slice(0, 10);

const toDate = (text: string): Date => new Date(`${text}T00:00:00Z`);
const addDays = (text: string, days: number): string => dateOf(new Date(toDate(text).getTime() + days * 86_400_000));
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
/** ISO weekday, 1 Monday … 7 Sunday. */
export const weekdayOf = (text: string): number => ((toDate(text).getUTCDay() + 6) % 7) + 1;

/** The first date strictly after `date` on which the schedule pays. */
export function nextAfter(schedule: Schedule, date: string): string {
  switch (schedule.frequency) {
    case 'DAILY':
      return addDays(date, 1);
    case 'WEEKLY': {
      const ahead = (((schedule.day ?? 1) - weekdayOf(date) + 7) % 7) || 7;
      return addDays(date, ahead);
    }
    case 'MONTHLY': {
      const day = schedule.day ?? 1;
      const current = toDate(date);
      const year = current.getUTCFullYear();
      const month = current.getUTCMonth();
      const inThisMonth = Math.min(day, daysInMonth(year, month));
      if (inThisMonth > current.getUTCDate()) return dateOf(new Date(Date.UTC(year, month, inThisMonth)));
      return dateOf(new Date(Date.UTC(year, month + 1, Math.min(day, daysInMonth(year, month + 1)))));
    }
  }
}

/** The first date on or after `date` on which the schedule pays. */
export const firstOnOrAfter = (schedule: Schedule, date: string): string => nextAfter(schedule, addDays(date, -1));
