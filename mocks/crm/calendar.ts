/**
 * The CRM's own forms of instants: cmn:Timestamp without a zero millisecond part, and the
 * calendar month of its offers. Day arithmetic is shared/calendar.ts.
 */
import { monthOf } from '../shared/calendar.js';

/** An instant as cmn:Timestamp, in UTC and without a zero millisecond part ("2026-11-24T09:30:00Z"). */
export function formatTimestamp(instant: Date): string {
  return instant.toISOString().replace('.000Z', 'Z');
}

/** The last whole second of the UTC calendar month of an instant. */
export function endOfMonth(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + 1, 1) - 1000);
}

/** "YYYYMM" of the UTC calendar month of an instant. */
export function monthKey(instant: Date): string {
  return monthOf(instant).replace('-', '');
}

/** The earlier of two instants. */
export function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}
