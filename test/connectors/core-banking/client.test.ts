import { expect } from 'chai';
import { loadWsdlModel } from '../../../common/contracts/wsdl-model.js';
import { CoreBankingClient, CORE_BANKING_OPERATIONS } from '../../../connectors/core-banking/client.js';
import { classifyFailure, CoreBankingRequestError, CoreBankingResponseError } from '../../../connectors/core-banking/errors.js';
import * as map from '../../../connectors/core-banking/mapping.js';
import type { CallOptions } from '../../../connectors/core-banking/types.js';
import type { OperationCall, OperationCaller } from '../../../connectors/shared/types.js';
import { contract, DOMESTIC_IBAN } from './bank.js';
import { m, SavedResponseCaller, savedResponse } from './support.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const PERIOD = { from: '2026-10-01', to: '2026-11-24' };
const TRANSFER = { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH' }, amount: m(12_050n, 'EUR'), channel: 'MOBILE' } as const;

interface Case {
  readonly operation: string;
  readonly invoke: (client: CoreBankingClient, options: CallOptions) => Promise<unknown>;
  /** What the method must answer: the mapping's reading of the saved response. */
  readonly read: (value: unknown) => unknown;
  /** The request the method must send. */
  readonly request: map.RequestObject;
  readonly key?: string;
}

const CASES: readonly Case[] = [
  { operation: 'GetClientAccounts', invoke: (c, o) => c.getClientAccounts({ clientId: 'C1' }, o), read: map.readGetClientAccountsResponse, request: { clientId: 'C1' } },
  { operation: 'GetAccount', invoke: (c, o) => c.getAccount({ accountId: 'A1', clientId: 'C1' }, o), read: map.readGetAccountResponse, request: { accountId: 'A1', clientId: 'C1' } },
  { operation: 'GetBalances', invoke: (c, o) => c.getBalances({ accountId: 'A1' }, o), read: map.readGetBalancesResponse, request: { accountId: 'A1' } },
  {
    operation: 'GetTransactions',
    invoke: (c, o) => c.getTransactions({ accountId: 'A1', period: PERIOD, page: { limit: 3 } }, o),
    read: map.readGetTransactionsResponse,
    request: map.getTransactionsRequest({ accountId: 'A1', period: PERIOD, page: { limit: 3 } }),
  },
  {
    operation: 'GetTransaction',
    invoke: (c, o) => c.getTransaction({ accountId: 'A1', entryReference: 'S-A1-2' }, o),
    read: map.readGetTransactionResponse,
    request: { accountId: 'A1', entryReference: 'S-A1-2' },
  },
  {
    operation: 'GetStatement',
    invoke: (c, o) => c.getStatement({ accountId: 'A3', period: PERIOD }, o),
    read: map.readGetStatementResponse,
    request: map.getStatementRequest({ accountId: 'A3', period: PERIOD }),
  },
  { operation: 'ValidateAccount', invoke: (c, o) => c.validateAccount({ accountId: 'A3' }, o), read: map.readValidateAccountResponse, request: { account: { accountId: 'A3' } } },
  { operation: 'SimulateTransfer', invoke: (c, o) => c.simulateTransfer(TRANSFER, o), read: map.readSimulateTransferResponse, request: map.simulateTransferRequest(TRANSFER) },
  {
    operation: 'CreateTransfer',
    invoke: (c, o) => c.createTransfer('payment-0001', TRANSFER, o),
    read: (value) => map.readTransferResponse(value, 'CreateTransfer'),
    request: map.createTransferRequest('payment-0001', TRANSFER),
    key: 'payment-0001',
  },
  {
    operation: 'GetTransferStatus',
    invoke: (c, o) => c.getTransferStatus({ transferId: 'TRF-00000003', clientId: 'C1' }, o),
    read: (value) => map.readTransferResponse(value, 'GetTransferStatus'),
    request: { transferId: 'TRF-00000003', clientId: 'C1' },
  },
  {
    operation: 'CancelTransfer',
    invoke: (c, o) => c.cancelTransfer({ transferId: 'TRF-00000002', clientId: 'C1', channel: 'WEB' }, o),
    read: (value) => map.readTransferResponse(value, 'CancelTransfer'),
    request: { transferId: 'TRF-00000002', clientId: 'C1', channel: 'WEB' },
  },
  {
    operation: 'CreateStandingOrder',
    invoke: (c, o) => c.createStandingOrder('order-key-0001', { ...TRANSFER, frequency: 'MONTHLY', firstExecutionDate: '2026-12-01' }, o),
    read: (value) => map.readStandingOrderResponse(value, 'CreateStandingOrder'),
    request: map.createStandingOrderRequest('order-key-0001', { ...TRANSFER, frequency: 'MONTHLY', firstExecutionDate: '2026-12-01' }),
    key: 'order-key-0001',
  },
  {
    operation: 'ListStandingOrders',
    invoke: (c, o) => c.listStandingOrders({ clientId: 'C1', includeInactive: true }, o),
    read: map.readListStandingOrdersResponse,
    request: { clientId: 'C1', includeInactive: 'true' },
  },
  {
    operation: 'CancelStandingOrder',
    invoke: (c, o) => c.cancelStandingOrder({ standingOrderId: 'SO-00000001', clientId: 'C1', channel: 'WEB' }, o),
    read: (value) => map.readStandingOrderResponse(value, 'CancelStandingOrder'),
    request: { standingOrderId: 'SO-00000001', clientId: 'C1', channel: 'WEB' },
  },
  { operation: 'GetClientDeposits', invoke: (c, o) => c.getClientDeposits({ clientId: 'C2', includeClosed: true }, o), read: map.readGetClientDepositsResponse, request: { clientId: 'C2', includeClosed: 'true' } },
  { operation: 'GetDeposit', invoke: (c, o) => c.getDeposit({ depositId: 'D2' }, o), read: map.readGetDepositResponse, request: { depositId: 'D2' } },
  { operation: 'GetDepositSchedule', invoke: (c, o) => c.getDepositSchedule({ depositId: 'D1' }, o), read: map.readGetDepositScheduleResponse, request: { depositId: 'D1' } },
  {
    operation: 'OpenDeposit',
    invoke: (c, o) => c.openDeposit('deposit-key-0001', { clientId: 'C1', productCode: 'TD-FLEX', sourceAccountId: 'A1', amount: m(100_000n, 'EUR'), termMonths: 6, channel: 'MOBILE' }, o),
    read: map.readOpenDepositResponse,
    request: map.openDepositRequest('deposit-key-0001', { clientId: 'C1', productCode: 'TD-FLEX', sourceAccountId: 'A1', amount: m(100_000n, 'EUR'), termMonths: 6, channel: 'MOBILE' }),
    key: 'deposit-key-0001',
  },
  {
    operation: 'CloseDeposit',
    invoke: (c, o) => c.closeDeposit('deposit-close-0001', { clientId: 'C1', depositId: 'DEP-00000001', targetAccountId: 'A1', channel: 'MOBILE' }, o),
    read: map.readCloseDepositResponse,
    request: { idempotencyKey: 'deposit-close-0001', clientId: 'C1', depositId: 'DEP-00000001', targetAccountId: 'A1', channel: 'MOBILE' },
    key: 'deposit-close-0001',
  },
  { operation: 'GetClientLoans', invoke: (c, o) => c.getClientLoans({ clientId: 'C1' }, o), read: map.readGetClientLoansResponse, request: { clientId: 'C1' } },
  { operation: 'GetLoan', invoke: (c, o) => c.getLoan({ loanId: 'L1' }, o), read: map.readGetLoanResponse, request: { loanId: 'L1' } },
  { operation: 'GetLoanSchedule', invoke: (c, o) => c.getLoanSchedule({ loanId: 'L1' }, o), read: map.readGetLoanScheduleResponse, request: { loanId: 'L1' } },
  {
    operation: 'RepayLoan',
    invoke: (c, o) => c.repayLoan('repay-key-0001', { clientId: 'C1', loanId: 'L1', fromAccountId: 'A1', amount: m(54_000n, 'EUR'), repaymentType: 'REGULAR', channel: 'MOBILE' }, o),
    read: map.readRepayLoanResponse,
    request: map.repayLoanRequest('repay-key-0001', { clientId: 'C1', loanId: 'L1', fromAccountId: 'A1', amount: m(54_000n, 'EUR'), repaymentType: 'REGULAR', channel: 'MOBILE' }),
    key: 'repay-key-0001',
  },
  {
    operation: 'PlaceHold',
    invoke: (c, o) => c.placeHold('hold-key-0001', { accountId: 'A1', amount: m(2_500n, 'EUR'), reason: 'Reservation', expiresAt: new Date('2026-12-01T09:30:00Z') }, o),
    read: (value) => map.readHoldResponse(value, 'PlaceHold'),
    request: map.placeHoldRequest('hold-key-0001', { accountId: 'A1', amount: m(2_500n, 'EUR'), reason: 'Reservation', expiresAt: new Date('2026-12-01T09:30:00Z') }),
    key: 'hold-key-0001',
  },
  {
    operation: 'ReleaseHold',
    invoke: (c, o) => c.releaseHold({ accountId: 'A1', holdId: 'HLD-00000001' }, o),
    read: (value) => map.readHoldResponse(value, 'ReleaseHold'),
    request: { accountId: 'A1', holdId: 'HLD-00000001' },
  },
  { operation: 'GetFxRates', invoke: (c, o) => c.getFxRates({ baseCurrency: 'EUR' }, o), read: map.readGetFxRatesResponse, request: { baseCurrency: 'EUR' } },
  {
    operation: 'GetConversionQuote',
    invoke: (c, o) => c.getConversionQuote({ sellCurrency: 'EUR', buyCurrency: 'JPY', fixedSide: 'SELL', amount: m(10_000n, 'EUR') }, o),
    read: map.readGetConversionQuoteResponse,
    request: { sellCurrency: 'EUR', buyCurrency: 'JPY', fixedSide: 'SELL', amount: { amount: '100.00', currency: 'EUR' } },
  },
];

/** A caller that fails every call with the given error. */
function failingCaller(error: unknown): OperationCaller & { calls: OperationCall[] } {
  const calls: OperationCall[] = [];
  return {
    backOffice: 'core-banking',
    calls,
    call: (call) => {
      calls.push(call);
      return Promise.reject(error);
    },
  };
}

describe('core-banking client: one typed method per operation, through the caller', () => {
  it('has exactly the operations of the WSDL', () => {
    const operations = loadWsdlModel(contract).operations.map((operation) => operation.name);
    expect([...CORE_BANKING_OPERATIONS].sort()).to.deep.equal([...operations].sort());
    expect(CASES.map((each) => each.operation)).to.deep.equal([...CORE_BANKING_OPERATIONS]);
  });

  it('takes an idempotency key exactly for the operations the WSDL makes safe to repeat with the same key', () => {
    const keyed = loadWsdlModel(contract).operations.filter((operation) => operation.retry === 'safe with the same idempotencyKey').map((operation) => operation.name);
    expect(keyed).to.have.length(6);
    expect(CASES.filter((each) => each.key).map((each) => each.operation).sort()).to.deep.equal(keyed.sort());
  });

  for (const { operation, invoke, read, request, key } of CASES) {
    it(`${operation}: sends its request${key ? ' with its idempotency key' : ''}, forwards trace and signal, answers the mapped response`, async () => {
      const caller = new SavedResponseCaller();
      const signal = new AbortController().signal;
      const result = await invoke(new CoreBankingClient(caller), { traceparent: TRACEPARENT, signal });
      expect(caller.calls).to.have.length(1);
      const call = caller.last;
      expect(call.operation).to.equal(operation);
      expect(call.request).to.deep.equal(request);
      expect(call.traceparent).to.equal(TRACEPARENT);
      expect(call.signal).to.equal(signal);
      if (key) {
        expect(call.idempotencyKey).to.equal(key);
        expect(call.request.idempotencyKey).to.equal(key);
        expect(Object.keys(call.request)[0]).to.equal('idempotencyKey');
      } else {
        expect(call).to.not.have.property('idempotencyKey');
      }
      expect(result).to.deep.equal(read(await savedResponse(operation)));
    });
  }

  it('sends no trace or signal keys when none are given', async () => {
    const caller = new SavedResponseCaller();
    await new CoreBankingClient(caller).createTransfer('payment-0001', TRANSFER);
    expect(Object.keys(caller.last).sort()).to.deep.equal(['idempotencyKey', 'operation', 'request']);
    await new CoreBankingClient(caller).getLoan({ loanId: 'L1' });
    expect(Object.keys(caller.last).sort()).to.deep.equal(['operation', 'request']);
  });

  it('rejects bad input before calling', async () => {
    const caller = new SavedResponseCaller();
    const client = new CoreBankingClient(caller);
    const error = await client.createTransfer('payment id with spaces', TRANSFER).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(CoreBankingRequestError).and.include({ code: 'INVALID_REQUEST', field: 'idempotencyKey' });
    const money = await client.placeHold('hold-key-0001', { accountId: 'A1', amount: m(-5n, 'EUR'), reason: 'x', expiresAt: new Date() }).catch((caught: unknown) => caught);
    expect(money).to.be.instanceOf(CoreBankingRequestError).and.include({ code: 'INVALID_MONEY', field: 'amount/amount' });
    expect(caller.calls).to.have.length(0);
  });

  it('passes the caller failure through unchanged, so that its code can be classified', async () => {
    const fault = Object.assign(new Error('the available balance does not cover the amount'), { code: 'INSUFFICIENT_FUNDS', retryable: false });
    const caller = failingCaller(fault);
    const error = await new CoreBankingClient(caller).createTransfer('payment-0001', TRANSFER).catch((caught: unknown) => caught);
    expect(error).to.equal(fault);
    expect(classifyFailure(error)).to.deep.equal({ code: 'INSUFFICIENT_FUNDS', kind: 'REJECTED', notFound: false });
    expect(caller.calls[0]?.idempotencyKey).to.equal('payment-0001');
  });

  it('fails with INVALID_RESPONSE when the answer does not fit the contract', async () => {
    const caller: OperationCaller = { backOffice: 'core-banking', call: async () => ({ account: { accountId: 'A1' } }) };
    const error = await new CoreBankingClient(caller).getAccount({ accountId: 'A1' }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(CoreBankingResponseError).and.include({ code: 'INVALID_RESPONSE', path: 'GetAccountResponse/account/currency' });
  });

  it('refuses the caller of another back office', () => {
    const caller: OperationCaller = { backOffice: 'cards', call: async () => ({}) };
    expect(() => new CoreBankingClient(caller)).to.throw(/core-banking caller, not cards/);
  });
});
