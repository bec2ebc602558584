import { expect } from 'chai';
import { loadWsdlModel } from '../../../common/contracts/wsdl-model.js';
import { CoreBankingRequestError } from '../../../connectors/core-banking/errors.js';
import * as map from '../../../connectors/core-banking/mapping.js';
import type { TransferInstruction } from '../../../connectors/core-banking/types.js';
import { contract, DOMESTIC_IBAN } from './bank.js';
import { m, serialise, validatePayload } from './support.js';

const KEY = 'payment-7f3c2a91';
const FULL_TRANSFER: TransferInstruction = {
  clientId: 'C1',
  debtorAccountId: 'A1',
  creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH', bic: 'DEUTDEFF' },
  amount: m(12_050n, 'EUR'),
  remittanceInformation: 'Invoice 2026-118',
  requestedExecutionDate: '2026-11-25',
  quoteId: 'QT-00000001',
  channel: 'MOBILE',
};
const MINIMAL_TRANSFER: TransferInstruction = { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { accountId: 'A4' }, name: 'Boris Ivanov' }, amount: m(15_000n, 'JPY'), channel: 'SYSTEM' };
const PERIOD = { from: '2026-10-01', to: '2026-11-24' };
const ORDER = {
  clientId: 'C1',
  debtorAccountId: 'A1',
  creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Landlord GmbH' },
  amount: m(75_000n, 'EUR'),
  frequency: 'MONTHLY',
  firstExecutionDate: '2026-12-01',
  channel: 'WEB',
} as const;
const DEPOSIT = { clientId: 'C2', productCode: 'TD-12M', sourceAccountId: 'A3', amount: m(1_005n, 'KWD'), termMonths: 12, channel: 'MOBILE' } as const;
const HOLD = { accountId: 'A1', amount: m(2_500n, 'EUR'), reason: 'Reservation for card order 8812', expiresAt: new Date('2026-12-01T09:30:00.250+02:00') };

