/**
 * Applies accepted events to the projections in memory, in order, so that a batch ends
 * as one row per key (the last state) and is written with batched statements. Account
 * and client rows are merged with what the store holds: an account keeps its balances
 * when an event carries none, and ClientDataChanged replaces only the parts it carries.
 * A change that cannot apply (an account's currency changing) is a Rejection and
 * changes nothing.
 */
import type {
  AccountRecord,
  ApplicationRecord,
  CardRecord,
  ChangeSet,
  ClientRecord,
  DepositRecord,
  LoanRecord,
  TransactionRecord,
} from '../store/types.js';
import { Rejection, type Balances, type ParsedEvent } from './parse.js';

type Projections = Pick<ChangeSet, 'clients' | 'accounts' | 'transactions' | 'cards' | 'loans' | 'deposits' | 'applications'>;

export class Projection {
  private readonly accounts: Map<string, AccountRecord>;
  private readonly clients: Map<string, ClientRecord>;
  private readonly changedAccounts = new Map<string, AccountRecord>();
  private readonly changedClients = new Map<string, ClientRecord>();
  private readonly transactions = new Map<string, TransactionRecord>();
  private readonly cards = new Map<string, CardRecord>();
  private readonly loans = new Map<string, LoanRecord>();
  private readonly deposits = new Map<string, DepositRecord>();
  private readonly applications = new Map<string, ApplicationRecord>();

  constructor(accounts: ReadonlyMap<string, AccountRecord>, clients: ReadonlyMap<string, ClientRecord>) {
    this.accounts = new Map(accounts);
    this.clients = new Map(clients);
  }

  /** Applies one event; throws a Rejection (and changes nothing) when it cannot apply. */
  apply(event: ParsedEvent): void {
    const version = { version: event.sequence, asOf: event.occurredAt };
    const body = event.body;
    switch (body.type) {
      case 'BalanceChanged':
        this.putAccount(this.nextAccount(body.accountId, body.clientId, body.balances.currency, body.balances, version));
        return;
      case 'TransactionPosted': {
        const { transaction } = body;
        const account = this.nextAccount(transaction.accountId, transaction.clientId, transaction.amount.currency, body.balances, version);
        this.putAccount(account);
        this.transactions.set(`${transaction.accountId}\u0000${transaction.entryReference}`, { ...transaction, ...version });
        return;
      }
      case 'CardStatusChanged':
        this.cards.set(body.card.cardId, { ...body.card, ...version });
        return;
      case 'ClientDataChanged': {
        const current = this.clients.get(body.clientId);
        const next: ClientRecord = {
          ...current,
          clientId: body.clientId,
          ...(body.name ? { name: body.name } : {}),
          ...(body.contacts ? { contacts: body.contacts } : {}),
          ...(body.language ? { language: body.language } : {}),
          ...(body.kycStatus ? { kycStatus: body.kycStatus } : {}),
          ...version,
        };
        this.clients.set(next.clientId, next);
        this.changedClients.set(next.clientId, next);
        return;
      }
      case 'ApplicationStatusChanged':
        this.applications.set(body.application.applicationId, { ...body.application, ...version });
        return;
      case 'LoanScheduleChanged':
        this.loans.set(body.loan.loanId, { ...body.loan, ...version });
        return;
      case 'DepositChanged':
        this.deposits.set(body.deposit.depositId, { ...body.deposit, ...version });
        return;
    }
  }

  changes(): Projections {
    return {
      clients: [...this.changedClients.values()],
      accounts: [...this.changedAccounts.values()],
      transactions: [...this.transactions.values()],
      cards: [...this.cards.values()],
      loans: [...this.loans.values()],
      deposits: [...this.deposits.values()],
      applications: [...this.applications.values()],
    };
  }

  private nextAccount(
    accountId: string,
    clientId: string,
    currency: string,
    balances: Balances | undefined,
    version: Pick<AccountRecord, 'version' | 'asOf'>,
  ): AccountRecord {
    const current = this.accounts.get(accountId);
    if (current && current.currency !== currency) {
      throw new Rejection('CURRENCY_MISMATCH', `account ${accountId} is held in ${current.currency}, the event is in ${currency}`);
    }
    const booked = balances?.booked ?? current?.booked;
    const available = balances?.available ?? current?.available;
    const blocked = balances?.blocked ?? current?.blocked;
    return {
      accountId,
      clientId,
      currency,
      ...(booked ? { booked } : {}),
      ...(available ? { available } : {}),
      ...(blocked ? { blocked } : {}),
      ...version,
    };
  }

  private putAccount(account: AccountRecord): void {
    this.accounts.set(account.accountId, account);
    this.changedAccounts.set(account.accountId, account);
  }
}
