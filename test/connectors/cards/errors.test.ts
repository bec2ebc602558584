/**
 * What a failed card call means: not found, refused, try later, or the hub's own fault,
 * read from the stable code of whatever the call threw.
 */
import { expect } from 'chai';
import { cardsFailure, failureOf, InvalidRequestError, isCardsNotFound, UnexpectedResponseError } from '../../../connectors/cards/index.js';
import { SoapCallError } from './soap-support.js';

const fault = (code: string, retryable = false) => new SoapCallError(code, retryable, `fault ${code}`, 'cardId');

describe('connectors/cards: what fault codes mean', () => {
  it('tells the not-found answers of the card system', () => {
    for (const code of ['CARD_NOT_FOUND', 'ORDER_NOT_FOUND', 'CLIENT_NOT_FOUND', 'ACCOUNT_NOT_FOUND']) expect(isCardsNotFound(fault(code)), code).to.equal(true);
    for (const code of ['INVALID_STATE', 'TIMEOUT']) expect(isCardsNotFound(fault(code)), code).to.equal(false);
    expect(isCardsNotFound(new Error('CARD_NOT_FOUND'))).to.equal(false);
    expect(isCardsNotFound(undefined)).to.equal(false);
  });

  it('sorts every failure into not found, refused, retry later and hub fault', () => {
    const kinds = (codes: string[], retryable = false) => codes.map((code) => cardsFailure(fault(code, retryable)).kind);
    expect(kinds(['CARD_NOT_FOUND', 'ORDER_NOT_FOUND'])).to.deep.equal(['NOT_FOUND', 'NOT_FOUND']);
    expect(kinds(['INVALID_STATE', 'INVALID_ACTIVATION_CODE', 'LIMIT_EXCEEDED', 'KYC_REQUIRED', 'ACCOUNT_BLOCKED', 'CURRENCY_MISMATCH', 'INVALID_PERIOD'])).to.deep.equal(Array(7).fill('REFUSED'));
    expect(kinds(['SERVICE_UNAVAILABLE', 'THROTTLED', 'TIMEOUT', 'INTERNAL_ERROR'], true)).to.deep.equal(Array(4).fill('RETRY_LATER'));
    expect(kinds(['AUTHENTICATION_FAILED', 'SIGNATURE_INVALID', 'IDEMPOTENCY_CONFLICT', 'ACTION_MISMATCH'])).to.deep.equal(Array(4).fill('HUB_FAULT'));
  });

  it('keeps the code, message and field, and the disposition a retry policy needs', () => {
    expect(cardsFailure(fault('TIMEOUT', true))).to.deep.equal({ code: 'TIMEOUT', disposition: 'RETRY_LATER', message: 'fault TIMEOUT', field: 'cardId', kind: 'RETRY_LATER' });
    expect(cardsFailure(fault('CARD_NOT_FOUND'))).to.include({ disposition: 'PERMANENT', kind: 'NOT_FOUND' });
  });

  it('reads the caller’s own transport codes, and the retryability an unknown code states', () => {
    const transport = (code: string, retryable: boolean) => Object.assign(new Error(code), { code, retryable });
    for (const code of ['CONNECTION_FAILED', 'CIRCUIT_OPEN', 'BULKHEAD_FULL', 'RATE_LIMITED', 'CANCELLED', 'TOKEN_EXPIRED']) {
      expect(failureOf(transport(code, false)).disposition, code).to.equal('RETRY_LATER');
    }
    expect(failureOf(transport('HTTP_ERROR', true)).disposition).to.equal('RETRY_LATER');
    expect(failureOf(transport('HTTP_ERROR', false)).disposition).to.equal('PERMANENT');
    // A hub fault is never retried, whatever the error claims.
    expect(failureOf(transport('AUTHENTICATION_FAILED', true)).disposition).to.equal('PERMANENT');
    expect(cardsFailure(transport('UNKNOWN_FAULT', false)).kind).to.equal('HUB_FAULT');
  });

  it('takes the field of a fault as the caller received it', () => {
    const received = Object.assign(new Error('cards SetCardLimits: LIMIT_EXCEEDED: above the maximum'), { code: 'LIMIT_EXCEEDED', retryable: false, fault: { code: 'LIMIT_EXCEEDED', field: 'limit[2]/amount' } });
    expect(cardsFailure(received)).to.deep.equal({ code: 'LIMIT_EXCEEDED', disposition: 'PERMANENT', message: 'cards SetCardLimits: LIMIT_EXCEEDED: above the maximum', field: 'limit[2]/amount', kind: 'REFUSED' });
  });

  it('treats the mappings’ own errors like the answers they stand for, and an uncoded error as permanent', () => {
    expect(cardsFailure(new InvalidRequestError('INVALID_MONEY', 'limit[1]/amount', 'too many decimals'))).to.include({ code: 'INVALID_MONEY', kind: 'REFUSED', field: 'limit[1]/amount' });
    expect(cardsFailure(new UnexpectedResponseError('GetCardResponse/card', 'missing'))).to.include({ code: 'BAD_RESPONSE', kind: 'RETRY_LATER' });
    expect(cardsFailure(new TypeError('boom'))).to.deep.equal({ code: 'UNKNOWN_ERROR', disposition: 'PERMANENT', message: 'boom', kind: 'HUB_FAULT' });
  });
});
