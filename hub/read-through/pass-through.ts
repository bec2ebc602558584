/**
 * Pass-through reading: every Platform API read goes to the back office, nothing is kept.
 * This is what a remote banking system without the hub's store does, and why it falls
 * over on payday; `PLATFORM_READ_MODE=pass-through` exists to measure exactly that
 * (bench:payday) and to diagnose a suspected stale copy, never for production traffic.
 */
import { HubError } from '../errors/catalog.js';
import type { AccountRecord, ClientOverview, TransactionPage, TransactionQuery } from '../store/types.js';
import type { LoadContext, Loaded, ProductLoader } from './loader.js';
import type { ReadThrough, Served } from './read-through.js';

export interface PassThrough {
  readonly reader: Pick<ReadThrough, 'overview' | 'account' | 'card' | 'loan' | 'deposit'>;
  /** An account's recent entries, straight from the back office (no date filter beyond what it loads). */
  transactions(query: TransactionQuery, context?: LoadContext): Promise<TransactionPage>;
}

const versioned = <T extends object>(record: Loaded<T & { version: bigint }>): T & { version: bigint } => ({ ...record, version: 0n }) as T & { version: bigint };
const served = <T>(record: T): Served<T> => ({ record, stale: false });

export function createPassThrough(loader: ProductLoader): PassThrough {
  const unavailable = (error: unknown): HubError => new HubError('SERVICE_UNAVAILABLE', 'The back office is not answering; try again later.', { cause: error });
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw unavailable(error);
    }
  };
  return {
    reader: {
      overview: async (clientId, context) => {
        const loaded = await call(() => loader.clientOverview(clientId, context));
        if (!loaded) return undefined;
        const overview: ClientOverview = {
          ...(loaded.client ? { client: versioned(loaded.client) } : {}),
          accounts: loaded.accounts.map((each) => versioned<AccountRecord>(each.account)),
          cards: loaded.cards.map((each) => versioned(each)),
          loans: loaded.loans.map((each) => versioned(each)),
          deposits: loaded.deposits.map((each) => versioned(each)),
          applications: [],
        };
        return served(overview);
      },
      account: async (id, context) => {
        const loaded = await call(() => loader.account(id, context, { entries: false }));
        return loaded ? served(versioned<AccountRecord>(loaded.account)) : undefined;
      },
      card: async (id, context) => {
        const loaded = await call(() => loader.card(id, context));
        return loaded ? served(versioned(loaded)) : undefined;
      },
      loan: async (id, context) => {
        const loaded = await call(() => loader.loan(id, context));
        return loaded ? served(versioned(loaded)) : undefined;
      },
      deposit: async (id, context) => {
        const loaded = await call(() => loader.deposit(id, context));
        return loaded ? served(versioned(loaded)) : undefined;
      },
    },
    async transactions(query, context) {
      const loaded = await call(() => loader.transactions(query.accountId, context));
      const items = loaded.filter((each) => query.status === undefined || each.status === query.status).slice(0, query.limit);
      return { items: items.map((each) => ({ ...each, version: 0n })) };
    },
  };
}
