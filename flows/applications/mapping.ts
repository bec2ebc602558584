/**
 * The applications flow's messages and views, as pure functions:
 * - `application.submitted`, the command the Platform API writes and the flow consumes;
 * - the ApplicationStatusChanged change event the flow emits when the CRM refused an
 *   application at once (the CRM never pushes anything about an application it did not
 *   create, so the hub tells the timeline and notifications itself, in the same shape);
 * - the application as the Platform API shows it: the hub's submission with the status
 *   the CRM pushed since, which wins over what the hub recorded when it submitted.
 */
import type { ChangeEventMessage } from '../../hub/bus/flow.js';
import { HubError } from '../../hub/errors/catalog.js';
import type { ApplicationRecord } from '../../hub/store/types.js';
import type { ApplicationRequestRecord } from './records.js';
import { readApplicationInput, type ApplicationInput } from './request.js';

export const SUBMITTED_ROUTING_KEY = 'application.submitted';
export const STATUS_ROUTING_KEY = 'application.status.changed';

/** The body of application.submitted. */
export interface SubmittedMessage {
  readonly applicationId: string;
  readonly clientId: string;
  readonly submittedAt: string;
  readonly application: ApplicationInput;
}

export function submittedMessage(record: ApplicationRequestRecord): SubmittedMessage {
  return { applicationId: record.applicationId, clientId: record.clientId, submittedAt: record.submittedAt.toISOString(), application: record.request };
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Reads an application.submitted body; throws a HubError (the flow makes it a permanent FlowError). */
export function readSubmittedMessage(body: unknown): SubmittedMessage {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HubError('SCHEMA_VIOLATION', 'the message must be a JSON object');
  const message = body as Record<string, unknown>;
  for (const name of ['applicationId', 'clientId'] as const) {
    const value = message[name];
    if (typeof value !== 'string' || !ID.test(value)) throw new HubError('SCHEMA_VIOLATION', `${name} must be an identifier`, { field: name });
  }
  const submittedAt = message.submittedAt;
  if (typeof submittedAt !== 'string' || Number.isNaN(Date.parse(submittedAt))) throw new HubError('SCHEMA_VIOLATION', 'submittedAt must be an instant', { field: 'submittedAt' });
  return { applicationId: message.applicationId as string, clientId: message.clientId as string, submittedAt, application: readApplicationInput(message.application) };
}

/** The message id of the refusal event: stable per application, so handling again emits nothing new. */
export const rejectionMessageId = (applicationId: string): string => `${applicationId}:rejected`;

/**
 * An ApplicationStatusChanged change event, as CacheControl would have put it on the bus,
 * for an application the CRM refused. The aggregate is the hub's application id (the CRM
 * gave it none); its first and only sequence.
 */
export function rejectionEvent(record: ApplicationRequestRecord, reason: string, at: Date): ChangeEventMessage {
  const eventId = rejectionMessageId(record.applicationId);
  return {
    eventId,
    type: 'ApplicationStatusChanged',
    sourceSystem: 'CRM',
    aggregateType: 'APPLICATION',
    aggregateId: record.applicationId,
    sequence: '1',
    occurredAt: at.toISOString(),
    schemaVersion: '1.0',
    payload: { applicationId: record.applicationId, clientId: record.clientId, productType: record.request.productType, status: 'REJECTED', reason },
  };
}

/** An application as the Platform API shows it. */
export interface ApplicationView {
  readonly applicationId: string;
  /** The CRM's id, once the CRM created the application (its status changes and timeline entries name it). */
  readonly bankApplicationId?: string;
  readonly productType: string;
  /** cmn:ApplicationStatus: as the CRM last pushed it, else as the CRM answered the submission; SUBMITTED until then. */
  readonly status: string;
  readonly reason?: string;
  /** The CRM's fault code when it refused the application at once. */
  readonly reasonCode?: string;
  /** The product opened, once COMPLETED. */
  readonly productId?: string;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly request: ApplicationInput;
}

export function applicationView(record: ApplicationRequestRecord, pushed: ApplicationRecord | undefined): ApplicationView {
  const pushedLater = pushed !== undefined;
  const reason = pushedLater ? pushed.reason : record.reason;
  return {
    applicationId: record.applicationId,
    ...(record.crmApplicationId !== undefined ? { bankApplicationId: record.crmApplicationId } : {}),
    productType: record.request.productType,
    status: pushedLater ? pushed.status : record.status,
    ...(reason !== undefined ? { reason } : {}),
    ...(!pushedLater && record.reasonCode !== undefined ? { reasonCode: record.reasonCode } : {}),
    ...(pushed?.productId !== undefined ? { productId: pushed.productId } : {}),
    submittedAt: record.submittedAt.toISOString(),
    updatedAt: latest(record, pushed).toISOString(),
    request: record.request,
  };
}

/** When the store last learned something about the application. */
export function latest(record: ApplicationRequestRecord, pushed: ApplicationRecord | undefined): Date {
  return pushed && pushed.asOf > record.updatedAt ? pushed.asOf : record.updatedAt;
}
