/**
 * The core banking system's operations in the hub's terms (wsdl/core-banking/v1): what
 * each request takes and each response gives, as the typed client hands them over.
 * Money is always `Money` (bigint minor units), never a number; dates of the contract
 * (xs:date) are "YYYY-MM-DD" strings; instants are Date; enumerations are the XSD's
 * values. The records the hub stores (AccountRecord, TransactionRecord, LoanRecord, …)
 * are in hub/store/types.ts; mapping.ts turns these results into them.
 */
import type { ContractErrorCode } from '../../hub/errors/catalog.js';
import type { Balances } from '../../hub/events/parse.js';
import type { InstallmentRecord, TransactionRecord } from '../../hub/store/types.js';
import type { Money } from '../../common/money.js';

export type { Balances } from '../../hub/events/parse.js';

/** A code of cmn:FaultCode, as carried in reasonCode and faultCode elements. */
export type FaultCode = ContractErrorCode;

// --- Enumerations (XSD values) ------------------------------------------------------------

export const ACCOUNT_TYPES = ['CURRENT', 'SAVINGS', 'CARD', 'OTHER'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const ACCOUNT_STATUSES = ['OPEN', 'BLOCKED', 'CLOSED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const BALANCE_TYPES = ['BOOKED', 'AVAILABLE', 'BLOCKED'] as const;
export type BalanceType = (typeof BALANCE_TYPES)[number];

export const TRANSACTION_STATUS_FILTERS = ['BOOKED', 'PENDING', 'BOTH'] as const;
export type TransactionStatusFilter = (typeof TRANSACTION_STATUS_FILTERS)[number];

export const TRANSACTION_KINDS = ['TRANSFER', 'CARD_PAYMENT', 'FEE', 'INTEREST', 'LOAN_REPAYMENT', 'DEPOSIT', 'FX', 'REVERSAL', 'OTHER'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const CHANNELS = ['MOBILE', 'WEB', 'BRANCH', 'CONTACT_CENTER', 'OPEN_BANKING', 'SYSTEM'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TRANSFER_SCHEMES = ['INTERNAL', 'DOMESTIC', 'INTERNATIONAL'] as const;
export type TransferScheme = (typeof TRANSFER_SCHEMES)[number];

export const TRANSFER_STATUSES = ['ACCEPTED', 'PENDING', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const STANDING_ORDER_FREQUENCIES = ['WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
export type StandingOrderFrequency = (typeof STANDING_ORDER_FREQUENCIES)[number];

export const STANDING_ORDER_STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type StandingOrderStatus = (typeof STANDING_ORDER_STATUSES)[number];

export const DEPOSIT_STATUSES = ['ACTIVE', 'MATURED', 'CLOSED'] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

export const INTEREST_PAYMENT_STATUSES = ['PLANNED', 'PAID', 'CANCELLED'] as const;
export type InterestPaymentStatus = (typeof INTEREST_PAYMENT_STATUSES)[number];

export const LOAN_STATUSES = ['ACTIVE', 'OVERDUE', 'REPAID', 'WRITTEN_OFF'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export const INSTALLMENT_STATUSES = ['PLANNED', 'PAID', 'PARTIALLY_PAID', 'OVERDUE'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export const REPAYMENT_TYPES = ['REGULAR', 'EARLY_REDUCE_INSTALLMENT', 'EARLY_REDUCE_TERM', 'FULL'] as const;
export type RepaymentType = (typeof REPAYMENT_TYPES)[number];

export const HOLD_STATUSES = ['ACTIVE', 'RELEASED', 'EXPIRED'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const FIXED_SIDES = ['SELL', 'BUY'] as const;
export type FixedSide = (typeof FIXED_SIDES)[number];

/** cb:TermMonths: the term of a deposit or a loan, 1 to 600 whole months. */
export const MAX_TERM_MONTHS = 600;

// --- Shared shapes -------------------------------------------------------------------------

export type { CallOptions } from '../shared/types.js';

/** A closed range of dates, both ends included (cmn:DateRange). */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/** Which page of a list (cmn:PageRequest): no cursor for the first page; limit 1–500, 50 when absent. */
export interface PageRequest {
  readonly cursor?: string;
  readonly limit?: number;
}

/** Where a page stands (cmn:PageInfo): nextCursor is present exactly when more items follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** One balance at a point in time (cmn:Balance). */
export interface Balance {
  readonly type: BalanceType;
  readonly amount: Money;
  readonly asOf: Date;
}

/** An account named by IBAN (any bank) or by the core banking system's id (this bank): exactly one. */
export type AccountReference = { readonly iban: string; readonly accountId?: undefined } | { readonly accountId: string; readonly iban?: undefined };

/** The payee of a transfer or standing order (cb:Creditor). */
export interface Creditor {
  readonly account: AccountReference;
  readonly name: string;
  readonly bic?: string;
}

export interface Fee {
  /** Code in the bank's tariff ("TRF_DOMESTIC"). */
  readonly code: string;
  readonly description: string;
  readonly amount: Money;
}

/** A currency conversion: rate units of quoteCurrency for one unit of baseCurrency, margin included. */
export interface Conversion {
  readonly sellAmount: Money;
  readonly buyAmount: Money;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  /** Decimal string (cmn:Rate), never a number. */
  readonly rate: string;
}

// --- Accounts and entries ----------------------------------------------------------------

/** One account with its current balances (cb:Account). */
export interface Account {
  readonly accountId: string;
  readonly iban?: string;
  readonly currency: string;
  readonly productCode: string;
  readonly productName: string;
  readonly type: AccountType;
  readonly status: AccountStatus;
  readonly openingDate: string;
  /** Present exactly when status is CLOSED. */
  readonly closingDate?: string;
  readonly ownerClientId: string;
  /** Overdraft or card limit, included in the AVAILABLE balance. */
  readonly creditLine?: Money;
  readonly balances: Balances;
}

/** GetClientAccounts, GetClientDeposits, GetClientLoans: whose products to list. */
export interface ClientProductsRequest {
  readonly clientId: string;
  /**
   * Lists finished products too: CLOSED accounts, MATURED and CLOSED deposits, REPAID and
   * WRITTEN_OFF loans. The contract's default is false.
   */
  readonly includeClosed?: boolean;
}

export interface AccountRequest {
  readonly accountId: string;
  /** The client on whose behalf the hub asks; omitted only for the hub's own housekeeping. */
  readonly clientId?: string;
}

/** GetBalances: the three balances of one account, computed at one instant. */
export interface AccountBalances extends Balances {
  readonly accountId: string;
}

/** One entry of an account (cmn:Transaction); amounts always positive, direction in creditDebitIndicator. */
export interface AccountEntry extends Omit<TransactionRecord, 'version' | 'asOf' | 'clientId' | 'kind'> {
  readonly kind: TransactionKind;
}

export interface GetTransactionsRequest {
  readonly accountId: string;
  readonly clientId?: string;
  /** Booked entries by bookingDate; pending ones are all included when `to` is today or later. */
  readonly period: DateRange;
  /** BOTH when absent. */
  readonly status?: TransactionStatusFilter;
  readonly page?: PageRequest;
}

export interface GetTransactionRequest {
  readonly accountId: string;
  readonly entryReference: string;
  readonly clientId?: string;
}

export interface GetStatementRequest {
  readonly accountId: string;
  readonly clientId?: string;
  readonly period: DateRange;
  readonly page?: PageRequest;
}

/** One page of a statement; the summary is the same on every page. closing = opening + credits − debits. */
export interface Statement extends Page<AccountEntry> {
  readonly accountId: string;
  readonly iban?: string;
  readonly currency: string;
  readonly period: DateRange;
  readonly openingBalance: Balance;
  readonly closingBalance: Balance;
  readonly totalCredits: Money;
  readonly totalDebits: Money;
  readonly creditCount: number;
  readonly debitCount: number;
}

export interface AccountValidation {
  /** True when a transfer to the account can be instructed. */
  readonly valid: boolean;
  /** INVALID_IBAN, ACCOUNT_NOT_FOUND or ACCOUNT_CLOSED; present exactly when valid is false. */
  readonly reasonCode?: FaultCode;
  /** Held at this bank. */
  readonly internal: boolean;
  readonly accountId?: string;
  readonly iban?: string;
  readonly accountHolderName?: string;
  readonly currency?: string;
  readonly bic?: string;
}

// --- Transfers and standing orders ---------------------------------------------------------

/** A credit transfer as the client instructs it; the same for SimulateTransfer and CreateTransfer. */
export interface TransferInstruction {
  readonly clientId: string;
  readonly debtorAccountId: string;
  readonly creditor: Creditor;
  /** What the creditor receives, fees not included. */
  readonly amount: Money;
  readonly remittanceInformation?: string;
  /** Absent: as soon as possible. */
  readonly requestedExecutionDate?: string;
  readonly quoteId?: string;
  readonly channel: Channel;
}

export interface TransferSimulation {
  readonly wouldSucceed: boolean;
  /** The fault CreateTransfer would answer; present exactly when wouldSucceed is false. */
  readonly faultCode?: FaultCode;
  readonly reason?: string;
  readonly scheme?: TransferScheme;
  readonly executionDate?: string;
  readonly fees: readonly Fee[];
  readonly totalFees?: Money;
  readonly conversion?: Conversion;
  readonly totalDebit?: Money;
}

/** A transfer with its current status (cb:Transfer). */
export interface Transfer {
  readonly transferId: string;
  readonly status: TransferStatus;
  /** Why a REJECTED transfer was rejected, from the catalog (INSUFFICIENT_FUNDS, ACCOUNT_CLOSED, …). */
  readonly reasonCode?: FaultCode;
  /** ISO 20022 reason of the clearing or the creditor's bank ("AC04"). */
  readonly externalReasonCode?: string;
  readonly reason?: string;
  readonly debtorAccountId: string;
  readonly creditor: Creditor;
  readonly amount: Money;
  readonly remittanceInformation?: string;
  readonly scheme: TransferScheme;
  readonly requestedExecutionDate?: string;
  readonly executionDate: string;
  readonly quoteId?: string;
  readonly conversion?: Conversion;
  readonly fees: readonly Fee[];
  readonly totalDebit: Money;
  readonly channel: Channel;
  readonly standingOrderId?: string;
  readonly createdAt: Date;
  readonly statusChangedAt: Date;
  /** The debit entry on the debtor account, once it exists. */
  readonly entryReference?: string;
}

export interface TransferRequest {
  readonly transferId: string;
  readonly clientId?: string;
}

export interface CancelTransferRequest {
  readonly transferId: string;
  readonly clientId: string;
  readonly reason?: string;
  readonly channel: Channel;
}

export interface StandingOrderInstruction {
  readonly clientId: string;
  readonly debtorAccountId: string;
  readonly creditor: Creditor;
  readonly amount: Money;
  readonly remittanceInformation?: string;
  readonly frequency: StandingOrderFrequency;
  readonly firstExecutionDate: string;
  /** Absent: open-ended. */
  readonly lastExecutionDate?: string;
  readonly channel: Channel;
}

export interface StandingOrder {
  readonly standingOrderId: string;
  readonly status: StandingOrderStatus;
  readonly clientId: string;
  readonly debtorAccountId: string;
  readonly creditor: Creditor;
  readonly amount: Money;
  readonly remittanceInformation?: string;
  readonly frequency: StandingOrderFrequency;
  readonly firstExecutionDate: string;
  readonly lastExecutionDate?: string;
  /** Present exactly when ACTIVE. */
  readonly nextExecutionDate?: string;
  readonly lastTransferId?: string;
  readonly channel: Channel;
  readonly createdAt: Date;
  /** Present exactly when CANCELLED. */
  readonly cancelledAt?: Date;
}

export interface ListStandingOrdersRequest {
  readonly clientId: string;
  readonly accountId?: string;
  /** Lists COMPLETED and CANCELLED orders too; the contract's default is false. */
  readonly includeInactive?: boolean;
  readonly page?: PageRequest;
}

export interface CancelStandingOrderRequest {
  readonly standingOrderId: string;
  readonly clientId: string;
  readonly channel: Channel;
}

// --- Term deposits -----------------------------------------------------------------------

export interface Deposit {
  readonly depositId: string;
  readonly clientId: string;
  readonly productCode: string;
  readonly productName: string;
  readonly status: DepositStatus;
  /** Includes capitalised interest; its currency is the deposit's. */
  readonly principal: Money;
  readonly accruedInterest: Money;
  /** Annual rate in percent, decimal string ("3.5"). */
  readonly interestRate: string;
  readonly earlyClosureRate?: string;
  readonly termMonths: number;
  readonly openingDate: string;
  readonly maturityDate: string;
  readonly earliestClosureDate?: string;
  readonly payoutAccountId: string;
  readonly closingDate?: string;
}

export interface DepositRequest {
  readonly depositId: string;
  readonly clientId?: string;
}

export interface InterestPayment {
  readonly number: number;
  readonly paymentDate: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly interest: Money;
  readonly taxWithheld?: Money;
  /** Only on the line at the maturity date. */
  readonly principal?: Money;
  readonly capitalised: boolean;
  readonly status: InterestPaymentStatus;
}

export interface DepositSchedule {
  readonly depositId: string;
  readonly payments: readonly InterestPayment[];
}

export interface OpenDepositInstruction {
  readonly clientId: string;
  readonly productCode: string;
  readonly sourceAccountId: string;
  readonly amount: Money;
  readonly termMonths: number;
  /** The source account when absent. */
  readonly payoutAccountId?: string;
  readonly channel: Channel;
}

export interface OpenedDeposit {
  readonly deposit: Deposit;
  /** The debit on the source account. */
  readonly entryReference: string;
}

export interface CloseDepositInstruction {
  readonly clientId: string;
  readonly depositId: string;
  readonly targetAccountId: string;
  readonly channel: Channel;
}

/** What an early closure paid: totalPaid = principalPaid + interestPaid − penalty − taxWithheld. */
export interface DepositClosure {
  readonly deposit: Deposit;
  readonly principalPaid: Money;
  readonly interestPaid: Money;
  readonly penalty?: Money;
  readonly taxWithheld?: Money;
  readonly totalPaid: Money;
  /** The credit on the target account. */
  readonly entryReference: string;
}

// --- Loans -------------------------------------------------------------------------------

/** One line of a repayment schedule (cmn:Installment). */
export interface Installment extends InstallmentRecord {
  readonly status: InstallmentStatus;
}

export interface Loan {
  readonly loanId: string;
  readonly clientId: string;
  readonly productCode: string;
  readonly productName: string;
  readonly status: LoanStatus;
  readonly principal: Money;
  readonly outstandingPrincipal: Money;
  /** Present exactly when OVERDUE. */
  readonly overdueAmount?: Money;
  readonly interestRate: string;
  readonly termMonths: number;
  readonly startDate: string;
  readonly maturityDate: string;
  readonly repaymentAccountId?: string;
  readonly nextInstallment?: Installment;
  /** What a FULL repayment must carry today; absent once REPAID or WRITTEN_OFF. */
  readonly payoffAmount?: Money;
}

export interface LoanRequest {
  readonly loanId: string;
  readonly clientId?: string;
}

export interface LoanSchedule {
  readonly loanId: string;
  readonly installments: readonly Installment[];
}

export interface RepayLoanInstruction {
  readonly clientId: string;
  readonly loanId: string;
  readonly fromAccountId: string;
  readonly amount: Money;
  readonly repaymentType: RepaymentType;
  readonly channel: Channel;
}

export interface LoanRepayment {
  readonly repaymentId: string;
  readonly allocation: { readonly principal: Money; readonly interest: Money; readonly fees: Money };
  readonly outstandingPrincipal: Money;
  readonly loanStatus: LoanStatus;
  readonly nextInstallment?: Installment;
  readonly bookingDate: string;
  /** The debit on the account (kind LOAN_REPAYMENT). */
  readonly entryReference: string;
}

// --- Holds, rates and quotes -------------------------------------------------------------

export interface PlaceHoldInstruction {
  readonly accountId: string;
  readonly clientId?: string;
  readonly amount: Money;
  readonly reason: string;
  /** In the future, at most 90 days ahead. */
  readonly expiresAt: Date;
}

export interface Hold {
  readonly holdId: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly status: HoldStatus;
  readonly placedAt: Date;
  readonly expiresAt: Date;
  /** Present exactly when RELEASED or EXPIRED. */
  readonly releasedAt?: Date;
}

export interface ReleaseHoldRequest {
  readonly accountId: string;
  readonly holdId: string;
  readonly clientId?: string;
}

export interface GetFxRatesRequest {
  readonly baseCurrency?: string;
  readonly quoteCurrency?: string;
}

export interface FxRate {
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  /** The client selling one unit of baseCurrency receives buyRate units of quoteCurrency. */
  readonly buyRate: string;
  /** The client buying one unit of baseCurrency pays sellRate units of quoteCurrency. */
  readonly sellRate: string;
  readonly asOf: Date;
}

export interface GetConversionQuoteRequest {
  readonly sellCurrency: string;
  readonly buyCurrency: string;
  readonly fixedSide: FixedSide;
  /** In sellCurrency for SELL, in buyCurrency for BUY. */
  readonly amount: Money;
  readonly clientId?: string;
}

export interface ConversionQuote {
  /** To pass as TransferInstruction.quoteId. */
  readonly quoteId: string;
  readonly conversion: Conversion;
  readonly validUntil: Date;
}
