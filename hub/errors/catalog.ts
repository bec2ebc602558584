/**
 * The hub's error catalog: every stable error code, whether a retry can help, and how it
 * is answered over SOAP (which side is at fault) and over HTTP (status). SOAP faults and
 * problem documents are both rendered from this one table (hub/errors/render.ts); the
 * contract codes are exactly the values of cmn:FaultCode, and a test keeps the two and
 * their documentation in sync.
 */

export interface ErrorSpec {
  readonly retryable: boolean;
  /** HTTP status of a problem document with this code. */
  readonly status: number;
  /** Short, stable title of a problem document. */
  readonly title: string;
  /** Whether the receiver is at fault: soap:Server / env:Receiver instead of Client / Sender. */
  readonly receiver?: boolean;
}

const permanent = (status: number, title: string): ErrorSpec => ({ retryable: false, status, title });
const transient = (status: number, title: string): ErrorSpec => ({ retryable: true, status, title, receiver: true });

/** Codes of cmn:FaultCode: what SOAP callers see. */
export const CONTRACT_ERRORS = {
  MALFORMED_REQUEST: permanent(400, 'Malformed request'),
  DTD_FORBIDDEN: permanent(400, 'DTD not allowed'),
  MESSAGE_TOO_LARGE: permanent(413, 'Message too large'),
  MESSAGE_TOO_COMPLEX: permanent(400, 'Message too complex'),
  VERSION_MISMATCH: permanent(415, 'Unsupported SOAP version or content type'),
  ACTION_MISMATCH: permanent(400, 'Action does not match the operation'),
  UNKNOWN_OPERATION: permanent(404, 'Unknown operation'),
  MUST_UNDERSTAND: permanent(400, 'Header not understood'),
  SCHEMA_VIOLATION: permanent(400, 'Request does not match the schema'),
  INVALID_MONEY: permanent(400, 'Invalid amount'),
  UNKNOWN_CURRENCY: permanent(400, 'Unknown currency'),
  AUTHENTICATION_FAILED: permanent(401, 'Authentication failed'),
  TOKEN_REPLAYED: permanent(401, 'Security token replayed'),
  TOKEN_EXPIRED: permanent(401, 'Security token expired'),
  SIGNATURE_INVALID: permanent(401, 'Signature invalid'),
  NOT_ENTITLED: permanent(403, 'Not entitled'),
  BATCH_TOO_LARGE: permanent(413, 'Batch too large'),
  INVALID_CURSOR: permanent(400, 'Invalid cursor'),
  INVALID_PERIOD: permanent(400, 'Invalid period'),
  IDEMPOTENCY_CONFLICT: permanent(409, 'Idempotency key reused with other content'),
  SERVICE_UNAVAILABLE: transient(503, 'Service unavailable'),
  THROTTLED: transient(429, 'Too many requests'),
  TIMEOUT: transient(504, 'Timeout'),
  INTERNAL_ERROR: transient(500, 'Internal error'),
  CLIENT_NOT_FOUND: permanent(404, 'Client not found'),
  ACCOUNT_NOT_FOUND: permanent(404, 'Account not found'),
  TRANSACTION_NOT_FOUND: permanent(404, 'Transaction not found'),
  TRANSFER_NOT_FOUND: permanent(404, 'Transfer not found'),
  STANDING_ORDER_NOT_FOUND: permanent(404, 'Standing order not found'),
  DEPOSIT_NOT_FOUND: permanent(404, 'Deposit not found'),
  LOAN_NOT_FOUND: permanent(404, 'Loan not found'),
  HOLD_NOT_FOUND: permanent(404, 'Hold not found'),
  CARD_NOT_FOUND: permanent(404, 'Card not found'),
  ORDER_NOT_FOUND: permanent(404, 'Order not found'),
  APPLICATION_NOT_FOUND: permanent(404, 'Application not found'),
  OFFER_NOT_FOUND: permanent(404, 'Offer not found'),
  MESSAGE_NOT_FOUND: permanent(404, 'Message not found'),
  AGGREGATE_NOT_FOUND: permanent(404, 'Aggregate not found'),
  ACCOUNT_CLOSED: permanent(422, 'Account closed'),
  ACCOUNT_BLOCKED: permanent(422, 'Account blocked'),
  INSUFFICIENT_FUNDS: permanent(422, 'Insufficient funds'),
  CURRENCY_MISMATCH: permanent(422, 'Currency mismatch'),
  UNSUPPORTED_CURRENCY_PAIR: permanent(422, 'Unsupported currency pair'),
  QUOTE_EXPIRED: permanent(422, 'Quote expired'),
  LIMIT_EXCEEDED: permanent(422, 'Limit exceeded'),
  INVALID_IBAN: permanent(422, 'Invalid IBAN'),
  SAME_ACCOUNT: permanent(422, 'Same account'),
  INVALID_STATE: permanent(409, 'Invalid state'),
  INVALID_ACTIVATION_CODE: permanent(422, 'Invalid activation code'),
  KYC_REQUIRED: permanent(403, 'KYC required'),
  CONSENT_REQUIRED: permanent(403, 'Consent required'),
} as const satisfies Record<string, ErrorSpec>;

/** Codes only the hub's HTTP APIs use (Platform API, admin): never in a SOAP fault. */
export const HTTP_ERRORS = {
  NOT_FOUND: permanent(404, 'No such resource'),
  METHOD_NOT_ALLOWED: permanent(405, 'Method not allowed'),
  UNAUTHORIZED: permanent(401, 'Authentication required'),
  FORBIDDEN: permanent(403, 'Forbidden'),
  INVALID_REQUEST: permanent(400, 'Invalid request'),
  UNSUPPORTED_MEDIA_TYPE: permanent(415, 'Unsupported media type'),
  STOPPING: transient(503, 'The hub is shutting down'),
} as const satisfies Record<string, ErrorSpec>;

export type ContractErrorCode = keyof typeof CONTRACT_ERRORS;
export type ErrorCode = ContractErrorCode | keyof typeof HTTP_ERRORS;

const CATALOG: Readonly<Record<ErrorCode, ErrorSpec>> = { ...CONTRACT_ERRORS, ...HTTP_ERRORS };

export function errorSpec(code: ErrorCode): ErrorSpec {
  return CATALOG[code];
}

export function isContractCode(code: string): code is ContractErrorCode {
  return Object.hasOwn(CONTRACT_ERRORS, code);
}

/** A failure with a stable code; its message is for callers (no internals, no stack). */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { readonly field?: string; readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get retryable(): boolean {
    return CATALOG[this.code].retryable;
  }
}
