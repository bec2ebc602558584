/**
 * The hub's ProductLoader (hub/read-through/loader.ts) on top of the typed clients: which
 * operations load each aggregate, and how their answers become the hub's records. Pure
 * composition: the mapping lives with each connector, the resilience in the caller.
 *
 * An account is loaded with its recent entries (the last `transactionDays`, one page), so
 * that a client who opens it sees a statement before the back office pushed anything. A
 * back office that does not know the id answers NOT_FOUND, which becomes undefined; every
 * other failure is thrown for the read-through to decide (stale copy or 503).
 */
import type { LoadContext, Loaded, LoadedAccount, LoadedOverview, ProductLoader } from '../../hub/read-through/loader.js';
import type { CardRecord, TransactionRecord } from '../../hub/store/types.js';
import { cardRecord, isCardsNotFound, type CardsClient } from '../cards/index.js';
import { accountRecordOf, depositRecordOf, isNotFound, loanRecordOf, transactionPageOf, type Account, type CoreBankingClient } from '../core-banking/index.js';
import { applicationRecord, clientRecord, isCrmNotFound, type CrmClient } from '../crm/index.js';

export interface BackOfficeClients {
  readonly coreBanking?: CoreBankingClient;
  readonly cards?: CardsClient;
  readonly crm?: CrmClient;
}

export interface ProductLoaderOptions {
  /** Days of entries loaded with an account; default 90. */
  readonly transactionDays?: number;
  /** Entries loaded with an account at most; default 50. */
  readonly transactionLimit?: number;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;

export function createProductLoader(clients: BackOfficeClients, options: ProductLoaderOptions = {}): ProductLoader {
  const now = options.now ?? (() => new Date());
  const days = options.transactionDays ?? 90;
  const limit = options.transactionLimit ?? 50;

  const need = <T>(client: T | undefined, name: string): T => {
    if (!client) throw new Error(`no ${name} back office is configured`);
    return client;
  };
  const callOptions = (context: LoadContext | undefined) => ({ ...(context?.traceparent ? { traceparent: context.traceparent } : {}), ...(context?.signal ? { signal: context.signal } : {}) });
  const owner = (context: LoadContext | undefined) => (context?.clientId ? { clientId: context.clientId } : {});

  /** NOT_FOUND of the back office becomes undefined; everything else is thrown. */
  async function unlessNotFound<T>(notFound: (error: unknown) => boolean, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async function recentEntries(accountId: string, clientId: string, context: LoadContext | undefined): Promise<Loaded<TransactionRecord>[]> {
    const core = need(clients.coreBanking, 'core banking');
    const receivedAt = now();
    const to = receivedAt.toISOString().slice(0, 10);
    const from = new Date(receivedAt.getTime() - days * DAY_MS).toISOString().slice(0, 10);
    const page = await core.getTransactions({ accountId, clientId, period: { from, to }, page: { limit } }, callOptions(context));
    return transactionPageOf(page, clientId, receivedAt).items;
  }

  async function withEntries(account: Account, context: LoadContext | undefined): Promise<LoadedAccount> {
    return { account: accountRecordOf(account), transactions: await recentEntries(account.accountId, account.ownerClientId, context) };
  }

  const loader: ProductLoader = {
    async account(accountId, context, options) {
      const core = need(clients.coreBanking, 'core banking');
      const account = await unlessNotFound(isNotFound, () => core.getAccount({ accountId, ...owner(context) }, callOptions(context)));
      if (!account) return undefined;
      return options?.entries === false ? { account: accountRecordOf(account), transactions: [] } : withEntries(account, context);
    },

    async transactions(accountId, context) {
      if (!context?.clientId) throw new Error('entries are read on behalf of the account owner: the client id is missing');
      const clientId = context.clientId;
      return (await unlessNotFound(isNotFound, () => recentEntries(accountId, clientId, context))) ?? [];
    },

    async card(cardId, context) {
      const cards = need(clients.cards, 'cards');
      if (!context?.clientId) throw new Error('a card is read on behalf of its client: the client id is missing');
      const clientId = context.clientId;
      const card = await unlessNotFound(isCardsNotFound, () => cards.getCard({ clientId, cardId }, callOptions(context)));
      return card ? cardRecord(card, now()) : undefined;
    },

    async loan(loanId, context) {
      const core = need(clients.coreBanking, 'core banking');
      const request = { loanId, ...owner(context) };
      const found = await unlessNotFound(isNotFound, () => Promise.all([core.getLoan(request, callOptions(context)), core.getLoanSchedule(request, callOptions(context))]));
      return found ? loanRecordOf(found[0], found[1], now()) : undefined;
    },

    async deposit(depositId, context) {
      const core = need(clients.coreBanking, 'core banking');
      const deposit = await unlessNotFound(isNotFound, () => core.getDeposit({ depositId, ...owner(context) }, callOptions(context)));
      return deposit ? depositRecordOf(deposit, now()) : undefined;
    },

    async client(clientId, context) {
      const crm = need(clients.crm, 'CRM');
      const client = await unlessNotFound(isCrmNotFound, () => crm.getClient(clientId, callOptions(context)));
      return client ? clientRecord(client, now()) : undefined;
    },

    async application(applicationId, context) {
      const crm = need(clients.crm, 'CRM');
      if (!context?.clientId) throw new Error('an application is read on behalf of its client: the client id is missing');
      const request = { clientId: context.clientId, applicationId };
      const state = await unlessNotFound(isCrmNotFound, () => crm.getApplicationStatus(request, callOptions(context)));
      return state ? applicationRecord(request, state, now()) : undefined;
    },

    async clientOverview(clientId, context) {
      const core = clients.coreBanking;
      const options = callOptions(context);
      // Each back office is asked at once; one that does not know the client contributes nothing.
      const [client, accounts, cards, loans, deposits] = await Promise.all([
        clients.crm ? loader.client(clientId, context) : undefined,
        core ? unlessNotFound(isNotFound, () => core.getClientAccounts({ clientId }, options)) : undefined,
        clients.cards ? unlessNotFound(isCardsNotFound, () => clients.cards!.getClientCards({ clientId }, options)) : undefined,
        core ? unlessNotFound(isNotFound, () => core.getClientLoans({ clientId }, options)) : undefined,
        core ? unlessNotFound(isNotFound, () => core.getClientDeposits({ clientId }, options)) : undefined,
      ]);
      const receivedAt = now();
      const overview: LoadedOverview = {
        ...(client ? { client } : {}),
        accounts: await Promise.all((accounts ?? []).map((account) => withEntries(account, context))),
        cards: (cards ?? []).map((card): Loaded<CardRecord> => cardRecord(card, receivedAt)),
        loans: await Promise.all((loans ?? []).map(async (loan) => loanRecordOf(loan, await core!.getLoanSchedule({ loanId: loan.loanId, clientId }, options), receivedAt))),
        deposits: (deposits ?? []).map((deposit) => depositRecordOf(deposit, receivedAt)),
      };
      const products = overview.accounts.length + overview.cards.length + overview.loans.length + overview.deposits.length;
      return client || products > 0 ? overview : undefined;
    },
  };
  return loader;
}
