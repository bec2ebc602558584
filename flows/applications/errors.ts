/**
 * How the applications flow fails, as FlowErrors the bus understands:
 * - a message the flow cannot read, or one about an application the hub does not hold,
 *   will not read better on a second try: permanent, dead-lettered at once;
 * - the CRM unwell (CreateApplication's RETRY_LATER outcome): retryable, and the retry is
 *   safe because CreateApplication is keyed by the application id;
 * - the hub at fault (its request, credentials, an idempotency key reused with other
 *   content: the FAILED outcome): permanent, so that an operator sees the dead letter;
 *   the application stays SUBMITTED and a replay after the fix submits it again;
 * - the database: as the store classifies it (SERVICE_UNAVAILABLE is retryable).
 * A refusal of the application itself (REJECTED) is no failure of the flow: it ends the
 * application (see flow.ts).
 */
import { FlowError } from '../../hub/bus/flow.js';
import { HubError } from '../../hub/errors/catalog.js';
import { storeError } from '../../hub/store/errors.js';

export type ApplicationsErrorCode =
  /** A routing key the flow does not handle: a binding that should not exist. */
  | 'UNSUPPORTED_MESSAGE'
  /** The body is not an application.submitted message. */
  | 'SCHEMA_VIOLATION'
  /** The message names an application the hub never recorded (or another client's). */
  | 'APPLICATION_NOT_FOUND';

export const APPLICATIONS_ERROR_CODES: readonly ApplicationsErrorCode[] = ['UNSUPPORTED_MESSAGE', 'SCHEMA_VIOLATION', 'APPLICATION_NOT_FOUND'];

export function unreadable(code: ApplicationsErrorCode, message: string, cause?: unknown): FlowError {
  return new FlowError(code, message, false, cause === undefined ? undefined : { cause });
}

/** Any failure of the store while the flow reads or writes: FlowErrors as they are, the rest as the store classifies them. */
export function storeFailure(error: unknown, action: string): FlowError {
  if (error instanceof FlowError) return error;
  const failure = error instanceof HubError ? error : storeError(error, action);
  return new FlowError(failure.code, failure.message, failure.retryable, { cause: error });
}
