/**
 * Term deposits. The deposited principal lives on the deposit's own liability account in
 * the ledger and accrued interest on its accrual account: accrual moves interest expense
 * to the accrual account, a payment moves the accrued interest to the payout account (or
 * to the principal when capitalised), maturity pays the principal back. An early closure
 * pays the principal plus interest for the days held at the early-closure rate, and
 * recovers interest already paid or capitalised at the contractual rate as the penalty.
 */
import type { Money } from '../../common/money.js';
import type { ChangePayload } from '../push/types.js';
import type { SeedDeposit } from '../seed/dataset.js';
import { addDays, addMonths, daysBetween } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import type { BankCore, ClientAccount } from './core.js';
import { fault } from './faults.js';
import type { Journal, PostingSpec } from './ledger.js';
import { depositProduct, legacyDepositProduct, simpleInterest, type DepositProduct } from './products.js';
import { depositChangedPayload } from './product-views.js';
import { scaled, type Channel } from './tariff.js';

export interface InterestLine {
  readonly number: number;
  readonly paymentDate: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  status: 'PLANNED' | 'PAID' | 'CANCELLED';
  /** What was paid, once PAID. */
  paidInterest: bigint | undefined;
  /** Principal paid back with the line (the maturity line), once PAID. */
  paidPrincipal: bigint | undefined;
}

export interface Deposit {
  readonly depositId: string;
  readonly clientId: string;
  readonly product: DepositProduct;
  readonly productName: string;
  readonly currency: string;
  readonly interestRate: string;
  readonly termMonths: number;
  readonly openingDate: string;
  readonly maturityDate: string;
  readonly earliestClosureDate: string | undefined;
  readonly payoutAccountId: string;
  /** The amount originally deposited. */
  readonly originalPrincipal: bigint;
  /** Ledger account of the principal and of the accrued interest. */
  readonly principalAccount: string;
  readonly accrualAccount: string;
  readonly lines: InterestLine[];
  status: 'ACTIVE' | 'MATURED' | 'CLOSED';
  closingDate: string | undefined;
  /** Principal when the deposit stopped being ACTIVE (its ledger account is then empty). */
  finalPrincipal: bigint;
  /** Interest paid out or capitalised at the contractual rate so far. */
  interestCredited: bigint;
}

export interface OpenDepositRequest {
  readonly clientId: string;
  readonly productCode: string;
  readonly sourceAccountId: string;
  readonly amount: Money;
  readonly termMonths: number;
  readonly payoutAccountId?: string;
  readonly channel: Channel;
}

export interface DepositClosure {
  readonly deposit: Deposit;
  readonly principalPaid: bigint;
  readonly interestPaid: bigint;
  readonly penalty: bigint;
  readonly totalPaid: bigint;
  readonly entryReference: string;
}

export class DepositBook {
  private readonly deposits = new Map<string, Deposit>();

  constructor(private readonly core: BankCore) {}

  /** Brings a seeded deposit in: its funding and the interest lines before today count as history (against clearing). */
  seed(seed: SeedDeposit): void {
    const product = depositProduct(seed.productCode) ?? legacyDepositProduct(seed.productCode, seed.termMonths, seed.annualRate);
    const deposit = this.newDeposit(seed.depositId, seed.clientId, product, seed.currency, seed.annualRate, seed.termMonths, seed.openDate, seed.accountId, seed.principal);
    const today = this.core.today();
    const clearing = this.core.ledger.gl('CLEARING', deposit.currency);
    if (deposit.maturityDate < today) {
      for (const line of deposit.lines) this.markPaid(deposit, line, this.lineInterest(deposit, line, seed.principal), line.paymentDate === deposit.maturityDate ? seed.principal : undefined);
      deposit.status = 'MATURED';
      deposit.finalPrincipal = seed.principal;
      return;
    }
    this.post('seed', [{ accountId: clearing, amount: -seed.principal }, { accountId: deposit.principalAccount, amount: seed.principal }]);
    for (const line of deposit.lines) {
      if (line.paymentDate >= today) break;
      const interest = this.lineInterest(deposit, line, this.principal(deposit));
      if (product.capitalised) this.post('seed', [{ accountId: clearing, amount: -interest }, { accountId: deposit.principalAccount, amount: interest }]);
      this.markPaid(deposit, line, interest, undefined);
    }
  }

