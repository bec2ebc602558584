/**
 * What a mock back office implements: one handler per contract operation. Handlers get
 * the decoded request (see common/soap/codec.ts for the value conventions) and return
 * the response value, or throw a ContractFault that becomes a SOAP fault.
 */
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';

export interface OperationContext {
  /** Operation name as in the WSDL ("CreateTransfer"). */
  readonly operation: string;
  readonly soapVersion: '1.1' | '1.2';
  /** Correlation id of this request, echoed in faults. */
  readonly requestId: string;
}

export type OperationHandler = (request: PlainObject, context: OperationContext) => EncodableObject | Promise<EncodableObject>;

/** Operation name → handler. A mock must have a handler for every operation of its contract. */
export type ServiceHandlers = Readonly<Record<string, OperationHandler>>;

/** A documented contract fault: code from cmn:FaultCode, never a stack trace. */
export class ContractFault extends Error {
  override readonly name = 'ContractFault';
  constructor(
    readonly code: string,
    message: string,
    readonly options: { readonly retryable?: boolean; readonly field?: string } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

/** Time as the mocks see it; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
