/**
 * Credit transfers. One evaluation prices and checks an instruction for SimulateTransfer,
 * CreateTransfer and each later execution, so they always agree. An internal transfer
 * executed today is booked on both accounts at once (COMPLETED). An external one executed
 * today reserves its total debit as a PENDING journal (debtor and fees against clearing)
 * and stays ACCEPTED, cancellable, until settlement books that journal (COMPLETED). A
 * future-dated transfer reserves nothing; on its execution date it is checked again and
 * executed, or REJECTED with the reason.
 */
import type { Money } from '../../common/money.js';
import { isRegisteredIban } from '../seed/iban.js';
import { addDays } from '../shared/calendar.js';
import type { BankCore, ClientAccount } from './core.js';
import { nextBusinessDay } from './dates.js';
import { fault, type BusinessFaultCode } from './faults.js';
import type { Conversion, Quote } from './fx.js';
import { transferFees, transferLimit, type Channel, type Fee, type TransferScheme } from './tariff.js';
import { transferPostings } from './transfer-postings.js';

export type AccountReference = { readonly iban: string } | { readonly accountId: string };

export interface CreditorInstruction {
  readonly account: AccountReference;
  readonly name: string;
  readonly bic?: string;
}

export interface TransferInstruction {
  readonly clientId: string;
  readonly debtorAccountId: string;
  readonly creditor: CreditorInstruction;
  readonly amount: Money;
  readonly remittanceInformation?: string;
  readonly requestedExecutionDate?: string;
  readonly quoteId?: string;
  readonly channel: Channel;
}

export type TransferStatus = 'ACCEPTED' | 'PENDING' | 'COMPLETED' | 'REJECTED' | 'CANCELLED';

export interface Transfer {
  readonly transferId: string;
  readonly instruction: TransferInstruction;
  readonly clientId: string;
  readonly debtorCurrency: string;
  readonly scheme: TransferScheme;
  readonly standingOrderId: string | undefined;
  readonly createdAt: Date;
  status: TransferStatus;
  statusChangedAt: Date;
  reasonCode: BusinessFaultCode | undefined;
  externalReasonCode: string | undefined;
  reason: string | undefined;
  executionDate: string;
  conversion: Conversion | undefined;
  fees: Fee[];
  totalDebit: bigint;
  entryReference: string | undefined;
  /** The journal that reserves (PENDING) or books (BOOKED) the transfer. */
  journalId: string | undefined;
}

export interface Failure {
  readonly code: BusinessFaultCode;
  readonly message: string;
  readonly field: string;
}

export interface Pricing {
  readonly conversion: Conversion | undefined;
  readonly quote: Quote | undefined;
  readonly fees: Fee[];
  /** The amount in the debtor's currency (converted when needed), fees not included. */
  readonly debitAmount: bigint;
  readonly totalFees: bigint;
  readonly totalDebit: bigint;
}

export interface Evaluation {
  readonly failures: readonly Failure[];
  readonly debtor: ClientAccount | undefined;
  readonly creditorAccount: ClientAccount | undefined;
  readonly scheme: TransferScheme | undefined;
  readonly executionDate: string | undefined;
  readonly pricing: Pricing | undefined;
}

/** SimulateTransfer reports the first failed rule in this order, and CreateTransfer raises it. */
const RULE_ORDER: readonly BusinessFaultCode[] = [
  'ACCOUNT_NOT_FOUND', 'ACCOUNT_CLOSED', 'ACCOUNT_BLOCKED', 'INSUFFICIENT_FUNDS', 'LIMIT_EXCEEDED', 'CURRENCY_MISMATCH',
  'UNSUPPORTED_CURRENCY_PAIR', 'QUOTE_EXPIRED', 'INVALID_IBAN', 'SAME_ACCOUNT', 'INVALID_PERIOD', 'KYC_REQUIRED',
];