  open(idempotencyKey: string, request: OpenDepositRequest): { deposit: Deposit; entryReference: string } {
    return this.core.idempotency.run({ operation: 'OpenDeposit', idempotencyKey, content: request }, () => {
      const core = this.core;
      const client = core.requireClient(request.clientId);
      const product = depositProduct(request.productCode);
      const rate = product?.rates[request.termMonths];
      if (!product || rate === undefined || !product.currencies?.includes(request.amount.currency)) {
        throw fault('OFFER_NOT_FOUND', `product ${request.productCode} is not offered for ${request.termMonths} months in ${request.amount.currency}`, 'productCode');
      }
      const source = core.ownedAccount(request.clientId, request.sourceAccountId, 'sourceAccountId');
      core.requireDebitable(source, 'sourceAccountId');
      if (source.currency !== request.amount.currency) throw fault('CURRENCY_MISMATCH', "the amount is not in the source account's currency", 'amount/currency');
      const payout = this.payoutAccount(request, source);
      const amount = request.amount.minor;
      if (amount < scaled(product.minimumAmount, source.currency) || amount > scaled(product.maximumAmount, source.currency)) {
        throw fault('LIMIT_EXCEEDED', `the amount is outside the product's minimum and maximum`, 'amount/amount');
      }
      if (client.kycStatus !== 'VERIFIED') throw fault('KYC_REQUIRED', 'a deposit needs a verified client', 'clientId');
      if (core.balances(source.accountId).available < amount) throw fault('INSUFFICIENT_FUNDS', 'the available balance does not cover the amount', 'amount/amount');

      const depositId = core.nextId('DEP', (id) => this.deposits.has(id));
      const deposit = this.newDeposit(depositId, client.clientId, product, source.currency, rate, request.termMonths, core.today(), payout.accountId, amount);
      const journal = this.post('OpenDeposit', [
        { accountId: source.accountId, amount: -amount, entry: { kind: 'DEPOSIT', remittanceInformation: `Opening of deposit ${depositId}` } },
        { accountId: deposit.principalAccount, amount },
      ], idempotencyKey)!;
      this.publish(deposit);
      return { deposit, entryReference: journal.entries[0]!.entryReference };
    });
  }

  close(idempotencyKey: string, request: { clientId: string; depositId: string; targetAccountId: string; channel: Channel }): DepositClosure {
    return this.core.idempotency.run({ operation: 'CloseDeposit', idempotencyKey, content: request }, () => {
      const core = this.core;
      const deposit = this.requireFor(request.depositId, request.clientId);
      const today = core.today();
      if (deposit.status !== 'ACTIVE') throw fault('INVALID_STATE', `deposit ${deposit.depositId} is ${deposit.status}`, 'depositId');
      if (deposit.earliestClosureDate !== undefined && today < deposit.earliestClosureDate) {
        throw fault('INVALID_STATE', `deposit ${deposit.depositId} cannot be closed before ${deposit.earliestClosureDate}`, 'depositId');
      }
      const target = core.ownedAccount(request.clientId, request.targetAccountId, 'targetAccountId');
      core.requireCreditable(target, 'targetAccountId');
      if (target.currency !== deposit.currency) throw fault('CURRENCY_MISMATCH', "the target account is not in the deposit's currency", 'targetAccountId');

      const principal = this.principal(deposit);
      const accrued = core.ledger.bookedBalance(deposit.accrualAccount);
      const rate = deposit.product.earlyClosureRate;
      const interest = rate === undefined ? 0n : simpleInterest(deposit.originalPrincipal, rate, daysBetween(deposit.openingDate, today));
      const penalty = deposit.interestCredited < principal + interest ? deposit.interestCredited : principal + interest;
      const totalPaid = principal + interest - penalty;
      const journal = this.post('CloseDeposit', [
        { accountId: deposit.principalAccount, amount: -principal },
        { accountId: deposit.accrualAccount, amount: -accrued },
        { accountId: core.ledger.gl('INTEREST_EXPENSE', deposit.currency), amount: accrued - interest + penalty },
        { accountId: target.accountId, amount: totalPaid, entry: { kind: 'DEPOSIT', remittanceInformation: `Early closure of deposit ${deposit.depositId}` } },
      ], idempotencyKey);
      deposit.status = 'CLOSED';
      deposit.closingDate = today;
      deposit.finalPrincipal = principal;
      for (const line of deposit.lines) if (line.status === 'PLANNED') line.status = 'CANCELLED';
      this.publish(deposit);
      const entryReference = journal?.entries.find((entry) => entry.accountId === target.accountId)?.entryReference;
      if (entryReference === undefined) throw new Error('an early closure always credits the target account');
      return { deposit, principalPaid: principal, interestPaid: interest, penalty, totalPaid, entryReference };
    });
  }

