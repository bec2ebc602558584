/**
 * How the payments flow fails, as FlowErrors the bus understands:
 * - a payment.requested message the flow cannot read, or whose payment does not exist,
 *   will not read better on a second try: permanent (dead-lettered at once);
 * - the bank did not decide (TRY_LATER: down, busy, timed out, circuit open): retryable;
 *   the bus delivers again after a delay and the transfer is asked for again under the
 *   same idempotency key (the payment id), so a transfer that did happen is found, not
 *   made twice;
 * - the hub's request, credentials or the bank's answer are wrong (INTEGRATION_ERROR):
 *   permanent, for an operator; the payment stays as it was (see docs/flows.md);
 * - a failure of the database: as the store classifies it (retryable).
 */
import { classifyFailure } from '../../connectors/core-banking/errors.js';
import { FlowError } from '../../hub/bus/flow.js';
import { HubError } from '../../hub/errors/catalog.js';
import { storeError } from '../../hub/store/errors.js';

export type PaymentsFlowErrorCode = 'UNSUPPORTED_MESSAGE' | 'SCHEMA_VIOLATION' | 'PAYMENT_NOT_FOUND';

export function unreadable(code: PaymentsFlowErrorCode, message: string): FlowError {
  return new FlowError(code, message, false);
}

/** A failure of a CoreBanking call that did not refuse the payment: retry later, or stop for an operator. */
export function bankFailure(error: unknown, what: string): FlowError {
  const failure = classifyFailure(error);
  const detail = error instanceof Error ? error.message : String(error);
  return failure.kind === 'TRY_LATER'
    ? new FlowError(failure.code, `${what}: the bank did not decide (${detail}); retrying with the same idempotency key`, true, { cause: error })
    : new FlowError(failure.code, `${what}: ${detail}`, false, { cause: error });
}

/** Any other failure while the payment is handled: FlowErrors as they are, the rest as the store classifies them. */
export function handlingFailure(error: unknown): FlowError {
  if (error instanceof FlowError) return error;
  const failure = error instanceof HubError ? error : storeError(error, 'handling the payment');
  return new FlowError(failure.code, failure.message, failure.retryable, { cause: error });
}