/** The reasons a REJECTED transfer may carry in reasonCode; others travel as externalReasonCode MS03. */
const REJECTION_CODES: ReadonlySet<BusinessFaultCode> = new Set([
  'INSUFFICIENT_FUNDS', 'ACCOUNT_BLOCKED', 'ACCOUNT_CLOSED', 'ACCOUNT_NOT_FOUND', 'LIMIT_EXCEEDED', 'INVALID_IBAN', 'CURRENCY_MISMATCH', 'QUOTE_EXPIRED',
]);

/** ISO 20022 return reasons of creditor banks, mapped as cb:Transfer/externalReasonCode documents. */
const EXTERNAL_REASONS: Readonly<Record<string, BusinessFaultCode>> = {
  AC01: 'ACCOUNT_NOT_FOUND', AC04: 'ACCOUNT_CLOSED', AC06: 'ACCOUNT_BLOCKED', AM04: 'INSUFFICIENT_FUNDS',
};

export function firstFailure(evaluation: Evaluation): Failure | undefined {
  return [...evaluation.failures].sort((a, b) => RULE_ORDER.indexOf(a.code) - RULE_ORDER.indexOf(b.code))[0];
}

export interface EvaluationOptions {
  /** Business date of the execution check; funds are checked when the transfer executes on it. */
  readonly asOf: string;
  /** The transfer being executed, which may hold the quote it names. */
  readonly transferId?: string;
  /** Whether the requested execution date is checked (not when a stored transfer executes). */
  readonly checkPeriod: boolean;
  /** Whether funds are checked for an execution on asOf (not for a standing order being created). */
  readonly checkFunds?: boolean;
}

export class TransferDesk {
  private readonly transfers = new Map<string, Transfer>();
  /** ACCEPTED transfers: the only ones the jobs look at. */
  private readonly waiting = new Set<Transfer>();

  constructor(
    private readonly core: BankCore,
    /** How long an external transfer stays ACCEPTED before clearing settles it. */
    private readonly settlementDelayMs: number,
  ) {}

  get(transferId: string): Transfer | undefined {
    return this.transfers.get(transferId);
  }

  all(): Iterable<Transfer> {
    return this.transfers.values();
  }

  /** The transfer, when it exists and (if a client is named) debits one of that client's accounts. */
  requireFor(transferId: string, clientId: string | undefined): Transfer {
    const transfer = this.transfers.get(transferId);
    if (!transfer || (clientId !== undefined && transfer.clientId !== clientId)) {
      throw fault('TRANSFER_NOT_FOUND', `no transfer ${transferId}`, 'transferId');
    }
    return transfer;
  }

