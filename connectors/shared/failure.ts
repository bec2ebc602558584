/**
 * What a failed call means for the hub, read from the stable code of the error: the
 * caller (connectors/shared) throws a ConnectorError whose `code` is the back office's
 * cmn:FaultCode or one of its own transport codes, and the mappings throw
 * InvalidRequestError / UnexpectedResponseError, coded the same way. The typed
 * connectors' errors.ts say what each code means for their operations; this module holds
 * what is common to every back office. Used by connectors/cards and connectors/crm.
 */

/** PERMANENT: the same request fails again until something changes. RETRY_LATER: the same request (same idempotency key) may succeed later. */
export type Disposition = 'PERMANENT' | 'RETRY_LATER';

export interface Failure {
  /** The stable code, or UNKNOWN_ERROR for an error that carries none. */
  readonly code: string;
  readonly disposition: Disposition;
  readonly message: string;
  /** The offending request or response element, when the error names one. */
  readonly field?: string;
}

/**
 * Codes after which the same request is worth sending again, later: the back office or the
 * link was unwell (contract codes SERVICE_UNAVAILABLE, THROTTLED, TIMEOUT, INTERNAL_ERROR;
 * the caller's CONNECTION_FAILED, CIRCUIT_OPEN, BULKHEAD_FULL, RATE_LIMITED, BAD_RESPONSE),
 * the security token was refused for this message only (TOKEN_REPLAYED, TOKEN_EXPIRED: the
 * next attempt carries a new one), or the call was cancelled before its outcome was known
 * (CANCELLED: the caller does not repeat a cancelled call itself, but the work that was
 * cancelled, a flow's message for instance, is worth doing again). A keyed write is
 * repeated with the same idempotency key, so a repeat never does the work twice.
 */
export const RETRY_LATER_CODES: ReadonlySet<string> = new Set([
  'SERVICE_UNAVAILABLE',
  'THROTTLED',
  'TIMEOUT',
  'INTERNAL_ERROR',
  'TOKEN_REPLAYED',
  'TOKEN_EXPIRED',
  'CONNECTION_FAILED',
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
  'RATE_LIMITED',
  'BAD_RESPONSE',
  'CANCELLED',
]);

/**
 * Codes that say the hub's request or its credentials are wrong, not the client's data:
 * the envelope, the schema, the security header, the entitlement, an idempotency key
 * reused with other content; or that the caller could not make sense of the back office
 * (UNKNOWN_FAULT: a fault outside the catalog) or could not start (NOT_STARTED). They fail
 * again until someone fixes the hub, its configuration or the back office.
 */
export const HUB_FAULT_CODES: ReadonlySet<string> = new Set([
  'MALFORMED_REQUEST',
  'DTD_FORBIDDEN',
  'MESSAGE_TOO_LARGE',
  'MESSAGE_TOO_COMPLEX',
  'VERSION_MISMATCH',
  'ACTION_MISMATCH',
  'UNKNOWN_OPERATION',
  'MUST_UNDERSTAND',
  'AUTHENTICATION_FAILED',
  'SIGNATURE_INVALID',
  'NOT_ENTITLED',
  'IDEMPOTENCY_CONFLICT',
  'UNKNOWN_FAULT',
  'NOT_STARTED',
]);

interface CodedError {
  readonly code: string;
  readonly message?: unknown;
  readonly retryable?: unknown;
  /** The mappings' errors name the element here. */
  readonly field?: unknown;
  /** A ConnectorError of a SOAP fault names it in the fault as received. */
  readonly fault?: { readonly field?: unknown };
}

function isCoded(error: unknown): error is CodedError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** The stable code of a connector error, or undefined for an error without one. */
export function errorCodeOf(error: unknown): string | undefined {
  return isCoded(error) ? error.code : undefined;
}

/**
 * The code and disposition of any error a connector call can throw. A code this module
 * does not list keeps the retryability its error states (an HTTP_ERROR is retryable for a
 * 5xx, not for a 4xx); an error without code or retryability is PERMANENT, so that a
 * programming error is not retried for ever.
 */
export function failureOf(error: unknown): Failure {
  if (!isCoded(error)) {
    return { code: 'UNKNOWN_ERROR', disposition: 'PERMANENT', message: error instanceof Error ? error.message : String(error) };
  }
  const disposition: Disposition = RETRY_LATER_CODES.has(error.code) || (!HUB_FAULT_CODES.has(error.code) && error.retryable === true) ? 'RETRY_LATER' : 'PERMANENT';
  const message = typeof error.message === 'string' ? error.message : error.code;
  const field = typeof error.field === 'string' ? error.field : typeof error.fault?.field === 'string' ? error.fault.field : undefined;
  return field === undefined ? { code: error.code, disposition, message } : { code: error.code, disposition, message, field };
}
