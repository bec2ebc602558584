import { expect } from 'chai';
import { loadWsdlModel } from '../../../common/contracts/wsdl-model.js';
import {
  classifyFailure,
  CoreBankingRequestError,
  CoreBankingResponseError,
  isFinalTransferStatus,
  isNotFound,
  NOT_FOUND_CODES,
  TRANSFER_REJECTION_CODES,
  TRY_LATER_CODES,
} from '../../../connectors/core-banking/errors.js';
import { TRANSFER_STATUSES } from '../../../connectors/core-banking/types.js';
import { CONTRACT_ERRORS, isContractCode } from '../../../hub/errors/catalog.js';
import { contract } from './bank.js';

/** A failure as the caller throws it: an Error with a stable code and a retryable flag. */
const failure = (code: string, retryable?: boolean): Error => Object.assign(new Error(`failed: ${code}`), { code, ...(retryable === undefined ? {} : { retryable }) });

const operations = loadWsdlModel(contract).operations;
const documentedFaults = (name: string): readonly string[] => operations.find((operation) => operation.name === name)!.faultCodes;

describe('core-banking errors: what the faults mean for the hub', () => {
  it('knows every fault code that any CoreBanking operation documents', () => {
    const codes = new Set(operations.flatMap((operation) => operation.faultCodes));
    expect(codes.size).to.be.greaterThan(30);
    for (const code of codes) {
      expect(isContractCode(code), `${code} is a cmn:FaultCode`).to.equal(true);
      expect(classifyFailure(failure(code)).code).to.equal(code);
    }
  });

  it('CreateTransfer: its documented business faults are exactly the permanent rejections of a payment', () => {
    const faults = documentedFaults('CreateTransfer');
    const rejected = faults.filter((code) => classifyFailure(failure(code)).kind === 'REJECTED');
    expect([...rejected].sort()).to.deep.equal([...TRANSFER_REJECTION_CODES].sort());
    expect(rejected).to.include.members(['INSUFFICIENT_FUNDS', 'ACCOUNT_BLOCKED', 'ACCOUNT_CLOSED', 'LIMIT_EXCEEDED', 'INVALID_IBAN', 'KYC_REQUIRED', 'QUOTE_EXPIRED']);
    const later = faults.filter((code) => classifyFailure(failure(code)).kind === 'TRY_LATER');
    expect([...later].sort()).to.deep.equal(['INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'THROTTLED', 'TIMEOUT']);
    const broken = faults.filter((code) => classifyFailure(failure(code)).kind === 'INTEGRATION_ERROR');
    expect(broken).to.include.members(['SCHEMA_VIOLATION', 'AUTHENTICATION_FAILED', 'IDEMPOTENCY_CONFLICT', 'SIGNATURE_INVALID']);
    expect(rejected.length + later.length + broken.length).to.equal(faults.length);
  });

  it('"try later" is exactly what the catalog marks retryable', () => {
    for (const [code, spec] of Object.entries(CONTRACT_ERRORS)) {
      expect(TRY_LATER_CODES.has(code), code).to.equal(spec.retryable);
      expect(classifyFailure(failure(code)).kind === 'TRY_LATER', code).to.equal(spec.retryable);
    }
  });

  it('"not found" is each *_NOT_FOUND that CoreBanking answers for an object it does not know', () => {
    const documented = new Set(operations.flatMap((operation) => operation.faultCodes).filter((code) => code.endsWith('_NOT_FOUND')));
    // OFFER_NOT_FOUND refuses an OpenDeposit for a product the catalogue lacks: a rejection, not a missing object.
    documented.delete('OFFER_NOT_FOUND');
    expect([...NOT_FOUND_CODES].sort()).to.deep.equal([...documented].sort());
    expect(isNotFound(failure('LOAN_NOT_FOUND'))).to.equal(true);
    expect(classifyFailure(failure('ACCOUNT_NOT_FOUND'))).to.deep.equal({ code: 'ACCOUNT_NOT_FOUND', kind: 'REJECTED', notFound: true });
    expect(isNotFound(failure('SERVICE_UNAVAILABLE', true))).to.equal(false);
    expect(isNotFound(failure('OFFER_NOT_FOUND'))).to.equal(false);
    expect(isNotFound(new Error('no code'))).to.equal(false);
    expect(isNotFound(undefined)).to.equal(false);
  });

  it("sorts the caller's own codes by their retryable flag; without one, as try later", () => {
    expect(classifyFailure(failure('CIRCUIT_OPEN', true)).kind).to.equal('TRY_LATER');
    expect(classifyFailure(failure('RESPONSE_UNREADABLE', false)).kind).to.equal('INTEGRATION_ERROR');
    expect(classifyFailure(failure('ECONNRESET')).kind).to.equal('TRY_LATER');
    // A cancelled call is not retryable as such, but a keyed write may have reached the bank.
    expect(classifyFailure(failure('CANCELLED', false)).kind).to.equal('TRY_LATER');
  });

  it('an error without a code is a defect, except a cancelled call', () => {
    expect(classifyFailure(new TypeError('x is undefined'))).to.deep.equal({ code: 'UNKNOWN', kind: 'INTEGRATION_ERROR', notFound: false });
    const aborted = new AbortController();
    aborted.abort();
    expect(classifyFailure(aborted.signal.reason).kind).to.equal('TRY_LATER');
  });

  it("this connector's own errors: a bad amount rejects, a bad request or response is an integration error", () => {
    expect(classifyFailure(new CoreBankingRequestError('INVALID_MONEY', 'amount/amount', 'negative')).kind).to.equal('REJECTED');
    expect(classifyFailure(new CoreBankingRequestError('INVALID_REQUEST', 'idempotencyKey', 'too short')).kind).to.equal('INTEGRATION_ERROR');
    expect(classifyFailure(new CoreBankingResponseError('CreateTransferResponse/transfer/status', 'unknown')).kind).to.equal('INTEGRATION_ERROR');
  });

  it('a transfer is final once COMPLETED, REJECTED or CANCELLED', () => {
    expect(TRANSFER_STATUSES.filter(isFinalTransferStatus)).to.deep.equal(['COMPLETED', 'REJECTED', 'CANCELLED']);
  });
});
