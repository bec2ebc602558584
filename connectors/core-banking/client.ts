/**
 * The typed CoreBanking client: one method per operation of
 * wsdl/core-banking/v1/CoreBanking.wsdl. Each builds the request (mapping), hands it to
 * the caller with the call's trace context and signal, and reads the answer (mapping);
 * timeouts, retries, the breaker and the bulkhead are the caller's (connectors/shared).
 * Writes that move money or create something take their idempotency key as a required
 * argument: it travels in the request and in the OperationCall, so the caller may retry
 * them. Failures are the caller's ConnectorError, or this connector's request and
 * response errors (errors.ts); classifyFailure says what each means.
 */
import { operationCall, type OperationCaller } from '../shared/types.js';
import * as map from './mapping.js';
import type { RequestObject } from './write.js';
import type {
  Account,
  AccountBalances,
  AccountEntry,
  AccountReference,
  AccountRequest,
  AccountValidation,
  CallOptions,
  CancelStandingOrderRequest,
  CancelTransferRequest,
  ClientProductsRequest,
  CloseDepositInstruction,
  ConversionQuote,
  Deposit,
  DepositClosure,
  DepositRequest,
  DepositSchedule,
  FxRate,
  GetConversionQuoteRequest,
  GetFxRatesRequest,
  GetStatementRequest,
  GetTransactionRequest,
  GetTransactionsRequest,
  Hold,
  ListStandingOrdersRequest,
  Loan,
  LoanRepayment,
  LoanRequest,
  LoanSchedule,
  OpenDepositInstruction,
  OpenedDeposit,
  Page,
  PlaceHoldInstruction,
  ReleaseHoldRequest,
  RepayLoanInstruction,
  StandingOrder,
  StandingOrderInstruction,
  Statement,
  Transfer,
  TransferInstruction,
  TransferRequest,
  TransferSimulation,
} from './types.js';

/** Every operation of the contract, each with its method below. */
export const CORE_BANKING_OPERATIONS = [
  'GetClientAccounts',
  'GetAccount',
  'GetBalances',
  'GetTransactions',
  'GetTransaction',
  'GetStatement',
  'ValidateAccount',
  'SimulateTransfer',
  'CreateTransfer',
  'GetTransferStatus',
  'CancelTransfer',
  'CreateStandingOrder',
  'ListStandingOrders',
  'CancelStandingOrder',
  'GetClientDeposits',
  'GetDeposit',
  'GetDepositSchedule',
  'OpenDeposit',
  'CloseDeposit',
  'GetClientLoans',
  'GetLoan',
  'GetLoanSchedule',
  'RepayLoan',
  'PlaceHold',
  'ReleaseHold',
  'GetFxRates',
  'GetConversionQuote',
] as const;
export type CoreBankingOperation = (typeof CORE_BANKING_OPERATIONS)[number];

export class CoreBankingClient {
  constructor(private readonly caller: OperationCaller) {
    if (caller.backOffice !== 'core-banking') throw new Error(`the CoreBanking client needs the core-banking caller, not ${caller.backOffice}`);
  }

  getClientAccounts(request: ClientProductsRequest, options?: CallOptions): Promise<Account[]> {
    return this.send('GetClientAccounts', () => map.clientProductsRequest(request), map.readGetClientAccountsResponse, options);
  }

  getAccount(request: AccountRequest, options?: CallOptions): Promise<Account> {
    return this.send('GetAccount', () => map.accountRequest(request), map.readGetAccountResponse, options);
  }

  getBalances(request: AccountRequest, options?: CallOptions): Promise<AccountBalances> {
    return this.send('GetBalances', () => map.accountRequest(request), map.readGetBalancesResponse, options);
  }

  getTransactions(request: GetTransactionsRequest, options?: CallOptions): Promise<Page<AccountEntry>> {
    return this.send('GetTransactions', () => map.getTransactionsRequest(request), map.readGetTransactionsResponse, options);
  }

  getTransaction(request: GetTransactionRequest, options?: CallOptions): Promise<AccountEntry> {
    return this.send('GetTransaction', () => map.getTransactionRequest(request), map.readGetTransactionResponse, options);
  }

  getStatement(request: GetStatementRequest, options?: CallOptions): Promise<Statement> {
    return this.send('GetStatement', () => map.getStatementRequest(request), map.readGetStatementResponse, options);
  }

  validateAccount(account: AccountReference, options?: CallOptions): Promise<AccountValidation> {
    return this.send('ValidateAccount', () => map.validateAccountRequest(account), map.readValidateAccountResponse, options);
  }

  simulateTransfer(instruction: TransferInstruction, options?: CallOptions): Promise<TransferSimulation> {
    return this.send('SimulateTransfer', () => map.simulateTransferRequest(instruction), map.readSimulateTransferResponse, options);
  }

  /** The payments flow passes the payment id as the key: one payment, at most one transfer. */
  createTransfer(idempotencyKey: string, instruction: TransferInstruction, options?: CallOptions): Promise<Transfer> {
    return this.send('CreateTransfer', () => map.createTransferRequest(idempotencyKey, instruction), (value) => map.readTransferResponse(value, 'CreateTransfer'), options, idempotencyKey);
  }

