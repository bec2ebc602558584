/**
 * What a failed CRM call means, and in particular what the applications flow does after
 * a failed CreateApplication: reject the application, retry with the same key, or keep it
 * for an operator.
 */
import { expect } from 'chai';
import { InvalidRequestError, UnexpectedResponseError } from '../../../connectors/cards/index.js';
import { APPLICATION_REFUSAL_CODES, createApplicationFailure, crmFailure, isCrmNotFound } from '../../../connectors/crm/index.js';
import { SoapCallError } from '../cards/soap-support.js';

const fault = (code: string, retryable = false) => new SoapCallError(code, retryable, `fault ${code}`);
const transport = (code: string, retryable: boolean) => Object.assign(new Error(`transport ${code}`), { code, retryable });

describe('connectors/crm: what fault codes mean', () => {
  it('tells the not-found answers of the CRM', () => {
    for (const code of ['CLIENT_NOT_FOUND', 'APPLICATION_NOT_FOUND', 'MESSAGE_NOT_FOUND', 'OFFER_NOT_FOUND', 'ACCOUNT_NOT_FOUND']) expect(isCrmNotFound(fault(code)), code).to.equal(true);
    expect(isCrmNotFound(fault('CARD_NOT_FOUND'))).to.equal(false);
    expect(isCrmNotFound(fault('INVALID_STATE'))).to.equal(false);
  });

  it('sorts the failures of the other operations', () => {
    expect(crmFailure(fault('MESSAGE_NOT_FOUND')).kind).to.equal('NOT_FOUND');
    expect(crmFailure(fault('INVALID_STATE')).kind).to.equal('REFUSED');
    expect(crmFailure(fault('INVALID_CURSOR')).kind).to.equal('REFUSED');
    expect(crmFailure(fault('THROTTLED', true)).kind).to.equal('RETRY_LATER');
    expect(crmFailure(fault('TOKEN_REPLAYED')).kind).to.equal('RETRY_LATER');
    expect(crmFailure(fault('NOT_ENTITLED')).kind).to.equal('HUB_FAULT');
  });

  describe('after a failed CreateApplication', () => {
    it('rejects the application for every refusal the operation documents', () => {
      const documented = ['CLIENT_NOT_FOUND', 'OFFER_NOT_FOUND', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_CLOSED', 'CURRENCY_MISMATCH', 'INVALID_MONEY', 'UNKNOWN_CURRENCY', 'LIMIT_EXCEEDED', 'KYC_REQUIRED', 'CONSENT_REQUIRED', 'INVALID_STATE', 'SCHEMA_VIOLATION'];
      expect([...APPLICATION_REFUSAL_CODES].sort()).to.deep.equal([...documented].sort());
      for (const code of documented) expect(createApplicationFailure(fault(code)), code).to.include({ outcome: 'REJECTED', disposition: 'PERMANENT' });
    });

    it('retries with the same key when the CRM or the link was unwell, a call timed out or was cancelled', () => {
      for (const code of ['SERVICE_UNAVAILABLE', 'THROTTLED', 'TIMEOUT', 'INTERNAL_ERROR']) expect(createApplicationFailure(fault(code, true)).outcome, code).to.equal('RETRY_LATER');
      for (const code of ['CONNECTION_FAILED', 'CIRCUIT_OPEN', 'BULKHEAD_FULL', 'RATE_LIMITED', 'BAD_RESPONSE', 'CANCELLED', 'TIMEOUT']) {
        expect(createApplicationFailure(transport(code, true)).outcome, code).to.equal('RETRY_LATER');
      }
      expect(createApplicationFailure(new UnexpectedResponseError('CreateApplicationResponse/applicationId', 'missing')).outcome).to.equal('RETRY_LATER');
    });

    it('keeps the application for an operator when the hub is at fault', () => {
      for (const code of ['IDEMPOTENCY_CONFLICT', 'AUTHENTICATION_FAILED', 'SIGNATURE_INVALID', 'MALFORMED_REQUEST', 'UNKNOWN_OPERATION']) {
        expect(createApplicationFailure(fault(code)), code).to.include({ outcome: 'FAILED', disposition: 'PERMANENT' });
      }
      expect(createApplicationFailure(transport('HTTP_ERROR', false)).outcome).to.equal('FAILED');
      expect(createApplicationFailure(new RangeError('bug'))).to.include({ code: 'UNKNOWN_ERROR', outcome: 'FAILED' });
    });

    it('rejects an application whose request the hub itself found invalid', () => {
      expect(createApplicationFailure(new InvalidRequestError('INVALID_MONEY', 'details/loan/amount', 'too many decimals'))).to.include({ outcome: 'REJECTED', field: 'details/loan/amount' });
    });
  });
});
