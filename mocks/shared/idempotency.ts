/**
 * Idempotency keys of the mocks' creating operations: the first request with a key is
 * executed and its result remembered; a repetition with the same content returns that
 * result and changes nothing; the same key with other content is IDEMPOTENCY_CONFLICT. A
 * request that fails leaves its key unused, so it can be repeated with the key. Keys are
 * kept for the mock's lifetime (the contracts ask for at least 7 days).
 */
import { ContractFault } from '../server/types.js';
import { compareText } from './compare.js';

/** One keyed request. */
export interface KeyedRequest {
  /** The operation ("CreateTransfer"). */
  readonly operation: string;
  readonly idempotencyKey: string;
  /** Whose keys these are besides the operation (a client): keys of different owners never meet. */
  readonly owner?: string;
  /** The request without its key: a repetition must carry the same. */
  readonly content: unknown;
}

export interface IdempotencyRules {
  /**
   * 'operation': each operation has keys of its own; 'shared': one set of keys for all
   * operations, so a key used by one operation is a conflict in another.
   */
  readonly keysPer: 'operation' | 'shared';
  /** The message of the IDEMPOTENCY_CONFLICT fault. */
  readonly conflictMessage: (request: KeyedRequest) => string;
}

interface Remembered {
  readonly fingerprint: string;
  readonly result: unknown;
}

export class IdempotencyStore {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly rules: IdempotencyRules) {}

  /**
   * Runs `execute` once per key. Synchronous on purpose: the lookup, the execution and the
   * remembering happen without a gap another request could use.
   */
  run<T>(request: KeyedRequest, execute: () => T): T {
    const perOperation = this.rules.keysPer === 'operation';
    const slot = JSON.stringify([perOperation ? request.operation : '', request.owner ?? '', request.idempotencyKey]);
    const fingerprint = canonicalJson(perOperation ? request.content : [request.operation, request.content]);
    const previous = this.remembered.get(slot);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new ContractFault('IDEMPOTENCY_CONFLICT', this.rules.conflictMessage(request), { field: 'idempotencyKey' });
      }
      // The slot (or the fingerprint) names the operation, so the result is of this operation's type.
      return previous.result as T;
    }
    const result = execute();
    this.remembered.set(slot, { fingerprint, result });
    return result;
  }
}

/** JSON with object keys sorted, undefined members dropped, bigints and instants as strings: equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
