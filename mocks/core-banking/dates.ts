/**
 * Business dates of the mock bank. The bank's time zone is UTC, so a business date is the
 * UTC calendar date of an instant (shared/calendar.ts); weekends are the only non-business
 * days (no holiday calendar).
 */
import { addDays, instantOn, isCalendarDate } from '../shared/calendar.js';
import { fault } from './faults.js';

const DATE_PATTERN = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

export function isBusinessDay(date: string): boolean {
  const weekday = instantOn(date).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date itself when it is a business day, else the next business day. */
export function nextBusinessDay(date: string): string {
  let current = date;
  while (!isBusinessDay(current)) current = addDays(current, 1);
  return current;
}

export function startOfDay(date: string): string {
  return `${date}T00:00:00Z`;
}

export function endOfDay(date: string): string {
  return `${date}T23:59:59Z`;
}

/** Reads an xs:date of a request (an optional time zone is ignored: dates are the bank's). */
export function parseRequestDate(value: string, field: string): string {
  const date = DATE_PATTERN.exec(value)?.[1];
  if (date === undefined || !isCalendarDate(date)) {
    throw fault('SCHEMA_VIOLATION', `${field} is not a valid date: ${value}`, field);
  }
  return date;
}

/** Reads a cmn:Timestamp of a request; it must carry a UTC offset. */
export function parseRequestTimestamp(value: string, field: string): Date {
  const millis = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(millis)) throw fault('SCHEMA_VIOLATION', `${field} is not a timestamp with a UTC offset: ${value}`, field);
  return new Date(millis);
}
