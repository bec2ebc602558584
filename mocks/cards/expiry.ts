/** When a card stops being valid: its expiry month (YYYY-MM) is a UTC calendar month. */
import { addMonthsToMonth, instantOn } from '../shared/calendar.js';

/** The first instant after a card's expiry month, when the card stops being valid. */
export function expiryInstant(expiry: string): Date {
  return instantOn(`${addMonthsToMonth(expiry, 1)}-01`);
}
