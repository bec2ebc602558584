/**
 * The card processing system's connector: the typed client, the mappings (the card record
 * of the read-through among them), the domain types and what the fault codes mean.
 */
export { CardsClient, type CallOptions } from './client.js';
export { cardRecord, CARDS_OPERATIONS, type CardsOperation } from './mapping.js';
export * from './types.js';
export { CARDS_NOT_FOUND_CODES, CARDS_REFUSAL_CODES, cardsFailure, isCardsNotFound, type CardsFailure, type CardsFailureKind } from './errors.js';
export { failureOf, errorCodeOf, RETRY_LATER_CODES, HUB_FAULT_CODES, type Disposition, type Failure } from '../shared/failure.js';
export { UnexpectedResponseError } from '../shared/message-reader.js';
export { InvalidRequestError, type RequestErrorCode } from '../shared/message-writer.js';