/** Every operation with a request carrying every optional element, and one carrying none. */
const CASES: readonly { readonly operation: string; readonly full: map.RequestObject; readonly minimal: map.RequestObject }[] = [
  { operation: 'GetClientAccounts', full: map.clientProductsRequest({ clientId: 'C1', includeClosed: true }), minimal: map.clientProductsRequest({ clientId: 'C1' }) },
  { operation: 'GetAccount', full: map.accountRequest({ accountId: 'A1', clientId: 'C1' }), minimal: map.accountRequest({ accountId: 'A1' }) },
  { operation: 'GetBalances', full: map.accountRequest({ accountId: 'A1', clientId: 'C1' }), minimal: map.accountRequest({ accountId: 'A1' }) },
  {
    operation: 'GetTransactions',
    full: map.getTransactionsRequest({ accountId: 'A1', clientId: 'C1', period: PERIOD, status: 'PENDING', page: { cursor: 'eyJmIjoidHgifQ', limit: 500 } }),
    minimal: map.getTransactionsRequest({ accountId: 'A1', period: PERIOD }),
  },
  {
    operation: 'GetTransaction',
    full: map.getTransactionRequest({ accountId: 'A1', entryReference: 'S-A1-2', clientId: 'C1' }),
    minimal: map.getTransactionRequest({ accountId: 'A1', entryReference: 'S-A1-2' }),
  },
  {
    operation: 'GetStatement',
    full: map.getStatementRequest({ accountId: 'A3', clientId: 'C2', period: PERIOD, page: { limit: 1 } }),
    minimal: map.getStatementRequest({ accountId: 'A3', period: PERIOD }),
  },
  { operation: 'ValidateAccount', full: map.validateAccountRequest({ iban: DOMESTIC_IBAN }), minimal: map.validateAccountRequest({ accountId: 'A3' }) },
  { operation: 'SimulateTransfer', full: map.simulateTransferRequest(FULL_TRANSFER), minimal: map.simulateTransferRequest(MINIMAL_TRANSFER) },
  { operation: 'CreateTransfer', full: map.createTransferRequest(KEY, FULL_TRANSFER), minimal: map.createTransferRequest(KEY, MINIMAL_TRANSFER) },
  { operation: 'GetTransferStatus', full: map.getTransferStatusRequest({ transferId: 'TRF-1', clientId: 'C1' }), minimal: map.getTransferStatusRequest({ transferId: 'TRF-1' }) },
  {
    operation: 'CancelTransfer',
    full: map.cancelTransferRequest({ transferId: 'TRF-1', clientId: 'C1', reason: 'Wrong amount', channel: 'WEB' }),
    minimal: map.cancelTransferRequest({ transferId: 'TRF-1', clientId: 'C1', channel: 'WEB' }),
  },
  {
    operation: 'CreateStandingOrder',
    full: map.createStandingOrderRequest(KEY, { ...ORDER, remittanceInformation: 'Rent', lastExecutionDate: '2027-11-01' }),
    minimal: map.createStandingOrderRequest(KEY, ORDER),
  },
  {
    operation: 'ListStandingOrders',
    full: map.listStandingOrdersRequest({ clientId: 'C1', accountId: 'A1', includeInactive: false, page: { cursor: 'c', limit: 10 } }),
    minimal: map.listStandingOrdersRequest({ clientId: 'C1' }),
  },
  {
    operation: 'CancelStandingOrder',
    full: map.cancelStandingOrderRequest({ standingOrderId: 'SO-1', clientId: 'C1', channel: 'CONTACT_CENTER' }),
    minimal: map.cancelStandingOrderRequest({ standingOrderId: 'SO-1', clientId: 'C1', channel: 'OPEN_BANKING' }),
  },
  { operation: 'GetClientDeposits', full: map.clientProductsRequest({ clientId: 'C2', includeClosed: false }), minimal: map.clientProductsRequest({ clientId: 'C2' }) },
  { operation: 'GetDeposit', full: map.depositRequest({ depositId: 'D1', clientId: 'C2' }), minimal: map.depositRequest({ depositId: 'D1' }) },
  { operation: 'GetDepositSchedule', full: map.depositRequest({ depositId: 'D1', clientId: 'C2' }), minimal: map.depositRequest({ depositId: 'D1' }) },
  { operation: 'OpenDeposit', full: map.openDepositRequest(KEY, { ...DEPOSIT, payoutAccountId: 'A3' }), minimal: map.openDepositRequest(KEY, DEPOSIT) },
  {
    operation: 'CloseDeposit',
    full: map.closeDepositRequest(KEY, { clientId: 'C2', depositId: 'D1', targetAccountId: 'A4', channel: 'BRANCH' }),
    minimal: map.closeDepositRequest(KEY, { clientId: 'C2', depositId: 'D1', targetAccountId: 'A4', channel: 'MOBILE' }),
  },
  { operation: 'GetClientLoans', full: map.clientProductsRequest({ clientId: 'C1', includeClosed: true }), minimal: map.clientProductsRequest({ clientId: 'C1' }) },
  { operation: 'GetLoan', full: map.loanRequest({ loanId: 'L1', clientId: 'C1' }), minimal: map.loanRequest({ loanId: 'L1' }) },
  { operation: 'GetLoanSchedule', full: map.loanRequest({ loanId: 'L1', clientId: 'C1' }), minimal: map.loanRequest({ loanId: 'L1' }) },
  {
    operation: 'RepayLoan',
    full: map.repayLoanRequest(KEY, { clientId: 'C1', loanId: 'L1', fromAccountId: 'A1', amount: m(54_000n, 'EUR'), repaymentType: 'EARLY_REDUCE_TERM', channel: 'WEB' }),
    minimal: map.repayLoanRequest(KEY, { clientId: 'C1', loanId: 'L1', fromAccountId: 'A1', amount: m(54_000n, 'EUR'), repaymentType: 'REGULAR', channel: 'WEB' }),
  },
  { operation: 'PlaceHold', full: map.placeHoldRequest(KEY, { ...HOLD, clientId: 'C1' }), minimal: map.placeHoldRequest(KEY, HOLD) },
  {
    operation: 'ReleaseHold',
    full: map.releaseHoldRequest({ accountId: 'A1', holdId: 'HLD-1', clientId: 'C1' }),
    minimal: map.releaseHoldRequest({ accountId: 'A1', holdId: 'HLD-1' }),
  },
  { operation: 'GetFxRates', full: map.getFxRatesRequest({ baseCurrency: 'EUR', quoteCurrency: 'JPY' }), minimal: map.getFxRatesRequest() },
  {
    operation: 'GetConversionQuote',
    full: map.getConversionQuoteRequest({ sellCurrency: 'EUR', buyCurrency: 'KWD', fixedSide: 'BUY', amount: m(1_005n, 'KWD'), clientId: 'C1' }),
    minimal: map.getConversionQuoteRequest({ sellCurrency: 'EUR', buyCurrency: 'JPY', fixedSide: 'SELL', amount: m(10_000n, 'EUR') }),
  },
];

