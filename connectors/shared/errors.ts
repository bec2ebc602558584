/**
 * Every failure of a connector call is a ConnectorError with a stable code. The codes are
 * the contract's own (cmn:FaultCode, answered by the back office in a SOAP fault, with the
 * retryability of the hub's catalog) plus the codes of the call itself: transport failures
 * and the fail-fast answers of the resilience policies. One table, CONNECTOR_ERRORS, holds
 * every code with its retryability and a one-line description; docs/connectors.md lists it
 * and a test keeps the two in sync.
 */
import { CONTRACT_ERRORS, isContractCode, type ContractErrorCode } from '../../hub/errors/catalog.js';
import type { BackOfficeId } from './types.js';

/** Codes of the call itself, not answered by the back office. */
export const CALL_ERRORS = {
  TIMEOUT: { retryable: true, description: 'The back office did not answer within timeoutMs (the exchange was aborted), or answered the contract fault TIMEOUT.' },
  CONNECTION_FAILED: { retryable: true, description: 'The connection could not be made or was reset before a response arrived (refused, reset, DNS, TLS handshake).' },
  HTTP_ERROR: { retryable: 'for 5xx', description: 'An HTTP error status without a SOAP fault (a proxy or gateway answered): retryable for 5xx, permanent for 4xx and 3xx.' },
  BAD_RESPONSE: { retryable: true, description: 'The response was cut off, larger than maxResponseBytes, not a SOAP envelope, or not the operation\'s response element.' },
  UNKNOWN_FAULT: { retryable: false, description: 'A SOAP fault without a cmn:FaultDetail whose code is in the catalog; the fault as received is in error.fault.' },
  CIRCUIT_OPEN: { retryable: true, description: 'Failed fast: the circuit of this back office is open (or its single half-open probe is under way); retry after breaker.halfOpenAfterMs.' },
  BULKHEAD_FULL: { retryable: true, description: 'Failed fast: maxConcurrent calls are under way and maxQueue calls already wait; retry later.' },
  RATE_LIMITED: { retryable: true, description: 'Failed fast: the next call slot under rate.perSecond is further away than rate.maxWaitMs; retry later.' },
  CANCELLED: { retryable: false, description: 'The caller aborted the call (its AbortSignal), or the connector stopped while the call waited.' },
  NOT_STARTED: { retryable: false, description: 'The connector could not start (its WSDL, key or certificate files could not be loaded); see the log.' },
} as const satisfies Record<string, { readonly retryable: boolean | 'for 5xx'; readonly description: string }>;

export type CallErrorCode = keyof typeof CALL_ERRORS;
export type ConnectorErrorCode = ContractErrorCode | CallErrorCode;

export interface ConnectorErrorSpec {
  /** true or false, or 'for 5xx' when it depends on the HTTP status (HTTP_ERROR). */
  readonly retryable: boolean | 'for 5xx';
  /** contract: answered by the back office in a SOAP fault; call: raised by the connector itself. */
  readonly origin: 'contract' | 'call';
  readonly description: string;
}

/** Every code a connector call can fail with. TIMEOUT is both a contract code and a call code. */
export const CONNECTOR_ERRORS: Readonly<Record<ConnectorErrorCode, ConnectorErrorSpec>> = Object.freeze({
  ...(Object.fromEntries(
    Object.entries(CONTRACT_ERRORS).map(([code, spec]) => [code, { retryable: spec.retryable, origin: 'contract', description: `${spec.title} (contract fault).` }]),
  ) as Record<ContractErrorCode, ConnectorErrorSpec>),
  ...(Object.fromEntries(Object.entries(CALL_ERRORS).map(([code, spec]) => [code, { ...spec, origin: 'call' }])) as Record<CallErrorCode, ConnectorErrorSpec>),
});

/** Policy answers that reject a call without any exchange with the back office. */
export const FAIL_FAST_CODES: ReadonlySet<ConnectorErrorCode> = new Set<ConnectorErrorCode>(['CIRCUIT_OPEN', 'BULKHEAD_FULL', 'RATE_LIMITED']);