  evaluate(instruction: TransferInstruction, options: EvaluationOptions): Evaluation {
    const core = this.core;
    const failures: Failure[] = [];
    const fail = (code: BusinessFaultCode, message: string, field: string): void => void failures.push({ code, message, field });
    const today = core.today();

    const candidate = core.account(instruction.debtorAccountId);
    const debtor = candidate && candidate.clientId === instruction.clientId ? candidate : undefined;
    if (!debtor) fail('ACCOUNT_NOT_FOUND', `no account ${instruction.debtorAccountId} for client ${instruction.clientId}`, 'transfer/debtorAccountId');
    else if (debtor.status === 'CLOSED') fail('ACCOUNT_CLOSED', `account ${debtor.accountId} is closed`, 'transfer/debtorAccountId');
    else if (debtor.status === 'BLOCKED') fail('ACCOUNT_BLOCKED', `account ${debtor.accountId} is blocked for debits`, 'transfer/debtorAccountId');

    const { creditorAccount, scheme } = this.resolveCreditor(instruction, fail);
    if (creditorAccount && debtor && creditorAccount.accountId === debtor.accountId) {
      fail('SAME_ACCOUNT', 'the creditor account is the debtor account', 'transfer/creditor/account');
    }

    let executionDate: string | undefined = options.asOf;
    const requested = instruction.requestedExecutionDate;
    if (options.checkPeriod && requested !== undefined) {
      if (requested < today || requested > addDays(today, 365)) {
        fail('INVALID_PERIOD', `requestedExecutionDate ${requested} is in the past or more than 365 days ahead`, 'transfer/requestedExecutionDate');
        executionDate = undefined;
      } else {
        executionDate = nextBusinessDay(requested);
      }
    }

    const pricing = debtor && scheme ? this.price(instruction, debtor, scheme, executionDate === today, options, fail) : undefined;
    if (debtor && pricing) {
      if (pricing.totalDebit > transferLimit(instruction.channel, debtor.currency)) {
        fail('LIMIT_EXCEEDED', 'the total debit exceeds the per-transfer limit of the channel', 'transfer/amount/amount');
      }
      if (options.checkFunds !== false && executionDate === options.asOf && debtor.status === 'OPEN' && core.balances(debtor.accountId).available < pricing.totalDebit) {
        fail('INSUFFICIENT_FUNDS', 'the available balance does not cover the amount and its fees', 'transfer/amount/amount');
      }
    }

    const ownAccountTransfer = creditorAccount !== undefined && creditorAccount.clientId === instruction.clientId;
    if (debtor && !ownAccountTransfer && core.client(instruction.clientId)?.kycStatus !== 'VERIFIED') {
      fail('KYC_REQUIRED', 'payments to third parties need a verified client', 'transfer/clientId');
    }
    return { failures, debtor, creditorAccount, scheme, executionDate, pricing };
  }

  /** CreateTransfer: checks, records and (for today) executes; a repetition with the key returns the first transfer. */
  create(idempotencyKey: string, instruction: TransferInstruction): Transfer {
    return this.core.idempotency.run({ operation: 'CreateTransfer', idempotencyKey, content: instruction }, () => {
      const evaluation = this.evaluate(instruction, { asOf: this.core.today(), checkPeriod: true });
      const failure = firstFailure(evaluation);
      if (failure) throw fault(failure.code, failure.message, failure.field);
      const transfer = this.record(instruction, evaluation, undefined);
      if (evaluation.pricing?.quote) evaluation.pricing.quote.usedBy = transfer.transferId;
      if (transfer.executionDate === this.core.today()) this.execute(transfer, evaluation, transfer.executionDate, idempotencyKey);
      return transfer;
    });
  }

  /** One execution of a standing order on its date: a transfer of its own, executed or REJECTED. */
  createForStandingOrder(standingOrderId: string, instruction: TransferInstruction, date: string): Transfer {
    const evaluation = this.evaluate(instruction, { asOf: date, checkPeriod: false });
    const transfer = this.record(instruction, evaluation, standingOrderId, date);
    const failure = firstFailure(evaluation);
    if (failure) this.reject(transfer, failure.code, failure.message);
    else this.execute(transfer, evaluation, date, undefined);
    return transfer;
  }

  cancel(transfer: Transfer, reason: string | undefined): Transfer {
    if (transfer.status === 'CANCELLED') return transfer;
    if (transfer.status !== 'ACCEPTED') throw fault('INVALID_STATE', `a ${transfer.status} transfer cannot be cancelled`, 'transferId');
    if (transfer.journalId !== undefined) this.core.discard(transfer.journalId);
    transfer.journalId = undefined;
    transfer.entryReference = undefined;
    transfer.reason = (reason ?? 'Cancelled by the client').slice(0, 140);
    this.setStatus(transfer, 'CANCELLED');
    return transfer;
  }

