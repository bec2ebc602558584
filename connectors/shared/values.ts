/**
 * Helpers for reading values as node-soap parses them. node-soap makes a repeated element
 * an array only when it can tell from the schema that the element repeats, which it cannot
 * for elements of the imported cmn types: one occurrence then arrives as a plain value.
 * A typed client reads every element that may repeat through asList.
 */

/** The occurrences of a possibly repeated element: [] when absent, [value] for one, the array for several. */
export function asList<T = unknown>(value: T | readonly T[] | null | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}
