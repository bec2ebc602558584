/**
 * Business dates of the mock bank. The bank's time zone is UTC, so a business date is the
 * UTC calendar date of an instant; weekends are the only non-business days (no holiday
 * calendar).
 */
import { fault } from './faults.js';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

export function toIsoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** An instant as a cmn:Timestamp ("2026-11-24T09:30:00.000Z"). */
export function timestamp(instant: Date): string {
  return instant.toISOString();
}

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The same day of the month `months` later, or that month's last day when it is shorter. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

export function isBusinessDay(date: string): boolean {
  const weekday = new Date(toUtc(date)).getUTCDay();
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
  const match = DATE_PATTERN.exec(value);
  const date = match?.[1];
  if (date === undefined || Number.isNaN(toUtc(date)) || toIsoDate(new Date(toUtc(date))) !== date) {
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