  /** Executes ACCEPTED transfers due by `date` and settles external ones whose clearing delay has passed. */
  runDue(date: string, now: Date): void {
    for (const transfer of [...this.waiting]) {
      if (transfer.status !== 'ACCEPTED' || transfer.executionDate > date) continue;
      if (transfer.journalId === undefined) {
        const evaluation = this.evaluate(transfer.instruction, { asOf: date, transferId: transfer.transferId, checkPeriod: false });
        const failure = firstFailure(evaluation);
        if (failure) this.reject(transfer, failure.code, failure.message);
        else this.execute(transfer, evaluation, date, undefined);
      } else if (now.getTime() - transfer.statusChangedAt.getTime() >= this.settlementDelayMs || transfer.executionDate < date) {
        this.core.book(transfer.journalId, date);
        this.setStatus(transfer, 'COMPLETED');
      }
    }
  }

  /** The creditor's bank returned an external transfer before settlement (QA fixture). */
  returnByCreditorBank(transfer: Transfer, externalReasonCode: string): Transfer {
    if (transfer.status !== 'ACCEPTED' || transfer.journalId === undefined) {
      throw fault('INVALID_STATE', `transfer ${transfer.transferId} is not on its way to another bank`, 'transferId');
    }
    this.core.discard(transfer.journalId);
    transfer.journalId = undefined;
    transfer.entryReference = undefined;
    transfer.externalReasonCode = externalReasonCode;
    transfer.reasonCode = EXTERNAL_REASONS[externalReasonCode];
    transfer.reason = `Returned by the creditor's bank (${externalReasonCode})`;
    this.setStatus(transfer, 'REJECTED');
    return transfer;
  }

  private resolveCreditor(
    instruction: TransferInstruction,
    fail: (code: BusinessFaultCode, message: string, field: string) => void,
  ): { creditorAccount: ClientAccount | undefined; scheme: TransferScheme | undefined } {
    const reference = instruction.creditor.account;
    let creditorAccount: ClientAccount | undefined;
    if ('iban' in reference) {
      if (!isRegisteredIban(reference.iban)) {
        fail('INVALID_IBAN', `creditor IBAN ${reference.iban} fails its check digits or length`, 'transfer/creditor/account/iban');
        return { creditorAccount: undefined, scheme: undefined };
      }
      creditorAccount = this.core.accountByIban(reference.iban);
      if (!creditorAccount) {
        if (this.core.isOurIban(reference.iban)) {
          fail('ACCOUNT_NOT_FOUND', `no account with IBAN ${reference.iban} at this bank`, 'transfer/creditor/account/iban');
          return { creditorAccount: undefined, scheme: undefined };
        }
        return { creditorAccount: undefined, scheme: this.core.isDomestic(reference.iban) ? 'DOMESTIC' : 'INTERNATIONAL' };
      }
    } else {
      creditorAccount = this.core.account(reference.accountId);
      if (!creditorAccount) {
        fail('ACCOUNT_NOT_FOUND', `no account ${reference.accountId} at this bank`, 'transfer/creditor/account/accountId');
        return { creditorAccount: undefined, scheme: undefined };
      }
    }
    if (creditorAccount.status === 'CLOSED') fail('ACCOUNT_CLOSED', `creditor account ${creditorAccount.accountId} is closed`, 'transfer/creditor/account');
    if (creditorAccount.currency !== instruction.amount.currency) {
      fail('CURRENCY_MISMATCH', `the amount's currency is not the creditor account's (${creditorAccount.currency})`, 'transfer/amount/currency');
    }
    return { creditorAccount, scheme: 'INTERNAL' };
  }