  /** Pays interest lines due by `date`, matures deposits, and accrues interest through `date`. */
  accrue(date: string): void {
    for (const deposit of this.deposits.values()) {
      if (deposit.status !== 'ACTIVE') continue;
      let changed = false;
      for (const line of deposit.lines) {
        if (line.status !== 'PLANNED' || line.paymentDate > date) continue;
        this.payLine(deposit, line);
        changed = true;
      }
      if (deposit.status === 'ACTIVE') changed = this.accrueCurrentPeriod(deposit, date) || changed;
      if (changed) this.publish(deposit);
    }
  }

  requireFor(depositId: string, clientId: string | undefined): Deposit {
    const deposit = this.deposits.get(depositId);
    if (!deposit || (clientId !== undefined && deposit.clientId !== clientId)) throw fault('DEPOSIT_NOT_FOUND', `no deposit ${depositId}`, 'depositId');
    return deposit;
  }

  /** Every deposit, in the order they came into the book. */
  all(): IterableIterator<Deposit> {
    return this.deposits.values();
  }

  ofClient(clientId: string): Deposit[] {
    return [...this.deposits.values()]
      .filter((deposit) => deposit.clientId === clientId)
      .sort((a, b) => compareText(a.openingDate, b.openingDate) || compareText(a.depositId, b.depositId));
  }

  principal(deposit: Deposit): bigint {
    return deposit.status === 'ACTIVE' ? this.core.ledger.bookedBalance(deposit.principalAccount) : deposit.finalPrincipal;
  }

  accruedInterest(deposit: Deposit): bigint {
    return deposit.status === 'ACTIVE' ? this.core.ledger.bookedBalance(deposit.accrualAccount) : 0n;
  }

  /** Interest of a line: what was paid, or projected at the current principal and rate. */
  lineInterest(deposit: Deposit, line: InterestLine, principal = this.principal(deposit)): bigint {
    return line.paidInterest ?? simpleInterest(principal, deposit.interestRate, daysBetween(line.periodStart, line.paymentDate));
  }

  private payLine(deposit: Deposit, line: InterestLine): void {
    const core = this.core;
    const interest = this.lineInterest(deposit, line);
    const accrued = core.ledger.bookedBalance(deposit.accrualAccount);
    const payout = this.payoutTarget(deposit);
    const toPrincipal = deposit.product.capitalised && line.paymentDate !== deposit.maturityDate;
    this.post('accrueInterest', [
      { accountId: core.ledger.gl('INTEREST_EXPENSE', deposit.currency), amount: accrued - interest },
      { accountId: deposit.accrualAccount, amount: -accrued },
      toPrincipal
        ? { accountId: deposit.principalAccount, amount: interest }
        : { accountId: payout, amount: interest, entry: { kind: 'INTEREST', remittanceInformation: `Interest of deposit ${deposit.depositId}` } },
    ], undefined, line.paymentDate);
    let principal: bigint | undefined;
    if (line.paymentDate === deposit.maturityDate) {
      principal = this.principal(deposit);
      this.post('accrueInterest', [
        { accountId: deposit.principalAccount, amount: -principal },
        { accountId: payout, amount: principal, entry: { kind: 'DEPOSIT', remittanceInformation: `Maturity of deposit ${deposit.depositId}` } },
      ], undefined, line.paymentDate);
      deposit.status = 'MATURED';
      deposit.finalPrincipal = principal;
    }
    this.markPaid(deposit, line, interest, principal);
  }