function expectRequestError(build: () => unknown, code: string, field: string): void {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  expect(error, `building must fail on ${field}`).to.be.instanceOf(CoreBankingRequestError);
  expect(error).to.include({ code, field, retryable: false });
}

describe('core-banking requests: built, serialised by node-soap, valid against the XSD', function () {
  this.timeout(30_000);

  it('cover every operation of the WSDL', () => {
    const operations = loadWsdlModel(contract).operations.map((operation) => operation.name);
    expect([...CASES.map((each) => each.operation)].sort()).to.deep.equal([...operations].sort());
  });

  for (const { operation, full, minimal } of CASES) {
    it(`${operation}: with every optional element and with none`, async () => {
      for (const request of [full, minimal]) {
        const envelope = await serialise(operation, request);
        const result = validatePayload(envelope);
        expect(result, `${operation} ${JSON.stringify(request)}\n${envelope}`).to.deep.equal({ valid: true });
      }
    });
  }

  it('the check can fail: the same content in another order, or without its key, is refused', async () => {
    // node-soap orders the children of a named type by the schema, but writes the request
    // wrapper's own children in key order: the builders' order is what reaches the wire.
    const { clientId, ...rest } = map.createStandingOrderRequest(KEY, ORDER);
    const reordered = await serialise('CreateStandingOrder', { clientId: clientId!, ...rest });
    expect(reordered).to.match(/<CreateStandingOrder [^>]*><clientId>C1<\/clientId><idempotencyKey>/);
    expect(validatePayload(reordered).valid).to.equal(false);
    const { transfer } = map.createTransferRequest(KEY, FULL_TRANSFER);
    expect(validatePayload(await serialise('CreateTransfer', { transfer: transfer! })).valid).to.equal(false);
  });

  it('CreateTransfer: the key first, elements in the XSD order, money as the contract decimal string', () => {
    const request = map.createTransferRequest(KEY, FULL_TRANSFER);
    expect(JSON.stringify(request)).to.equal(
      JSON.stringify({
        idempotencyKey: KEY,
        transfer: {
          clientId: 'C1',
          debtorAccountId: 'A1',
          creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH', bic: 'DEUTDEFF' },
          amount: { amount: '120.50', currency: 'EUR' },
          remittanceInformation: 'Invoice 2026-118',
          requestedExecutionDate: '2026-11-25',
          quoteId: 'QT-00000001',
          channel: 'MOBILE',
        },
      }),
    );
  });

  it('leaves absent optional elements out instead of sending them empty', () => {
    const transfer = map.simulateTransferRequest(MINIMAL_TRANSFER).transfer as map.RequestObject;
    expect(Object.keys(transfer)).to.deep.equal(['clientId', 'debtorAccountId', 'creditor', 'amount', 'channel']);
    expect(transfer.creditor).to.deep.equal({ account: { accountId: 'A4' }, name: 'Boris Ivanov' });
    expect(map.accountRequest({ accountId: 'A1', clientId: undefined })).to.deep.equal({ accountId: 'A1' });
    expect(map.getFxRatesRequest()).to.deep.equal({});
  });

  it('writes amounts with exactly the currency minor digits: yen without, dinar with three', () => {
    expect((map.simulateTransferRequest(MINIMAL_TRANSFER).transfer as map.RequestObject).amount).to.deep.equal({ amount: '15000', currency: 'JPY' });
    expect(map.openDepositRequest(KEY, DEPOSIT).amount).to.deep.equal({ amount: '1.005', currency: 'KWD' });
    expect(map.placeHoldRequest(KEY, { ...HOLD, amount: m(5n, 'EUR') }).amount).to.deep.equal({ amount: '0.05', currency: 'EUR' });
  });

  it('writes instants in UTC, booleans and numbers as text', () => {
    expect(map.placeHoldRequest(KEY, HOLD).expiresAt).to.equal('2026-12-01T07:30:00.250Z');
    expect(map.clientProductsRequest({ clientId: 'C1', includeClosed: false }).includeClosed).to.equal('false');
    expect(map.openDepositRequest(KEY, DEPOSIT).termMonths).to.equal('12');
  });

  it('refuses bad input with a coded error naming the field, before anything is sent', () => {
    expectRequestError(() => map.createTransferRequest('short', FULL_TRANSFER), 'INVALID_REQUEST', 'idempotencyKey');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, amount: m(-1n, 'EUR') }), 'INVALID_MONEY', 'transfer/amount/amount');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, amount: { minor: 100 as unknown as bigint, currency: 'EUR' } }), 'INVALID_MONEY', 'transfer/amount/amount');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, amount: m(1n, 'XXX') }), 'UNKNOWN_CURRENCY', 'transfer/amount/currency');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, amount: m(1n, 'eur') }), 'INVALID_REQUEST', 'transfer/amount/currency');
    expectRequestError(
      () => map.createTransferRequest(KEY, { ...FULL_TRANSFER, creditor: { account: { iban: DOMESTIC_IBAN, accountId: 'A4' } as never, name: 'X' } }),
      'INVALID_REQUEST',
      'transfer/creditor/account',
    );
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, creditor: { account: { iban: 'DE02 1203 0000' }, name: 'X' } }), 'INVALID_REQUEST', 'transfer/creditor/account/iban');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, requestedExecutionDate: '2026-02-30' }), 'INVALID_REQUEST', 'transfer/requestedExecutionDate');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, remittanceInformation: 'x'.repeat(141) }), 'INVALID_REQUEST', 'transfer/remittanceInformation');
    expectRequestError(() => map.createTransferRequest(KEY, { ...FULL_TRANSFER, channel: 'FAX' as never }), 'INVALID_REQUEST', 'transfer/channel');
    expectRequestError(() => map.accountRequest({ accountId: 'A 1' }), 'INVALID_REQUEST', 'accountId');
    expectRequestError(() => map.getTransactionsRequest({ accountId: 'A1', period: PERIOD, page: { limit: 501 } }), 'INVALID_REQUEST', 'page/limit');
    expectRequestError(() => map.getTransactionsRequest({ accountId: 'A1', period: PERIOD, page: { cursor: '' } }), 'INVALID_REQUEST', 'page/cursor');
    expectRequestError(() => map.getTransactionsRequest({ accountId: 'A1', period: undefined as never }), 'INVALID_REQUEST', 'period');
    expectRequestError(() => map.openDepositRequest(KEY, { ...DEPOSIT, termMonths: 0 }), 'INVALID_REQUEST', 'termMonths');
    expectRequestError(() => map.placeHoldRequest(KEY, { ...HOLD, expiresAt: new Date('not a date') }), 'INVALID_REQUEST', 'expiresAt');
    expectRequestError(() => map.getConversionQuoteRequest({ sellCurrency: 'EUR', buyCurrency: 'JPY', fixedSide: 'BOTH' as never, amount: m(1n, 'EUR') }), 'INVALID_REQUEST', 'fixedSide');
  });
});
