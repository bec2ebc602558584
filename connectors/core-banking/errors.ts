/**
 * What the core banking system's failures mean for the hub. The caller (connectors/shared)
 * throws an error with a stable `code` for every failure: a cmn:FaultCode from the ABS's
 * fault detail, or a code of its own (timeout, open circuit, …) with a `retryable` flag.
 * This module sorts them into what the hub does next:
 *
 * - REJECTED: the ABS understood the request and refused it under its rules (funds,
 *   status, limits, unknown objects, a bad period). Nothing was created; the same request
 *   fails again until something changes. For a payment this is the permanent rejection
 *   the client is told about, with the code as the reason.
 * - TRY_LATER: nothing was decided (the ABS or something behind it is down, busy or slow).
 *   Repeat later, a write with the same idempotency key: after TIMEOUT the outcome is
 *   unknown and only the same key is safe (one key, at most one transfer).
 * - INTEGRATION_ERROR: the hub's request, credentials or key use is wrong, or the answer
 *   could not be read. Repeating does not help and the client did nothing wrong: the
 *   message goes to the dead letters for an operator.
 *
 * Also here: the errors of this connector's own mapping (a request that cannot be built
 * from bad input, a response that does not fit the contract), each with a stable code.
 */
import type { ContractErrorCode } from '../../hub/errors/catalog.js';
import type { TransferStatus } from './types.js';

export type FailureKind = 'REJECTED' | 'TRY_LATER' | 'INTEGRATION_ERROR';

const REJECTED = 'REJECTED';
const TRY_LATER = 'TRY_LATER';
const INTEGRATION_ERROR = 'INTEGRATION_ERROR';

/** Every cmn:FaultCode, sorted; the type keeps the table complete when the catalog grows. */
const KIND_OF_FAULT: Readonly<Record<ContractErrorCode, FailureKind>> = {
  // The message or the hub's credentials are wrong: the ABS never looked at the content.
  MALFORMED_REQUEST: INTEGRATION_ERROR,
  DTD_FORBIDDEN: INTEGRATION_ERROR,
  MESSAGE_TOO_LARGE: INTEGRATION_ERROR,
  MESSAGE_TOO_COMPLEX: INTEGRATION_ERROR,
  VERSION_MISMATCH: INTEGRATION_ERROR,
  ACTION_MISMATCH: INTEGRATION_ERROR,
  UNKNOWN_OPERATION: INTEGRATION_ERROR,
  MUST_UNDERSTAND: INTEGRATION_ERROR,
  SCHEMA_VIOLATION: INTEGRATION_ERROR,
  AUTHENTICATION_FAILED: INTEGRATION_ERROR,
  TOKEN_REPLAYED: INTEGRATION_ERROR,
  TOKEN_EXPIRED: INTEGRATION_ERROR,
  SIGNATURE_INVALID: INTEGRATION_ERROR,
  NOT_ENTITLED: INTEGRATION_ERROR,
  BATCH_TOO_LARGE: INTEGRATION_ERROR,
  // The hub reused a key for other content: a payment id must map to one instruction.
  IDEMPOTENCY_CONFLICT: INTEGRATION_ERROR,
  // Nothing decided.
  SERVICE_UNAVAILABLE: TRY_LATER,
  THROTTLED: TRY_LATER,
  TIMEOUT: TRY_LATER,
  INTERNAL_ERROR: TRY_LATER,
  // Refused under the ABS's rules.
  INVALID_MONEY: REJECTED,
  UNKNOWN_CURRENCY: REJECTED,
  INVALID_CURSOR: REJECTED,
  INVALID_PERIOD: REJECTED,
  CLIENT_NOT_FOUND: REJECTED,
  ACCOUNT_NOT_FOUND: REJECTED,
  TRANSACTION_NOT_FOUND: REJECTED,
  TRANSFER_NOT_FOUND: REJECTED,
  STANDING_ORDER_NOT_FOUND: REJECTED,
  DEPOSIT_NOT_FOUND: REJECTED,
  LOAN_NOT_FOUND: REJECTED,
  HOLD_NOT_FOUND: REJECTED,
  CARD_NOT_FOUND: REJECTED,
  ORDER_NOT_FOUND: REJECTED,
  APPLICATION_NOT_FOUND: REJECTED,
  OFFER_NOT_FOUND: REJECTED,
  MESSAGE_NOT_FOUND: REJECTED,
  AGGREGATE_NOT_FOUND: REJECTED,
  ACCOUNT_CLOSED: REJECTED,
  ACCOUNT_BLOCKED: REJECTED,
  INSUFFICIENT_FUNDS: REJECTED,
  CURRENCY_MISMATCH: REJECTED,
  UNSUPPORTED_CURRENCY_PAIR: REJECTED,
  QUOTE_EXPIRED: REJECTED,
  LIMIT_EXCEEDED: REJECTED,
  INVALID_IBAN: REJECTED,
  SAME_ACCOUNT: REJECTED,
  INVALID_STATE: REJECTED,
  INVALID_ACTIVATION_CODE: REJECTED,
  KYC_REQUIRED: REJECTED,
  CONSENT_REQUIRED: REJECTED,
};

