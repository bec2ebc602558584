/**
 * What every connector is made of: a caller that sends one operation of a contract to a
 * back office through the resilience policies (connectors/shared), and a typed client per
 * back office (connectors/<id>/) that maps between the hub's domain model and the SOAP
 * messages. The typed clients know nothing of timeouts, retries or breakers; the caller
 * knows nothing of the domain.
 */

export type BackOfficeId = 'core-banking' | 'cards' | 'crm';
export const BACK_OFFICE_IDS: readonly BackOfficeId[] = ['core-banking', 'cards', 'crm'];

/** One operation call as the typed client hands it over. */
export interface OperationCall {
  /** The WSDL operation name, such as 'GetAccount'. */
  readonly operation: string;
  /**
   * The content of the request wrapper element as node-soap takes it: child element
   * names to strings, nested objects and arrays; never a JavaScript number for money.
   */
  readonly request: Readonly<Record<string, unknown>>;
  /**
   * The idempotency key the request carries, when it has one. A write is retried only
   * when it carries a key; a read is always retry-safe.
   */
  readonly idempotencyKey?: string;
  /** W3C traceparent of the request that caused the call; sent in cmn:TraceContext and the HTTP header. */
  readonly traceparent?: string;
  /** Cancels the call (and any wait in a queue or for a retry). */
  readonly signal?: AbortSignal;
}

/** Sends operations of one back office's contract. */
export interface OperationCaller {
  readonly backOffice: BackOfficeId;
  /**
   * Answers the content of the response wrapper element as node-soap parsed it.
   * Throws a ConnectorError (connectors/shared/errors.ts) for every failure.
   */
  call(call: OperationCall): Promise<Record<string, unknown>>;
}

/** What every method of a typed client takes last: forwarded to the caller as is. */
export type CallOptions = Pick<OperationCall, 'traceparent' | 'signal'>;

/** The call a typed client hands to its caller: the operation, its request, the key when it has one, and the options. */
export function operationCall(operation: string, request: Readonly<Record<string, unknown>>, options: CallOptions | undefined, idempotencyKey?: string): OperationCall {
  return {
    operation,
    request,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(options?.traceparent === undefined ? {} : { traceparent: options.traceparent }),
    ...(options?.signal === undefined ? {} : { signal: options.signal }),
  };
}
