/**
 * The memory behind keyed operations: the first request with a key is executed and its
 * result kept; a repeat with the same content gets that result without executing again;
 * the same key with other content is IDEMPOTENCY_CONFLICT. A request that fails leaves
 * nothing behind, so the caller may retry it with the same key. Keys are scoped by
 * operation and client, so that one client's keys never collide with another's.
 */
import { ContractFault } from '../server/types.js';

interface Remembered {
  readonly fingerprint: string;
  readonly result: unknown;
}

export class IdempotencyLedger {
  private readonly entries = new Map<string, Remembered>();

  run<T>(operation: string, clientId: string, key: string, content: unknown, execute: () => T): T {
    const scope = JSON.stringify([operation, clientId, key]);
    const fingerprint = canonicalJson(content);
    const remembered = this.entries.get(scope);
    if (remembered) {
      if (remembered.fingerprint !== fingerprint) {
        throw new ContractFault('IDEMPOTENCY_CONFLICT', `idempotencyKey ${key} was already used for a different ${operation} request`, { field: 'idempotencyKey' });
      }
      return remembered.result as T;
    }
    const result = execute();
    this.entries.set(scope, { fingerprint, result });
    return result;
  }
}

/** JSON with object keys sorted and undefined members dropped, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return `${item}n`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, member]) => member !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