/** The codes with which CoreBanking says it does not know (or the client may not see) an object. */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set<ContractErrorCode>([
  'CLIENT_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'TRANSACTION_NOT_FOUND',
  'TRANSFER_NOT_FOUND',
  'STANDING_ORDER_NOT_FOUND',
  'DEPOSIT_NOT_FOUND',
  'LOAN_NOT_FOUND',
  'HOLD_NOT_FOUND',
]);

/**
 * The faults of CreateTransfer that reject the payment for good (its documented business
 * faults): tell the client, with the code as the reason. Every other code of CreateTransfer
 * is TRY_LATER or INTEGRATION_ERROR (see classifyFailure).
 */
export const TRANSFER_REJECTION_CODES: ReadonlySet<string> = new Set<ContractErrorCode>([
  'INVALID_MONEY',
  'UNKNOWN_CURRENCY',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_CLOSED',
  'ACCOUNT_BLOCKED',
  'INSUFFICIENT_FUNDS',
  'LIMIT_EXCEEDED',
  'CURRENCY_MISMATCH',
  'UNSUPPORTED_CURRENCY_PAIR',
  'QUOTE_EXPIRED',
  'INVALID_IBAN',
  'SAME_ACCOUNT',
  'INVALID_PERIOD',
  'KYC_REQUIRED',
]);

/** The faults after which a request is to be repeated later (a write with the same key). */
export const TRY_LATER_CODES: ReadonlySet<string> = new Set(
  (Object.keys(KIND_OF_FAULT) as ContractErrorCode[]).filter((code) => KIND_OF_FAULT[code] === TRY_LATER),
);

/** Statuses after which a transfer does not change any more. */
export const FINAL_TRANSFER_STATUSES: ReadonlySet<TransferStatus> = new Set<TransferStatus>(['COMPLETED', 'REJECTED', 'CANCELLED']);

export function isFinalTransferStatus(status: TransferStatus): boolean {
  return FINAL_TRANSFER_STATUSES.has(status);
}

export interface Failure {
  /** The error's code; UNKNOWN when it carried none. */
  readonly code: string;
  readonly kind: FailureKind;
  /** The ABS does not know the object the request names (or it is not the client's). */
  readonly notFound: boolean;
}

/** The stable code of an error thrown by the caller or this connector; undefined when it has none. */
export function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}

/** The caller's code for a call its own caller cancelled (connectors/shared/errors.ts). */
const CANCELLED = 'CANCELLED';

/**
 * Sorts a failure of a CoreBanking call. A cmn:FaultCode has a fixed meaning; another code
 * (the caller's own: a timeout, an open circuit, a refused connection) follows its
 * `retryable` flag and, without one, counts as TRY_LATER: nothing says the ABS decided
 * anything. A cancelled call (CANCELLED, or an AbortError) is TRY_LATER too: a keyed write
 * may have reached the ABS, and only a repeat with the same key finds out. An error
 * without a code is a defect here, not something a retry cures.
 */
export function classifyFailure(error: unknown): Failure {
  const code = codeOf(error);
  if (code === undefined) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    return { code: 'UNKNOWN', kind: aborted ? TRY_LATER : INTEGRATION_ERROR, notFound: false };
  }
  const known = Object.hasOwn(KIND_OF_FAULT, code) ? KIND_OF_FAULT[code as ContractErrorCode] : undefined;
  const retryable = (error as { retryable?: unknown }).retryable;
  const kind = known ?? (code === CANCELLED || retryable !== false ? TRY_LATER : INTEGRATION_ERROR);
  return { code, kind, notFound: NOT_FOUND_CODES.has(code) };
}

/** True when the ABS answered that it does not know the object: the read-through answers "not found". */
export function isNotFound(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && NOT_FOUND_CODES.has(code);
}

// --- Errors of this connector's mapping ----------------------------------------------------

export type RequestErrorCode = 'INVALID_REQUEST' | 'INVALID_MONEY' | 'UNKNOWN_CURRENCY';

/**
 * A request that cannot be built from what the hub passed (an identifier, date, text or
 * amount the contract does not allow). Nothing was sent. `field` is the request path.
 */
export class CoreBankingRequestError extends Error {
  override readonly name = 'CoreBankingRequestError';
  readonly retryable = false;
  constructor(
    readonly code: RequestErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * A response that does not fit the contract (a missing element, an unknown enumeration
 * value, an amount with too many decimals). `path` names the element.
 */
export class CoreBankingResponseError extends Error {
  override readonly name = 'CoreBankingResponseError';
  readonly code = 'INVALID_RESPONSE';
  readonly retryable = false;
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