/** A SOAP fault as the back office sent it. */
export interface ReceivedFault {
  /** cmn:code as received (may be outside the catalog for UNKNOWN_FAULT). */
  readonly code: string | undefined;
  /** cmn:message. */
  readonly message: string | undefined;
  /** faultstring (SOAP 1.1) or env:Reason/env:Text (SOAP 1.2). */
  readonly reason: string;
  /** faultcode (1.1) or env:Code/env:Value (1.2), such as "soap:Client" or "env:Receiver". */
  readonly faultCode: string;
  /** cmn:retryable as the back office said it; the connector's own retryable comes from the catalog. */
  readonly retryable: boolean | undefined;
  readonly field: string | undefined;
  readonly correlationId: string | undefined;
  /** Every child element of the fault detail: local name → text, as received. */
  readonly detail: Readonly<Record<string, string>>;
}

export interface ConnectorErrorOptions {
  readonly fault?: ReceivedFault;
  /** HTTP status of the response, when one arrived. */
  readonly httpStatus?: number;
  readonly cause?: unknown;
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly retryable: boolean;
  readonly fault: ReceivedFault | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    readonly code: ConnectorErrorCode,
    readonly backOffice: BackOfficeId,
    readonly operation: string,
    detail: string,
    options: ConnectorErrorOptions = {},
  ) {
    super(`${backOffice} ${operation}: ${code}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.fault = options.fault;
    this.httpStatus = options.httpStatus;
    this.retryable = retryableOf(code, options.httpStatus);
  }

  /** What a log line or a problem document may show: no stack, no cause. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      retryable: this.retryable,
      backOffice: this.backOffice,
      operation: this.operation,
      message: this.message,
      ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      ...(this.fault ? { fault: this.fault } : {}),
    };
  }
}

function retryableOf(code: ConnectorErrorCode, httpStatus: number | undefined): boolean {
  const retryable = CONNECTOR_ERRORS[code].retryable;
  if (retryable === 'for 5xx') return httpStatus !== undefined && httpStatus >= 500;
  return retryable;
}

/** The ConnectorError for a received fault: its catalog code, or UNKNOWN_FAULT. */
export function faultError(backOffice: BackOfficeId, operation: string, fault: ReceivedFault, httpStatus: number): ConnectorError {
  const text = fault.message ?? fault.reason;
  if (fault.code !== undefined && isContractCode(fault.code)) {
    return new ConnectorError(fault.code, backOffice, operation, text, { fault, httpStatus });
  }
  const what = fault.code === undefined ? `a ${fault.faultCode} fault without a cmn:FaultDetail` : `the fault code ${fault.code}, which is not in the catalog`;
  return new ConnectorError('UNKNOWN_FAULT', backOffice, operation, `${what}: ${text}`, { fault, httpStatus });
}

/**
 * Whether a failure says that the back office is unwell, which is what the circuit breaker
 * counts: no answer in time, no connection, a 5xx, a broken response, a fault saying it is
 * overloaded or failing, or a fault outside the contract that blames the receiver. A
 * business fault (ACCOUNT_NOT_FOUND) is a healthy answer.
 */
export function isUnwell(error: unknown): boolean {
  if (!(error instanceof ConnectorError)) return false;
  switch (error.code) {
    case 'TIMEOUT':
    case 'CONNECTION_FAILED':
    case 'BAD_RESPONSE':
    case 'SERVICE_UNAVAILABLE':
    case 'THROTTLED':
    case 'INTERNAL_ERROR':
      return true;
    case 'HTTP_ERROR':
      return (error.httpStatus ?? 0) >= 500;
    case 'UNKNOWN_FAULT':
      // A fault outside the contract that blames the receiver (soap:Server, env:Receiver): a failing back office or gateway.
      return /(?:^|:)(?:Server|Receiver)$/.test(error.fault?.faultCode ?? '');
    default:
      return false;
  }
}

/** Whether another attempt of the same call may succeed now: retryable, and not a fail-fast answer of a policy. */
export function isWorthAnotherAttempt(error: unknown): boolean {
  return error instanceof ConnectorError && error.retryable && !FAIL_FAST_CODES.has(error.code);
}