  getTransferStatus(request: TransferRequest, options?: CallOptions): Promise<Transfer> {
    return this.send('GetTransferStatus', () => map.getTransferStatusRequest(request), (value) => map.readTransferResponse(value, 'GetTransferStatus'), options);
  }

  cancelTransfer(request: CancelTransferRequest, options?: CallOptions): Promise<Transfer> {
    return this.send('CancelTransfer', () => map.cancelTransferRequest(request), (value) => map.readTransferResponse(value, 'CancelTransfer'), options);
  }

  createStandingOrder(idempotencyKey: string, order: StandingOrderInstruction, options?: CallOptions): Promise<StandingOrder> {
    return this.send(
      'CreateStandingOrder',
      () => map.createStandingOrderRequest(idempotencyKey, order),
      (value) => map.readStandingOrderResponse(value, 'CreateStandingOrder'),
      options,
      idempotencyKey,
    );
  }

  listStandingOrders(request: ListStandingOrdersRequest, options?: CallOptions): Promise<Page<StandingOrder>> {
    return this.send('ListStandingOrders', () => map.listStandingOrdersRequest(request), map.readListStandingOrdersResponse, options);
  }

  cancelStandingOrder(request: CancelStandingOrderRequest, options?: CallOptions): Promise<StandingOrder> {
    return this.send('CancelStandingOrder', () => map.cancelStandingOrderRequest(request), (value) => map.readStandingOrderResponse(value, 'CancelStandingOrder'), options);
  }

  getClientDeposits(request: ClientProductsRequest, options?: CallOptions): Promise<Deposit[]> {
    return this.send('GetClientDeposits', () => map.clientProductsRequest(request), map.readGetClientDepositsResponse, options);
  }

  getDeposit(request: DepositRequest, options?: CallOptions): Promise<Deposit> {
    return this.send('GetDeposit', () => map.depositRequest(request), map.readGetDepositResponse, options);
  }

  getDepositSchedule(request: DepositRequest, options?: CallOptions): Promise<DepositSchedule> {
    return this.send('GetDepositSchedule', () => map.depositRequest(request), map.readGetDepositScheduleResponse, options);
  }

  openDeposit(idempotencyKey: string, deposit: OpenDepositInstruction, options?: CallOptions): Promise<OpenedDeposit> {
    return this.send('OpenDeposit', () => map.openDepositRequest(idempotencyKey, deposit), map.readOpenDepositResponse, options, idempotencyKey);
  }

  closeDeposit(idempotencyKey: string, closure: CloseDepositInstruction, options?: CallOptions): Promise<DepositClosure> {
    return this.send('CloseDeposit', () => map.closeDepositRequest(idempotencyKey, closure), map.readCloseDepositResponse, options, idempotencyKey);
  }

  getClientLoans(request: ClientProductsRequest, options?: CallOptions): Promise<Loan[]> {
    return this.send('GetClientLoans', () => map.clientProductsRequest(request), map.readGetClientLoansResponse, options);
  }

  getLoan(request: LoanRequest, options?: CallOptions): Promise<Loan> {
    return this.send('GetLoan', () => map.loanRequest(request), map.readGetLoanResponse, options);
  }

  getLoanSchedule(request: LoanRequest, options?: CallOptions): Promise<LoanSchedule> {
    return this.send('GetLoanSchedule', () => map.loanRequest(request), map.readGetLoanScheduleResponse, options);
  }

  repayLoan(idempotencyKey: string, repayment: RepayLoanInstruction, options?: CallOptions): Promise<LoanRepayment> {
    return this.send('RepayLoan', () => map.repayLoanRequest(idempotencyKey, repayment), map.readRepayLoanResponse, options, idempotencyKey);
  }

  placeHold(idempotencyKey: string, hold: PlaceHoldInstruction, options?: CallOptions): Promise<Hold> {
    return this.send('PlaceHold', () => map.placeHoldRequest(idempotencyKey, hold), (value) => map.readHoldResponse(value, 'PlaceHold'), options, idempotencyKey);
  }

  releaseHold(request: ReleaseHoldRequest, options?: CallOptions): Promise<Hold> {
    return this.send('ReleaseHold', () => map.releaseHoldRequest(request), (value) => map.readHoldResponse(value, 'ReleaseHold'), options);
  }

  getFxRates(request: GetFxRatesRequest = {}, options?: CallOptions): Promise<FxRate[]> {
    return this.send('GetFxRates', () => map.getFxRatesRequest(request), map.readGetFxRatesResponse, options);
  }

  getConversionQuote(request: GetConversionQuoteRequest, options?: CallOptions): Promise<ConversionQuote> {
    return this.send('GetConversionQuote', () => map.getConversionQuoteRequest(request), map.readGetConversionQuoteResponse, options);
  }

  /** Builds the request (a bad one rejects before anything is sent), calls, reads the answer. */
  private async send<T>(
    operation: CoreBankingOperation,
    build: () => RequestObject,
    read: (value: unknown) => T,
    options: CallOptions | undefined,
    idempotencyKey?: string,
  ): Promise<T> {
    const request = build();
    return read(await this.caller.call(operationCall(operation, request, options, idempotencyKey)));
  }
}
