/**
 * Read-through: what the Platform API serves when its store cannot answer alone, and the
 * resynchronisation of aggregates marked after a sequence gap or a RequestResync.
 *
 * - A record in the store whose aggregate is not marked for resync is served as it is:
 *   the back offices push every change, so the store is current (no back-office call).
 * - A record that is missing, or whose aggregate is marked, is loaded through the
 *   ProductLoader and written to the store. When the back office fails (fault, timeout,
 *   open circuit), the store's record is served with `stale: true`, or, when there is
 *   none, the answer is SERVICE_UNAVAILABLE.
 *
 * A load never overwrites newer data: the aggregate's sequence is noted before the load,
 * and the write happens only if no event was applied to that aggregate meanwhile (the
 * aggregate is locked for the check and the write). A load that lost this race is still
 * answered to its caller, but not stored; a resync that lost it stays pending and is
 * tried again.
 */
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import type { CacheChange } from '../platform/cache.js';
import { emptyChangeSet, type Store } from '../store/index.js';
import {
  aggregateKey,
  type AccountRecord,
  type AggregateRef,
  type AggregateState,
  type AggregateType,
  type ApplicationRecord,
  type CardRecord,
  type ChangeSet,
  type ClientOverview,
  type ClientRecord,
  type DepositRecord,
  type LoanRecord,
  type SourceSystem,
} from '../store/types.js';
import { SOURCE_OF, type LoadContext, type Loaded, type LoadedAccount, type LoadedOverview, type ProductLoader } from './loader.js';

export interface Served<T> {
  readonly record: T;
  /** True when the back office could not be asked and the record may be out of date. */
  readonly stale: boolean;
}

export type ReadOutcome = 'loaded' | 'stale' | 'unavailable' | 'not_found' | 'superseded';

export type ReadThroughStore = Pick<Store, 'changes' | 'aggregateState' | 'clientOverview' | 'client' | 'account' | 'card' | 'loan' | 'deposit' | 'application'>;

export interface ReadThroughOptions {
  readonly store: ReadThroughStore;
  /** Without a loader the store is the only source: a miss is NOT_FOUND, a marked record is served stale. */
  readonly loader?: ProductLoader;
  readonly logger: Logger;
  /** Counts every load by aggregate type and outcome. */
  readonly onLoad?: (aggregateType: AggregateType | 'OVERVIEW', outcome: ReadOutcome) => void;
  /** Called after a load changed what the store holds, so that caches drop the aggregate. */
  readonly onChanged?: (change: CacheChange) => void;
}

export type ResyncOutcome = 'resynced' | 'gone' | 'superseded';

export interface ReadThrough {
  overview(clientId: string, context?: LoadContext): Promise<Served<ClientOverview> | undefined>;
  client(clientId: string, context?: LoadContext): Promise<Served<ClientRecord> | undefined>;
  account(accountId: string, context?: LoadContext): Promise<Served<AccountRecord> | undefined>;
  card(cardId: string, context?: LoadContext): Promise<Served<CardRecord> | undefined>;
  loan(loanId: string, context?: LoadContext): Promise<Served<LoanRecord> | undefined>;
  deposit(depositId: string, context?: LoadContext): Promise<Served<DepositRecord> | undefined>;
  /**
   * Reloads one aggregate marked for resync and clears the mark. Throws when the back
   * office cannot answer (the mark stays, to be tried again).
   */
  resync(state: AggregateState, context?: LoadContext): Promise<ResyncOutcome>;
}

/** One aggregate's rows of a load, written only if its sequence is still the one observed. */
interface Settlement {
  readonly sourceSystem: SourceSystem;
  readonly ref: AggregateRef;
  /** The sequence seen before the load; undefined when the aggregate had no state. */
  readonly observed: bigint | undefined;
  readonly clientId?: string;
  add(changes: Writable, version: bigint): void;
}

type Writable = ReturnType<typeof emptyChangeSet>;

/** How each aggregate type is read from the store, loaded, and written back. */
interface Kind<T> {
  readonly type: AggregateType;
  fromStore(id: string): Promise<T | undefined>;
  load(id: string, context: LoadContext | undefined): Promise<Loaded<T> | LoadedAccount | undefined>;
  settle(loaded: Loaded<T> | LoadedAccount, source: SourceSystem, observed: bigint | undefined): { readonly settlement: Settlement; readonly record: (version: bigint) => T };
}

