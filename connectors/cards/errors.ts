/**
 * What the card processing system's fault codes mean for the hub. The read-through asks
 * "does the card system not know this?" (a NOT_FOUND answer, which the loader turns into
 * "no such card"); the Platform API's card actions ask "did the card system refuse this
 * request of the client?" (an answer for the client) versus "is it unavailable?" (try
 * later) versus "is the hub at fault?" (an operator's problem). The codes are those the
 * operations of wsdl/cards/v1/Cards.wsdl document.
 */
import { errorCodeOf, failureOf, type Failure } from '../shared/failure.js';

/** Answers that mean the object does not exist or is not this client's (the card system never tells which). */
export const CARDS_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['CARD_NOT_FOUND', 'ORDER_NOT_FOUND', 'CLIENT_NOT_FOUND', 'ACCOUNT_NOT_FOUND']);

/**
 * Refusals of a client's request for a reason in the client's situation or input: the
 * card's status does not allow it, a wrong activation code, a limit above the product's
 * maximum, the account or KYC state, a reversed or too long period. Permanent for that
 * request; the client is told.
 */
export const CARDS_REFUSAL_CODES: ReadonlySet<string> = new Set([
  'INVALID_STATE',
  'INVALID_ACTIVATION_CODE',
  'LIMIT_EXCEEDED',
  'ACCOUNT_CLOSED',
  'ACCOUNT_BLOCKED',
  'KYC_REQUIRED',
  'CURRENCY_MISMATCH',
  'INVALID_MONEY',
  'UNKNOWN_CURRENCY',
  'INVALID_PERIOD',
  'INVALID_CURSOR',
  'SCHEMA_VIOLATION',
]);

export type CardsFailureKind = 'NOT_FOUND' | 'REFUSED' | 'RETRY_LATER' | 'HUB_FAULT';

export interface CardsFailure extends Failure {
  readonly kind: CardsFailureKind;
}

/** True when the error says the card system does not know the named card, order, client or account. */
export function isCardsNotFound(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== undefined && CARDS_NOT_FOUND_CODES.has(code);
}

/**
 * The meaning of any error a CardsClient method throws. A SCHEMA_VIOLATION counts as the
 * client's input (a request the hub built from what the client entered, such as a
 * cardholder name the schema does not allow). HUB_FAULT is every other permanent failure:
 * the hub's envelope or credentials (HUB_FAULT_CODES of failure.ts), an idempotency key
 * reused with other content, or an error without a code.
 */
export function cardsFailure(error: unknown): CardsFailure {
  const failure = failureOf(error);
  const kind: CardsFailureKind = CARDS_NOT_FOUND_CODES.has(failure.code)
    ? 'NOT_FOUND'
    : CARDS_REFUSAL_CODES.has(failure.code)
      ? 'REFUSED'
      : failure.disposition === 'RETRY_LATER'
        ? 'RETRY_LATER'
        : 'HUB_FAULT';
  return { ...failure, kind };
}