  private price(
    instruction: TransferInstruction,
    debtor: ClientAccount,
    scheme: TransferScheme,
    executesToday: boolean,
    options: EvaluationOptions,
    fail: (code: BusinessFaultCode, message: string, field: string) => void,
  ): Pricing | undefined {
    const { amount } = instruction;
    let conversion: Conversion | undefined;
    let quote: Quote | undefined;
    if (amount.currency !== debtor.currency) {
      conversion = this.core.fx.convert(debtor.currency, amount.currency, 'BUY', amount.minor);
      if (!conversion) {
        fail('UNSUPPORTED_CURRENCY_PAIR', `no exchange rate for ${debtor.currency}/${amount.currency}`, 'transfer/amount/currency');
        return undefined;
      }
    }
    if (instruction.quoteId !== undefined) {
      const candidate = this.core.fx.quote(instruction.quoteId);
      const usable =
        candidate !== undefined &&
        executesToday &&
        (candidate.usedBy === undefined || candidate.usedBy === options.transferId) &&
        this.core.now().getTime() <= candidate.validUntil.getTime() &&
        (candidate.clientId === undefined || candidate.clientId === instruction.clientId) &&
        candidate.conversion.sellCurrency === debtor.currency &&
        candidate.conversion.buyCurrency === amount.currency &&
        candidate.conversion.buyAmount === amount.minor;
      if (usable) {
        quote = candidate;
        conversion = candidate.conversion;
      } else {
        fail('QUOTE_EXPIRED', `quote ${instruction.quoteId} is unknown, used, expired or does not match this transfer`, 'transfer/quoteId');
      }
    }
    const fees = transferFees(scheme, instruction.channel, debtor.currency);
    const debitAmount = conversion ? conversion.sellAmount : amount.minor;
    const totalFees = fees.reduce((sum, fee) => sum + fee.amount, 0n);
    return { conversion, quote, fees, debitAmount, totalFees, totalDebit: debitAmount + totalFees };
  }

  private record(instruction: TransferInstruction, evaluation: Evaluation, standingOrderId: string | undefined, date?: string): Transfer {
    const now = this.core.now();
    const transfer: Transfer = {
      transferId: this.core.nextId('TRF', (id) => this.transfers.has(id)),
      instruction,
      clientId: instruction.clientId,
      debtorCurrency: evaluation.debtor?.currency ?? instruction.amount.currency,
      scheme: evaluation.scheme ?? 'INTERNAL',
      standingOrderId,
      createdAt: now,
      status: 'ACCEPTED',
      statusChangedAt: now,
      reasonCode: undefined,
      externalReasonCode: undefined,
      reason: undefined,
      executionDate: date ?? evaluation.executionDate ?? this.core.today(),
      conversion: evaluation.pricing?.conversion,
      fees: evaluation.pricing?.fees ?? [],
      totalDebit: evaluation.pricing?.totalDebit ?? 0n,
      entryReference: undefined,
      journalId: undefined,
    };
    this.transfers.set(transfer.transferId, transfer);
    this.waiting.add(transfer);
    return transfer;
  }

  private execute(transfer: Transfer, evaluation: Evaluation, date: string, idempotencyKey: string | undefined): void {
    const pricing = evaluation.pricing!;
    transfer.conversion = pricing.conversion;
    transfer.fees = pricing.fees;
    transfer.totalDebit = pricing.totalDebit;
    transfer.executionDate = date;
    const internal = evaluation.scheme === 'INTERNAL';
    const journal = this.core.post({
      postings: transferPostings(this.core, transfer, evaluation, pricing),
      status: internal ? 'BOOKED' : 'PENDING',
      bookingDate: date,
      valueDate: date,
      source: { operation: transfer.standingOrderId ? 'StandingOrder' : 'CreateTransfer', ...(idempotencyKey ? { idempotencyKey } : {}) },
    });
    transfer.journalId = journal.journalId;
    transfer.entryReference = journal.entries[0]?.entryReference;
    if (internal) this.setStatus(transfer, 'COMPLETED');
  }

  private reject(transfer: Transfer, code: BusinessFaultCode, message: string): void {
    if (REJECTION_CODES.has(code)) transfer.reasonCode = code;
    else transfer.externalReasonCode = 'MS03';
    transfer.reason = message.slice(0, 140);
    this.setStatus(transfer, 'REJECTED');
  }

  private setStatus(transfer: Transfer, status: TransferStatus): void {
    if (status !== 'ACCEPTED') this.waiting.delete(transfer);
    transfer.status = status;
    transfer.statusChangedAt = this.core.now();
  }
}
