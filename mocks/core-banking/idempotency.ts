/**
 * Idempotency keys: the first request with a key is executed and its result remembered;
 * a repetition with the same content returns that result and changes nothing; the same key
 * with different content is IDEMPOTENCY_CONFLICT. A request that fails with a fault leaves
 * its key unused. Keys are scoped per operation and kept for the mock's lifetime (the
 * contract asks for at least 7 days).
 */
import { fault } from './faults.js';

interface Remembered {
  readonly fingerprint: string;
  readonly result: unknown;
}

export class IdempotencyStore {
  private readonly remembered = new Map<string, Remembered>();

  /**
   * Runs `execute` once per (operation, key). Synchronous on purpose: the lookup, the
   * execution and the remembering happen without a gap another request could use.
   */
  run<T>(operation: string, key: string, content: unknown, execute: () => T): T {
    const slot = `${operation}\u0000${key}`;
    const fingerprint = canonicalJson(content);
    const previous = this.remembered.get(slot);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw fault('IDEMPOTENCY_CONFLICT', `idempotency key ${key} was already used for a different ${operation} request`, 'idempotencyKey');
      }
      return previous.result as T;
    }
    const result = execute();
    this.remembered.set(slot, { fingerprint, result });
    return result;
  }
}

/** JSON with object keys sorted and bigints as strings: equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
