/**
 * The mock core banking system (ABS): built from a seeded Dataset, it holds the ledger,
 * accounts, holds, transfers, standing orders, deposits and loans, and runs the bank's
 * time-driven jobs. Every state change happens synchronously inside one method call, so
 * concurrent SOAP requests can interleave only between whole operations.
 */
import type { Money } from '../../common/money.js';
import type { EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import { ibanCountry, isRegisteredIban } from '../seed/iban.js';
import type { Clock } from '../server/types.js';
import { dateOf } from '../shared/calendar.js';
import { parseRequestMoney, parseRequestCurrency } from './amounts.js';
import { BankCore, type ClientAccount } from './core.js';
import { DepositBook } from './deposits.js';
import { fault } from './faults.js';
import type { Conversion, FixedSide, Quote } from './fx.js';
import type { Hold } from './holds.js';
import type { LedgerEntry, TransactionKind } from './ledger.js';
import { LoanBook } from './loans.js';
import { StandingOrderBook } from './standing-orders.js';
import { scaled } from './tariff.js';
import { TransferDesk, type AccountReference } from './transfers.js';

export interface CoreBankingOptions {
  readonly dataset: Dataset;
  readonly sink: EventSink;
  readonly clock: Clock;
  /** How long an external transfer stays ACCEPTED before it is settled; 30 s by default. */
  readonly settlementDelayMs?: number;
  /** How long a conversion quote is valid; 5 minutes by default. */
  readonly quoteValidityMs?: number;
}

export interface HoldRequest {
  readonly accountId: string;
  readonly clientId?: string;
  readonly amount: Money;
  readonly reason: string;
  readonly expiresAt: Date;
}

export interface QuoteRequest {
  readonly sellCurrency: string;
  readonly buyCurrency: string;
  readonly fixedSide: FixedSide;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly clientId?: string;
}

export interface AccountValidation {
  readonly valid: boolean;
  readonly reasonCode?: 'INVALID_IBAN' | 'ACCOUNT_NOT_FOUND' | 'ACCOUNT_CLOSED';
  readonly internal: boolean;
  readonly account?: ClientAccount;
  readonly iban?: string;
}

export interface PostTransactionInput {
  readonly accountId: string;
  readonly amount: string;
  readonly currency: string;
  readonly direction: 'CRDT' | 'DBIT';
  readonly kind?: TransactionKind;
  readonly counterpartyName?: string;
  readonly remittanceInformation?: string;
}

const MAX_HOLD_MS = 90 * 86_400_000;
/** The most one quote may convert, in EUR cents scaled per currency. */
const QUOTE_LIMIT = 100_000_000n;

export class CoreBankingState {
  readonly core: BankCore;
  readonly transfers: TransferDesk;
  readonly standingOrders: StandingOrderBook;
  readonly deposits: DepositBook;
  readonly loans: LoanBook;
  private readonly quoteValidityMs: number;
  /** The last business date the daily jobs (interest, loan due dates) ran for. */
  private dailyJobsDate: string | undefined;

  constructor(options: CoreBankingOptions) {
    const { dataset } = options;
    this.core = new BankCore(options.clock, options.sink, dataset.clients, homeCountryOf(dataset));
    this.transfers = new TransferDesk(this.core, options.settlementDelayMs ?? 30_000);
    this.standingOrders = new StandingOrderBook(this.core, this.transfers);
    this.deposits = new DepositBook(this.core);
    this.loans = new LoanBook(this.core);
    this.quoteValidityMs = options.quoteValidityMs ?? 300_000;
    this.core.quietly(() => {
      this.seed(dataset);
      this.runDueJobs(options.clock.now());
    });
  }

  // ---- time-driven jobs -------------------------------------------------------------------

  /** Everything due by `now`: holds expire, transfers execute and settle, standing orders run, interest accrues, loan instalments fall due. */
  runDueJobs(now: Date = this.core.now()): void {
    const date = dateOf(now);
    this.expireHolds(now);
    this.executeTransfers(now);
    this.runStandingOrders(date);
    if (this.dailyJobsDate === undefined || date > this.dailyJobsDate) {
      this.dailyJobsDate = date;
      this.accrueInterest(date);
      this.processLoanDueDates(date);
    }
  }

  expireHolds(now: Date): Hold[] {
    const expired = this.core.holds.expire(now);
    for (const accountId of new Set(expired.map((hold) => hold.accountId))) this.core.publishBalances(accountId);
    return expired;
  }

  executeTransfers(now: Date): void {
    this.transfers.runDue(dateOf(now), now);
  }

  runStandingOrders(date: string): void {
    this.standingOrders.run(date);
  }

  accrueInterest(date: string): void {
    this.deposits.accrue(date);
  }

  processLoanDueDates(date: string): void {
    this.loans.processDueDates(date);
  }

  // ---- holds ------------------------------------------------------------------------------

  placeHold(idempotencyKey: string, request: HoldRequest): Hold {
    return this.core.idempotency.run({ operation: 'PlaceHold', idempotencyKey, content: request }, () => {
      const core = this.core;
      const account = core.ownedAccount(request.clientId, request.accountId);
      core.requireDebitable(account);
      if (request.amount.currency !== account.currency) throw fault('CURRENCY_MISMATCH', "the amount is not in the account's currency", 'amount/currency');
      const now = core.now();
      const ahead = request.expiresAt.getTime() - now.getTime();
      if (ahead <= 0 || ahead > MAX_HOLD_MS) throw fault('INVALID_PERIOD', 'expiresAt must be in the future and at most 90 days ahead', 'expiresAt');
      if (core.balances(account.accountId).available < request.amount.minor) throw fault('INSUFFICIENT_FUNDS', 'the available balance does not cover the hold', 'amount/amount');
      const hold = core.holds.place({ accountId: account.accountId, amount: request.amount.minor, currency: account.currency, reason: request.reason, placedAt: now, expiresAt: request.expiresAt });
      core.publishBalances(account.accountId);
      return hold;
    });
  }

  releaseHold(clientId: string | undefined, accountId: string, holdId: string): Hold {
    const core = this.core;
    const account = core.ownedAccount(clientId, accountId);
    const hold = core.holds.get(holdId);
    if (!hold || hold.accountId !== account.accountId) throw fault('HOLD_NOT_FOUND', `account ${accountId} has no hold ${holdId}`, 'holdId');
    const now = core.now();
    const ended = hold.expiresAt.getTime() <= now.getTime() ? core.holds.end(hold, 'EXPIRED', hold.expiresAt) : core.holds.end(hold, 'RELEASED', now);
    if (ended) core.publishBalances(account.accountId);
    return hold;
  }

  // ---- accounts and rates -----------------------------------------------------------------

  validateAccount(reference: AccountReference): AccountValidation {
    const core = this.core;
    if ('accountId' in reference) {
      const account = core.account(reference.accountId);
      if (!account) return { valid: false, reasonCode: 'ACCOUNT_NOT_FOUND', internal: true };
      return this.internalValidation(account);
    }
    const { iban } = reference;
    if (!isRegisteredIban(iban)) return { valid: false, reasonCode: 'INVALID_IBAN', internal: false, iban };
    const account = core.accountByIban(iban);
    if (account) return this.internalValidation(account);
    if (core.isOurIban(iban)) return { valid: false, reasonCode: 'ACCOUNT_NOT_FOUND', internal: true, iban };
    return { valid: true, internal: false, iban };
  }

  quote(request: QuoteRequest): Quote {
    const core = this.core;
    const sellCurrency = parseRequestCurrency(request.sellCurrency, 'sellCurrency');
    const buyCurrency = parseRequestCurrency(request.buyCurrency, 'buyCurrency');
    const amount = parseRequestMoney(request.amount, 'amount');
    if (request.clientId !== undefined) core.requireClient(request.clientId);
    const fixedCurrency = request.fixedSide === 'SELL' ? sellCurrency : buyCurrency;
    if (amount.currency !== fixedCurrency) throw fault('CURRENCY_MISMATCH', `the fixed amount must be in ${fixedCurrency}`, 'amount/currency');
    const conversion: Conversion | undefined = core.fx.convert(sellCurrency, buyCurrency, request.fixedSide, amount.minor);
    if (!conversion) throw fault('UNSUPPORTED_CURRENCY_PAIR', `the bank does not quote ${sellCurrency}/${buyCurrency}`, 'buyCurrency');
    if (amount.minor > scaled(QUOTE_LIMIT, amount.currency)) throw fault('LIMIT_EXCEEDED', 'the amount exceeds the largest conversion the bank quotes', 'amount/amount');
    if (conversion.sellAmount === 0n || conversion.buyAmount === 0n) throw fault('INVALID_MONEY', 'the amount is too small to convert', 'amount/amount');
    return core.fx.createQuote(conversion, request.fixedSide, request.clientId, new Date(core.now().getTime() + this.quoteValidityMs));
  }

  // ---- QA fixtures ------------------------------------------------------------------------

  /** Books an entry on a client account against clearing (a card payment, a salary, a fee) and publishes it. */
  postTransaction(input: PostTransactionInput): LedgerEntry {
    const core = this.core;
    const account = core.ownedAccount(undefined, input.accountId);
    if (input.direction !== 'CRDT' && input.direction !== 'DBIT') throw fault('SCHEMA_VIOLATION', 'direction must be CRDT or DBIT', 'direction');
    const amount = parseRequestMoney({ amount: input.amount, currency: input.currency }, 'amount');
    if (amount.currency !== account.currency) throw fault('CURRENCY_MISMATCH', "the amount is not in the account's currency", 'currency');
    if (input.direction === 'DBIT') core.requireDebitable(account);
    else core.requireCreditable(account);
    const signed = input.direction === 'CRDT' ? amount.minor : -amount.minor;
    const journal = core.post({
      postings: [
        {
          accountId: account.accountId,
          amount: signed,
          entry: {
            kind: input.kind ?? 'OTHER',
            ...(input.counterpartyName !== undefined ? { counterparty: { name: input.counterpartyName.slice(0, 140) } } : {}),
            ...(input.remittanceInformation !== undefined ? { remittanceInformation: input.remittanceInformation.slice(0, 140) } : {}),
          },
        },
        { accountId: core.ledger.gl('CLEARING', account.currency), amount: -signed },
      ],
      source: { operation: 'postTransaction' },
    });
    return journal.entries[0]!;
  }

  setAccountStatus(accountId: string, status: 'OPEN' | 'BLOCKED' | 'CLOSED'): ClientAccount {
    const core = this.core;
    const account = core.ownedAccount(undefined, accountId);
    if (account.status === status) return account;
    if (account.status === 'CLOSED') throw fault('INVALID_STATE', `account ${accountId} is closed for good`, 'status');
    account.status = status;
    if (status === 'CLOSED') {
      account.closingDate = core.today();
      this.standingOrders.cancelForAccount(accountId);
    }
    core.publishBalances(accountId);
    return account;
  }

  private internalValidation(account: ClientAccount): AccountValidation {
    const closed = account.status === 'CLOSED';
    return {
      valid: !closed,
      ...(closed ? { reasonCode: 'ACCOUNT_CLOSED' as const } : {}),
      internal: true,
      account,
      ...(account.iban !== undefined ? { iban: account.iban } : {}),
    };
  }

  private seed(dataset: Dataset): void {
    const core = this.core;
    for (const seed of dataset.accounts) {
      core.addAccount({
        accountId: seed.accountId,
        clientId: seed.clientId,
        iban: seed.iban,
        currency: seed.currency,
        type: seed.type,
        productCode: seed.productCode,
        productName: seed.productName,
        openingDate: seed.openingDate,
        creditLine: seed.creditLine,
        status: 'OPEN',
        closingDate: undefined,
      });
    }
    for (const entry of dataset.entries) {
      const signed = entry.direction === 'CRDT' ? entry.amount : -entry.amount;
      const currency = core.ledger.currencyOf(entry.accountId);
      core.post({
        postings: [
          {
            accountId: entry.accountId,
            amount: signed,
            entry: {
              entryReference: entry.entryReference,
              kind: entry.kind,
              counterparty: { name: entry.counterpartyName, ...(entry.counterpartyIban !== undefined ? { iban: entry.counterpartyIban } : {}) },
              ...(entry.remittanceInformation !== undefined ? { remittanceInformation: entry.remittanceInformation } : {}),
              ...(entry.merchantCategoryCode !== undefined ? { merchantCategoryCode: entry.merchantCategoryCode } : {}),
              ...(entry.cardId !== undefined ? { cardId: entry.cardId } : {}),
            },
          },
          { accountId: core.ledger.gl('CLEARING', currency), amount: -signed },
        ],
        source: { operation: 'seed' },
        bookingDate: entry.bookingDate,
        valueDate: entry.valueDate,
      });
    }
    for (const deposit of dataset.deposits) this.deposits.seed(deposit);
    for (const loan of dataset.loans) this.loans.seed(loan);
  }
}

/** The country most of the bank's IBANs are from: transfers to it are DOMESTIC. */
function homeCountryOf(dataset: Dataset): string {
  const counts = new Map<string, number>();
  for (const account of dataset.accounts) counts.set(ibanCountry(account.iban), (counts.get(ibanCountry(account.iban)) ?? 0) + 1);
  let best = 'DE';
  let bestCount = 0;
  for (const [country, count] of counts) {
    if (count > bestCount || (count === bestCount && country < best)) [best, bestCount] = [country, count];
  }
  return best;
}
