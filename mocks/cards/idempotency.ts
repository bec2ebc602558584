/**
 * Idempotency keys of the creating operations (OrderCard, ReportCardLostStolen, ResetPin,
 * ReissueCard): the first successful request with a key is executed; the same key with the
 * same content returns that first result and changes nothing; the same key with other
 * content (or for another operation) is refused with IDEMPOTENCY_CONFLICT. A request that
 * failed changed nothing and leaves the key unused, so it can be repeated with the key.
 * Keys are never forgotten (the contract asks for at least 7 days).
 */
import { ContractFault } from '../server/types.js';

interface Remembered {
  readonly fingerprint: string;
  readonly result: unknown;
}

/** JSON with object keys sorted, so that the order of fields never changes a fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class IdempotencyRegistry {
  private readonly keys = new Map<string, Remembered>();

  /**
   * Runs `execute` once per key. `content` is the request without its key; `operation`
   * is part of the fingerprint, so one key cannot serve two operations.
   */
  run<Result>(operation: string, key: string, content: object, execute: () => Result): Result {
    const fingerprint = `${operation}:${canonical(content)}`;
    const remembered = this.keys.get(key);
    if (remembered) {
      if (remembered.fingerprint !== fingerprint) {
        throw new ContractFault('IDEMPOTENCY_CONFLICT', `idempotency key ${key} was already used with different content`, { field: 'idempotencyKey' });
      }
      // The fingerprint names the operation, so the remembered result is of this operation's type.
      return remembered.result as Result;
    }
    const result = execute();
    this.keys.set(key, { fingerprint, result });
    return result;
  }
}
