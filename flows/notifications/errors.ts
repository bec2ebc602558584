/**
 * Failures of the notifications flow. A handler failure is a FlowError of the bus (the bus
 * retries or dead-letters the message); a channel provider's failure is a ProviderError
 * that the sender loop records on the delivery row: a retryable one is tried again after a
 * backoff, a permanent one (a refused address, an invalid message) ends the row as failed.
 */
import { FlowError } from '../../hub/bus/flow.js';

/** Codes of the flow's FlowErrors. */
export type NotificationFlowCode =
  /** The message is not a change event or payment status this flow can read: permanent. */
  | 'NOTIFICATION_MESSAGE_INVALID'
  /** The client of the event is not (yet) in the store's client projection: retryable. */
  | 'NOTIFICATION_CLIENT_UNKNOWN'
  /** A template could not be filled (a missing parameter, a bad amount): permanent. */
  | 'NOTIFICATION_RENDER_FAILED';

export function flowError(code: NotificationFlowCode, message: string, options?: { cause?: unknown }): FlowError {
  return new FlowError(code, message, code === 'NOTIFICATION_CLIENT_UNKNOWN', options);
}

/** Codes of provider failures, as recorded on a failed delivery. */
export type ProviderErrorCode =
  /** No answer in time, a refused or broken connection: the outcome may be unknown. */
  | 'PROVIDER_UNAVAILABLE'
  /** The provider answered that it is overloaded or temporarily failing (HTTP 429/5xx, SMTP 4xx). */
  | 'PROVIDER_BUSY'
  /** The provider refused the message for good (HTTP 4xx, SMTP 5xx): an address or content problem. */
  | 'PROVIDER_REJECTED'
  /** The channel is not configured or misconfigured in this hub. */
  | 'PROVIDER_NOT_CONFIGURED';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly options: { readonly retryAfterMs?: number; readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
