/**
 * The applications flow: consumes `application.submitted` (written by the command with
 * the application's row) and creates the application at the CRM, keyed by the hub's
 * application id, inside the bus's transaction:
 * - created: the row records the CRM's id and status. From then on the CRM pushes the
 *   application's status changes through CacheControl into the `application` projection
 *   (keyed by the CRM's id), and on to the timeline and notifications; the flow emits
 *   nothing of its own;
 * - refused (CreateApplication's REJECTED outcome): the row ends REJECTED with the CRM's
 *   code and reason, and the flow emits an ApplicationStatusChanged event on
 *   `application.status.changed`, the key the timeline and notifications read
 *   application statuses from, since the CRM will push nothing about it;
 * - CRM unwell: a retryable FlowError; hub at fault: a permanent one (see errors.ts).
 *
 * The CRM call runs inside the transaction: a crash after the CRM created the
 * application but before the commit repeats the call, and the same idempotency key makes
 * the CRM answer the application it created first. A row already past SUBMITTED (a
 * message handled before, under another message id) calls nothing.
 */
import { createApplicationFailure, type CrmClient } from '../../connectors/crm/index.js';
import { FlowError, type FlowContext, type FlowDefinition, type FlowMessage } from '../../hub/bus/flow.js';
import { HubError } from '../../hub/errors/catalog.js';
import { storeFailure, unreadable } from './errors.js';
import { readSubmittedMessage, rejectionEvent, rejectionMessageId, STATUS_ROUTING_KEY, SUBMITTED_ROUTING_KEY, type SubmittedMessage } from './mapping.js';
import { lockApplication, recordOutcome, type ApplicationRequestRecord } from './records.js';
import { createApplicationRequest } from './request.js';

export const APPLICATIONS_FLOW = 'applications';
export const APPLICATIONS_BINDINGS: readonly string[] = [SUBMITTED_ROUTING_KEY];

const MAX_REASON = 4000;

export interface ApplicationsFlowOptions {
  readonly crm: Pick<CrmClient, 'createApplication'>;
  /** Delivery attempts before the message is dead-lettered (the bus's default: 4). */
  readonly maxAttempts?: number;
  readonly now?: () => Date;
}

/** What handling one message did. */
export type ApplicationOutcome = 'created' | 'rejected' | 'unchanged';

export async function handleApplicationMessage(
  message: FlowMessage,
  context: Pick<FlowContext, 'ex' | 'emit'>,
  options: ApplicationsFlowOptions,
): Promise<ApplicationOutcome> {
  if (message.routingKey !== SUBMITTED_ROUTING_KEY) throw unreadable('UNSUPPORTED_MESSAGE', `the applications flow does not handle messages with routing key ${message.routingKey}`);
  let submitted: SubmittedMessage;
  try {
    submitted = readSubmittedMessage(message.body);
  } catch (error) {
    if (error instanceof HubError) throw unreadable('SCHEMA_VIOLATION', `application.submitted ${message.messageId}: ${error.message}`, error);
    throw error;
  }
  const now = options.now ?? (() => new Date());
  const { ex } = context;
  let record: ApplicationRequestRecord | undefined;
  try {
    record = await lockApplication(ex, submitted.applicationId);
  } catch (error) {
    throw storeFailure(error, 'reading the application');
  }
  if (!record || record.clientId !== submitted.clientId) {
    throw unreadable('APPLICATION_NOT_FOUND', `the hub holds no application ${submitted.applicationId} of client ${submitted.clientId}`);
  }
  if (record.status !== 'SUBMITTED' || record.crmApplicationId !== undefined) return 'unchanged';

  let created;
  try {
    created = await options.crm.createApplication(record.applicationId, createApplicationRequest(record.clientId, record.request), {
      ...(message.traceparent ? { traceparent: message.traceparent } : {}),
    });
  } catch (error) {
    const failure = createApplicationFailure(error);
    if (failure.outcome !== 'REJECTED') {
      throw new FlowError(failure.code, `CreateApplication of ${record.applicationId} failed: ${failure.message}`, failure.outcome === 'RETRY_LATER', { cause: error });
    }
    const at = now();
    // cmn:LongText: what the timeline and notifications accept as a reason.
    const reason = (failure.message || failure.code).slice(0, MAX_REASON);
    try {
      await recordOutcome(ex, record.applicationId, { status: 'REJECTED', reasonCode: failure.code, reason, at });
      await context.emit(STATUS_ROUTING_KEY, rejectionMessageId(record.applicationId), rejectionEvent(record, reason, at));
    } catch (writeError) {
      throw storeFailure(writeError, 'recording the refused application');
    }
    return 'rejected';
  }
  try {
    await recordOutcome(ex, record.applicationId, { status: created.status, crmApplicationId: created.applicationId, at: now() });
  } catch (error) {
    throw storeFailure(error, 'recording the created application');
  }
  return 'created';
}

export function createApplicationsFlow(options: ApplicationsFlowOptions): FlowDefinition {
  return {
    name: APPLICATIONS_FLOW,
    bindings: APPLICATIONS_BINDINGS,
    ordering: 'none',
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    handle: async (message, context) => {
      await handleApplicationMessage(message, context, options);
    },
  };
}