export function createReadThrough(options: ReadThroughOptions): ReadThrough {
  const { store, loader } = options;
  const log = options.logger.child({ component: 'read-through' });
  const count = (type: AggregateType | 'OVERVIEW', outcome: ReadOutcome): void => options.onLoad?.(type, outcome);

  /** Writes the settlements that still hold; answers those that were written. */
  async function settle(settlements: readonly Settlement[]): Promise<Set<Settlement>> {
    const written = new Set<Settlement>();
    await store.changes(async (tx) => {
      const changes = emptyChangeSet();
      const bySource = new Map<SourceSystem, Settlement[]>();
      for (const each of settlements) bySource.set(each.sourceSystem, [...(bySource.get(each.sourceSystem) ?? []), each]);
      for (const [source, group] of bySource) {
        const states = await tx.lockAggregates(source, group.map((each) => each.ref));
        for (const each of group) {
          const current = states.get(aggregateKey(each.ref));
          if (current?.lastSequence !== each.observed) continue;
          const version = current?.lastSequence ?? 0n;
          each.add(changes, version);
          if (current?.resyncPending) changes.aggregates.push({ ...current, resyncPending: false });
          written.add(each);
        }
      }
      if (written.size > 0) await tx.write(changes as ChangeSet);
    });
    for (const each of written) options.onChanged?.({ ...each.ref, ...(each.clientId ? { clientId: each.clientId } : {}) });
    return written;
  }

  const unavailable = (type: string, id: string, error: unknown): HubError =>
    new HubError('SERVICE_UNAVAILABLE', `The back office that holds ${type.toLowerCase()} ${id} is not answering and the hub has no copy of it; try again later.`, { cause: error });

  async function single<T extends { readonly version: bigint }>(kind: Kind<T>, id: string, context: LoadContext | undefined): Promise<Served<T> | undefined> {
    const source = SOURCE_OF[kind.type];
    const ref = { aggregateType: kind.type, aggregateId: id };
    const [record, state] = await Promise.all([kind.fromStore(id), store.aggregateState(source, ref)]);
    if (record && !state?.resyncPending) return { record, stale: false };
    if (!loader) return record ? { record, stale: true } : undefined;
    let loaded: Loaded<T> | LoadedAccount | undefined;
    try {
      loaded = await kind.load(id, context);
    } catch (error) {
      log.warn({ err: error, aggregateType: kind.type, aggregateId: id }, record ? 'back office unavailable: serving the stored record as stale' : 'back office unavailable and nothing stored');
      count(kind.type, record ? 'stale' : 'unavailable');
      if (record) return { record, stale: true };
      throw unavailable(kind.type, id, error);
    }
    if (!loaded) {
      count(kind.type, 'not_found');
      return undefined;
    }
    const { settlement, record: recordOf } = kind.settle(loaded, source, state?.lastSequence);
    const written = await settle([settlement]);
    count(kind.type, written.size > 0 ? 'loaded' : 'superseded');
    return { record: recordOf(state?.lastSequence ?? 0n), stale: false };
  }

  const simple = <T extends { readonly version: bigint }>(
    type: AggregateType,
    fromStore: (id: string) => Promise<T | undefined>,
    load: (id: string, context: LoadContext | undefined) => Promise<Loaded<T> | undefined>,
    add: (changes: Writable, record: T) => void,
    clientOf: (loaded: Loaded<T>) => string | undefined,
  ): Kind<T> => ({
    type,
    fromStore,
    load,
    settle(loaded, sourceSystem, observed) {
      const value = loaded as Loaded<T>;
      const record = (version: bigint): T => ({ ...value, version }) as unknown as T;
      const clientId = clientOf(value);
      return {
        record,
        settlement: {
          sourceSystem,
          ref: { aggregateType: type, aggregateId: idOf(type, value) },
          observed,
          ...(clientId ? { clientId } : {}),
          add: (changes, version) => add(changes, record(version)),
        },
      };
    },
  });

  const accountSettlement = (loaded: LoadedAccount, sourceSystem: SourceSystem, observed: bigint | undefined): { settlement: Settlement; record: (version: bigint) => AccountRecord } => {
    const record = (version: bigint): AccountRecord => ({ ...loaded.account, version });
    return {
      record,
      settlement: {
        sourceSystem,
        ref: { aggregateType: 'ACCOUNT', aggregateId: loaded.account.accountId },
        observed,
        clientId: loaded.account.clientId,
        add: (changes, version) => {
          changes.accounts.push(record(version));
          for (const entry of loaded.transactions) changes.transactions.push({ ...entry, version });
        },
      },
    };
  };

  const kinds = {
    ACCOUNT: {
      type: 'ACCOUNT',
      fromStore: (id: string) => store.account(id),
      load: (id: string, context: LoadContext | undefined) => requireLoader().account(id, context),
      settle: (loaded: Loaded<AccountRecord> | LoadedAccount, source: SourceSystem, observed: bigint | undefined) => accountSettlement(loaded as LoadedAccount, source, observed),
    } satisfies Kind<AccountRecord>,
    CARD: simple<CardRecord>('CARD', (id) => store.card(id), (id, context) => requireLoader().card(id, context), (changes, record) => changes.cards.push(record), (loaded) => loaded.clientId),
    LOAN: simple<LoanRecord>('LOAN', (id) => store.loan(id), (id, context) => requireLoader().loan(id, context), (changes, record) => changes.loans.push(record), (loaded) => loaded.clientId),
    DEPOSIT: simple<DepositRecord>('DEPOSIT', (id) => store.deposit(id), (id, context) => requireLoader().deposit(id, context), (changes, record) => changes.deposits.push(record), (loaded) => loaded.clientId),
    CLIENT: simple<ClientRecord>('CLIENT', (id) => store.client(id), (id, context) => requireLoader().client(id, context), (changes, record) => changes.clients.push(record), (loaded) => loaded.clientId),
    APPLICATION: simple<ApplicationRecord>(
      'APPLICATION',
      (id) => store.application(id),
      (id, context) => requireLoader().application(id, context),
      (changes, record) => changes.applications.push(record),
      (loaded) => loaded.clientId,
    ),
  } as const;

  function requireLoader(): ProductLoader {
    if (!loader) throw new HubError('SERVICE_UNAVAILABLE', 'No back office is configured to load from.');
    return loader;
  }

  async function overview(clientId: string, context: LoadContext | undefined): Promise<Served<ClientOverview> | undefined> {
    const stored = await store.clientOverview(clientId);
    const known = stored.client !== undefined || stored.accounts.length + stored.cards.length + stored.loans.length + stored.deposits.length > 0;
    // The back offices push every change of a known client; only a client the hub has never seen is loaded.
    if (known || !loader) return known ? { record: stored, stale: false } : undefined;
    let loaded: LoadedOverview | undefined;
    try {
      loaded = await loader.clientOverview(clientId, context);
    } catch (error) {
      log.warn({ err: error, clientId }, 'back office unavailable while loading a client overview');
      count('OVERVIEW', 'unavailable');
      throw unavailable('CLIENT', clientId, error);
    }
    if (!loaded) {
      count('OVERVIEW', 'not_found');
      return undefined;
    }
    // Nothing of this client was stored: every aggregate is written unless an event created it meanwhile.
    const settlements: Settlement[] = [
      ...(loaded.client ? [kinds.CLIENT.settle(loaded.client, SOURCE_OF.CLIENT, undefined).settlement] : []),
      ...loaded.accounts.map((each) => accountSettlement(each, SOURCE_OF.ACCOUNT, undefined).settlement),
      ...loaded.cards.map((each) => kinds.CARD.settle(each, SOURCE_OF.CARD, undefined).settlement),
      ...loaded.loans.map((each) => kinds.LOAN.settle(each, SOURCE_OF.LOAN, undefined).settlement),
      ...loaded.deposits.map((each) => kinds.DEPOSIT.settle(each, SOURCE_OF.DEPOSIT, undefined).settlement),
    ];
    const written = await settle(settlements);
    count('OVERVIEW', written.size === settlements.length ? 'loaded' : 'superseded');
    // Answer from the store, so that what an event wrote meanwhile wins over what was loaded.
    return { record: await store.clientOverview(clientId), stale: false };
  }

  async function resync(state: AggregateState, context?: LoadContext): Promise<ResyncOutcome> {
    const kind = kinds[state.aggregateType] as unknown as Kind<{ readonly version: bigint; readonly clientId?: string }>;
    const stored = await kind.fromStore(state.aggregateId);
    const owner = stored?.clientId ?? (state.aggregateType === 'CLIENT' ? state.aggregateId : undefined);
    const loaded = await kind.load(state.aggregateId, { ...context, ...(owner ? { clientId: owner } : {}) });
    if (!loaded) {
      // The back office no longer knows the aggregate: nothing to reload, so the mark is cleared.
      await settle([{ sourceSystem: state.sourceSystem, ref: state, observed: state.lastSequence, add: () => undefined }]);
      log.warn({ aggregateType: state.aggregateType, aggregateId: state.aggregateId, sourceSystem: state.sourceSystem }, 'resync: the back office does not know the aggregate');
      return 'gone';
    }
    const { settlement } = kind.settle(loaded, state.sourceSystem, state.lastSequence);
    const written = await settle([settlement]);
    count(state.aggregateType, written.size > 0 ? 'loaded' : 'superseded');
    return written.size > 0 ? 'resynced' : 'superseded';
  }

  return {
    overview: (clientId, context) => overview(clientId, context),
    client: (id, context) => single(kinds.CLIENT, id, context),
    account: (id, context) => single(kinds.ACCOUNT, id, context),
    card: (id, context) => single(kinds.CARD, id, context),
    loan: (id, context) => single(kinds.LOAN, id, context),
    deposit: (id, context) => single(kinds.DEPOSIT, id, context),
    resync,
  };
}

function idOf(type: AggregateType, value: object): string {
  const field = { ACCOUNT: 'accountId', CARD: 'cardId', LOAN: 'loanId', DEPOSIT: 'depositId', CLIENT: 'clientId', APPLICATION: 'applicationId' }[type];
  return String((value as Record<string, unknown>)[field]);
}
