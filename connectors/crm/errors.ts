/**
 * What the CRM's fault codes mean for the hub. The read-through asks "does the CRM not
 * know this?" (NOT_FOUND: the loader answers "no such client or application"). The
 * applications flow asks, after CreateApplication failed: is the application refused for
 * good (tell the client), may the same request succeed later (repeat it with the same
 * idempotency key, the application id), or is the hub at fault (an operator's problem;
 * the application is neither refused nor retried for ever). The codes are those the
 * operations of wsdl/crm/v1/Crm.wsdl document.
 */
import { errorCodeOf, failureOf, type Failure } from '../shared/failure.js';

/** Answers that mean the object does not exist or is not this client's (the CRM never tells which). */
export const CRM_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['CLIENT_NOT_FOUND', 'APPLICATION_NOT_FOUND', 'MESSAGE_NOT_FOUND', 'OFFER_NOT_FOUND', 'ACCOUNT_NOT_FOUND']);

/**
 * CreateApplication's refusals of the application itself: the client (unknown, not
 * ACTIVE, KYC, a missing CREDIT_BUREAU consent), the offer, the accounts, the amounts,
 * limits and currencies, or details that break the rules of their type (the CRM answers
 * those with SCHEMA_VIOLATION, as the hub's own checks of a request do). Permanent: the
 * same application fails again, so it is rejected.
 */
export const APPLICATION_REFUSAL_CODES: ReadonlySet<string> = new Set([
  'CLIENT_NOT_FOUND',
  'OFFER_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_CLOSED',
  'CURRENCY_MISMATCH',
  'INVALID_MONEY',
  'UNKNOWN_CURRENCY',
  'LIMIT_EXCEEDED',
  'KYC_REQUIRED',
  'CONSENT_REQUIRED',
  'INVALID_STATE',
  'SCHEMA_VIOLATION',
]);

/**
 * Refusals of the other client requests (contacts, consents, messages): the client's
 * status, an attachment the document store does not hold as described, a page cursor
 * that is no longer valid, or input the schema does not allow.
 */
export const CRM_REFUSAL_CODES: ReadonlySet<string> = new Set([...APPLICATION_REFUSAL_CODES, 'INVALID_CURSOR']);

export type CrmFailureKind = 'NOT_FOUND' | 'REFUSED' | 'RETRY_LATER' | 'HUB_FAULT';

export interface CrmFailure extends Failure {
  readonly kind: CrmFailureKind;
}

/** True when the error says the CRM does not know the named client, application, message, offer or account. */
export function isCrmNotFound(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== undefined && CRM_NOT_FOUND_CODES.has(code);
}

/**
 * The meaning of any error a CrmClient method throws. HUB_FAULT is every other permanent
 * failure: the hub's envelope or credentials, an idempotency key reused with other
 * content, or an error without a code.
 */
export function crmFailure(error: unknown): CrmFailure {
  const failure = failureOf(error);
  const kind: CrmFailureKind = CRM_NOT_FOUND_CODES.has(failure.code)
    ? 'NOT_FOUND'
    : CRM_REFUSAL_CODES.has(failure.code)
      ? 'REFUSED'
      : failure.disposition === 'RETRY_LATER'
        ? 'RETRY_LATER'
        : 'HUB_FAULT';
  return { ...failure, kind };
}

/** What the applications flow does after a failed CreateApplication. */
export type CreateApplicationOutcome = 'REJECTED' | 'RETRY_LATER' | 'FAILED';

export interface CreateApplicationFailure extends Failure {
  /**
   * REJECTED: permanent, the application itself is refused (APPLICATION_REFUSAL_CODES);
   * RETRY_LATER: repeat the same request with the same idempotency key later;
   * FAILED: permanent, but not the client's doing (the hub's request or credentials, an
   * idempotency key reused with other content): keep the application for an operator.
   */
  readonly outcome: CreateApplicationOutcome;
}

export function createApplicationFailure(error: unknown): CreateApplicationFailure {
  const failure = failureOf(error);
  const outcome: CreateApplicationOutcome = APPLICATION_REFUSAL_CODES.has(failure.code) ? 'REJECTED' : failure.disposition === 'RETRY_LATER' ? 'RETRY_LATER' : 'FAILED';
  return { ...failure, outcome };
}