  private accrueCurrentPeriod(deposit: Deposit, date: string): boolean {
    const line = deposit.lines.find((candidate) => candidate.status === 'PLANNED');
    if (!line || date < line.periodStart) return false;
    const days = Math.min(daysBetween(line.periodStart, date) + 1, daysBetween(line.periodStart, line.paymentDate));
    const target = simpleInterest(this.principal(deposit), deposit.interestRate, days);
    const delta = target - this.core.ledger.bookedBalance(deposit.accrualAccount);
    if (delta === 0n) return false;
    this.post('accrueInterest', [
      { accountId: this.core.ledger.gl('INTEREST_EXPENSE', deposit.currency), amount: -delta },
      { accountId: deposit.accrualAccount, amount: delta },
    ], undefined, date);
    return true;
  }

  private markPaid(deposit: Deposit, line: InterestLine, interest: bigint, principal: bigint | undefined): void {
    line.status = 'PAID';
    line.paidInterest = interest;
    line.paidPrincipal = principal;
    if (line.paymentDate !== deposit.maturityDate) deposit.interestCredited += interest;
  }

  /** Where payouts go: the payout account, or clearing when it has been closed since. */
  private payoutTarget(deposit: Deposit): string {
    const account = this.core.account(deposit.payoutAccountId);
    return account && account.status !== 'CLOSED' ? account.accountId : this.core.ledger.gl('CLEARING', deposit.currency);
  }

  private payoutAccount(request: OpenDepositRequest, source: ClientAccount): ClientAccount {
    if (request.payoutAccountId === undefined) return source;
    const payout = this.core.ownedAccount(request.clientId, request.payoutAccountId, 'payoutAccountId');
    this.core.requireCreditable(payout, 'payoutAccountId');
    if (payout.currency !== source.currency) throw fault('CURRENCY_MISMATCH', "the payout account is not in the deposit's currency", 'payoutAccountId');
    return payout;
  }

  /** Posts a journal of the deposit; nothing when every amount is zero (a zero-interest period). */
  private post(operation: string, postings: PostingSpec[], idempotencyKey?: string, bookingDate?: string): Journal | undefined {
    if (postings.every((posting) => posting.amount === 0n)) return undefined;
    return this.core.post({ postings, source: { operation, ...(idempotencyKey ? { idempotencyKey } : {}) }, ...(bookingDate ? { bookingDate } : {}) });
  }

  /** DepositChanged with the deposit as it stands now. */
  changed(deposit: Deposit): ChangePayload {
    return { depositChanged: depositChangedPayload(deposit, this.principal(deposit), this.accruedInterest(deposit)) };
  }

  private publish(deposit: Deposit): void {
    this.core.publish('DEPOSIT', deposit.depositId, this.changed(deposit));
  }

  private newDeposit(
    depositId: string, clientId: string, product: DepositProduct, currency: string, interestRate: string,
    termMonths: number, openingDate: string, payoutAccountId: string, principal: bigint,
  ): Deposit {
    if (this.deposits.has(depositId)) throw new Error(`duplicate deposit ${depositId}`);
    const maturityDate = addMonths(openingDate, termMonths);
    const periods = product.interestPayment === 'MONTHLY' ? termMonths : 1;
    const lines: InterestLine[] = [];
    for (let number = 1; number <= periods; number += 1) {
      const periodStart = product.interestPayment === 'MONTHLY' ? addMonths(openingDate, number - 1) : openingDate;
      const paymentDate = product.interestPayment === 'MONTHLY' ? addMonths(openingDate, number) : maturityDate;
      lines.push({ number, paymentDate, periodStart, periodEnd: addDays(paymentDate, -1), status: 'PLANNED', paidInterest: undefined, paidPrincipal: undefined });
    }
    const deposit: Deposit = {
      depositId,
      clientId,
      product,
      productName: product.productName(termMonths),
      currency,
      interestRate,
      termMonths,
      openingDate,
      maturityDate,
      earliestClosureDate: product.minimumHoldingMonths > 0 ? addMonths(openingDate, product.minimumHoldingMonths) : undefined,
      payoutAccountId,
      originalPrincipal: principal,
      principalAccount: this.core.ledger.internal(`DEPOSIT:${depositId}`, currency),
      accrualAccount: this.core.ledger.internal(`DEPOSIT-ACCRUED:${depositId}`, currency),
      lines,
      status: 'ACTIVE',
      closingDate: undefined,
      finalPrincipal: 0n,
      interestCredited: 0n,
    };
    this.deposits.set(depositId, deposit);
    return deposit;
  }
}
