/**
 * Day arithmetic for the seed generator: days are integers (days since 1970-01-01, UTC),
 * written as YYYY-MM-DD only when a record is made. No local time zone is ever involved.
 * Arithmetic on the written dates is shared/calendar.ts.
 */
import { DAY_MS, dateOf } from '../shared/calendar.js';
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** The day number of a YYYY-MM-DD date; throws on anything else or an impossible date. */
export function parseDay(iso: string): number {
  const match = typeof iso === 'string' ? ISO_DATE.exec(iso) : null;
  if (!match) throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  const day = dayOf(Number(match[1]), Number(match[2]), Number(match[3]));
  if (isoDay(day) !== iso) throw new RangeError(`${iso} is not a calendar date`);
  return day;
}

/** The day number of year, month (1–12), day of month; out-of-range values roll over as in Date.UTC. */
export function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function isoDay(day: number): string {
  return dateOf(new Date(day * DAY_MS));
}

/** Year, month (1–12) and day of month of a day number. */
export function partsOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

/** The same calendar day `years` years earlier (29 February becomes 28 February). */
export function yearsBefore(day: number, years: number): number {
  const { year, month, dayOfMonth } = partsOf(day);
  return dayOf(year - years, month, month === 2 && dayOfMonth === 29 ? 28 : dayOfMonth);
}

/** Whole years from birth to on (an age). */
export function yearsBetween(birth: number, on: number): number {
  const b = partsOf(birth);
  const o = partsOf(on);
  let years = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.dayOfMonth < b.dayOfMonth)) years--;
  return years;
}

/**
 * The days of the history window, precomputed once: their dates as shared strings (every
 * entry of a day refers to the same string), day of month, last-of-month flags and month
 * labels ("10/2026").
 */
export class HistoryCalendar {
  /** Day number of the first day of the history. */
  readonly start: number;
  readonly length: number;
  readonly dates: readonly string[];
  readonly dayOfMonth: Uint8Array;
  readonly lastOfMonth: Uint8Array;
  /** Index into `months` of each day. */
  readonly monthIndex: Uint16Array;
  /** The month labels ("MM/YYYY") the window touches, in order. */
  readonly months: readonly string[];

  constructor(today: number, historyDays: number) {
    this.start = today - historyDays + 1;
    this.length = historyDays;
    const dates: string[] = [];
    const months: string[] = [];
    this.dayOfMonth = new Uint8Array(historyDays);
    this.lastOfMonth = new Uint8Array(historyDays);
    this.monthIndex = new Uint16Array(historyDays);
    for (let i = 0; i < historyDays; i++) {
      const iso = isoDay(this.start + i);
      dates.push(iso);
      const label = `${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
      if (months[months.length - 1] !== label) months.push(label);
      this.monthIndex[i] = months.length - 1;
      this.dayOfMonth[i] = Number(iso.slice(8, 10));
      this.lastOfMonth[i] = partsOf(this.start + i + 1).dayOfMonth === 1 ? 1 : 0;
    }
    this.dates = dates;
    this.months = months;
  }

  /** The date string of a day number, shared when inside the window. */
  date(day: number): string {
    const i = day - this.start;
    return i >= 0 && i < this.length ? (this.dates[i] as string) : isoDay(day);
  }
}
