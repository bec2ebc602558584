/**
 * The CRM's connector: the typed client, the mappings (the client and application records
 * of the read-through and the notifications flow's contact profile among them), the
 * domain types and what the fault codes mean.
 */
export { CrmClient, type CallOptions } from './client.js';
export {
  applicationRecord,
  applicationRecordFromSummary,
  clientRecord,
  consentsGranted,
  contactProfile,
  CRM_OPERATIONS,
  type CrmOperation,
} from './mapping.js';
export * from './types.js';
export {
  APPLICATION_REFUSAL_CODES,
  createApplicationFailure,
  CRM_NOT_FOUND_CODES,
  CRM_REFUSAL_CODES,
  crmFailure,
  isCrmNotFound,
  type CreateApplicationFailure,
  type CreateApplicationOutcome,
  type CrmFailure,
  type CrmFailureKind,
} from './errors.js';
// The errors of the mappings and the common meaning of codes are shared with the card connector.
export { failureOf, errorCodeOf, RETRY_LATER_CODES, HUB_FAULT_CODES, type Disposition, type Failure } from '../shared/failure.js';
export { UnexpectedResponseError } from '../shared/message-reader.js';
export { InvalidRequestError, type RequestErrorCode } from '../shared/message-writer.js';
