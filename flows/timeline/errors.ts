/**
 * How the timeline flow fails, as FlowErrors the bus understands. A message the flow
 * cannot read will not read better on a second try, so it is permanent (dead-lettered at
 * once) with a code that says what is wrong; the codes of the contract are reused where
 * they mean the same (SCHEMA_VIOLATION, INVALID_MONEY, …). A failure of the database is
 * retryable with the store's own classification (SERVICE_UNAVAILABLE, INTERNAL_ERROR).
 */
import { FlowError } from '../../hub/bus/flow.js';
import { HubError } from '../../hub/errors/catalog.js';
import { storeError } from '../../hub/store/errors.js';

export type TimelineErrorCode =
  /** A routing key the flow does not handle: a binding that should not exist. */
  | 'UNSUPPORTED_MESSAGE'
  /** The body is not the message its routing key promises, or a field is missing or malformed. */
  | 'SCHEMA_VIOLATION'
  | 'INVALID_MONEY'
  | 'UNKNOWN_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'NOT_ENTITLED';

export const TIMELINE_ERROR_CODES: readonly TimelineErrorCode[] = ['UNSUPPORTED_MESSAGE', 'SCHEMA_VIOLATION', 'INVALID_MONEY', 'UNKNOWN_CURRENCY', 'CURRENCY_MISMATCH', 'NOT_ENTITLED'];

/** A message the flow will never be able to handle. */
export function unreadable(code: TimelineErrorCode, message: string): FlowError {
  return new FlowError(code, message, false);
}

/** Any failure while the entry is written: FlowErrors as they are, the rest as the store classifies them. */
export function writeFailure(error: unknown): FlowError {
  if (error instanceof FlowError) return error;
  const failure = error instanceof HubError ? error : storeError(error, 'writing the timeline entry');
  return new FlowError(failure.code, failure.message, failure.retryable, { cause: error });
}
